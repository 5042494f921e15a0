package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the SRTP/SRTCP contexts over random keys, packets and orders. */
class SrtpProperties {

    /** A profile, its keys and (for the AEAD profiles) which AES-GCM implementation to use. */
    record Keys(SrtpProfile profile, byte[] key, byte[] salt, GcmImplementation gcm) {
        SrtpConfig config() {
            return SrtpConfig.defaults().withGcm(gcm);
        }

        SrtpContext context(int window) {
            return SrtpContext.create(profile, key, salt, config().withReplayWindow(window));
        }

        SrtpContext context() {
            return context(SrtpConfig.DEFAULT_REPLAY_WINDOW);
        }
    }

    @Provide
    Arbitrary<Keys> keys() {
        return Arbitraries.of(SrtpProfile.class).flatMap(p -> Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(p.keyLength()),
                Arbitraries.bytes().array(byte[].class).ofSize(p.saltLength()),
                Arbitraries.of(GcmImplementation.class))
                .as((k, s, g) -> new Keys(p, k, s, g)));
    }

    /** A valid RTP packet: random header fields, CSRCs, an optional extension and a payload. */
    @Provide
    Arbitrary<byte[]> rtp() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(-1, 6),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1400),
                Arbitraries.integers(),
                Arbitraries.integers().between(0, 65535),
                Arbitraries.bytes().array(byte[].class).ofSize(64))
                .as((cc, extWords, payload, ssrc, seq, filler) -> {
                    int hdr = 12 + 4 * cc + (extWords >= 0 ? 4 + 4 * extWords : 0);
                    byte[] p = new byte[hdr + payload.length];
                    System.arraycopy(filler, 0, p, 0, Math.min(hdr, 64));
                    p[0] = (byte) (0x80 | (extWords >= 0 ? 0x10 : 0) | cc | (filler[0] & 0x20));
                    p[2] = (byte) (seq >>> 8);
                    p[3] = (byte) (int) seq;
                    SrtpContext.put32(p, 8, ssrc);
                    if (extWords >= 0) {
                        p[12 + 4 * cc + 2] = 0;
                        p[12 + 4 * cc + 3] = (byte) (int) extWords;
                    }
                    System.arraycopy(payload, 0, p, hdr, payload.length);
                    return p;
                });
    }

    @Provide
    Arbitrary<byte[]> rtcp() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(8).ofMaxSize(600), Arbitraries.integers())
                .as((b, ssrc) -> {
                    b[0] = (byte) (0x80 | (b[0] & 0x3f));
                    SrtpContext.put32(b, 4, ssrc);
                    return b;
                });
    }

    private static byte[] protect(SrtpContext tx, byte[] p, boolean rtcp) {
        byte[] buf = Arrays.copyOf(p, p.length + 4 + 16);
        int n = rtcp ? tx.protectRtcp(buf, 0, p.length) : tx.protectRtp(buf, 0, p.length);
        assertTrue(n > 0, () -> "protect failed: " + SrtpStatus.of(n));
        return Arrays.copyOf(buf, n);
    }

    private static int unprotect(SrtpContext rx, byte[] s, boolean rtcp) {
        byte[] buf = s.clone();
        return rtcp ? rx.unprotectRtcp(buf, 0, buf.length) : rx.unprotectRtp(buf, 0, buf.length);
    }

    @Property(tries = 200)
    void unprotectOfProtectIsIdentityRtp(@ForAll("keys") Keys k, @ForAll("rtp") byte[] p) {
        byte[] s = protect(k.context(), p, false);
        assertEquals(p.length + k.profile().rtpTagLength(), s.length);
        // in place
        byte[] buf = s.clone();
        assertEquals(p.length, k.context().unprotectRtp(buf, 0, buf.length));
        assertArrayEquals(p, Arrays.copyOf(buf, p.length));
        // into another array at an offset
        byte[] out = new byte[p.length + 7];
        assertEquals(p.length, k.context().unprotectRtp(s, 0, s.length, out, 7));
        assertArrayEquals(p, Arrays.copyOfRange(out, 7, out.length));
    }

    @Property(tries = 200)
    void unprotectOfProtectIsIdentityRtcp(@ForAll("keys") Keys k, @ForAll("rtcp") byte[] p) {
        byte[] s = protect(k.context(), p, true);
        assertEquals(p.length + k.profile().rtcpOverhead(), s.length);
        byte[] out = new byte[p.length + 3];
        assertEquals(p.length, k.context().unprotectRtcp(s, 0, s.length, out, 3));
        assertArrayEquals(p, Arrays.copyOfRange(out, 3, out.length));
    }

    @Property(tries = 300)
    void anyFlippedBitIsRejected(@ForAll("keys") Keys k, @ForAll("rtp") byte[] rtpPacket, @ForAll("rtcp") byte[] rtcpPacket,
                                 @ForAll boolean rtcp, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
        byte[] p = rtcp ? rtcpPacket : rtpPacket;
        byte[] s = protect(k.context(), p, rtcp);
        int bit = where % (s.length * 8);
        byte[] bad = s.clone();
        bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
        SrtpContext rx = k.context();
        byte[] before = bad.clone();
        int n = rtcp ? rx.unprotectRtcp(bad, 0, bad.length) : rx.unprotectRtp(bad, 0, bad.length);
        assertTrue(n < 0, "a flipped bit " + bit + " was accepted");
        SrtpStatus st = SrtpStatus.of(n);
        assertTrue(st == SrtpStatus.AUTH_FAILED || st == SrtpStatus.MALFORMED, st.toString());
        assertEquals(1, rx.count(st));
        assertArrayEquals(before, bad, "a refused packet is left as it was (in place)");
        // the failure changed no state: the genuine packet still goes through
        assertEquals(p.length, unprotect(rx, s, rtcp));
        assertEquals(0, rx.count(SrtpStatus.REPLAYED));
    }

    @Property(tries = 200)
    void underCryptexAnyFlippedBitIsRejectedAndTheRestRoundTrips(@ForAll("keys") Keys k, @ForAll("rtp") byte[] p,
                                                                 @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
        if ((p[0] & 0x10) != 0) { // cryptex covers one-byte (0xBEDE) and two-byte (0x100X) extensions
            int o = 12 + 4 * (p[0] & 0x0f);
            p[o] = (byte) ((where & 1) == 0 ? 0xBE : 0x10);
            p[o + 1] = (byte) ((where & 1) == 0 ? 0xDE : 0x00);
        }
        SrtpConfig c = k.config().withCryptex(true);
        SrtpContext tx = SrtpContext.create(k.profile(), k.key(), k.salt(), c);
        byte[] buf = Arrays.copyOf(p, p.length + 4 + 16);
        int n = tx.protectRtp(buf, 0, p.length);
        assertTrue(n > 0, () -> "protect: " + SrtpStatus.of(n));
        byte[] s = Arrays.copyOf(buf, n);
        int bit = (where >>> 1) % (s.length * 8);
        byte[] bad = s.clone();
        bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
        SrtpContext rx = SrtpContext.create(k.profile(), k.key(), k.salt(), c);
        assertTrue(rx.unprotectRtp(bad, 0, bad.length) < 0, "flipped bit " + bit + " accepted");
        byte[] good = s.clone();
        int m = rx.unprotectRtp(good, 0, good.length);
        boolean grew = (p[0] & 0x1f) != 0 && (p[0] & 0x10) == 0;
        assertEquals(p.length + (grew ? 4 : 0), m);
        if (!grew) {
            assertArrayEquals(p, Arrays.copyOf(good, m));
        }
    }

    @Property(tries = 100)
    void replaysAreRejected(@ForAll("keys") Keys k, @ForAll @IntRange(min = 1, max = 40) int count,
                            @ForAll @IntRange(min = 0, max = 65535) int firstSeq, @ForAll boolean rtcp,
                            @ForAll Random random) {
        SrtpContext tx = k.context();
        SrtpContext rx = k.context();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = rtcp ? rtcpPacketOf(0x1234, i) : rtpPacketOf(0x1234, (firstSeq + i) & 0xffff, 40);
            sent.add(protect(tx, p, rtcp));
        }
        for (byte[] s : sent) {
            assertTrue(unprotect(rx, s, rtcp) > 0);
        }
        int replays = 1 + random.nextInt(10);
        for (int r = 0; r < replays; r++) {
            byte[] s = sent.get(random.nextInt(count));
            assertEquals(SrtpStatus.REPLAYED.code(), unprotect(rx, s, rtcp));
        }
        assertEquals(replays, rx.count(SrtpStatus.REPLAYED));
    }

    @Property(tries = 60)
    void reorderingWithinTheWindowIsAccepted(@ForAll("keys") Keys k, @ForAll("windows") int window,
                                             @ForAll @IntRange(min = 0, max = 65535) int firstSeq,
                                             @ForAll boolean rtcp, @ForAll Random random) {
        // Any permutation of `window` consecutive packets keeps each one within the window of the
        // highest index seen before it. The sequence numbers may wrap (ROC 0 -> 1) on the way.
        int count = window;
        SrtpContext tx = k.context(window);
        SrtpContext rx = k.context(window);
        byte[] first = protect(tx, rtcp ? rtcpPacketOf(7, 0) : rtpPacketOf(7, firstSeq, 20), rtcp);
        assertTrue(unprotect(rx, first, rtcp) > 0);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            sent.add(protect(tx, rtcp ? rtcpPacketOf(7, i) : rtpPacketOf(7, (firstSeq + i) & 0xffff, 20), rtcp));
        }
        Collections.shuffle(sent, random);
        for (byte[] s : sent) {
            int n = unprotect(rx, s, rtcp);
            assertTrue(n > 0, () -> "refused: " + SrtpStatus.of(n));
        }
        for (byte[] s : sent) {
            assertEquals(SrtpStatus.REPLAYED.code(), unprotect(rx, s, rtcp));
        }
        if (!rtcp) {
            assertEquals(firstSeq + count > 65535 ? 1 : 0, rx.rolloverCounter(7));
        }
    }

    @Provide
    Arbitrary<Integer> windows() {
        return Arbitraries.of(1, 2, 63, 64, 65, 128, 1000, 1024);
    }

    @Property(tries = 300)
    void randomBytesAreRefusedWithAStatusNeverAnException(@ForAll("keys") Keys k,
                                                          @ForAll @Size(max = 300) byte[] junk, @ForAll boolean rtcp) {
        SrtpContext rx = k.context();
        byte[] buf = junk.clone();
        int n = rtcp ? rx.unprotectRtcp(buf, 0, buf.length) : rx.unprotectRtp(buf, 0, buf.length);
        assertTrue(n < 0);
        assertEquals(0, rx.streamCount(), "refused packets create no state");
    }

    @Property(tries = 100)
    void streamTableMatchesAMap(@ForAll @Size(max = 300) List<@IntRange(min = -20, max = 20) Integer> ops) {
        StreamTable t = new StreamTable(16);
        Map<Integer, StreamTable.Stream> model = new HashMap<>();
        for (int op : ops) {
            int ssrc = Math.abs(op) * 0x10001;
            if (op >= 0) {
                if (model.containsKey(ssrc)) {
                    assertEquals(model.get(ssrc), t.get(ssrc));
                } else if (model.size() < 16) {
                    model.put(ssrc, t.add(ssrc));
                } else {
                    assertEquals(null, t.add(ssrc));
                }
            } else {
                assertEquals(model.remove(ssrc) != null, t.remove(ssrc));
            }
            assertEquals(model.size(), t.size());
            for (Map.Entry<Integer, StreamTable.Stream> e : model.entrySet()) {
                assertEquals(e.getValue(), t.get(e.getKey()));
            }
        }
    }

    static byte[] rtpPacketOf(int ssrc, int seq, int payload) {
        byte[] p = new byte[12 + payload];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        SrtpContext.put32(p, 8, ssrc);
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }

    static byte[] rtcpPacketOf(int ssrc, int n) {
        byte[] p = new byte[28];
        p[0] = (byte) 0x80;
        p[1] = (byte) 200;
        p[3] = 6;
        SrtpContext.put32(p, 4, ssrc);
        SrtpContext.put32(p, 8, n);
        return p;
    }
}
