package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5): {@code sha-256 AB:CD:…} — the hash
 * function's name and the digest of the DER certificate in upper-case hex pairs joined by colons.
 */
public record Fingerprint(String algorithm, Bytes digest) {
    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        jca(algorithm);
    }

    private static String jca(String alg) {
        return switch (alg) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint hash: " + alg);
        };
    }

    /** The fingerprint of {@code cert} with {@code algorithm} ("sha-256", "sha-384", "sha-512"). */
    public static Fingerprint of(X509Certificate cert, String algorithm) {
        try {
            return of(cert.getEncoded(), algorithm);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static Fingerprint of(byte[] der, String algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(jca(algorithm.toLowerCase(Locale.ROOT)));
            return new Fingerprint(algorithm, Bytes.wrap(md.digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the SDP attribute value, e.g. {@code "sha-256 AB:CD:…"}. */
    public static Fingerprint parse(String sdpValue) {
        String[] parts = sdpValue.trim().split("\\s+");
        if (parts.length != 2) throw new IllegalArgumentException("fingerprint must be '<hash> <hex>': " + sdpValue);
        return new Fingerprint(parts[0], Bytes.wrap(Hex.decode(parts[1])));
    }

    /** True when {@code der} hashes to this fingerprint. */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(of(der, algorithm).digest.toByteArray(), digest.toByteArray());
    }

    /** The hex part: {@code AB:CD:…}. */
    public String hexWithColons() {
        String hex = digest.hex().toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    /** The SDP attribute value, {@code sha-256 AB:CD:…}. */
    @Override
    public String toString() {
        return algorithm + " " + hexWithColons();
    }
}
