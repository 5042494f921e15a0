package io.jrtc.core.crypto;

import io.jrtc.core.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AesGcm} against the test vectors of the GCM specification (McGrew and Viega, "The
 * Galois/Counter Mode of Operation (GCM)", revised 2005, Appendix B, the vectors NIST SP 800-38D
 * points to), typed in from the published values: every case with a 96-bit IV (test cases 1 to 4
 * with AES-128, 13 to 16 with AES-256; cases 5, 6, 11, 12, 17, 18 use other IV lengths, which this
 * class does not support, and 7 to 12 are AES-192, which neither SRTP nor DTLS uses). Each runs with
 * every GHASH implementation.
 */
class AesGcmVectorsTest {
    record Vector(String name, String key, String iv, String plaintext, String aad, String ciphertext, String tag) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String P64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String P60 = P64.substring(0, 120);
    private static final String K128 = "feffe9928665731c6d6a8f9467308308";
    private static final String IV = "cafebabefacedbaddecaf888";
    private static final String AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    static final List<Vector> VECTORS = List.of(
            new Vector("test case 1", "00000000000000000000000000000000", "000000000000000000000000", "", "",
                    "", "58e2fccefa7e3061367f1d57a4e7455a"),
            new Vector("test case 2", "00000000000000000000000000000000", "000000000000000000000000",
                    "00000000000000000000000000000000", "",
                    "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"),
            new Vector("test case 3", K128, IV, P64, "",
                    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                    "4d5c2af327cd64a62cf35abd2ba6fab4"),
            new Vector("test case 4", K128, IV, P60, AAD,
                    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                    "5bc94fbc3221a5db94fae95ae7121a47"),
            new Vector("test case 13", "0000000000000000000000000000000000000000000000000000000000000000",
                    "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
            new Vector("test case 14", "0000000000000000000000000000000000000000000000000000000000000000",
                    "000000000000000000000000", "00000000000000000000000000000000", "",
                    "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
            new Vector("test case 15", K128 + K128, IV, P64, "",
                    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
                    "b094dac5d93471bdec1a502270e3cc6c"),
            new Vector("test case 16", K128 + K128, IV, P60, AAD,
                    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                    "76fc6ece0f4e1768cddf8853bb2d551b"));

    /** The GHASH kinds this JVM can run: all three under the build's --add-opens. */
    static List<AesGcm.Hash> kinds() {
        List<AesGcm.Hash> kinds = new ArrayList<>(List.of(AesGcm.Hash.TABLES, AesGcm.Hash.COMPACT));
        if (AesGcm.jdkGhashAvailable()) {
            kinds.add(AesGcm.Hash.JDK);
        }
        return kinds;
    }

    static Stream<Arguments> cases() {
        return VECTORS.stream().flatMap(v -> kinds().stream().map(k -> Arguments.of(v, k)));
    }

    @Test
    void theBuildRunsTheJdkGhash() {
        // surefire opens java.base/com.sun.crypto.provider (root pom), so the JDK kind is covered here;
        // JdkGhashWithoutOpensCheck covers the other JVM
        assertTrue(AesGcm.jdkGhashAvailable(), AesGcm.jdkGhashUnavailableReason());
        assertEquals(AesGcm.Hash.JDK, AesGcm.Hash.best());
        assertEquals(3, kinds().size());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void seal(Vector v, AesGcm.Hash kind) {
        byte[] p = Hex.decode(v.plaintext);
        byte[] a = Hex.decode(v.aad);
        byte[] out = new byte[p.length + AesGcm.TAG];
        new AesGcm(Hex.decode(v.key), kind).seal(Hex.decode(v.iv), a, 0, a.length, null, 0, 0, p, 0, p.length, out, 0);
        assertEquals(v.ciphertext + v.tag, Hex.encode(out));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void open(Vector v, AesGcm.Hash kind) {
        byte[] in = Hex.decode(v.ciphertext + v.tag);
        byte[] a = Hex.decode(v.aad);
        byte[] out = new byte[in.length - AesGcm.TAG];
        assertTrue(new AesGcm(Hex.decode(v.key), kind).open(Hex.decode(v.iv), a, 0, a.length, null, 0, 0, in, 0, in.length, out, 0));
        assertEquals(v.plaintext, Hex.encode(out));
    }

    /** Any flipped bit of ciphertext, tag or AAD fails the tag check, and nothing is written. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void everyFlippedBitIsRejected(Vector v, AesGcm.Hash kind) {
        AesGcm gcm = new AesGcm(Hex.decode(v.key), kind);
        byte[] iv = Hex.decode(v.iv);
        byte[] good = Hex.decode(v.ciphertext + v.tag);
        byte[] aad = Hex.decode(v.aad);
        int rejected = 0;
        for (int bit = 0; bit < 8 * (good.length + aad.length); bit++) {
            byte[] in = good.clone();
            byte[] a = aad.clone();
            if (bit < 8 * in.length) {
                in[bit >>> 3] ^= (byte) (1 << (bit & 7));
            } else {
                int b = bit - 8 * in.length;
                a[b >>> 3] ^= (byte) (1 << (b & 7));
            }
            byte[] out = new byte[in.length];
            Arrays.fill(out, (byte) 0x5a);
            assertFalse(gcm.open(iv, a, 0, a.length, null, 0, 0, in, 0, in.length, out, 0), "bit " + bit);
            for (byte o : out) {
                assertEquals((byte) 0x5a, o, "a rejected message wrote nothing");
            }
            rejected++;
        }
        assertEquals(8 * (good.length + aad.length), rejected);
        byte[] wrongIv = iv.clone();
        wrongIv[11] ^= 1;
        assertFalse(gcm.open(wrongIv, aad, 0, aad.length, null, 0, 0, good, 0, good.length, new byte[good.length], 0));
        // and the good one still opens with the same instance
        assertTrue(gcm.open(iv, aad, 0, aad.length, null, 0, 0, good, 0, good.length, new byte[good.length], 0));
    }

    /** The AAD given in two ranges, split at every position, is the same AAD. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void aadInTwoRanges(Vector v, AesGcm.Hash kind) {
        byte[] aad = Hex.decode(v.aad);
        byte[] p = Hex.decode(v.plaintext);
        byte[] iv = Hex.decode(v.iv);
        AesGcm gcm = new AesGcm(Hex.decode(v.key), kind);
        for (int split = 0; split <= aad.length; split++) {
            byte[] first = Arrays.copyOfRange(aad, 0, split);
            byte[] second = new byte[3 + aad.length - split]; // the second range at an offset inside a larger array
            System.arraycopy(aad, split, second, 3, aad.length - split);
            byte[] out = new byte[p.length + AesGcm.TAG];
            gcm.seal(iv, first, 0, first.length, second, 3, aad.length - split, p, 0, p.length, out, 0);
            assertEquals(v.ciphertext + v.tag, Hex.encode(out), "split at " + split);
        }
    }

    /** Sealing in place, at an offset, gives the same bytes. */
    @Test
    void inPlaceAtAnOffset() {
        Vector v = VECTORS.get(3);
        byte[] p = Hex.decode(v.plaintext);
        byte[] a = Hex.decode(v.aad);
        byte[] buf = new byte[7 + p.length + AesGcm.TAG];
        System.arraycopy(p, 0, buf, 7, p.length);
        AesGcm gcm = new AesGcm(Hex.decode(v.key), AesGcm.Hash.best());
        gcm.seal(Hex.decode(v.iv), a, 0, a.length, null, 0, 0, buf, 7, p.length, buf, 7);
        assertEquals(v.ciphertext + v.tag, Hex.encode(buf, 7, p.length + AesGcm.TAG));
        assertTrue(gcm.open(Hex.decode(v.iv), a, 0, a.length, null, 0, 0, buf, 7, p.length + AesGcm.TAG, buf, 7));
        assertEquals(v.plaintext, Hex.encode(buf, 7, p.length));
    }

    @Test
    void shorterThanATagIsRejected() {
        AesGcm gcm = new AesGcm(new byte[16], AesGcm.Hash.TABLES);
        assertFalse(gcm.open(new byte[12], new byte[0], 0, 0, null, 0, 0, new byte[15], 0, 15, new byte[15], 0));
    }

    @Test
    void tableSizes() {
        assertEquals(64 * 1024, new AesGcm(new byte[16], AesGcm.Hash.TABLES).tableBytes());
        assertEquals(4 * 1024, new AesGcm(new byte[16], AesGcm.Hash.COMPACT).tableBytes());
        assertEquals(512, AesGcm.sharedTableBytes());
    }

    @Test
    void aKeyOfAnotherLengthIsRefused() {
        assertThrows(IllegalStateException.class, () -> new AesGcm(new byte[15], AesGcm.Hash.TABLES));
    }
}
