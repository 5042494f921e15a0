package io.jrtc.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Bytes}: copies where it says copy, value equality, unsigned order, bounds. */
class BytesTest {
    @Test
    void ofCopiesTheArrayAndWrapDoesNot() {
        byte[] a = {1, 2, 3};
        Bytes copied = Bytes.of(a);
        Bytes wrapped = Bytes.wrap(a);
        a[0] = 9;
        assertEquals(1, copied.get(0), "of() took a copy");
        assertEquals(9, wrapped.get(0), "wrap() took ownership without copying");
    }

    @Test
    void toByteArrayIsAFreshCopy() {
        Bytes b = Bytes.of((byte) 1, (byte) 2);
        byte[] out = b.toByteArray();
        out[0] = 7;
        assertEquals(1, b.get(0));
        assertNotSame(b.toByteArray(), b.toByteArray());
    }

    @Test
    void emptyIsOneInstance() {
        assertSame(Bytes.EMPTY, Bytes.of());
        assertSame(Bytes.EMPTY, Bytes.wrap(new byte[0]));
        assertSame(Bytes.EMPTY, Bytes.of(new byte[5], 2, 0));
        assertSame(Bytes.EMPTY, Bytes.fromHex(""));
        assertEquals(0, Bytes.EMPTY.length());
    }

    @Test
    void rangesAndSlices() {
        Bytes b = Bytes.of(new byte[] {0, 1, 2, 3, 4, 5}, 1, 4);
        assertEquals(Bytes.fromHex("01020304"), b);
        assertEquals(Bytes.fromHex("0203"), b.slice(1, 3));
        assertSame(Bytes.EMPTY, b.slice(2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(3, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(new byte[3], 2, 2));
    }

    @Test
    void copyToReturnsTheOffsetAfter() {
        byte[] dst = new byte[6];
        assertEquals(5, Bytes.fromHex("aabbcc").copyTo(dst, 2));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, 0}, dst);
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.fromHex("aabbcc").copyTo(dst, 4));
    }

    @Test
    void equalityIsByValue() {
        Bytes a = Bytes.fromHex("00ff10");
        Bytes b = Bytes.of((byte) 0, (byte) 0xff, (byte) 0x10);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Bytes.fromHex("00ff11"));
        assertNotEquals(a, Bytes.fromHex("00ff"));
        assertNotEquals(a, "00ff10");
    }

    @Test
    void orderIsUnsignedLexicographic() {
        assertTrue(Bytes.fromHex("7f").compareTo(Bytes.fromHex("80")) < 0, "0x80 is 128, not -128");
        assertTrue(Bytes.fromHex("ff").compareTo(Bytes.fromHex("00")) > 0);
        assertTrue(Bytes.fromHex("0102").compareTo(Bytes.fromHex("010200")) < 0, "a prefix sorts first");
        assertEquals(0, Bytes.fromHex("abcd").compareTo(Bytes.fromHex("ABCD")));
    }

    @Test
    void toStringShowsHexAndTruncatesLongValues() {
        assertEquals("0aff", Bytes.fromHex("0aff").toString());
        byte[] big = new byte[100];
        Arrays.fill(big, (byte) 0x11);
        assertEquals("11".repeat(64) + "…(100 bytes)", Bytes.wrap(big).toString());
        assertEquals("11".repeat(64), Bytes.of(big, 0, 64).toString());
    }

    @Property
    void hexRoundTripAndEquality(@ForAll byte[] data) {
        Bytes b = Bytes.of(data);
        assertEquals(b, Bytes.fromHex(b.hex()));
        assertArrayEquals(data, b.toByteArray());
        assertEquals(Arrays.hashCode(data), b.hashCode());
        assertEquals(data.length, b.length());
    }

    @Property
    void compareAgreesWithArraysCompareUnsigned(@ForAll byte[] x, @ForAll byte[] y) {
        assertEquals(Integer.signum(Arrays.compareUnsigned(x, y)), Integer.signum(Bytes.of(x).compareTo(Bytes.of(y))));
        assertEquals(Arrays.equals(x, y), Bytes.of(x).equals(Bytes.of(y)));
    }
}
