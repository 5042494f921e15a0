package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same library in a JVM started without {@code --add-opens java.base/com.sun.crypto.provider}
 * (a surefire execution of its own in this module's pom, since the default one opens it): the JDK's
 * GHASH is unreachable, {@code AUTO} falls back to the JDK's cipher, asking for {@code JDK_GHASH}
 * fails at once with the fix in the message, and the packets are still right.
 */
class GcmWithoutOpensCheck {

    @Test
    void autoFallsBackToTheJdkCipher() {
        String reason = GcmImplementation.jdkGhashUnavailableReason();
        assertTrue(reason != null && reason.contains("--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED"), reason);
        assertEquals(GcmImplementation.JDK, GcmImplementation.AUTO.resolve());

        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        SrtpContext auto = SrtpContext.create(SrtpProfile.AEAD_AES_128_GCM, key, salt);
        assertEquals(GcmImplementation.JDK, auto.gcmImplementation());
        SrtpContext tables = SrtpContext.create(SrtpProfile.AEAD_AES_128_GCM, key, salt,
                SrtpConfig.defaults().withGcm(GcmImplementation.JAVA_TABLES));
        byte[] a = new byte[200];
        a[0] = (byte) 0x80;
        byte[] b = a.clone();
        assertEquals(a.length, auto.protectRtp(a, 0, 184));
        assertEquals(b.length, tables.protectRtp(b, 0, 184));
        assertArrayEquals(a, b);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SrtpContext.create(
                SrtpProfile.AEAD_AES_128_GCM, key, salt, SrtpConfig.defaults().withGcm(GcmImplementation.JDK_GHASH)));
        assertTrue(e.getMessage().contains("--add-opens"), e.getMessage());
    }
}
