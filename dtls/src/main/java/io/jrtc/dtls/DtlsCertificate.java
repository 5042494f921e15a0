package io.jrtc.dtls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A certificate chain and its private key. WebRTC uses self-signed certificates authenticated by the
 * fingerprint carried in SDP; {@link #selfSignedEcdsa} (P-256, the default) and {@link #selfSignedRsa}
 * (RSA-2048) make one with Bouncy Castle's certificate builder.
 */
public final class DtlsCertificate {
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;

    /**
     * A certificate chain and the private key of its leaf (for a certificate made elsewhere).
     *
     * @param chain the chain, leaf first, not empty
     * @param privateKey the leaf's private key (EC P-256/P-384 or RSA)
     */
    public DtlsCertificate(List<X509Certificate> chain, PrivateKey privateKey) {
        if (chain.isEmpty()) throw new IllegalArgumentException("empty chain");
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
    }

    /**
     * A self-signed ECDSA P-256 certificate (subject {@code CN=jrtc}, a random 64-bit serial) valid
     * from a day before {@code now} until 30 days after it. Certificates are made once per peer
     * connection, outside the engines; the caller passes the wall-clock time (the only clock a
     * certificate knows; a fixed instant in tests) and the randomness for the key, serial and
     * signature.
     *
     * @param random the randomness for the key pair, the serial number and the signature
     * @param now the wall-clock time the validity period is centred on
     * @return the certificate and its private key
     */
    public static DtlsCertificate selfSignedEcdsa(SecureRandom random, Instant now) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return selfSigned(g.generateKeyPair(), "SHA256withECDSA", random, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #selfSignedEcdsa(SecureRandom, Instant)}, with an RSA-2048 key.
     *
     * @param random the randomness for the key pair, the serial number and the signature
     * @param now the wall-clock time the validity period is centred on
     * @return the certificate and its private key
     */
    public static DtlsCertificate selfSignedRsa(SecureRandom random, Instant now) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, random);
            return selfSigned(g.generateKeyPair(), "SHA256withRSA", random, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DtlsCertificate selfSigned(KeyPair kp, String sigAlg, SecureRandom random, Instant now) {
        try {
            X500Name name = new X500Name("CN=jrtc");
            byte[] serial = new byte[8];
            random.nextBytes(serial);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder(sigAlg).setSecureRandom(random).build(kp.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            return new DtlsCertificate(List.of(cert), kp.getPrivate());
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot build certificate", e);
        }
    }

    /** {@return the chain, leaf first} */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** {@return the certificate the peer checks against its SDP fingerprint} */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** {@return the leaf's private key} */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** {@return "EC" or "RSA"} */
    public String keyAlgorithm() {
        return privateKey.getAlgorithm();
    }

    /**
     * The SDP fingerprint of the leaf (RFC 8122 §5).
     *
     * @param algorithm "sha-256", "sha-384" or "sha-512"
     * @return the fingerprint
     */
    public Fingerprint fingerprint(String algorithm) {
        return Fingerprint.of(leaf(), algorithm);
    }

    /** {@return the leaf's sha-256 fingerprint, what browsers put in SDP} */
    public Fingerprint fingerprint() {
        return fingerprint("sha-256");
    }

    /** {@return the chain in PEM (for OpenSSL's -cert)} */
    public String certificatePem() {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                sb.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    /** {@return the private key in PKCS#8 PEM (for OpenSSL's -key)} */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
