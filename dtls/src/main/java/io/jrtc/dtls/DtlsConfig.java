package io.jrtc.dtls;

import io.jrtc.core.SrtpProfile;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link DtlsEndpoint}, immutable. Build with {@link #builder()}.
 *
 * <p>Two fields are required because an engine reads neither a clock nor a random source of its own:
 * {@link Builder#certificate the certificate} (make one with
 * {@link DtlsCertificate#selfSignedEcdsa(SecureRandom, java.time.Instant)}, where the caller supplies
 * the wall-clock time for its validity) and {@link Builder#random the randomness} (client and server
 * randoms, ephemeral keys, cookie secret, signatures; seed it in tests). Every other field has a
 * default fit for WebRTC, documented on its builder method: AES-128-GCM first, X25519 then P-256, MTU
 * 1200, 1 s initial retransmission timeout doubling up to 60 s, a 120 s handshake deadline, all four
 * SRTP profiles, extended master secret on, mutual authentication.
 */
public final class DtlsConfig {
    private final DtlsCertificate certificate;
    private final Fingerprint expectedPeerFingerprint;
    private final SecureRandom random;
    private final int mtu;
    private final Duration initialRetransmitTimeout;
    private final Duration maxRetransmitTimeout;
    private final Duration handshakeTimeout;
    private final List<CipherSuite> cipherSuites;
    private final List<NamedGroup> groups;
    private final List<SignatureScheme> signatureSchemes;
    private final List<SrtpProfile> srtpProfiles;
    private final boolean helloVerifyRequest;
    private final boolean extendedMasterSecret;
    private final boolean requireClientCertificate;
    private final Consumer<String> keyLog;
    private final List<Extension> extraClientHelloExtensions;
    private final int maxHandshakeMessage;

    private DtlsConfig(Builder b) {
        if (b.random == null) {
            throw new IllegalStateException("DtlsConfig needs random(SecureRandom): the endpoint draws no randomness of its own");
        }
        if (b.certificate == null) {
            throw new IllegalStateException("DtlsConfig needs certificate(DtlsCertificate), e.g. DtlsCertificate.selfSignedEcdsa(random, now)");
        }
        this.random = b.random;
        this.certificate = b.certificate;
        this.expectedPeerFingerprint = b.expectedPeerFingerprint;
        this.mtu = b.mtu;
        this.initialRetransmitTimeout = b.initialRetransmitTimeout;
        this.maxRetransmitTimeout = b.maxRetransmitTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.groups = List.copyOf(b.groups);
        this.signatureSchemes = List.copyOf(b.signatureSchemes);
        this.srtpProfiles = List.copyOf(b.srtpProfiles);
        this.helloVerifyRequest = b.helloVerifyRequest;
        this.extendedMasterSecret = b.extendedMasterSecret;
        this.requireClientCertificate = b.requireClientCertificate;
        this.keyLog = b.keyLog;
        this.extraClientHelloExtensions = List.copyOf(b.extraClientHelloExtensions);
        this.maxHandshakeMessage = b.maxHandshakeMessage;
        if (mtu < 256 || mtu > 65507) throw new IllegalArgumentException("mtu out of range: " + mtu);
        if (cipherSuites.isEmpty() || groups.isEmpty() || signatureSchemes.isEmpty()) {
            throw new IllegalArgumentException("suites, groups and signature schemes must not be empty");
        }
    }

    /** {@return a builder with every default; {@link Builder#certificate} and {@link Builder#random} must be set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return our certificate chain and private key} */
    public DtlsCertificate certificate() { return certificate; }
    /** {@return the fingerprint the peer's certificate must match, or {@code null} to accept any} */
    public Fingerprint expectedPeerFingerprint() { return expectedPeerFingerprint; }
    /** {@return the randomness the endpoint draws from} */
    public SecureRandom random() { return random; }
    /** {@return the largest datagram the endpoint sends, in bytes} */
    public int mtu() { return mtu; }
    /** {@return the first retransmission timeout of a flight} */
    public Duration initialRetransmitTimeout() { return initialRetransmitTimeout; }
    /** {@return the cap of the doubling retransmission timeout} */
    public Duration maxRetransmitTimeout() { return maxRetransmitTimeout; }
    /** {@return the time allowed for the whole handshake} */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /** {@return cipher suites in preference order} */
    public List<CipherSuite> cipherSuites() { return cipherSuites; }
    /** {@return key-exchange groups in preference order} */
    public List<NamedGroup> groups() { return groups; }
    /** {@return signature schemes in preference order} */
    public List<SignatureScheme> signatureSchemes() { return signatureSchemes; }
    /** {@return use_srtp profiles in preference order (empty: no use_srtp)} */
    public List<SrtpProfile> srtpProfiles() { return srtpProfiles; }
    /** {@return whether a server wants a valid cookie before it answers a ClientHello} */
    public boolean helloVerifyRequest() { return helloVerifyRequest; }
    /** {@return whether extended_master_secret (RFC 7627) is offered or accepted} */
    public boolean extendedMasterSecret() { return extendedMasterSecret; }
    /** {@return whether a server requires a client certificate} */
    public boolean requireClientCertificate() { return requireClientCertificate; }
    /** {@return the SSLKEYLOGFILE line consumer, or {@code null}} */
    public Consumer<String> keyLog() { return keyLog; }
    /** {@return the extensions a client adds to its ClientHello} */
    public List<Extension> extraClientHelloExtensions() { return extraClientHelloExtensions; }
    /** {@return the largest handshake message accepted, in bytes} */
    public int maxHandshakeMessage() { return maxHandshakeMessage; }

    /** Collects the fields of a {@link DtlsConfig}; each setter names its default. */
    public static final class Builder {
        private DtlsCertificate certificate;
        private Fingerprint expectedPeerFingerprint;
        private SecureRandom random;
        private int mtu = 1200;
        private Duration initialRetransmitTimeout = Duration.ofSeconds(1);
        private Duration maxRetransmitTimeout = Duration.ofSeconds(60);
        private Duration handshakeTimeout = Duration.ofSeconds(120);
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
        private List<NamedGroup> groups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<SignatureScheme> signatureSchemes = List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
                SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384);
        private List<SrtpProfile> srtpProfiles = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        private boolean helloVerifyRequest;
        private boolean extendedMasterSecret = true;
        private boolean requireClientCertificate = true;
        private Consumer<String> keyLog;
        private List<Extension> extraClientHelloExtensions = List.of();
        private int maxHandshakeMessage = 65536;

        private Builder() {
        }

        /**
         * Our certificate and key. Required (no default: making one needs the wall-clock time).
         *
         * @param c the certificate chain and private key
         * @return this builder
         */
        public Builder certificate(DtlsCertificate c) { this.certificate = c; return this; }
        /**
         * The fingerprint the peer's certificate must have (from SDP). Default {@code null}: any is accepted.
         *
         * @param f the fingerprint, or {@code null}
         * @return this builder
         */
        public Builder expectedPeerFingerprint(Fingerprint f) { this.expectedPeerFingerprint = f; return this; }
        /**
         * Randomness for randoms, ephemeral keys, cookies and signatures (seed it in tests). Required.
         *
         * @param r the randomness
         * @return this builder
         */
        public Builder random(SecureRandom r) { this.random = Objects.requireNonNull(r); return this; }
        /**
         * The largest datagram sent, 256 to 65507 bytes. Default 1200.
         *
         * @param m the MTU in bytes
         * @return this builder
         */
        public Builder mtu(int m) { this.mtu = m; return this; }
        /**
         * The first retransmission timeout of a flight; it doubles on every retransmission. Default 1 s.
         *
         * @param d the first timeout
         * @return this builder
         */
        public Builder initialRetransmitTimeout(Duration d) { this.initialRetransmitTimeout = d; return this; }
        /**
         * The cap of the doubling retransmission timeout. Default 60 s.
         *
         * @param d the cap
         * @return this builder
         */
        public Builder maxRetransmitTimeout(Duration d) { this.maxRetransmitTimeout = d; return this; }
        /**
         * Total time allowed for the handshake before the endpoint gives up. Default 120 s.
         *
         * @param d the total handshake time
         * @return this builder
         */
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = d; return this; }
        /**
         * Offered (client) or accepted (server) suites, in preference order. Default: the three ECDSA
         * suites (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305), then the same three with RSA.
         *
         * @param s the suites, most preferred first
         * @return this builder
         */
        public Builder cipherSuites(List<CipherSuite> s) { this.cipherSuites = s; return this; }
        /**
         * Like {@link #cipherSuites(List)}.
         *
         * @param s the suites, most preferred first
         * @return this builder
         */
        public Builder cipherSuites(CipherSuite... s) { return cipherSuites(List.of(s)); }
        /**
         * Key-exchange groups in preference order. Default X25519, secp256r1, secp384r1.
         *
         * @param g the groups, most preferred first
         * @return this builder
         */
        public Builder groups(List<NamedGroup> g) { this.groups = g; return this; }
        /**
         * Like {@link #groups(List)}.
         *
         * @param g the groups, most preferred first
         * @return this builder
         */
        public Builder groups(NamedGroup... g) { return groups(List.of(g)); }
        /**
         * Signature schemes in preference order. Default ECDSA P-256/SHA-256, P-384/SHA-384, RSA-PSS
         * SHA-256/384, RSA PKCS#1 SHA-256/384.
         *
         * @param s the schemes, most preferred first
         * @return this builder
         */
        public Builder signatureSchemes(List<SignatureScheme> s) { this.signatureSchemes = s; return this; }
        /**
         * Like {@link #signatureSchemes(List)}.
         *
         * @param s the schemes, most preferred first
         * @return this builder
         */
        public Builder signatureSchemes(SignatureScheme... s) { return signatureSchemes(List.of(s)); }
        /**
         * use_srtp profiles in preference order; empty disables use_srtp. Default AEAD_AES_128_GCM,
         * AEAD_AES_256_GCM, AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32.
         *
         * @param p the profiles, most preferred first
         * @return this builder
         */
        public Builder srtpProfiles(List<SrtpProfile> p) { this.srtpProfiles = p; return this; }
        /**
         * Like {@link #srtpProfiles(List)}.
         *
         * @param p the profiles, most preferred first
         * @return this builder
         */
        public Builder srtpProfiles(SrtpProfile... p) { return srtpProfiles(List.of(p)); }
        /**
         * Server: answer a ClientHello without a valid cookie with a HelloVerifyRequest (RFC 6347
         * §4.2.1) and keep no state for it. Default off.
         *
         * @param b whether to require cookies
         * @return this builder
         */
        public Builder helloVerifyRequest(boolean b) { this.helloVerifyRequest = b; return this; }
        /**
         * Offer (client) or accept (server) extended_master_secret (RFC 7627). Default on.
         *
         * @param b whether to use extended_master_secret
         * @return this builder
         */
        public Builder extendedMasterSecret(boolean b) { this.extendedMasterSecret = b; return this; }
        /**
         * Server: ask for a client certificate and fail the handshake without one (WebRTC). Default on.
         *
         * @param b whether to require a client certificate
         * @return this builder
         */
        public Builder requireClientCertificate(boolean b) { this.requireClientCertificate = b; return this; }
        /**
         * Receives SSLKEYLOGFILE lines ({@code CLIENT_RANDOM <random> <master secret>}). Default none.
         *
         * @param k the line consumer, or {@code null}
         * @return this builder
         */
        public Builder keyLog(Consumer<String> k) { this.keyLog = k; return this; }
        /**
         * Client: extra ClientHello extensions (unknown ones are ignored by servers). Default none.
         *
         * @param e the extensions
         * @return this builder
         */
        public Builder extraClientHelloExtensions(List<Extension> e) { this.extraClientHelloExtensions = e; return this; }
        /**
         * Largest handshake message accepted (bounds reassembly memory). Default 65536 bytes.
         *
         * @param n the limit in bytes
         * @return this builder
         */
        public Builder maxHandshakeMessage(int n) { this.maxHandshakeMessage = n; return this; }

        /**
         * The configuration.
         *
         * @return the configuration
         * @throws IllegalStateException without a certificate or randomness
         * @throws IllegalArgumentException for an MTU out of range or empty suites, groups or schemes
         */
        public DtlsConfig build() {
            return new DtlsConfig(this);
        }
    }
}
