package io.jrtc.srtp;

import io.jrtc.core.crypto.Keystream;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * AES counter mode (RFC 3711 §4.1.1) and HMAC-SHA1 (§4.2.1) for one set of session keys, built for
 * the per-packet path: every buffer is allocated once here and reused.
 *
 * <p><b>Keystream.</b> The JCA has no "counter mode from this IV without a new init", so the counter
 * blocks {@code IV + i} are written into a reusable buffer and encrypted in one call to a reused
 * {@code AES/ECB/NoPadding} cipher (one AES-NI pass), then XORed into the payload 8 bytes at a time.
 *
 * <p><b>HMAC.</b> {@code javax.crypto.Mac.doFinal(byte[], int)} allocates its result internally, so
 * HMAC-SHA1 is composed here from a reused {@link MessageDigest} writing into reused arrays:
 * {@code H((K ^ opad) || H((K ^ ipad) || message))} (RFC 2104), the same two extra compressions the
 * JDK's own HMAC does per message.
 */
final class AesCmHmacTransform {
    /** Bytes of keystream generated per JCA call. */
    private static final int CHUNK = 2048;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher ecb;
    private final long saltHi;
    private final long saltLo;
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[64];
    private final byte[] opad = new byte[64];
    private final byte[] inner = new byte[20];
    private final byte[] scratch4 = new byte[4];

    AesCmHmacTransform(byte[] key, byte[] salt, byte[] authKey) {
        if (salt.length != 14) {
            throw new IllegalArgumentException("AES-CM session salt must be 14 bytes");
        }
        byte[] s16 = new byte[16];
        System.arraycopy(salt, 0, s16, 0, 14);
        this.saltHi = (long) LONG_BE.get(s16, 0);
        this.saltLo = (long) LONG_BE.get(s16, 8);
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES and SHA-1 are part of every JDK", e);
        }
        if (authKey != null) {
            byte[] k = authKey;
            if (k.length > 64) {
                k = sha1.digest(k);
            }
            for (int i = 0; i < 64; i++) {
                byte kb = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (kb ^ 0x36);
                opad[i] = (byte) (kb ^ 0x5c);
            }
        }
    }

    /** The 16-byte IV of RFC 3711 §4.1.1: (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
    void iv(int ssrc, long index, byte[] out16) {
        LONG_BE.set(out16, 0, saltHi ^ (ssrc & 0xffffffffL));
        LONG_BE.set(out16, 8, saltLo ^ (index << 16));
    }

    /**
     * XORs {@code len} bytes of the keystream for (ssrc, index) from {@code in} into {@code out}
     * ({@code in == out} with the same offset is fine). At most 2^16 blocks (1 MiB).
     */
    void crypt(byte[] in, int inOff, byte[] out, int outOff, int len, int ssrc, long index) {
        long hi = saltHi ^ (ssrc & 0xffffffffL);
        long lo = saltLo ^ (index << 16);
        int block = 0;
        int done = 0;
        try {
            while (done < len) {
                int n = Math.min(CHUNK, len - done);
                int bytes = (n + 15) & ~15;
                for (int p = 0; p < bytes; p += 16) {
                    LONG_BE.set(counters, p, hi);
                    LONG_BE.set(counters, p + 8, lo + block);
                    block++;
                }
                ecb.update(counters, 0, bytes, keystream, 0);
                Keystream.xor(in, inOff + done, keystream, 0, out, outOff + done, n);
                done += n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }


    /**
     * HMAC-SHA1 over {@code data[off, off+len)}, followed by the 4 bytes of {@code roc} when
     * {@code withRoc}; the 20-byte result goes to {@code out[outOff..]}.
     */
    void hmac(byte[] data, int off, int len, boolean withRoc, int roc, byte[] out, int outOff) {
        try {
            MessageDigest md = sha1;
            md.update(ipad, 0, 64);
            md.update(data, off, len);
            if (withRoc) {
                byte[] r = scratch4;
                r[0] = (byte) (roc >>> 24);
                r[1] = (byte) (roc >>> 16);
                r[2] = (byte) (roc >>> 8);
                r[3] = (byte) roc;
                md.update(r, 0, 4);
            }
            md.digest(inner, 0, 20);
            md.update(opad, 0, 64);
            md.update(inner, 0, 20);
            md.digest(out, outOff, 20);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
