package io.jrtc.srtp;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-GCM for SRTP and SRTCP (RFC 7714) with one reused JCA cipher.
 *
 * <p>GCM needs a fresh {@code Cipher.init} per packet (a new IV each time; the JDK also refuses to
 * encrypt twice under one key and IV). The init allocates: a {@link GCMParameterSpec} (which copies
 * the IV) and the JDK's internal GCM state; see BENCHMARKS.md for the measured bytes per packet.
 */
final class AesGcmTransform {
    static final int TAG = 16;

    private final Cipher gcm;
    private final SecretKeySpec key;
    private final byte[] salt; // 12 bytes
    private final byte[] iv = new byte[12];

    AesGcmTransform(byte[] key, byte[] salt) {
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes");
        }
        this.salt = salt.clone();
        this.key = new SecretKeySpec(key, "AES");
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
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
}
