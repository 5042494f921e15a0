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
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA", true, null),
    ECDSA_SECP384R1_SHA384(0x0503, "SHA384withECDSA", true, null),
    RSA_PSS_RSAE_SHA256(0x0804, "RSASSA-PSS", false, new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)),
    RSA_PSS_RSAE_SHA384(0x0805, "RSASSA-PSS", false, new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)),
    RSA_PKCS1_SHA256(0x0401, "SHA256withRSA", false, null),
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

    public int id() {
        return id;
    }

    public boolean ecdsa() {
        return ecdsa;
    }

    /** True when the scheme fits a key of this algorithm ("EC" or "RSA"). */
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

    public static SignatureScheme byId(int id) {
        for (SignatureScheme s : values()) {
            if (s.id == id) return s;
        }
        return null;
    }
}
