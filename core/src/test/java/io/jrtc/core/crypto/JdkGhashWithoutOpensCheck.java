package io.jrtc.core.crypto;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback when the JVM does not open {@code java.base/com.sun.crypto.provider} (a surefire
 * execution of its own in core's pom, without the root pom's {@code --add-opens}): the JDK's GHASH is
 * unavailable with the fix in the reason, the best kind is the pure-Java tables, asking for the JDK
 * kind fails at once, and the vectors still come out right.
 */
class JdkGhashWithoutOpensCheck {
    @Test
    void unavailableWithTheReasonAndTheTablesInstead() {
        assertEquals("closed", System.getProperty("jrtc.test.jvm"), "runs only in the execution without --add-opens");
        assertFalse(AesGcm.jdkGhashAvailable());
        String reason = AesGcm.jdkGhashUnavailableReason();
        assertNotNull(reason);
        assertTrue(reason.contains(JdkGhash.ADD_OPENS), reason);
        assertEquals(AesGcm.Hash.TABLES, AesGcm.Hash.best());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AesGcm(new byte[16], AesGcm.Hash.JDK));
        assertTrue(e.getMessage().contains("--add-opens"), e.getMessage());

        AesGcmVectorsTest.Vector v = AesGcmVectorsTest.VECTORS.get(3);
        byte[] p = io.jrtc.core.Hex.decode(v.plaintext());
        byte[] a = io.jrtc.core.Hex.decode(v.aad());
        byte[] out = new byte[p.length + AesGcm.TAG];
        new AesGcm(io.jrtc.core.Hex.decode(v.key()), AesGcm.Hash.best())
                .seal(io.jrtc.core.Hex.decode(v.iv()), a, 0, a.length, null, 0, 0, p, 0, p.length, out, 0);
        assertEquals(v.ciphertext() + v.tag(), io.jrtc.core.Hex.encode(out));
    }
}
