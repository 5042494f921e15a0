package io.jrtc.dtls;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class VectorsTest {
    static final Map<String, byte[]> V = TestVectors.named(VectorsTest.class, "vectors.txt");

    @Test
    void prfSha256() {
        byte[] out = Prf.compute("HmacSHA256", V.get("prf_sha256_secret"), "test label", V.get("prf_sha256_seed"), 100);
        assertEquals(Hex.encode(V.get("prf_sha256_output")), Hex.encode(out));
    }

    private static PrivateKey x25519(byte[] scalar) throws Exception {
        return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    }

    @Test
    void x25519Rfc7748() throws Exception {
        byte[] ab = NamedGroup.X25519.agree(x25519(V.get("x25519_alice_private")), V.get("x25519_bob_public"));
        byte[] ba = NamedGroup.X25519.agree(x25519(V.get("x25519_bob_private")), V.get("x25519_alice_public"));
        assertEquals(Hex.encode(V.get("x25519_shared")), Hex.encode(ab));
        assertEquals(Hex.encode(V.get("x25519_shared")), Hex.encode(ba));
    }

    @Test
    void srtpKeyLayoutRfc5764() {
        byte[] m = new byte[60];
        for (int i = 0; i < m.length; i++) m[i] = (byte) i;
        SrtpKeyingMaterial k = SrtpKeyingMaterial.split(SrtpProfile.AES_CM_128_HMAC_SHA1_80, m);
        // RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key | client salt | server salt
        assertEquals(0, k.clientKey().get(0));
        assertEquals(16, k.serverKey().get(0));
        assertEquals(32, k.clientSalt().get(0));
        assertEquals(46, k.serverSalt().get(0));
        assertEquals(14, k.serverSalt().length());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength());
    }
}
