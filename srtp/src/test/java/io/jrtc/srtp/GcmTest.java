package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** AES-GCM implementations: table sizes, which one AUTO picks, and agreement with the JDK's cipher. */
class GcmTest {

    @Test
    void tableBytesPerKey() {
        byte[] key = new byte[16];
        assertEquals(65536, new AesGcmTransform(key, new byte[12], GcmImplementation.JAVA_TABLES).tableBytes());
        assertEquals(4096, new AesGcmTransform(key, new byte[12], GcmImplementation.JAVA_COMPACT).tableBytes());
        assertEquals(512, io.jrtc.core.crypto.AesGcm.sharedTableBytes());
        assertEquals(160, new AesGcmTransform(key, new byte[12], GcmImplementation.JDK_GHASH).tableBytes());
        assertEquals(0, new AesGcmTransform(key, new byte[12], GcmImplementation.JDK).tableBytes());
    }

    /**
     * The build runs tests with {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}
     * (root pom), so the JDK's GHASH must be reachable here and AUTO must pick it: otherwise CI would
     * silently test the fallback only.
     */
    @Test
    void autoPicksTheJdksGhashWhenOpened() {
        assertEquals(null, GcmImplementation.jdkGhashUnavailableReason());
        assertEquals(GcmImplementation.JDK_GHASH, GcmImplementation.AUTO.resolve());
        SrtpContext c = SrtpContext.create(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[12]);
        assertEquals(GcmImplementation.JDK_GHASH, c.gcmImplementation());
        assertEquals(null, SrtpContext.create(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[14])
                .gcmImplementation());
    }

    /** Every implementation, including the JDK's cipher, agrees with the others on random packets. */
    @ParameterizedTest
    @EnumSource(GcmImplementation.class)
    void implementationsAgree(GcmImplementation impl) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(0x6c3);
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[i % 2 == 0 ? 16 : 32];
            byte[] iv = new byte[12];
            byte[] aad = new byte[r.nextInt(40)];
            byte[] text = new byte[r.nextInt(1500)];
            r.nextBytes(key);
            r.nextBytes(iv);
            r.nextBytes(aad);
            r.nextBytes(text);
            AesGcmTransform t = new AesGcmTransform(key, new byte[12], impl);
            t.setIv(iv);
            byte[] out = new byte[text.length + 16];
            t.seal(aad, 0, aad.length, null, 0, 0, text, 0, text.length, out, 0);
            assertArrayEquals(GcmProperties.jdkSeal(key, iv, aad, text), out, impl + " packet " + i);
        }
    }
}
