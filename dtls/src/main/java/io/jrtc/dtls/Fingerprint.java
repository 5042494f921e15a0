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
    /**
     * Normalises the algorithm name to lower case.
     *
     * @throws IllegalArgumentException for a hash other than sha-1, sha-224, sha-256, sha-384, sha-512
     *
     * @param algorithm the algorithm
     * @param digest the digest
     */
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

    /**
     * The fingerprint of a certificate.
     *
     * @param cert the certificate
     * @param algorithm "sha-256", "sha-384" or "sha-512" (also "sha-1", "sha-224")
     * @return its fingerprint
     */
    public static Fingerprint of(X509Certificate cert, String algorithm) {
        try {
            return of(cert.getEncoded(), algorithm);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /**
     * The fingerprint of a DER-encoded certificate.
     *
     * @param der the certificate's DER bytes
     * @param algorithm "sha-256", "sha-384" or "sha-512" (also "sha-1", "sha-224")
     * @return its fingerprint
     */
    public static Fingerprint of(byte[] der, String algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(jca(algorithm.toLowerCase(Locale.ROOT)));
            return new Fingerprint(algorithm, Bytes.wrap(md.digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses the SDP attribute value.
     *
     * @param sdpValue e.g. {@code "sha-256 AB:CD:…"}
     * @return the fingerprint
     * @throws IllegalArgumentException when it is not {@code <hash> <hex>}
     */
    public static Fingerprint parse(String sdpValue) {
        String[] parts = sdpValue.trim().split("\\s+");
        if (parts.length != 2) throw new IllegalArgumentException("fingerprint must be '<hash> <hex>': " + sdpValue);
        return new Fingerprint(parts[0], Bytes.wrap(Hex.decode(parts[1])));
    }

    /**
     * Checks a certificate against this fingerprint (in constant time).
     *
     * @param der the certificate's DER bytes
     * @return true when {@code der} hashes to this fingerprint
     */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(of(der, algorithm).digest.toByteArray(), digest.toByteArray());
    }

    /** {@return the hex part: {@code AB:CD:…}} */
    public String hexWithColons() {
        String hex = digest.hex().toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    /** {@return the SDP attribute value, {@code sha-256 AB:CD:…}} */
    @Override
    public String toString() {
        return algorithm + " " + hexWithColons();
    }
}
