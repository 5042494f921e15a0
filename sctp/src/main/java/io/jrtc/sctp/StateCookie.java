package io.jrtc.sctp;

import io.jrtc.core.Bytes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The State Cookie (RFC 9260 §5.1.3) and its checks on COOKIE-ECHO (RFC 9260 §5.1.5): everything the
 * passive side needs to create the association, signed with HMAC-SHA-256 under a secret drawn from
 * the configured random source, so that an INIT costs no state (the SYN-flood protection of §5.1).
 *
 * <pre>
 *  0               8       12      16      20      24      28  30  32  33     36                 68
 * +---------------+-------+-------+-------+-------+-------+---+---+---+------+------------------+
 * | made (ns, the | our   | our   | peer  | peer  | peer  |OS |MIS|fea| zero | HMAC-SHA-256 of  |
 * | caller's now) | tag   | TSN   | tag   | TSN   | a_rwnd|   |   |tur|      | bytes 0..35      |
 * +---------------+-------+-------+-------+-------+-------+---+---+---+------+------------------+
 * </pre>
 *
 * A cookie is accepted for {@value #LIFETIME_SECONDS} s either side of the time it was made (a clock
 * that is only compared and added, as every jrtc engine's). Confined to its association's thread.
 */
final class StateCookie {
    static final int LENGTH = 36 + 32;
    static final int LIFETIME_SECONDS = 60;
    private static final long LIFETIME = LIFETIME_SECONDS * 1_000_000_000L;

    /** What a verified cookie says about the association it creates. */
    record Contents(long made, long tag, long initialTsn, long peerTag, long peerInitialTsn, long peerRwnd,
                    int peerOutboundStreams, int peerInboundStreams, int features) {
    }

    private final Mac mac;

    StateCookie(RandomGenerator random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Makes the signed cookie for an INIT-ACK. */
    Bytes make(long now, long tag, long tsn, long peerTag, long peerTsn, long peerRwnd, int os, int mis, int features) {
        byte[] c = new byte[LENGTH];
        for (int i = 0; i < 8; i++) c[i] = (byte) (now >>> (56 - 8 * i));
        Wire.put32(c, 8, tag);
        Wire.put32(c, 12, tsn);
        Wire.put32(c, 16, peerTag);
        Wire.put32(c, 20, peerTsn);
        Wire.put32(c, 24, peerRwnd);
        Wire.put16(c, 28, os);
        Wire.put16(c, 30, mis);
        c[32] = (byte) features;
        System.arraycopy(hmac(c), 0, c, 36, 32);
        return Bytes.wrap(c);
    }

    /** The contents of a cookie we signed, or {@code null} when its length or signature is wrong. */
    Contents open(Bytes cookie) {
        byte[] c = cookie.toByteArray();
        if (c.length != LENGTH || !MessageDigest.isEqual(hmac(c), Arrays.copyOfRange(c, 36, 68))) return null;
        return new Contents(longAt(c, 0), Wire.u32(c, 8), Wire.u32(c, 12), Wire.u32(c, 16), Wire.u32(c, 20),
                Wire.u32(c, 24), Wire.u16(c, 28), Wire.u16(c, 30), c[32]);
    }

    /** RFC 9260 §5.1.5 (3): whether a verified cookie is too old (or from too far ahead) at {@code now}. */
    static boolean stale(Contents c, long now) {
        return now - c.made() > LIFETIME || now - c.made() < -LIFETIME;
    }

    private byte[] hmac(byte[] cookie) {
        mac.update(cookie, 0, 36);
        return mac.doFinal();
    }

    static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
