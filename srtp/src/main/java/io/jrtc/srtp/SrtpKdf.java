package io.jrtc.srtp;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * The SRTP key derivation function (RFC 3711 §4.3), which turns one master key and master salt into
 * the six session keys.
 *
 * <pre>
 *   key_id = label (8 bits) || r (48 bits)          r = index DIV key_derivation_rate (0 when the rate is 0)
 *   x      = key_id XOR master_salt                 (both right-aligned in 112 bits)
 *   session key = first n bits of AES-CM(master_key, IV = x * 2^16)
 * </pre>
 *
 * The labels are 0/1/2 for the SRTP encryption key, authentication key and salt and 3/4/5 for SRTCP.
 * With AES-GCM (RFC 7714 §11) the master salt is 96 bits; it is padded with zero bits to 112 before
 * the XOR. The PRF is AES-128 or AES-256 counter mode, keyed by the master key.
 */
public final class SrtpKdf {
    /** Label 0: the SRTP encryption key. */
    public static final int LABEL_RTP_ENCRYPTION = 0;
    /** Label 1: the SRTP authentication key. */
    public static final int LABEL_RTP_AUTH = 1;
    /** Label 2: the SRTP salt. */
    public static final int LABEL_RTP_SALT = 2;
    /** Label 3: the SRTCP encryption key. */
    public static final int LABEL_RTCP_ENCRYPTION = 3;
    /** Label 4: the SRTCP authentication key. */
    public static final int LABEL_RTCP_AUTH = 4;
    /** Label 5: the SRTCP salt. */
    public static final int LABEL_RTCP_SALT = 5;

    private SrtpKdf() {
    }

    /**
     * The {@code length}-byte session key for {@code label}, with key derivation rate 0 (the only rate
     * WebRTC uses).
     *
     * @param masterKey 16 or 32 bytes
     * @param masterSalt at most 14 bytes (12 for GCM, padded with zeros)
     * @param label one of the {@code LABEL_} constants
     * @param length bytes of key to derive
     * @return the session key
     */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        return derive(masterKey, masterSalt, label, 0, length);
    }

    /**
     * The {@code length}-byte session key for {@code label} and {@code r = index DIV kdr} (a 48-bit
     * value; 0 when the key derivation rate is 0).
     *
     * @param masterKey 16 or 32 bytes
     * @param masterSalt at most 14 bytes (12 for GCM, padded with zeros)
     * @param label one of the {@code LABEL_} constants
     * @param r index DIV key derivation rate, 48 bits
     * @param length bytes of key to derive
     * @return the session key
     */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, long r, int length) {
        if (masterKey.length != 16 && masterKey.length != 32) {
            throw new IllegalArgumentException("master key must be 16 or 32 bytes: " + masterKey.length);
        }
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt must be at most 14 bytes: " + masterSalt.length);
        }
        if (label < 0 || label > 255 || r < 0 || r >= 1L << 48 || length < 0) {
            throw new IllegalArgumentException("bad label, r or length");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (r >>> (8 * i));
        }
        return AesCm.keystream(masterKey, iv, length);
    }

    /** AES in counter mode through the JCA block cipher, for derivation and for tests. */
    static final class AesCm {
        private AesCm() {
        }

        /** {@code length} bytes of AES-CM keystream: E(key, iv + i) for i = 0, 1, 2, … (128-bit counter). */
        static byte[] keystream(byte[] key, byte[] iv, int length) {
            int blocks = (length + 15) / 16;
            byte[] counters = new byte[blocks * 16];
            byte[] ctr = iv.clone();
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(ctr, 0, counters, b * 16, 16);
                for (int i = 15; i >= 0; i--) {
                    if (++ctr[i] != 0) {
                        break;
                    }
                }
            }
            try {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                byte[] out = ecb.doFinal(counters);
                if (out.length == length) {
                    return out;
                }
                byte[] cut = new byte[length];
                System.arraycopy(out, 0, cut, 0, length);
                return cut;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is part of every JDK", e);
            }
        }
    }
}
