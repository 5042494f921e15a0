package io.jrtc.srtp;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jrtc's own AES-GCM (reused ECB cipher for the counter blocks; GHASH by the JDK's GHASH class or
 * by tables) against the JDK's {@code AES/GCM/NoPadding} on random keys (128 and 256 bits), IVs, AAD in one or two ranges
 * and plaintexts of any length (empty, not a multiple of 16, more than one 2 KiB keystream chunk).
 * jqwik properties only; the JUnit cases are in {@link GcmTest} (one test engine per class, so the
 * two never write the same report file).
 */
class GcmProperties {

    @Provide
    Arbitrary<byte[]> key() {
        return Arbitraries.of(16, 32).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }

    @Provide
    Arbitrary<byte[]> iv() {
        return Arbitraries.bytes().array(byte[].class).ofSize(12);
    }

    @Provide
    Arbitrary<byte[]> aad() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(70);
    }

    @Provide
    Arbitrary<byte[]> text() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(5000));
    }

    @Provide
    Arbitrary<GcmImplementation> own() {
        return Arbitraries.of(GcmImplementation.JDK_GHASH, GcmImplementation.JAVA_TABLES, GcmImplementation.JAVA_COMPACT);
    }

    static byte[] jdkSeal(byte[] key, byte[] iv, byte[] aad, byte[] text) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(text);
    }

    @Property(tries = 400)
    void sealEqualsTheJdksAndOpensBack(@ForAll("key") byte[] key, @ForAll("iv") byte[] iv, @ForAll("aad") byte[] aad,
                                       @ForAll("text") byte[] text, @ForAll @IntRange(min = 0, max = 70) int split,
                                       @ForAll("own") GcmImplementation impl) throws Exception {
        byte[] expected = jdkSeal(key, iv, aad, text);
        AesGcmTransform t = new AesGcmTransform(key, new byte[12], impl);
        t.setIv(iv);
        int a = Math.min(split, aad.length);
        byte[] out = new byte[3 + text.length + 16];
        t.seal(aad, 0, a, aad, a, aad.length - a, text, 0, text.length, out, 3);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, out.length));

        byte[] back = new byte[text.length];
        assertTrue(t.open(aad, 0, a, aad, a, aad.length - a, out, 3, text.length + 16, back, 0));
        assertArrayEquals(text, back);

        // in place, as SrtpContext uses it
        byte[] inPlace = Arrays.copyOf(expected, expected.length);
        assertTrue(t.open(aad, 0, aad.length, null, 0, 0, inPlace, 0, inPlace.length, inPlace, 0));
        assertArrayEquals(text, Arrays.copyOf(inPlace, text.length));
    }

    @Property(tries = 200)
    void anyFlippedBitFailsAndWritesNothing(@ForAll("key") byte[] key, @ForAll("iv") byte[] iv, @ForAll("aad") byte[] aad,
                                            @ForAll("text") byte[] text, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                            @ForAll("own") GcmImplementation impl) throws Exception {
        byte[] sealed = jdkSeal(key, iv, aad, text);
        AesGcmTransform t = new AesGcmTransform(key, new byte[12], impl);
        t.setIv(iv);
        int bits = (aad.length + sealed.length) * 8;
        int bit = where % bits;
        if (bit < aad.length * 8) {
            aad[bit / 8] ^= (byte) (1 << (bit % 8));
        } else {
            bit -= aad.length * 8;
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        byte[] before = sealed.clone();
        assertFalse(t.open(aad, 0, aad.length, null, 0, 0, sealed, 0, sealed.length, sealed, 0));
        assertArrayEquals(before, sealed);
    }
}
