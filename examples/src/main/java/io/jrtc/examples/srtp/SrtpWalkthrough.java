package io.jrtc.examples.srtp;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.examples.Example;
import io.jrtc.srtp.SrtpContext;
import io.jrtc.srtp.SrtpKdf;
import io.jrtc.srtp.SrtpSessionKeys;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Walks one RTP packet through SRTP by hand, printing every intermediate value with its name: the
 * session keys from the key derivation function, the packet index, the IV, the keystream, the
 * ciphertext and the authentication tag. Then it checks that {@link SrtpContext} produces exactly the
 * same bytes, and that a receiving context gets the packet back.
 *
 * <p>{@code srtp-walkthrough [PROFILE]} (default AES_CM_128_HMAC_SHA1_80; also AEAD_AES_128_GCM, ...).
 */
public final class SrtpWalkthrough implements Example {
    /** RFC 3711 Appendix B.3's master key and salt, used for the AES-CM profiles. */
    static final String CM_KEY = "e1f97a0d3e018be0d64fa32c06de4139";
    static final String CM_SALT = "0ec675ad498afeebb6960b3aabe6";
    /** The key and salt of RFC 7714's examples (here as master key and salt), for the GCM profiles. */
    static final String GCM_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String GCM_SALT = "517569642070726f2071756f";

    @Override
    public String name() {
        return "srtp-walkthrough";
    }

    @Override
    public String usage() {
        return "[PROFILE]";
    }

    @Override
    public String description() {
        return "one RTP packet through SRTP by hand: session keys, IV, keystream, tag, each printed";
    }

    @Override
    public int run(String[] args) throws Exception {
        SrtpProfile p = SrtpProfile.byName(args.length > 0 ? args[0] : "AES_CM_128_HMAC_SHA1_80");
        if (p == null) {
            System.err.println("unknown profile " + args[0]);
            return 2;
        }
        return walk(p, System.out) ? 0 : 1;
    }

    private static void say(PrintStream out, String label, String value) {
        out.printf("[SRTP] %-40s %s%n", label, value);
    }

    private static void say(PrintStream out, String text) {
        out.println("[SRTP] " + text);
    }

    private static byte[] aesBlocks(byte[] key, byte[] blocks) throws GeneralSecurityException {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return ecb.doFinal(blocks);
    }

