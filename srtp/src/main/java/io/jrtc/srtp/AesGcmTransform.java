package io.jrtc.srtp;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * AES-GCM (NIST SP 800-38D) for SRTP and SRTCP (RFC 7714), in one of two ways
 * ({@link GcmImplementation}):
 *
 * <p><b>Own GCM</b> ({@code JDK_GHASH}, {@code JAVA_TABLES}, {@code JAVA_COMPACT}; no allocation per
 * packet): the pre-counter block
 * {@code J0 = IV || 00000001} and the counter blocks {@code IV || 00000002, ...} are written into a
 * reused buffer and encrypted in one call to a reused {@code AES/ECB/NoPadding} cipher (AES-NI), as the
 * AES-CM transform does; the keystream is XORed in 8 bytes at a time, and a {@link Ghash} keyed with
 * {@code H = AES(K, 0^128)} authenticates AAD and ciphertext (the JDK's intrinsic GHASH or tables). The tag is
 * {@code GHASH(A, C) XOR AES(K, J0)}, compared in constant time on open, and nothing is decrypted
 * unless it matches.
 *
 * <p><b>JDK</b>: a reused {@code AES/GCM/NoPadding} cipher; every packet needs a {@code Cipher.init}
 * with a new IV, which in JDK 17 allocates a {@link GCMParameterSpec} and a new GCM engine.
 *
 * <p>{@code AUTO} is resolved here: {@code JDK_GHASH} when available, otherwise {@code JDK}; the choice
 * is logged once per JVM on the {@code jrtc.srtp} logger.
 */
final class AesGcmTransform {
    static final int TAG = 16;
    /** Bytes of keystream generated per JCA call (plus one block for J0). */
    private static final int CHUNK = 2048;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_NATIVE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] salt; // 12 bytes
    private final byte[] iv = new byte[12];

    // JDK implementation
    private final Cipher gcm;
    private final SecretKeySpec key;

    // Java implementation
    private final Cipher ecb;
    private final Ghash ghash;
    private final byte[] counters;
    private final byte[] keystream;
    private final byte[] tag;

    private static final System.Logger LOG = System.getLogger("jrtc.srtp");
    private static volatile boolean autoLogged;

    private final GcmImplementation implementation;

    AesGcmTransform(byte[] key, byte[] salt, GcmImplementation requested) {
        GcmImplementation impl = requested.resolve();
        if (requested == GcmImplementation.AUTO && !autoLogged) {
            autoLogged = true;
            if (impl == GcmImplementation.JDK_GHASH) {
                LOG.log(System.Logger.Level.DEBUG, "AES-GCM: own GCM with the JDK's GHASH intrinsic (no allocation per packet)");
            } else {
                LOG.log(System.Logger.Level.INFO, "AES-GCM: the JDK's cipher, about 1 KB allocated per packet, because "
                        + JdkGhash.unavailableReason());
            }
        }
        this.implementation = impl;
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes");
        }
        this.salt = salt.clone();
        try {
            if (impl == GcmImplementation.JDK) {
                this.key = new SecretKeySpec(key, "AES");
                gcm = Cipher.getInstance("AES/GCM/NoPadding");
                ecb = null;
                ghash = null;
                counters = null;
                keystream = null;
                tag = null;
            } else {
                this.key = null;
                gcm = null;
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                byte[] h = ecb.doFinal(new byte[16]);
                ghash = Ghash.create(h, impl);
                counters = new byte[16 + CHUNK];
                keystream = new byte[16 + CHUNK];
                tag = new byte[TAG];
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES and AES-GCM are part of every JDK", e);
        }
    }

    /** The implementation in use ({@code AUTO} resolved). */
    GcmImplementation implementation() {
        return implementation;
    }

    /** Bytes of GHASH tables this transform holds (0 for the JDK implementation). */
    int tableBytes() {
        return ghash == null ? 0 : ghash.tableBytes();
    }

    /** RTP IV (RFC 7714 §8.1): salt XOR (00 00 || SSRC || ROC || SEQ). */
    byte[] rtpIv(int ssrc, long index) {
        byte[] v = iv;
        v[0] = salt[0];
        v[1] = salt[1];
        put32(v, 2, ssrc);
        put32(v, 6, (int) (index >>> 16));
        v[10] = (byte) (index >>> 8);
        v[11] = (byte) index;
        for (int i = 2; i < 12; i++) {
            v[i] ^= salt[i];
        }
        return v;
    }

    /** RTCP IV (RFC 7714 §9.1): salt XOR (00 00 || SSRC || 00 00 || 0 || 31-bit SRTCP index). */
    byte[] rtcpIv(int ssrc, int index) {
        byte[] v = iv;
        v[0] = salt[0];
        v[1] = salt[1];
        put32(v, 2, ssrc);
        v[6] = 0;
        v[7] = 0;
        put32(v, 8, index & 0x7fffffff);
        for (int i = 2; i < 12; i++) {
            v[i] ^= salt[i];
        }
        return v;
    }

    /** Sets the 12-byte IV directly (tests). */
    void setIv(byte[] twelve) {
        System.arraycopy(twelve, 0, iv, 0, 12);
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /**
     * Encrypts {@code in[inOff, +len)} to {@code out[outOff..]} followed by the 16-byte tag, with the
     * IV last built by {@link #rtpIv}/{@link #rtcpIv} and the AAD given as up to two ranges.
     */
    void seal(byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
              byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (gcm == null) {
            ghashAad(aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
            int done = 0;
            int n = Math.min(CHUNK, len);
            keystream(0, n, true);
            while (true) {
                xor(in, inOff + done, out, outOff + done, n, 16);
                ghash.update(out, outOff + done, n);
                done += n;
                if (done >= len) {
                    break;
                }
                n = Math.min(CHUNK, len - done);
                keystream(done >>> 4, n, false);
            }
            ghash.finish(aadLen + aad2Len, len, keystream, 0, out, outOff + len);
            return;
        }
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad, aadOff, aadLen);
            if (aad2Len > 0) {
                gcm.updateAAD(aad2, aad2Off, aad2Len);
            }
            gcm.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Verifies and decrypts {@code in[inOff, +len)} (ciphertext then tag) into {@code out[outOff..]}.
     * Returns false (and writes nothing) when the tag does not verify.
     */
    boolean open(byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
                 byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (gcm == null) {
            if (len < TAG) {
                return false;
            }
            int textLen = len - TAG;
            ghashAad(aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
            ghash.update(in, inOff, textLen);
            int n = Math.min(CHUNK, textLen);
            keystream(0, n, true);
            ghash.finish(aadLen + aad2Len, textLen, keystream, 0, tag, 0);
            // constant time: no early exit
            int diff = 0;
            for (int i = 0; i < TAG; i++) {
                diff |= tag[i] ^ in[inOff + textLen + i];
            }
            if (diff != 0) {
                return false;
            }
            int done = 0;
            while (true) {
                xor(in, inOff + done, out, outOff + done, n, 16);
                done += n;
                if (done >= textLen) {
                    break;
                }
                n = Math.min(CHUNK, textLen - done);
                keystream(done >>> 4, n, false);
            }
            return true;
        }
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad, aadOff, aadLen);
            if (aad2Len > 0) {
                gcm.updateAAD(aad2, aad2Off, aad2Len);
            }
            gcm.doFinal(in, inOff, len, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void ghashAad(byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len) {
        Ghash g = ghash;
        g.reset();
        g.update(aad, aadOff, aadLen);
        if (aad2Len > 0) {
            g.update(aad2, aad2Off, aad2Len);
        }
        g.pad();
    }

    /**
     * Encrypts the counter blocks for bytes {@code [16 * firstBlock, + n)} of the text into
     * {@code keystream[16..]}, and with {@code withJ0} also {@code AES(K, J0)} into {@code keystream[0..16)}.
     * Text block j uses counter {@code j + 2} (inc32 of J0; SRTP packets are far below 2^32 blocks).
     */
    private void keystream(int firstBlock, int n, boolean withJ0) {
        byte[] c = counters;
        long ivHi = (long) LONG_BE.get(iv, 0);
        long ivMid = ((long) (int) INT_BE.get(iv, 8)) << 32;
        int start = withJ0 ? 0 : 16;
        if (withJ0) {
            LONG_BE.set(c, 0, ivHi);
            LONG_BE.set(c, 8, ivMid | 1L);
        }
        int bytes = (n + 15) & ~15;
        int ctr = firstBlock + 2;
        for (int p = 16; p < 16 + bytes; p += 16) {
            LONG_BE.set(c, p, ivHi);
            LONG_BE.set(c, p + 8, ivMid | (ctr & 0xffffffffL));
            ctr++;
        }
        try {
            ecb.update(c, start, 16 + bytes - start, keystream, start);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void xor(byte[] in, int inOff, byte[] out, int outOff, int n, int ksOff) {
        byte[] ks = keystream;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = (long) LONG_NATIVE.get(in, inOff + i) ^ (long) LONG_NATIVE.get(ks, ksOff + i);
            LONG_NATIVE.set(out, outOff + i, v);
        }
        for (; i < n; i++) {
            out[outOff + i] = (byte) (in[inOff + i] ^ ks[ksOff + i]);
        }
    }
}
