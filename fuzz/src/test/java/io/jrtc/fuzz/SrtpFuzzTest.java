package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.SrtpProfile;
import io.jrtc.srtp.GcmImplementation;
import io.jrtc.srtp.SrtpConfig;
import io.jrtc.srtp.SrtpContext;
import io.jrtc.srtp.SrtpStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SRTP/SRTCP: hostile packets give a status code, never an exception; and a sender and a receiver with the
 * same keys, the fuzzer writing the plaintext: what the sender protects the receiver must accept and give
 * back unchanged, a replay or any change to a protected packet must be refused.
 */
class SrtpFuzzTest {
    static {
        Drain.setUp();
    }

    /**
     * Unprotect fed any packets (all-zero keys): byte 0 the profile (u8 % 4), byte 1 bits 0-1 the AES-GCM
     * implementation, bit 2 cryptex; then records of flags (u8 bit 0: RTCP), length (u16), bytes.
     */
    @FuzzTest(maxDuration = "60s")
    void unprotect(byte[] input) {
        Input in = new Input(input);
        SrtpProfile profile = SrtpProfile.values()[in.u8() % SrtpProfile.values().length];
        int options = in.u8();
        SrtpConfig config = SrtpConfig.defaults()
                .withGcm(GcmImplementation.values()[(options & 3) % GcmImplementation.values().length])
                .withCryptex((options & 4) == 4);
        SrtpContext ctx = SrtpContext.create(profile, new byte[profile.keyLength()], new byte[profile.saltLength()], config);
        while (in.remaining() > 0) {
            boolean rtcp = (in.u8() & 1) == 1;
            byte[] packet = in.bytes(in.u16());
            byte[] buf = new byte[packet.length + 64];
            System.arraycopy(packet, 0, buf, 8, packet.length);
            if (rtcp) {
                ctx.unprotectRtcp(buf, 8, packet.length);
            } else {
                ctx.unprotectRtp(buf, 8, packet.length);
            }
        }
    }

