package io.jrtc.srtp;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 3711 Appendix B.2/B.3 and RFC 7714 §16/§17 test vectors, kept in test resources. */
class SrtpVectorsTest {
    private static final Map<String, byte[]> B2 = TestVectors.named(SrtpVectorsTest.class, "rfc3711-b2-keystream.txt");
    private static final Map<String, byte[]> B3 = TestVectors.named(SrtpVectorsTest.class, "rfc3711-b3-kdf.txt");
    private static final Map<String, byte[]> GCM = TestVectors.named(SrtpVectorsTest.class, "rfc7714-vectors.txt");

    private static byte[] slice(byte[] b, int from, int len) {
        return Arrays.copyOfRange(b, from, from + len);
    }

    @Test
    void rfc3711B2KeystreamThroughThePacketPath() {
        // The per-packet AES-CM path (reused ECB cipher, counter blocks in a buffer) over 0xFF02 blocks
        // of zeros: SSRC 0 and index 0 make the IV exactly the RFC's offset.
        AesCmHmacTransform cm = new AesCmHmacTransform(B2.get("session_key"), B2.get("session_salt"), null);
        byte[] iv = new byte[16];
        cm.iv(0, 0, iv);
        assertArrayEquals(B2.get("offset"), iv);
        byte[] zeros = new byte[0xFF02 * 16];
        cm.crypt(zeros, 0, zeros, 0, zeros.length, 0, 0);
        for (String block : new String[] {"0000", "0001", "0002", "FEFF", "FF00", "FF01"}) {
            int n = Integer.parseInt(block, 16);
            assertEquals(Hex.encode(B2.get("block_" + block)), Hex.encode(zeros, n * 16, 16), "block " + block);
        }
    }

    @Test
    void rfc3711B2KeystreamThroughTheKdfPrf() {
        byte[] ks = SrtpKdf.AesCm.keystream(B2.get("session_key"), B2.get("offset"), 0xFF02 * 16);
        assertArrayEquals(B2.get("block_0000"), slice(ks, 0, 16));
        assertArrayEquals(B2.get("block_0002"), slice(ks, 32, 16));
        assertArrayEquals(B2.get("block_FF01"), slice(ks, 0xFF01 * 16, 16));
    }

    @Test
    void rfc3711B3KeyDerivation() {
        byte[] mk = B3.get("master_key");
        byte[] ms = B3.get("master_salt");
        assertArrayEquals(B3.get("cipher_key"), SrtpKdf.derive(mk, ms, SrtpKdf.LABEL_RTP_ENCRYPTION, 16));
        assertArrayEquals(B3.get("cipher_salt"), SrtpKdf.derive(mk, ms, SrtpKdf.LABEL_RTP_SALT, 14));
        byte[] auth = B3.get("auth_key");
        assertEquals(94, auth.length);
        assertArrayEquals(auth, SrtpKdf.derive(mk, ms, SrtpKdf.LABEL_RTP_AUTH, 94));

        SrtpSessionKeys keys = SrtpSessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, mk, ms);
        assertArrayEquals(B3.get("cipher_key"), keys.rtpKey().toByteArray());
        assertArrayEquals(B3.get("cipher_salt"), keys.rtpSalt().toByteArray());
        assertArrayEquals(slice(auth, 0, 20), keys.rtpAuthKey().toByteArray());
    }

    private static SrtpContext gcm(SrtpProfile p, GcmImplementation impl) {
        byte[] key = GCM.get(p == SrtpProfile.AEAD_AES_128_GCM ? "key_128" : "key_256");
        return SrtpContext.create(SrtpSessionKeys.direct(p, key, GCM.get("salt"), null), SrtpConfig.defaults().withGcm(impl));
    }

    @Test
    void rfc7714IvFormation() {
        AesGcmTransform t = new AesGcmTransform(GCM.get("key_128"), GCM.get("salt"), GcmImplementation.JAVA_TABLES);
        assertArrayEquals(GCM.get("rtp_iv"), t.rtpIv(0x5501a0b2, 0xf17b).clone());
        assertArrayEquals(GCM.get("rtcp_iv"), t.rtcpIv(0x4d617273, 0x5d4).clone());
    }

    @ParameterizedTest
    @EnumSource(GcmImplementation.class)
    void rfc7714Section16SrtpBothKeySizes(GcmImplementation impl) {
        for (SrtpProfile p : new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM}) {
            String suffix = p == SrtpProfile.AEAD_AES_128_GCM ? "_128" : "_256";
            byte[] rtp = GCM.get("rtp");
            byte[] expected = GCM.get("srtp" + suffix);
            byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
            assertEquals(expected.length, gcm(p, impl).protectRtp(buf, 0, rtp.length), p.name() + " " + impl);
            assertArrayEquals(expected, buf, p.name() + " " + impl);

            byte[] back = expected.clone();
            assertEquals(rtp.length, gcm(p, impl).unprotectRtp(back, 0, back.length), p.name() + " " + impl);
            assertArrayEquals(rtp, slice(back, 0, rtp.length), p.name() + " " + impl);
        }
    }

    @ParameterizedTest
    @EnumSource(GcmImplementation.class)
    void rfc7714Section17SrtcpBothKeySizes(GcmImplementation impl) {
        for (SrtpProfile p : new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM}) {
            String suffix = p == SrtpProfile.AEAD_AES_128_GCM ? "_128" : "_256";
            byte[] rtcp = GCM.get("rtcp");
            byte[] expected = GCM.get("srtcp" + suffix);
            SrtpContext tx = gcm(p, impl);
            tx.setNextSrtcpIndex(0x4d617273, 0x5d4);
            byte[] out = new byte[rtcp.length + 20];
            assertEquals(expected.length, tx.protectRtcp(rtcp, 0, rtcp.length, out, 0), p.name() + " " + impl);
            assertArrayEquals(expected, out, p.name() + " " + impl);

            byte[] back = new byte[rtcp.length];
            assertEquals(rtcp.length, gcm(p, impl).unprotectRtcp(expected, 0, expected.length, back, 0), p.name() + " " + impl);
            assertArrayEquals(rtcp, back, p.name() + " " + impl);
        }
    }
}
