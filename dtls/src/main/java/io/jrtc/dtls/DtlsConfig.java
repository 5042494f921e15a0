package io.jrtc.dtls;

import io.jrtc.core.SrtpProfile;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link DtlsEndpoint}. Build with {@link #builder()}; every field has a default
 * fit for WebRTC (ECDSA P-256 certificate, AES-128-GCM first, X25519 then P-256, MTU 1200, 1 s
 * initial retransmission timeout doubling up to 60 s, mutual authentication).
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
        this.random = b.random != null ? b.random : new SecureRandom();
        this.certificate = b.certificate != null ? b.certificate : DtlsCertificate.selfSignedEcdsa(this.random);
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

    public static Builder builder() {
        return new Builder();
    }

    public DtlsCertificate certificate() { return certificate; }
    public Fingerprint expectedPeerFingerprint() { return expectedPeerFingerprint; }
    public SecureRandom random() { return random; }
    public int mtu() { return mtu; }
    public Duration initialRetransmitTimeout() { return initialRetransmitTimeout; }
    public Duration maxRetransmitTimeout() { return maxRetransmitTimeout; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public List<CipherSuite> cipherSuites() { return cipherSuites; }
    public List<NamedGroup> groups() { return groups; }
    public List<SignatureScheme> signatureSchemes() { return signatureSchemes; }
    public List<SrtpProfile> srtpProfiles() { return srtpProfiles; }
    public boolean helloVerifyRequest() { return helloVerifyRequest; }
    public boolean extendedMasterSecret() { return extendedMasterSecret; }
    public boolean requireClientCertificate() { return requireClientCertificate; }
    public Consumer<String> keyLog() { return keyLog; }
    public List<Extension> extraClientHelloExtensions() { return extraClientHelloExtensions; }
    public int maxHandshakeMessage() { return maxHandshakeMessage; }

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

        /** Our certificate and key (default: a fresh self-signed ECDSA P-256). */
        public Builder certificate(DtlsCertificate c) { this.certificate = c; return this; }
        /** The fingerprint the peer's certificate must have (from SDP); null accepts any. */
        public Builder expectedPeerFingerprint(Fingerprint f) { this.expectedPeerFingerprint = f; return this; }
        /** Randomness for randoms, ephemeral keys, cookies and signatures (seed it in tests). */
        public Builder random(SecureRandom r) { this.random = Objects.requireNonNull(r); return this; }
        public Builder mtu(int m) { this.mtu = m; return this; }
        public Builder initialRetransmitTimeout(Duration d) { this.initialRetransmitTimeout = d; return this; }
        public Builder maxRetransmitTimeout(Duration d) { this.maxRetransmitTimeout = d; return this; }
        /** Total time allowed for the handshake before the endpoint gives up. */
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = d; return this; }
        /** Offered (client) or accepted (server) suites, in preference order. */
        public Builder cipherSuites(List<CipherSuite> s) { this.cipherSuites = s; return this; }
        public Builder cipherSuites(CipherSuite... s) { return cipherSuites(List.of(s)); }
        public Builder groups(List<NamedGroup> g) { this.groups = g; return this; }
        public Builder groups(NamedGroup... g) { return groups(List.of(g)); }
        public Builder signatureSchemes(List<SignatureScheme> s) { this.signatureSchemes = s; return this; }
        public Builder signatureSchemes(SignatureScheme... s) { return signatureSchemes(List.of(s)); }
        /** use_srtp profiles in preference order; empty disables use_srtp. */
        public Builder srtpProfiles(List<SrtpProfile> p) { this.srtpProfiles = p; return this; }
        public Builder srtpProfiles(SrtpProfile... p) { return srtpProfiles(List.of(p)); }
        /** Server: answer a ClientHello without a valid cookie with a HelloVerifyRequest. */
        public Builder helloVerifyRequest(boolean b) { this.helloVerifyRequest = b; return this; }
        public Builder extendedMasterSecret(boolean b) { this.extendedMasterSecret = b; return this; }
        /** Server: ask for a client certificate and fail the handshake without one (WebRTC). */
        public Builder requireClientCertificate(boolean b) { this.requireClientCertificate = b; return this; }
        /** Receives SSLKEYLOGFILE lines ({@code CLIENT_RANDOM <random> <master secret>}). */
        public Builder keyLog(Consumer<String> k) { this.keyLog = k; return this; }
        /** Client: extra ClientHello extensions (unknown ones are ignored by servers). */
        public Builder extraClientHelloExtensions(List<Extension> e) { this.extraClientHelloExtensions = e; return this; }
        /** Largest handshake message accepted (bounds reassembly memory). */
        public Builder maxHandshakeMessage(int n) { this.maxHandshakeMessage = n; return this; }

        public DtlsConfig build() {
            return new DtlsConfig(this);
        }
    }
}