    /**
     * The sender protects the fuzzer's plaintext packets; the receiver (same profile, keys and options)
     * gets them in order, later, again, or changed.
     *
     * <pre>
     * byte 0       profile (u8 % 4); byte 1: bits 0-1 the AES-GCM implementation, bit 2 cryptex (RFC 9335)
     * then records op (u8, op % 6), then its arguments:
     *   0 RTP       a plaintext RTP packet (length u16 % 1500, bytes) protected and delivered at once: while
     *               every packet so far went to the receiver in the order protected (no HOLD yet), it must be
     *               accepted; whenever it is accepted, it must unprotect to the same bytes
     *   1 RTCP      the same for an RTCP packet
     *   2 HOLD      a plaintext (flags u8 bit 0: RTCP; length u16 % 1500, bytes) protected and kept back
     *   3 OLD       a kept packet (index u8) delivered now: accepted (and unchanged) at most once
     *   4 CHANGED   a kept or delivered packet (index u8) with n (u8 % 4 + 1) bytes changed (position u16, xor
     *               u8 | 1): never accepted (the tag covers all of it)
     *   5 RAW       the input's bytes (flags u8 bit 0: RTCP; length u16) to the receiver: a status, no exception
     * </pre>
     */
    @FuzzTest(maxDuration = "5m")
    void authenticated(byte[] input) {
        Input in = new Input(input);
        SrtpProfile profile = SrtpProfile.values()[in.u8() % SrtpProfile.values().length];
        int options = in.u8();
        SrtpConfig config = SrtpConfig.defaults()
                .withGcm(GcmImplementation.values()[(options & 3) % GcmImplementation.values().length])
                .withCryptex((options & 4) == 4);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (i * 13 + 5);
        }
        SrtpContext sender = SrtpContext.create(profile, key, salt, config);
        SrtpContext receiver = SrtpContext.create(profile, key, salt, config);
        List<Protected> kept = new ArrayList<>();
        boolean inOrder = true; // every protected packet delivered at once, in order: the receiver must accept each
        int ops = 0;
        while (in.remaining() > 0 && ops++ < 500) {
            int op = in.u8() % 6;
            switch (op) {
                case 0, 1 -> {
                    Protected p = protect(sender, op == 1, in.bytes(in.u16() % 1500));
                    if (p != null) {
                        int status = receive(receiver, p);
                        if (status < 0 && inOrder) {
                            throw new IllegalStateException((p.rtcp ? "SRTCP" : "SRTP") + " packet protected by the sender, "
                                    + "delivered in order, refused by the receiver: " + SrtpStatus.of(status) + ", plaintext "
                                    + io.jrtc.core.Hex.encode(p.plaintext));
                        }
                        p.accepted = status >= 0;
                        kept.add(p);
                    }
                }
                case 2 -> {
                    boolean rtcp = (in.u8() & 1) == 1;
                    Protected p = protect(sender, rtcp, in.bytes(in.u16() % 1500));
                    if (p != null) {
                        kept.add(p);
                        inOrder = false;
                    }
                }
                case 3 -> {
                    if (!kept.isEmpty()) {
                        Protected p = kept.get(in.u8() % kept.size());
                        int status = receive(receiver, p);
                        if (status >= 0 && p.accepted) {
                            throw new IllegalStateException("a replayed " + (p.rtcp ? "SRTCP" : "SRTP") + " packet was accepted");
                        }
                        p.accepted |= status >= 0;
                    }
                }
                case 4 -> {
                    if (!kept.isEmpty()) {
                        Protected p = kept.get(in.u8() % kept.size());
                        byte[] changed = p.wire.clone();
                        int n = in.u8() % 4 + 1;
                        for (int i = 0; i < n; i++) {
                            int at = in.u16();
                            changed[at % changed.length] ^= (byte) (in.u8() | 1);
                        }
                        if (!Arrays.equals(changed, p.wire)) {
                            byte[] buf = Arrays.copyOf(changed, changed.length + 64);
                            int status = p.rtcp ? receiver.unprotectRtcp(buf, 0, changed.length) : receiver.unprotectRtp(buf, 0, changed.length);
                            if (status >= 0) {
                                throw new IllegalStateException("a changed " + (p.rtcp ? "SRTCP" : "SRTP") + " packet was accepted: "
                                        + io.jrtc.core.Hex.encode(changed) + ", protected " + io.jrtc.core.Hex.encode(p.wire));
                            }
                        }
                    }
                }
                default -> {
                    boolean rtcp = (in.u8() & 1) == 1;
                    byte[] raw = in.bytes(in.u16());
                    byte[] buf = Arrays.copyOf(raw, raw.length + 64);
                    if (rtcp) {
                        receiver.unprotectRtcp(buf, 0, raw.length);
                    } else {
                        receiver.unprotectRtp(buf, 0, raw.length);
                    }
                }
            }
        }
    }

    /** A protected packet and the plaintext it came from. */
    private static final class Protected {
        final boolean rtcp;
        final byte[] plaintext;
        final byte[] wire;
        boolean accepted;

        Protected(boolean rtcp, byte[] plaintext, byte[] wire) {
            this.rtcp = rtcp;
            this.plaintext = plaintext;
            this.wire = wire;
        }
    }

    /** The plaintext protected by the sender, or null when the sender refuses it (malformed, an index used twice). */
    private static Protected protect(SrtpContext sender, boolean rtcp, byte[] plaintext) {
        byte[] buf = Arrays.copyOf(plaintext, plaintext.length + 64);
        int n = rtcp ? sender.protectRtcp(buf, 0, plaintext.length) : sender.protectRtp(buf, 0, plaintext.length);
        return n < 0 ? null : new Protected(rtcp, plaintext, Arrays.copyOf(buf, n));
    }

    /**
     * Unprotects a copy; when accepted, the plaintext must be the sender's, except for what cryptex (RFC 9335
     * §5.1) changes by design: a packet with CSRCs and no header extension gains an empty one, and a two-byte
     * extension's appbits (the low four bits of 0x100X) are lost, the wire carrying 0xC2DE in their place.
     * Returns the status or length.
     */
    private static int receive(SrtpContext receiver, Protected p) {
        byte[] buf = Arrays.copyOf(p.wire, p.wire.length + 64);
        int n = p.rtcp ? receiver.unprotectRtcp(buf, 0, p.wire.length) : receiver.unprotectRtp(buf, 0, p.wire.length);
        byte[] expected = p.plaintext;
        int csrcs = expected[0] & 0x0f;
        if (!p.rtcp && receiver.config().cryptex() && csrcs > 0 && (expected[0] & 0x10) == 0) {
            int at = 12 + 4 * csrcs;
            expected = new byte[p.plaintext.length + 4];
            System.arraycopy(p.plaintext, 0, expected, 0, at);
            expected[0] |= 0x10;
            expected[at] = (byte) 0xbe;
            expected[at + 1] = (byte) 0xde;
            System.arraycopy(p.plaintext, at, expected, at + 4, p.plaintext.length - at);
        } else if (!p.rtcp && receiver.config().cryptex() && (expected[0] & 0x10) != 0) {
            int at = 12 + 4 * csrcs;
            if ((expected[at] & 0xff) == 0x10 && (expected[at + 1] & 0xf0) == 0) {
                expected = expected.clone();
                expected[at + 1] = 0; // 0x100X -> 0x1000
            }
        }
        if (n >= 0 && !Arrays.equals(Arrays.copyOf(buf, n), expected)) {
            throw new IllegalStateException((p.rtcp ? "SRTCP" : "SRTP") + " plaintext changed by protect and unprotect: sent "
                    + io.jrtc.core.Hex.encode(p.plaintext) + ", got " + io.jrtc.core.Hex.encode(Arrays.copyOf(buf, n)));
        }
        return n;
    }
}
