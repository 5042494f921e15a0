package io.jrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.2):
 *
 * <ul>
 *   <li>short-term credentials (ICE): {@code key = OpaqueString(password)};</li>
 *   <li>long-term credentials (TURN), MD5: {@code key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password))};</li>
 *   <li>long-term credentials, SHA-256: {@code key = SHA-256(username ":" OpaqueString(realm) ":" OpaqueString(password))}.</li>
 * </ul>
 *
 * <p>OpaqueString (RFC 8265) is approximated by SASLprep's mapping, as RFC 5389 used: non-ASCII spaces
 * become spaces, characters "commonly mapped to nothing" (soft hyphen, zero-width joiners, variation
 * selectors…) are removed, then NFKC. That is what the RFC 5769 §2.4 vector needs
 * ({@code "The\u00ADM\u00AAtr\u2168"} becomes {@code "TheMatrIX"}).
 *
 * <p>The key is immutable and may be shared between threads. It caches one initialised HMAC per
 * algorithm for the thread that first used it (the engine's thread); other threads get a fresh one, so
 * nothing is ever shared unsafely.
 */
public final class IntegrityKey {
    private final byte[] key;
    private MacCache sha1;
    private MacCache sha256;

    /** One initialised Mac and the thread allowed to use it. Final fields: safely published. */
    private static final class MacCache {
        final Thread owner;
        final Mac mac;

        MacCache(Thread owner, Mac mac) {
            this.owner = owner;
            this.mac = mac;
        }
    }

    private IntegrityKey(byte[] key) {
        this.key = key;
    }

    /**
     * A key of raw bytes (a copy is kept).
     *
     * @param key the key bytes
     * @return a key of raw bytes (a copy is kept)
     */
    public static IntegrityKey of(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an HMAC key must not be empty");
        }
        return new IntegrityKey(key.clone());
    }

    /**
     * The short-term credential key (ICE): the password after OpaqueString/SASLprep, in UTF-8.
     *
     * @param password the password
     * @return the short-term credential key (ICE): the password after OpaqueString/SASLprep, in UTF-8
     */
    public static IntegrityKey shortTerm(String password) {
        return of(prepare(password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The long-term credential key with MD5 (RFC 8489 §9.2.2, the RFC 5389 key).
     *
     * @param username the user name
     * @param realm the realm (from the server's 401)
     * @param password the password
     * @return the long-term credential key with MD5 (RFC 8489 §9.2.2, the RFC 5389 key)
     */
    public static IntegrityKey longTermMd5(String username, String realm, String password) {
        return new IntegrityKey(digest("MD5", username, realm, password));
    }

    /**
     * The long-term credential key with SHA-256 (RFC 8489 §9.2.2, PASSWORD-ALGORITHM 0x0002).
     *
     * @param username the user name
     * @param realm the realm (from the server's 401)
     * @param password the password
     * @return the long-term credential key with SHA-256 (RFC 8489 §9.2.2, PASSWORD-ALGORITHM 0x0002)
     */
    public static IntegrityKey longTermSha256(String username, String realm, String password) {
        return new IntegrityKey(digest("SHA-256", username, realm, password));
    }

    /**
     * The long-term key for {@code algorithm} ({@link StunAttribute.PasswordAlgorithm#MD5} or {@code SHA256}).
     *
     * @param algorithm the password algorithm (1 MD5, 2 SHA-256)
     * @param username the user name
     * @param realm the realm (from the server's 401)
     * @param password the password
     * @return the long-term key for {@code algorithm} ({@link StunAttribute.PasswordAlgorithm#MD5} or {@code
     *         SHA256})
     */
    public static IntegrityKey longTerm(int algorithm, String username, String realm, String password) {
        switch (algorithm) {
            case StunAttribute.PasswordAlgorithm.MD5: return longTermMd5(username, realm, password);
            case StunAttribute.PasswordAlgorithm.SHA256: return longTermSha256(username, realm, password);
            default: throw new IllegalArgumentException("unknown password algorithm " + algorithm);
        }
    }

    private static byte[] digest(String algorithm, String username, String realm, String password) {
        Objects.requireNonNull(username, "username");
        String input = username + ":" + prepare(realm) + ":" + prepare(password);
        try {
            return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    /** SASLprep's mapping and normalisation (RFC 4013 §2.1–2.2), enough for OpaqueString's purpose here. */
    static String prepare(String s) {
        Objects.requireNonNull(s);
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return s;
        }
        StringBuilder mapped = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (mappedToNothing(c)) {
                continue;
            }
            mapped.append(nonAsciiSpace(c) ? ' ' : c);
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    private static boolean mappedToNothing(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u1806' || (c >= '\u180B' && c <= '\u180D')
                || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || (c >= '\uFE00' && c <= '\uFE0F') || c == '\uFEFF';
    }

    private static boolean nonAsciiSpace(char c) {
        return c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F'
                || c == '\u205F' || c == '\u3000';
    }

    /** {@return the key's length in bytes} */
    public int length() {
        return key.length;
    }

    /** {@return a copy of the key bytes (for tests and tools)} */
    public byte[] toByteArray() {
        return key.clone();
    }

    /** An initialised HMAC-SHA1 ({@code sha256 == false}) or HMAC-SHA256 for this key, reset, ready to update. */
    Mac mac(boolean sha256) {
        Thread me = Thread.currentThread();
        MacCache c = sha256 ? this.sha256 : this.sha1;
        if (c != null && c.owner == me) {
            return c.mac;
        }
        Mac mac = newMac(sha256);
        if (c == null) {
            c = new MacCache(me, mac);
            if (sha256) {
                this.sha256 = c;
            } else {
                this.sha1 = c;
            }
        }
        return mac;
    }

    private Mac newMac(boolean sha256) {
        String algorithm = sha256 ? "HmacSHA256" : "HmacSHA1";
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "IntegrityKey[" + key.length + " bytes]";
    }
}
