package io.jrtc.dtls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** TLS 1.2 signature_algorithms entries (hash, signature) that jrtc signs and verifies with. */
public enum SignatureScheme {
    /** ECDSA on P-256 with SHA-256. */
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA", true, null),
    /** ECDSA on P-384 with SHA-384. */
    ECDSA_SECP384R1_SHA384(0x0503, "SHA384withECDSA", true, null),
    /** RSASSA-PSS with SHA-256 on an rsaEncryption key (RFC 8446 §4.2.3). */
    RSA_PSS_RSAE_SHA256(0x0804, "RSASSA-PSS", false, new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)),
    /** RSASSA-PSS with SHA-384 on an rsaEncryption key. */
    RSA_PSS_RSAE_SHA384(0x0805, "RSASSA-PSS", false, new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)),
    /** RSASSA-PKCS1-v1_5 with SHA-256. */
    RSA_PKCS1_SHA256(0x0401, "SHA256withRSA", false, null),
    /** RSASSA-PKCS1-v1_5 with SHA-384. */
    RSA_PKCS1_SHA384(0x0501, "SHA384withRSA", false, null);

    private final int id;
    private final String jca;
    private final boolean ecdsa;
    private final PSSParameterSpec pss;

    SignatureScheme(int id, String jca, boolean ecdsa, PSSParameterSpec pss) {
        this.id = id;
        this.jca = jca;
        this.ecdsa = ecdsa;
        this.pss = pss;
    }

    /** {@return the 16-bit code point} */
    public int id() {
        return id;
    }

    /** {@return whether it is an ECDSA scheme} */
    public boolean ecdsa() {
        return ecdsa;
    }

    /**
     * Whether the scheme can sign with a key of this algorithm.
     *
     * @param keyAlgorithm "EC" or "RSA"
     * @return true when it fits
     */
    public boolean fits(String keyAlgorithm) {
        return ecdsa ? "EC".equals(keyAlgorithm) : "RSA".equals(keyAlgorithm);
    }

    byte[] sign(PrivateKey key, SecureRandom random, byte[]... parts) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jca);
        if (pss != null) s.setParameter(pss);
        s.initSign(key, random);
        for (byte[] p : parts) s.update(p);
        return s.sign();
    }

    boolean verify(PublicKey key, byte[] signature, byte[]... parts) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jca);
        if (pss != null) s.setParameter(pss);
        s.initVerify(key);
        for (byte[] p : parts) s.update(p);
        return s.verify(signature);
    }

    /**
     * The scheme with this code point.
     *
     * @param id the code point
     * @return the scheme, or {@code null} when jrtc does not support it
     */
    public static SignatureScheme byId(int id) {
        for (SignatureScheme s : values()) {
            if (s.id == id) return s;
        }
        return null;
    }
}
