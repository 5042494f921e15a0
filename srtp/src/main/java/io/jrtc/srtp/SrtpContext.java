package io.jrtc.srtp;

import io.jrtc.core.ReplayWindow;
import io.jrtc.core.SrtpProfile;

import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * One SRTP/SRTCP crypto context (RFC 3711 §3.2): the session keys of one master key and, per SSRC,
 * the rollover counter, the highest sequence number and the replay windows.
 *
 * <p>Use one context per direction, as DTLS-SRTP does: the local write key protects, the remote write
 * key unprotects. Every call works on a caller's array (offset, length), in place or into another
 * array that does not overlap, and returns the output length, or a negative {@link SrtpStatus#code()}
 * when the packet is refused; the context also counts each refusal ({@link #count}). Nothing is
 * allocated per packet once a stream exists, except with the AEAD profiles when AES-GCM is the JDK's
 * cipher ({@link GcmImplementation#JDK}, or {@link GcmImplementation#AUTO} without
 * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}; see the README).
 *
 * <pre>{@code
 * SrtpContext tx = SrtpContext.create(SrtpProfile.AEAD_AES_128_GCM, key, salt);
 * int n = tx.protectRtp(buf, 0, rtpLength);        // buf has room for the 16-byte tag
 * int m = rx.unprotectRtp(buf, 0, n);              // m < 0: SrtpStatus.of(m) says why
 * }</pre>
 *
 * <p>Not thread-safe: confine a context to one thread, like every jrtc engine.
 */
public final class SrtpContext {
    private static final System.Logger LOG = System.getLogger("jrtc.srtp");

    private final SrtpProfile profile;
    private final SrtpConfig config;
    private final int rtpTag;
    private final int rtcpTag;
    private final AesCmHmacTransform rtpCm;
    private final AesCmHmacTransform rtcpCm;
    private final AesGcmTransform rtpGcm;
    private final AesGcmTransform rtcpGcm;
    private final StreamTable streams;
    private final long[] counts = new long[SrtpStatus.values().length];
    private final byte[] mac = new byte[20];
    private final byte[] trailer = new byte[4];
    /** Cryptex works on a rearranged copy of the packet; grown only for bigger packets. */
    private byte[] scratch = new byte[0];

    private SrtpContext(SrtpSessionKeys keys, SrtpConfig config) {
        this.profile = keys.profile();
        this.config = Objects.requireNonNull(config);
        this.rtpTag = profile.rtpTagLength();
        this.rtcpTag = profile.rtcpTagLength();
        if (profile.isAead()) {
            rtpGcm = new AesGcmTransform(keys.rtpKey().toByteArray(), keys.rtpSalt().toByteArray(), config.gcm());
            rtcpGcm = new AesGcmTransform(keys.rtcpKey().toByteArray(), keys.rtcpSalt().toByteArray(), config.gcm());
            rtpCm = null;
            rtcpCm = null;
        } else {
            rtpCm = new AesCmHmacTransform(keys.rtpKey().toByteArray(), keys.rtpSalt().toByteArray(),
                    keys.rtpAuthKey().toByteArray());
            rtcpCm = new AesCmHmacTransform(keys.rtcpKey().toByteArray(), keys.rtcpSalt().toByteArray(),
                    keys.rtcpAuthKey().toByteArray());
            rtpGcm = null;
            rtcpGcm = null;
        }
        this.streams = new StreamTable(config.maxSsrcs());
    }

    /**
     * A context for a master key and salt, with default settings.
     *
     * @param profile the protection profile
     * @param masterKey the master key ({@link SrtpProfile#keyLength()} bytes)
     * @param masterSalt the master salt ({@link SrtpProfile#saltLength()} bytes)
     * @return the context
     */
    public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return create(profile, masterKey, masterSalt, SrtpConfig.defaults());
    }

    /**
     * A context for a master key and salt (lengths as the profile says).
     *
     * @param profile the protection profile
     * @param masterKey the master key ({@link SrtpProfile#keyLength()} bytes)
     * @param masterSalt the master salt ({@link SrtpProfile#saltLength()} bytes)
     * @param config replay window, SSRC limit, cryptex, AES-GCM implementation
     * @return the context
     */
    public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, SrtpConfig config) {
        SrtpSessionKeys keys = SrtpSessionKeys.derive(profile, masterKey, masterSalt);
        LOG.log(Level.DEBUG, "[SRTP] derived session keys for {0} (RFC 3711 4.3, labels 0-5)", profile);
        return new SrtpContext(keys, config);
    }

    /**
     * A context for already derived session keys.
     *
     * @param keys the six session keys
     * @param config replay window, SSRC limit, cryptex, AES-GCM implementation
     * @return the context
     */
    public static SrtpContext create(SrtpSessionKeys keys, SrtpConfig config) {
        return new SrtpContext(keys, config);
    }

    /** {@return the protection profile} */
    public SrtpProfile profile() {
        return profile;
    }

    /**
     * The AES-GCM implementation this context uses ({@link GcmImplementation#AUTO} resolved), or null
     * for the AES-CM profiles.
     *
     * @return the implementation, or {@code null}
     */
    public GcmImplementation gcmImplementation() {
        return rtpGcm == null ? null : rtpGcm.implementation();
    }

    /** {@return the configuration} */
    public SrtpConfig config() {
        return config;
    }

    /**
     * A snapshot of this context's counters: how many SSRCs have state, and how many packets were
     * refused for each {@link SrtpStatus} since the context was created.
     *
     * @param streams SSRCs with state now
     * @param malformed refused as {@link SrtpStatus#MALFORMED}
     * @param authFailed refused as {@link SrtpStatus#AUTH_FAILED}
     * @param replayed refused as {@link SrtpStatus#REPLAYED}
     * @param tooOld refused as {@link SrtpStatus#TOO_OLD}
     * @param ssrcLimit refused as {@link SrtpStatus#SSRC_LIMIT}
     * @param bufferTooSmall refused as {@link SrtpStatus#BUFFER_TOO_SMALL}
     * @param indexExhausted refused as {@link SrtpStatus#INDEX_EXHAUSTED}
     */
    public record Stats(int streams, long malformed, long authFailed, long replayed, long tooOld, long ssrcLimit,
                        long bufferTooSmall, long indexExhausted) {
        /**
         * Every refusal, whatever the reason.
         *
         * @return the sum of the refusal counters
         */
        public long refused() {
            return malformed + authFailed + replayed + tooOld + ssrcLimit + bufferTooSmall + indexExhausted;
        }
    }

    /**
     * The counters now, as an immutable value.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        return new Stats(streams.size(), count(SrtpStatus.MALFORMED), count(SrtpStatus.AUTH_FAILED),
                count(SrtpStatus.REPLAYED), count(SrtpStatus.TOO_OLD), count(SrtpStatus.SSRC_LIMIT),
                count(SrtpStatus.BUFFER_TOO_SMALL), count(SrtpStatus.INDEX_EXHAUSTED));
    }

    /**
     * How many packets were refused with {@code status} since the context was created.
     *
     * @param status the reason
     * @return the number of packets refused for it
     */
    public long count(SrtpStatus status) {
        return counts[status.ordinal()];
    }

    /** {@return how many SSRCs have state here} */
    public int streamCount() {
        return streams.size();
    }

    /**
     * The receiver's rollover counter for {@code ssrc} (the upper 32 bits of the highest SRTP index
     * accepted), or -1 when no SRTP packet of that SSRC was accepted yet.
     *
     * @param ssrc the stream
     * @return its ROC, or -1
     */
    public long rolloverCounter(int ssrc) {
        StreamTable.Stream s = streams.get(ssrc);
        return s == null || s.rtpIn == null ? -1 : s.rtpIn.highest() >>> 16;
    }

    /**
     * The highest SRTP packet index (ROC * 2^16 + SEQ) accepted from {@code ssrc}, or -1.
     *
     * @param ssrc the stream
     * @return the highest index, or -1
     */
    public long highestIndex(int ssrc) {
        StreamTable.Stream s = streams.get(ssrc);
        return s == null || s.rtpIn == null ? -1 : s.rtpIn.highest();
    }

    /**
     * Forgets all state of {@code ssrc} (rollover counter, replay windows, SRTCP index), e.g. after
     * an RTCP BYE, freeing its place under {@link SrtpConfig#maxSsrcs()}. Returns whether it existed.
     * A later packet of that SSRC starts a new stream, so only remove an SSRC that has really ended.
     *
     * @param ssrc the stream
     * @return whether it existed
     */
    public boolean removeStream(int ssrc) {
        boolean removed = streams.remove(ssrc);
        if (removed) {
            LOG.log(Level.DEBUG, "[SRTP] removed stream SSRC {0}", Integer.toUnsignedString(ssrc));
        }
        return removed;
    }

    /**
     * Sets the SRTCP index the next {@link #protectRtcp} for {@code ssrc} uses (1..2^31-1). Normally
     * it starts at 1 and counts up; tests and rekeying set it.
     *
     * @param ssrc the stream
     * @param index the next index, 1..2^31-1
     */
    public void setNextSrtcpIndex(int ssrc, int index) {
        if (index < 1) {
            throw new IllegalArgumentException("SRTCP index must be 1..2^31-1: " + index);
        }
        StreamTable.Stream s = streamForSending(ssrc);
        if (s == null) {
            throw new IllegalStateException("SSRC limit reached");
        }
        s.rtcpOutIndex = index - 1;
    }

    private int fail(int code) {
        counts[-code - 1]++;
        return code;
    }

    /** The status a replay-window refusal is reported as. */
    private static SrtpStatus refusal(ReplayWindow.Verdict v) {
        return v == ReplayWindow.Verdict.REPLAYED ? SrtpStatus.REPLAYED : SrtpStatus.TOO_OLD;
    }

    private int fail(SrtpStatus s) {
        counts[s.ordinal()]++;
        return s.code();
    }

    private StreamTable.Stream streamForSending(int ssrc) {
        StreamTable.Stream s = streams.get(ssrc);
        if (s == null) {
            s = streams.add(ssrc);
            if (s != null) {
                LOG.log(Level.DEBUG, "[SRTP] new outbound stream SSRC {0}", Integer.toUnsignedString(ssrc));
            }
        }
        return s;
    }

    // ------------------------------------------------------------------------------------- SRTP

    /**
     * Protects the RTP packet {@code buf[off, off+len)} in place; {@code buf} needs room for the tag.
     *
     * @param buf the packet, with room for the tag after it
     * @param off where the packet starts
     * @param len its length
     * @return the SRTP length, or a negative {@link SrtpStatus} code
     */
    public int protectRtp(byte[] buf, int off, int len) {
        return protectRtp(buf, off, len, buf, off);
    }

    /**
     * Protects the RTP packet {@code in[inOff, +len)} into {@code out[outOff..]} (the same place, or
     * not overlapping). Returns the SRTP length ({@code len + }{@link SrtpProfile#rtpTagLength()}) or
     * a negative {@link SrtpStatus} code.
     *
     * @param in the buffer holding the RTP packet
     * @param inOff where it starts
     * @param len its length
     * @param out where the SRTP packet goes (may be {@code in})
     * @param outOff where in {@code out}
     * @return the SRTP length, or a negative {@link SrtpStatus} code
     */
    public int protectRtp(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        int hdr = rtpHeaderLength(in, inOff, len);
        if (hdr < 0) {
            return fail(SrtpStatus.MALFORMED);
        }
        boolean cryptex = config.cryptex() && (in[inOff] & 0x1f) != 0;
        int added = cryptex && (in[inOff] & 0x10) == 0 ? 4 : 0;
        if (cryptex && added == 0) {
            int profile = u16(in, inOff + 12 + 4 * (in[inOff] & 0x0f));
            if (profile != 0xBEDE && (profile & 0xfff0) != 0x1000) {
                return fail(SrtpStatus.MALFORMED); // cryptex covers one- and two-byte extensions only
            }
        }
        int outLen = len + added + rtpTag;
        if (outOff < 0 || out.length - outOff < outLen) {
            return fail(SrtpStatus.BUFFER_TOO_SMALL);
        }
        int ssrc = int32(in, inOff + 8);
        int seq = u16(in, inOff + 2);
        StreamTable.Stream s = streamForSending(ssrc);
        if (s == null) {
            return fail(SrtpStatus.SSRC_LIMIT);
        }
        ReplayWindow w = s.rtpOut;
        if (w == null) {
            w = s.rtpOut = new ReplayWindow(config.replayWindow());
        }
        long index = estimateIndex(w.highest(), seq);
        if (index < 0) {
            return fail(index == -1 ? SrtpStatus.TOO_OLD : SrtpStatus.INDEX_EXHAUSTED);
        }
        ReplayWindow.Verdict r = w.check(index);
        if (r != ReplayWindow.Verdict.FRESH) {
            return fail(refusal(r));
        }
        w.accept(index);
        if (cryptex) {
            protectCryptex(in, inOff, len, out, outOff, ssrc, index);
            return outLen;
        }
        if (in != out || inOff != outOff) {
            System.arraycopy(in, inOff, out, outOff, hdr);
        }
        if (rtpGcm != null) {
            rtpGcm.rtpIv(ssrc, index);
            rtpGcm.seal(out, outOff, hdr, null, 0, 0, in, inOff + hdr, len - hdr, out, outOff + hdr);
        } else {
            rtpCm.crypt(in, inOff + hdr, out, outOff + hdr, len - hdr, ssrc, index);
            rtpCm.hmac(out, outOff, len, true, (int) (index >>> 16), mac, 0);
            System.arraycopy(mac, 0, out, outOff + len, rtpTag);
        }
        return outLen;
    }

    /**
     * Unprotects the SRTP packet {@code buf[off, off+len)} in place.
     *
     * @param buf the SRTP packet
     * @param off where it starts
     * @param len its length, tag included
     * @return the RTP length, or a negative {@link SrtpStatus} code
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        return unprotectRtp(buf, off, len, buf, off);
    }

    /**
     * Verifies and decrypts the SRTP packet {@code in[inOff, +len)} into {@code out[outOff..]}.
     * Returns the RTP length or a negative {@link SrtpStatus} code; on failure the stream state does
     * not change (and, in place, the packet is left as it was).
     *
     * @param in the buffer holding the SRTP packet
     * @param inOff where it starts
     * @param len its length, tag included
     * @param out where the RTP packet goes (may be {@code in})
     * @param outOff where in {@code out}
     * @return the RTP length, or a negative {@link SrtpStatus} code
     */
    public int unprotectRtp(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        int bodyLen = len - rtpTag;
        int hdr = rtpHeaderLength(in, inOff, bodyLen);
        if (hdr < 0) {
            return fail(SrtpStatus.MALFORMED);
        }
        if (outOff < 0 || out.length - outOff < bodyLen) {
            return fail(SrtpStatus.BUFFER_TOO_SMALL);
        }
        int ssrc = int32(in, inOff + 8);
        int seq = u16(in, inOff + 2);
        StreamTable.Stream s = streams.get(ssrc);
        if (s == null && streams.isFull()) {
            return fail(SrtpStatus.SSRC_LIMIT);
        }
        ReplayWindow w = s == null ? null : s.rtpIn;
        long index = estimateIndex(w == null ? -1 : w.highest(), seq);
        if (index < 0) {
            return fail(index == -1 ? SrtpStatus.TOO_OLD : SrtpStatus.INDEX_EXHAUSTED);
        }
        if (w != null) {
            ReplayWindow.Verdict r = w.check(index);
            if (r != ReplayWindow.Verdict.FRESH) {
                return fail(refusal(r));
            }
        }
        if (config.cryptex() && (in[inOff] & 0x10) != 0 && isCryptexProfile(u16(in, inOff + 12 + 4 * (in[inOff] & 0x0f)))) {
            if (!unprotectCryptex(in, inOff, bodyLen, out, outOff, ssrc, index)) {
                return fail(SrtpStatus.AUTH_FAILED);
            }
        } else if (rtpGcm != null) {
            rtpGcm.rtpIv(ssrc, index);
            if (!rtpGcm.open(in, inOff, hdr, null, 0, 0, in, inOff + hdr, bodyLen - hdr + rtpTag, out, outOff + hdr)) {
                return fail(SrtpStatus.AUTH_FAILED);
            }
            if (in != out || inOff != outOff) {
                System.arraycopy(in, inOff, out, outOff, hdr);
            }
        } else {
            rtpCm.hmac(in, inOff, bodyLen, true, (int) (index >>> 16), mac, 0);
            if (!tagEquals(mac, in, inOff + bodyLen, rtpTag)) {
                return fail(SrtpStatus.AUTH_FAILED);
            }
            rtpCm.crypt(in, inOff + hdr, out, outOff + hdr, bodyLen - hdr, ssrc, index);
            if (in != out || inOff != outOff) {
                System.arraycopy(in, inOff, out, outOff, hdr);
            }
        }
        if (s == null) {
            s = streams.add(ssrc);
            LOG.log(Level.DEBUG, "[SRTP] new inbound stream SSRC {0}, first index {1}",
                    Integer.toUnsignedString(ssrc), index);
        }
        if (s.rtpIn == null) {
            s.rtpIn = new ReplayWindow(config.replayWindow());
        }
        s.rtpIn.accept(index);
        return bodyLen;
    }

    // ---------------------------------------------------------------------------------- cryptex

    private static boolean isCryptexProfile(int profile) {
        return profile == 0xC0DE || profile == 0xC2DE;
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, 2048)];
        }
        return scratch;
    }

    /**
     * RFC 9335 5.1: with the 4-byte extension header moved in front of the CSRCs, everything after
     * it (CSRCs, extension body, payload) is one encrypted region; for GCM the fixed header and the
     * extension header are the AAD. The packet goes out in the normal order, extension profile
     * 0xC0DE (one-byte) or 0xC2DE (two-byte); a packet with CSRCs but no extension gets an empty one.
     */
    private void protectCryptex(byte[] in, int inOff, int len, byte[] out, int outOff, int ssrc, long index) {
        int cc = in[inOff] & 0x0f;
        int csrcLen = 4 * cc;
        boolean hasExt = (in[inOff] & 0x10) != 0;
        int total = len + (hasExt ? 0 : 4);
        byte[] sc = scratch(total + AesGcmTransform.TAG);
        // rearranged plaintext: fixed header | extension header | CSRCs | extension body | payload
        System.arraycopy(in, inOff, sc, 0, 12);
        sc[0] |= 0x10;
        if (hasExt) {
            int profile = u16(in, inOff + 12 + csrcLen);
            int p = profile == 0xBEDE ? 0xC0DE : 0xC2DE;
            sc[12] = (byte) (p >>> 8);
            sc[13] = (byte) p;
            sc[14] = in[inOff + 12 + csrcLen + 2];
            sc[15] = in[inOff + 12 + csrcLen + 3];
            System.arraycopy(in, inOff + 12, sc, 16, csrcLen);
            System.arraycopy(in, inOff + 16 + csrcLen, sc, 16 + csrcLen, len - 16 - csrcLen);
        } else {
            sc[12] = (byte) 0xC0;
            sc[13] = (byte) 0xDE;
            sc[14] = 0;
            sc[15] = 0;
            System.arraycopy(in, inOff + 12, sc, 16, len - 12);
        }
        if (rtpGcm != null) {
            rtpGcm.rtpIv(ssrc, index);
            rtpGcm.seal(sc, 0, 16, null, 0, 0, sc, 16, total - 16, sc, 16);
            System.arraycopy(sc, total, out, outOff + total, AesGcmTransform.TAG);
        } else {
            rtpCm.crypt(sc, 16, sc, 16, total - 16, ssrc, index);
        }
        // back to the wire order: fixed header | CSRCs | extension header | extension body | payload
        System.arraycopy(sc, 0, out, outOff, 12);
        System.arraycopy(sc, 16, out, outOff + 12, csrcLen);
        System.arraycopy(sc, 12, out, outOff + 12 + csrcLen, 4);
        System.arraycopy(sc, 16 + csrcLen, out, outOff + 16 + csrcLen, total - 16 - csrcLen);
        if (rtpCm != null) {
            rtpCm.hmac(out, outOff, total, true, (int) (index >>> 16), mac, 0);
            System.arraycopy(mac, 0, out, outOff + total, rtpTag);
        }
    }

    /** The reverse of {@link #protectCryptex}; false when the packet does not authenticate (nothing written then). */
    private boolean unprotectCryptex(byte[] in, int inOff, int bodyLen, byte[] out, int outOff, int ssrc, long index) {
        int cc = in[inOff] & 0x0f;
        int csrcLen = 4 * cc;
        if (rtpCm != null) {
            rtpCm.hmac(in, inOff, bodyLen, true, (int) (index >>> 16), mac, 0);
            if (!tagEquals(mac, in, inOff + bodyLen, rtpTag)) {
                return false;
            }
        }
        byte[] sc = scratch(bodyLen + AesGcmTransform.TAG);
        System.arraycopy(in, inOff, sc, 0, 12);
        System.arraycopy(in, inOff + 12 + csrcLen, sc, 12, 4);
        System.arraycopy(in, inOff + 12, sc, 16, csrcLen);
        int rest = bodyLen - 16 - csrcLen + (rtpGcm != null ? AesGcmTransform.TAG : 0);
        System.arraycopy(in, inOff + 16 + csrcLen, sc, 16 + csrcLen, rest);
        if (rtpGcm != null) {
            rtpGcm.rtpIv(ssrc, index);
            if (!rtpGcm.open(sc, 0, 16, null, 0, 0, sc, 16, bodyLen - 16 + AesGcmTransform.TAG, sc, 16)) {
                return false;
            }
        } else {
            rtpCm.crypt(sc, 16, sc, 16, bodyLen - 16, ssrc, index);
        }
        int profile = u16(sc, 12) == 0xC0DE ? 0xBEDE : 0x1000;
        sc[12] = (byte) (profile >>> 8);
        sc[13] = (byte) profile;
        System.arraycopy(sc, 0, out, outOff, 12);
        System.arraycopy(sc, 16, out, outOff + 12, csrcLen);
        System.arraycopy(sc, 12, out, outOff + 12 + csrcLen, 4);
        System.arraycopy(sc, 16 + csrcLen, out, outOff + 16 + csrcLen, bodyLen - 16 - csrcLen);
        return true;
    }

    // ------------------------------------------------------------------------------------ SRTCP

    /**
     * Protects the RTCP (compound) packet {@code buf[off, off+len)} in place; needs room for 4 + tag bytes.
     *
     * @param buf the packet, with room for the index and tag after it
     * @param off where the packet starts
     * @param len its length
     * @return the SRTCP length, or a negative {@link SrtpStatus} code
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        return protectRtcp(buf, off, len, buf, off);
    }

    /**
     * Protects an RTCP compound packet into {@code out}: encrypts everything after the first 8 bytes,
     * appends {@code E=1 || SRTCP index} and the tag (for GCM: the tag, then the index word, RFC 7714
     * §9). Returns the SRTCP length or a negative {@link SrtpStatus} code.
     *
     * @param in the buffer holding the RTCP packet
     * @param inOff where it starts
     * @param len its length
     * @param out where the SRTCP packet goes (may be {@code in})
     * @param outOff where in {@code out}
     * @return the SRTCP length, or a negative {@link SrtpStatus} code
     */
    public int protectRtcp(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < 8 || (in[inOff] & 0xc0) != 0x80) {
            return fail(SrtpStatus.MALFORMED);
        }
        int outLen = len + 4 + rtcpTag;
        if (outOff < 0 || out.length - outOff < outLen) {
            return fail(SrtpStatus.BUFFER_TOO_SMALL);
        }
        int ssrc = int32(in, inOff + 4);
        StreamTable.Stream s = streamForSending(ssrc);
        if (s == null) {
            return fail(SrtpStatus.SSRC_LIMIT);
        }
        if (s.rtcpOutIndex >= 0x7fffffff) {
            return fail(SrtpStatus.INDEX_EXHAUSTED);
        }
        int index = ++s.rtcpOutIndex;
        int word = 0x80000000 | index;
        if (in != out || inOff != outOff) {
            System.arraycopy(in, inOff, out, outOff, 8);
        }
        if (rtcpGcm != null) {
            put32(trailer, 0, word);
            rtcpGcm.rtcpIv(ssrc, index);
            rtcpGcm.seal(out, outOff, 8, trailer, 0, 4, in, inOff + 8, len - 8, out, outOff + 8);
            put32(out, outOff + len + rtcpTag, word);
        } else {
            rtcpCm.crypt(in, inOff + 8, out, outOff + 8, len - 8, ssrc, index);
            put32(out, outOff + len, word);
            rtcpCm.hmac(out, outOff, len + 4, false, 0, mac, 0);
            System.arraycopy(mac, 0, out, outOff + len + 4, rtcpTag);
        }
        return outLen;
    }

    /**
     * Unprotects the SRTCP packet {@code buf[off, off+len)} in place.
     *
     * @param buf the SRTCP packet
     * @param off where it starts
     * @param len its length, index and tag included
     * @return the RTCP length, or a negative {@link SrtpStatus} code
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        return unprotectRtcp(buf, off, len, buf, off);
    }

    /**
     * Verifies and (when its E flag is set) decrypts an SRTCP packet into {@code out}. Returns the
     * RTCP length or a negative {@link SrtpStatus} code; on failure nothing changes.
     *
     * @param in the buffer holding the SRTCP packet
     * @param inOff where it starts
     * @param len its length, index and tag included
     * @param out where the RTCP packet goes (may be {@code in})
     * @param outOff where in {@code out}
     * @return the RTCP length, or a negative {@link SrtpStatus} code
     */
    public int unprotectRtcp(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < 8 + 4 + rtcpTag || (in[inOff] & 0xc0) != 0x80) {
            return fail(SrtpStatus.MALFORMED);
        }
        boolean gcm = rtcpGcm != null;
        int trailerPos = gcm ? len - 4 : len - rtcpTag - 4;
        int rtcpLen = gcm ? trailerPos - rtcpTag : trailerPos;
        if (outOff < 0 || out.length - outOff < rtcpLen) {
            return fail(SrtpStatus.BUFFER_TOO_SMALL);
        }
        int word = int32(in, inOff + trailerPos);
        boolean encrypted = word < 0;
        int index = word & 0x7fffffff;
        int ssrc = int32(in, inOff + 4);
        StreamTable.Stream s = streams.get(ssrc);
        if (s == null && streams.isFull()) {
            return fail(SrtpStatus.SSRC_LIMIT);
        }
        ReplayWindow w = s == null ? null : s.rtcpIn;
        if (w != null) {
            ReplayWindow.Verdict r = w.check(index);
            if (r != ReplayWindow.Verdict.FRESH) {
                return fail(refusal(r));
            }
        }
        if (gcm) {
            rtcpGcm.rtcpIv(ssrc, index);
            boolean ok;
            if (encrypted) {
                ok = rtcpGcm.open(in, inOff, 8, in, inOff + trailerPos, 4, in, inOff + 8, trailerPos - 8, out, outOff + 8);
                if (ok && (in != out || inOff != outOff)) {
                    System.arraycopy(in, inOff, out, outOff, 8);
                }
            } else {
                ok = rtcpGcm.open(in, inOff, rtcpLen, in, inOff + trailerPos, 4, in, inOff + rtcpLen, rtcpTag, out, outOff);
                if (ok && (in != out || inOff != outOff)) {
                    System.arraycopy(in, inOff, out, outOff, rtcpLen);
                }
            }
            if (!ok) {
                return fail(SrtpStatus.AUTH_FAILED);
            }
        } else {
            rtcpCm.hmac(in, inOff, trailerPos + 4, false, 0, mac, 0);
            if (!tagEquals(mac, in, inOff + trailerPos + 4, rtcpTag)) {
                return fail(SrtpStatus.AUTH_FAILED);
            }
            if (encrypted) {
                rtcpCm.crypt(in, inOff + 8, out, outOff + 8, rtcpLen - 8, ssrc, index);
                if (in != out || inOff != outOff) {
                    System.arraycopy(in, inOff, out, outOff, 8);
                }
            } else if (in != out || inOff != outOff) {
                System.arraycopy(in, inOff, out, outOff, rtcpLen);
            }
        }
        if (s == null) {
            s = streams.add(ssrc);
            LOG.log(Level.DEBUG, "[SRTCP] new inbound stream SSRC {0}", Integer.toUnsignedString(ssrc));
        }
        if (s.rtcpIn == null) {
            s.rtcpIn = new ReplayWindow(config.replayWindow());
        }
        s.rtcpIn.accept(index);
        return rtcpLen;
    }

    // ---------------------------------------------------------------------------------- helpers

    /**
     * The packet index of sequence number {@code seq} given the highest index seen (RFC 3711 §3.3.1
     * and Appendix A): pick the rollover counter v in {ROC-1, ROC, ROC+1} that puts {@code seq}
     * closest to s_l. Returns -1 when that would be before index 0 and -2 past 2^48 - 1.
     */
    static long estimateIndex(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xffff);
        long v;
        if (sl < 0x8000) {
            v = seq - sl > 0x8000 ? roc - 1 : roc;
        } else {
            v = sl - 0x8000 > seq ? roc + 1 : roc;
        }
        if (v < 0) {
            return -1;
        }
        if (v > 0xffffffffL) {
            return -2;
        }
        return (v << 16) | seq;
    }

    /** The RTP header length (fixed part, CSRCs, extension), or -1 if it is not RTP v2 or does not fit in {@code len}. */
    static int rtpHeaderLength(byte[] b, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int b0 = b[off] & 0xff;
        if ((b0 & 0xc0) != 0x80) {
            return -1;
        }
        int h = 12 + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (h + 4 > len) {
                return -1;
            }
            h += 4 + 4 * u16(b, off + h + 2);
        }
        return h > len ? -1 : h;
    }

    private static boolean tagEquals(byte[] computed, byte[] b, int off, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= computed[i] ^ b[off + i];
        }
        return diff == 0;
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    static int int32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
