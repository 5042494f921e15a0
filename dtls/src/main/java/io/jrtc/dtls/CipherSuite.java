package io.jrtc.dtls;

/**
 * The DTLS 1.2 cipher suites jrtc speaks: ephemeral ECDH key exchange, ECDSA or RSA authentication,
 * and an AEAD record cipher (AES-GCM with an 8-byte explicit nonce, RFC 5288; ChaCha20-Poly1305 with
 * an implicit nonce, RFC 7905).
 */
public enum CipherSuite {
    /** ECDHE, ECDSA, AES-128-GCM (RFC 5289), the default. */
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, true, false, 16, "SHA-256"),
    /** ECDHE, ECDSA, AES-256-GCM (RFC 5289). */
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, true, false, 32, "SHA-384"),
    /** ECDHE, RSA, AES-128-GCM (RFC 5289). */
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, false, false, 16, "SHA-256"),
    /** ECDHE, RSA, AES-256-GCM (RFC 5289). */
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, false, false, 32, "SHA-384"),
    /** ECDHE, ECDSA, ChaCha20-Poly1305 (RFC 7905). */
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, true, true, 32, "SHA-256"),
    /** ECDHE, RSA, ChaCha20-Poly1305 (RFC 7905). */
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, false, true, 32, "SHA-256");

    private final int id;
    private final boolean ecdsa;
    private final boolean chacha;
    private final int keyLength;
    private final String hash;

    CipherSuite(int id, boolean ecdsa, boolean chacha, int keyLength, String hash) {
        this.id = id;
        this.ecdsa = ecdsa;
        this.chacha = chacha;
        this.keyLength = keyLength;
        this.hash = hash;
    }

    /** {@return the IANA code point} */
    public int id() {
        return id;
    }

    /** {@return true for ECDSA authentication, false for RSA} */
    public boolean ecdsa() {
        return ecdsa;
    }

    /** {@return whether the record cipher is ChaCha20-Poly1305 (else AES-GCM)} */
    public boolean chacha20() {
        return chacha;
    }

    /** {@return record cipher key length in bytes} */
    public int keyLength() {
        return keyLength;
    }

    /** {@return the implicit (salt) part of the nonce from the key block: 4 for GCM, 12 for ChaCha20} */
    public int fixedIvLength() {
        return chacha ? 12 : 4;
    }

    /** {@return bytes of explicit nonce carried in each record: 8 for GCM, 0 for ChaCha20} */
    public int explicitNonceLength() {
        return chacha ? 0 : 8;
    }

    /** {@return the PRF and Finished hash ("SHA-256" or "SHA-384")} */
    public String hash() {
        return hash;
    }

    String hmac() {
        return "SHA-384".equals(hash) ? "HmacSHA384" : "HmacSHA256";
    }

    /**
     * The suite with this code point.
     *
     * @param id the code point
     * @return the suite, or {@code null} when jrtc does not support it
     */
    public static CipherSuite byId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) return s;
        }
        return null;
    }
}
