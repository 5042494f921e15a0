package io.jrtc.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Hex}: lower-case encoding; decoding of vectors pasted from RFCs (spaces, colons, comments). */
class HexTest {
    @Test
    void encodesLowerCaseTwoDigitsPerByte() {
        assertEquals("00017f80ff", Hex.encode(new byte[] {0, 1, 0x7f, (byte) 0x80, (byte) 0xff}));
        assertEquals("", Hex.encode(new byte[0]));
        assertEquals("7f80", Hex.encode(new byte[] {0, 1, 0x7f, (byte) 0x80, (byte) 0xff}, 2, 2));
    }

    @Test
    void decodesWhatRfcsPrint() {
        String vector = """
                # RFC-style block: a comment line
                00 01 0a:0B   # trailing comment with hex-looking text: ff ff
                \tFF
                """;
        assertArrayEquals(new byte[] {0, 1, 0x0a, 0x0b, (byte) 0xff}, Hex.decode(vector));
        assertArrayEquals(new byte[0], Hex.decode(""));
        assertArrayEquals(new byte[0], Hex.decode("# only a comment"));
    }

    @Test
    void rejectsOddLengthAndNonHexWithAClearMessage() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
        assertEquals("odd number of hex digits: 3", odd.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Hex.decode("00g0"));
        assertEquals("not a hex digit: 'g' at 2", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0x00"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("00-11"));
    }

    @Test
    void encodeChecksItsRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> Hex.encode(new byte[2], 1, 2));
    }

    @Property
    void roundTrip(@ForAll byte[] data) {
        String hex = Hex.encode(data);
        assertEquals(2 * data.length, hex.length());
        assertTrue(hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')), hex);
        assertArrayEquals(data, Hex.decode(hex));
        assertArrayEquals(data, Hex.decode(hex.toUpperCase(java.util.Locale.ROOT)));
    }
}
