package io.jrtc.core.crypto;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AesGcm} agrees with the JDK's {@code AES/GCM/NoPadding} for random keys, IVs, AAD and
 * lengths, including texts longer than one keystream chunk (2 KiB) and lengths that are not a
 * multiple of 16, with every GHASH implementation; one instance reused for many messages of
 * different sizes (its buffers grow) stays right.
 */
class AesGcmProperties {
    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.bytes().array(byte[].class).ofSize(32));
    }

    @Provide
    Arbitrary<AesGcm.Hash> kinds() {
        return Arbitraries.of(AesGcmVectorsTest.kinds());
    }

    static byte[] jdk(byte[] key, byte[] iv, byte[] aad, byte[] text, int mode) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(text);
    }

    @Property(tries = 300)
    void sameAsTheJdkCipher(@ForAll("keys") byte[] key, @ForAll @Size(12) byte[] iv, @ForAll @Size(max = 70) byte[] aad,
                            @ForAll @IntRange(max = 70) int split, @ForAll @IntRange(max = 5000) int length,
                            @ForAll("kinds") AesGcm.Hash kind) throws Exception {
        byte[] text = new byte[length];
        new java.util.SplittableRandom(length * 31L + key[0]).nextBytes(text);
        int s = Math.min(split, aad.length);
        byte[] expected = jdk(key, iv, aad, text, Cipher.ENCRYPT_MODE);
        AesGcm gcm = new AesGcm(key, kind);
        byte[] sealed = new byte[length + AesGcm.TAG];
        gcm.seal(iv, aad, 0, s, aad, s, aad.length - s, text, 0, length, sealed, 0);
        assertArrayEquals(expected, sealed);
        byte[] opened = new byte[length];
        assertTrue(gcm.open(iv, aad, 0, aad.length, null, 0, 0, sealed, 0, sealed.length, opened, 0));
        assertArrayEquals(text, opened);
        sealed[sealed.length - 1] ^= 1;
        assertFalse(gcm.open(iv, aad, 0, aad.length, null, 0, 0, sealed, 0, sealed.length, opened, 0));
    }

    /** One instance, messages growing and shrinking: each one still equals the JDK's. */
    @Property(tries = 20)
    void oneInstanceManySizes(@ForAll("keys") byte[] key, @ForAll("kinds") AesGcm.Hash kind,
                              @ForAll @Size(min = 5, max = 12) java.util.List<@IntRange(max = 4200) Integer> lengths) throws Exception {
        AesGcm gcm = new AesGcm(key, kind);
        byte[] iv = new byte[12];
        byte[] aad = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int n = 0;
        for (int length : lengths) {
            iv[11] = (byte) n++;
            byte[] text = new byte[length];
            java.util.Arrays.fill(text, (byte) length);
            byte[] sealed = new byte[length + AesGcm.TAG];
            gcm.seal(iv, aad, 0, aad.length, null, 0, 0, text, 0, length, sealed, 0);
            assertArrayEquals(jdk(key, iv, aad, text, Cipher.ENCRYPT_MODE), sealed, "length " + length);
            byte[] opened = new byte[length];
            assertTrue(gcm.open(iv, aad, 0, aad.length, null, 0, 0, sealed, 0, sealed.length, opened, 0));
            assertArrayEquals(text, opened);
        }
    }
}
