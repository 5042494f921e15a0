package io.jrtc.fuzz;

import java.util.Arrays;

/**
 * Reads a stateful target's input, a little format of operations and their arguments, so that seed files
 * can be written by hand and a reproducer read with a hex dump. Past the end every read is 0 (empty bytes),
 * so any byte string is a valid input.
 */
final class Input {
    private final byte[] data;
    private int pos;

    Input(byte[] data) {
        this.data = data;
    }

    int remaining() {
        return data.length - pos;
    }

    int u8() {
        return pos < data.length ? data[pos++] & 0xff : 0;
    }

    int u16() {
        return u8() << 8 | u8();
    }

    /** Up to {@code n} bytes (fewer at the end of the input). */
    byte[] bytes(int n) {
        int k = Math.min(n, remaining());
        byte[] out = Arrays.copyOfRange(data, pos, pos + k);
        pos += k;
        return out;
    }
}
