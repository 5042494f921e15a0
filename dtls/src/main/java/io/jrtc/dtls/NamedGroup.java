package io.jrtc.dtls;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/** supported_groups entries for ECDHE: X25519 (JDK "XDH") and the NIST curves (JDK "ECDH"). */
public enum NamedGroup {
    /** X25519 (RFC 7748), code point 29. */
    X25519(29, null, 32),
    /** NIST P-256, code point 23. */
    SECP256R1(23, "secp256r1", 32),
    /** NIST P-384, code point 24. */
    SECP384R1(24, "secp384r1", 48);

    /** DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] X25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};

    private final int id;
    private final String curve;
    private final int fieldLength;

    NamedGroup(int id, String curve, int fieldLength) {
        this.id = id;
        this.curve = curve;
        this.fieldLength = fieldLength;
    }

    /** {@return the code point} */
    public int id() {
        return id;
    }

    /**
     * The group with this code point.
     *
     * @param id the code point
     * @return the group, or {@code null} when jrtc does not support it
     */
    public static NamedGroup byId(int id) {
        for (NamedGroup g : values()) {
            if (g.id == id) return g;
        }
        return null;
    }

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        if (curve == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
            g.initialize(NamedParameterSpec.X25519, random);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), random);
        return g.generateKeyPair();
    }

    /** The public key as it goes on the wire: 32 raw bytes for X25519, an uncompressed point otherwise. */
    byte[] encodePublic(PublicKey key) {
        if (curve == null) {
            byte[] spki = key.getEncoded();
            return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        }
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[1 + 2 * fieldLength];
        out[0] = 4;
        unsigned(w.getAffineX(), out, 1, fieldLength);
        unsigned(w.getAffineY(), out, 1 + fieldLength, fieldLength);
        return out;
    }

    /** The ECDH shared secret with the peer's wire-format public key (rejects malformed or invalid points). */
    byte[] agree(PrivateKey mine, byte[] peer) throws GeneralSecurityException {
        PublicKey pub;
        KeyAgreement ka;
        if (curve == null) {
            if (peer.length != 32) throw new GeneralSecurityException("X25519 key share must be 32 bytes, got " + peer.length);
            byte[] spki = Arrays.copyOf(X25519_SPKI_PREFIX, X25519_SPKI_PREFIX.length + 32);
            System.arraycopy(peer, 0, spki, X25519_SPKI_PREFIX.length, 32);
            pub = KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(spki));
            ka = KeyAgreement.getInstance("XDH");
        } else {
            if (peer.length != 1 + 2 * fieldLength || peer[0] != 4) {
                throw new GeneralSecurityException(name() + " key share must be an uncompressed point of " + (1 + 2 * fieldLength) + " bytes");
            }
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(peer, 1, 1 + fieldLength));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(peer, 1 + fieldLength, peer.length));
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
            ka = KeyAgreement.getInstance("ECDH");
        }
        ka.init(mine);
        ka.doPhase(pub, true);
        byte[] secret = ka.generateSecret();
        boolean allZero = true;
        for (byte b : secret) allZero &= b == 0;
        if (allZero) throw new GeneralSecurityException("all-zero ECDH shared secret");
        return secret;
    }

    private static void unsigned(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int copy = Math.min(b.length, len);
        System.arraycopy(b, b.length - copy, out, off + len - copy, copy);
    }
}
