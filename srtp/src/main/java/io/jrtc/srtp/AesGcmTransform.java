package io.jrtc.srtp;

import io.jrtc.core.crypto.AesGcm;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-GCM (NIST SP 800-38D) for SRTP and SRTCP (RFC 7714), in one of two ways
 * ({@link GcmImplementation}):
 *
 * <p><b>Own GCM</b> ({@code JDK_GHASH}, {@code JAVA_TABLES}, {@code JAVA_COMPACT}; no allocation per
 * packet; core's {@link AesGcm}): the pre-counter block
 * {@code J0 = IV || 00000001} and the counter blocks {@code IV || 00000002, ...} are written into a
 * reused buffer and encrypted in one call to a reused {@code AES/ECB/NoPadding} cipher (AES-NI), as the
 * AES-CM transform does; the keystream is XORed in 8 bytes at a time, and a GHASH keyed with
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
    static final int TAG = AesGcm.TAG;

    private final byte[] salt; // 12 bytes
    private final byte[] iv = new byte[12];

    // JDK implementation
    private final Cipher gcm;
    private final SecretKeySpec key;

    // jrtc's own GCM (core's AesGcm)
    private final AesGcm own;

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
                        + AesGcm.jdkGhashUnavailableReason());
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
                own = null;
            } else {
                this.key = null;
                gcm = null;
                own = new AesGcm(key, switch (impl) {
                    case JDK_GHASH -> {
                        if (!AesGcm.jdkGhashAvailable()) {
                            throw new IllegalStateException("GcmImplementation.JDK_GHASH is not available: "
                                    + AesGcm.jdkGhashUnavailableReason());
                        }
                        yield AesGcm.Hash.JDK;
                    }
                    case JAVA_COMPACT -> AesGcm.Hash.COMPACT;
                    default -> AesGcm.Hash.TABLES;
                });
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES and AES-GCM are part of every JDK", e);
        }
    }

    /** {@return the implementation in use ({@code AUTO} resolved)} */
    GcmImplementation implementation() {
        return implementation;
    }

    /** {@return bytes of GHASH tables this transform holds (0 for the JDK implementation)} */
    int tableBytes() {
        return own == null ? 0 : own.tableBytes();
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
        if (own != null) {
            own.seal(iv, aad, aadOff, aadLen, aad2, aad2Off, aad2Len, in, inOff, len, out, outOff);
            return;
        }
        try {
            jdkInit(Cipher.ENCRYPT_MODE, aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
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
        if (own != null) {
            return own.open(iv, aad, aadOff, aadLen, aad2, aad2Off, aad2Len, in, inOff, len, out, outOff);
        }
        try {
            jdkInit(Cipher.DECRYPT_MODE, aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
            gcm.doFinal(in, inOff, len, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** The JDK cipher for this packet: a new IV means a new init; then the AAD ranges. */
    private void jdkInit(int mode, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len)
            throws GeneralSecurityException {
        gcm.init(mode, key, new GCMParameterSpec(128, iv));
        gcm.updateAAD(aad, aadOff, aadLen);
        if (aad2Len > 0) {
            gcm.updateAAD(aad2, aad2Off, aad2Len);
        }
    }
}