    /** Prints the walk for one profile; returns whether the library agreed with the hand computation. */
    public static boolean walk(SrtpProfile profile, PrintStream out) throws GeneralSecurityException {
        byte[] masterKey = Arrays.copyOf(Hex.decode(profile.isAead() ? GCM_KEY : CM_KEY), profile.keyLength());
        byte[] masterSalt = Hex.decode(profile.isAead() ? GCM_SALT : CM_SALT);
        say(out, "profile " + profile + " (DTLS-SRTP id 0x" + String.format("%04x", profile.dtlsId()) + ")");
        say(out, "master key", Hex.encode(masterKey));
        say(out, "master salt", Hex.encode(masterSalt));

        // 1. Key derivation (RFC 3711 4.3): AES-CM keyed by the master key, IV = (salt XOR label<<48) * 2^16.
        say(out, "-- 1. key derivation (RFC 3711 4.3), key_derivation_rate 0 --");
        byte[] kdfIv = new byte[16];
        System.arraycopy(masterSalt, 0, kdfIv, 0, masterSalt.length);
        kdfIv[7] ^= SrtpKdf.LABEL_RTP_ENCRYPTION;
        say(out, "KDF input x*2^16 for label 0", Hex.encode(kdfIv));
        SrtpSessionKeys keys = SrtpSessionKeys.derive(profile, masterKey, masterSalt);
        byte[] k = keys.rtpKey().toByteArray();
        byte[] salt = keys.rtpSalt().toByteArray();
        say(out, "session encryption key (label 0)", Hex.encode(k));
        if (!profile.isAead()) {
            say(out, "session auth key (label 1)", keys.rtpAuthKey().hex());
        }
        say(out, "session salt (label 2)", Hex.encode(salt));

        // 2. The packet and its index.
        byte[] payload = "jrtc walks one packet through SRTP".getBytes(StandardCharsets.US_ASCII);
        byte[] rtp = new byte[12 + payload.length];
        System.arraycopy(Hex.decode("80 0f 12 34 de ca fb ad ca fe ba be"), 0, rtp, 0, 12);
        System.arraycopy(payload, 0, rtp, 12, payload.length);
        int seq = 0x1234;
        int ssrc = 0xcafebabe;
        long roc = 0;
        long index = (roc << 16) | seq;
        say(out, "-- 2. the RTP packet --");
        say(out, "RTP header (V=2 PT=15 SEQ=4660)", Hex.encode(rtp, 0, 12));
        say(out, "RTP payload \"" + new String(payload, StandardCharsets.US_ASCII) + "\"");
        say(out, "payload bytes", Hex.encode(payload));
        say(out, "packet index i = ROC*2^16 + SEQ", "0x" + Long.toHexString(index) + " (ROC 0, first packet)");

        byte[] expected = new byte[rtp.length + profile.rtpTagLength()];
        System.arraycopy(rtp, 0, expected, 0, 12);
        if (profile.isAead()) {
            // 3. AES-GCM (RFC 7714 8.1): IV = salt XOR (00 00 || SSRC || ROC || SEQ); the header is AAD.
            byte[] iv = new byte[12];
            iv[2] = (byte) (ssrc >>> 24);
            iv[3] = (byte) (ssrc >>> 16);
            iv[4] = (byte) (ssrc >>> 8);
            iv[5] = (byte) ssrc;
            iv[10] = (byte) (seq >>> 8);
            iv[11] = (byte) seq;
            for (int i = 0; i < 12; i++) {
                iv[i] ^= salt[i];
            }
            say(out, "-- 3. AES-GCM (RFC 7714) --");
            say(out, "IV = salt ^ (0|SSRC|ROC|SEQ)", Hex.encode(iv));
            int blocks = (payload.length + 15) / 16;
            byte[] counters = new byte[16 * (blocks + 1)];
            for (int b = 0; b <= blocks; b++) {
                System.arraycopy(iv, 0, counters, 16 * b, 12);
                counters[16 * b + 15] = (byte) (b + 1); // J0 = IV || 1, then inc32: 2, 3, ...
            }
            byte[] ks = aesBlocks(k, counters);
            byte[] h = aesBlocks(k, new byte[16]);
            say(out, "hash key H = AES(k, 0^128)", Hex.encode(h));
            say(out, "E(k, J0), J0 = IV || 00000001", Hex.encode(ks, 0, 16));
            say(out, "keystream AES(k, IV || 2, 3, ...)", Hex.encode(ks, 16, payload.length));
            for (int i = 0; i < payload.length; i++) {
                expected[12 + i] = (byte) (payload[i] ^ ks[16 + i]);
            }
            say(out, "ciphertext = payload ^ keystream", Hex.encode(expected, 12, payload.length));
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new javax.crypto.spec.GCMParameterSpec(128, iv));
            gcm.updateAAD(rtp, 0, 12);
            byte[] full = gcm.doFinal(payload);
            System.arraycopy(full, payload.length, expected, 12 + payload.length, 16);
            say(out, "tag = GHASH_H(AAD=header, C) ^ E(k,J0)", Hex.encode(full, payload.length, 16));
        } else {
            // 3. AES-CM (RFC 3711 4.1.1): IV = salt*2^16 XOR SSRC*2^64 XOR i*2^16; counter in the last 16 bits.
            byte[] iv = new byte[16];
            System.arraycopy(salt, 0, iv, 0, 14);
            for (int b = 0; b < 4; b++) {
                iv[4 + b] ^= (byte) (ssrc >>> (24 - 8 * b));
            }
            for (int b = 0; b < 6; b++) {
                iv[8 + b] ^= (byte) (index >>> (40 - 8 * b));
            }
            say(out, "-- 3. AES counter mode (RFC 3711 4.1.1) --");
            say(out, "IV = salt*2^16 ^ SSRC*2^64 ^ i*2^16", Hex.encode(iv));
            int blocks = (payload.length + 15) / 16;
            byte[] counters = new byte[16 * blocks];
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(iv, 0, counters, 16 * b, 16);
                counters[16 * b + 15] = (byte) b;
            }
            byte[] ks = aesBlocks(k, counters);
            say(out, "keystream AES(k, IV + 0, 1, ...)", Hex.encode(ks, 0, payload.length));
            for (int i = 0; i < payload.length; i++) {
                expected[12 + i] = (byte) (payload[i] ^ ks[i]);
            }
            say(out, "ciphertext = payload ^ keystream", Hex.encode(expected, 12, payload.length));
            say(out, "-- 4. HMAC-SHA1 (RFC 3711 4.2.1) --");
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(keys.rtpAuthKey().toByteArray(), "HmacSHA1"));
            mac.update(expected, 0, 12 + payload.length);
            mac.update(new byte[] {0, 0, 0, 0});
            byte[] full = mac.doFinal();
            say(out, "HMAC(auth key, header|cipher|ROC)", Hex.encode(full));
            System.arraycopy(full, 0, expected, 12 + payload.length, profile.rtpTagLength());
            say(out, "tag = first " + profile.rtpTagLength() * 8 + " bits", Hex.encode(full, 0, profile.rtpTagLength()));
        }
        say(out, "SRTP packet = header|ciphertext|tag", Hex.encode(expected));

        say(out, "-- check with the library --");
        SrtpContext tx = SrtpContext.create(profile, masterKey, masterSalt);
        byte[] buf = Arrays.copyOf(rtp, expected.length);
        int n = tx.protectRtp(buf, 0, rtp.length);
        boolean same = n == expected.length && Arrays.equals(buf, expected);
        say(out, "SrtpContext.protectRtp", same ? "same bytes: yes" : "DIFFERENT: " + Hex.encode(buf, 0, Math.max(n, 0)));
        SrtpContext rx = SrtpContext.create(profile, masterKey, masterSalt);
        int m = rx.unprotectRtp(buf, 0, n);
        boolean back = m == rtp.length && Arrays.equals(Arrays.copyOf(buf, m), rtp);
        say(out, "receiver SrtpContext.unprotectRtp", back ? "authenticated, payload \""
                + new String(buf, 12, m - 12, StandardCharsets.US_ASCII) + "\"" : "FAILED");
        int replay = rx.unprotectRtp(Arrays.copyOf(expected, expected.length), 0, expected.length);
        say(out, "the same packet again", io.jrtc.srtp.SrtpStatus.of(replay) + " (replay window)");
        return same && back && replay < 0;
    }
}
