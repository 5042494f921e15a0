package io.jrtc.dtls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 pseudo-random function (RFC 5246 §5): {@code PRF(secret, label, seed) = P_hash(secret,
 * label + seed)} where {@code P_hash} chains HMAC: {@code A(i) = HMAC(secret, A(i-1))},
 * output {@code = HMAC(secret, A(1) + label + seed) + HMAC(secret, A(2) + label + seed) + …}.
 */
public final class Prf {
    private Prf() {
    }

    /**
     * @param hmac   "HmacSHA256" or "HmacSHA384" (the suite's PRF hash)
     * @param secret the secret (pre-master secret, master secret)
     * @param label  ASCII label such as "master secret"
     * @param seed   the seed (concatenated randoms, a session hash, …)
     * @param length bytes wanted
     * @return {@code length} bytes of P_hash(secret, label + seed)
     */
    public static byte[] compute(String hmac, byte[] secret, String label, byte[] seed, int length) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, hmac));
            byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
            byte[] labelSeed = new byte[labelBytes.length + seed.length];
            System.arraycopy(labelBytes, 0, labelSeed, 0, labelBytes.length);
            System.arraycopy(seed, 0, labelSeed, labelBytes.length, seed.length);
            byte[] out = new byte[length];
            byte[] a = labelSeed;
            int done = 0;
            while (done < length) {
                a = mac.doFinal(a);
                mac.update(a);
                mac.update(labelSeed);
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks " + hmac, e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
