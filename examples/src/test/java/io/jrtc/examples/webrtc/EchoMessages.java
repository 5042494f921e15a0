package io.jrtc.examples.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The messages the echo checks send, the same sequence the test page makes in JavaScript
 * ({@code message(i)} in interop.html): odd indexes binary, even ones text; sizes from 1 byte to
 * 64 KiB (message 0 is 1 byte, messages 1 and 2 are 64 KiB, the others spread over every power of two
 * up to 64 KiB); message 4 is a text with characters outside ASCII.
 */
final class EchoMessages {
    static final int COUNT = 1000;
    static final String UNICODE = "jrtc \u2713 \u00e9 \u00fc \u65e5\u672c 4";

    private EchoMessages() {
    }

    static boolean binary(int i) {
        return i % 2 == 1;
    }

    static int size(int i) {
        if (i == 0) {
            return 1;
        }
        if (i == 1 || i == 2) {
            return 65536;
        }
        long h = (i * 0x9E3779B1L) & 0xffffffffL;
        int base = 1 << (int) (h % 17);
        return 1 + (int) ((h >>> 8) % base);
    }

    static byte[] bytes(int i) {
        byte[] b = new byte[size(i)];
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) ((i * 31 + j * 7) & 255);
        }
        return b;
    }

    static String text(int i) {
        if (i == 4) {
            return UNICODE;
        }
        char[] c = new char[size(i)];
        for (int j = 0; j < c.length; j++) {
            c[j] = (char) ('a' + (i + j) % 26);
        }
        return new String(c);
    }

    /** Whether a received message is message {@code i}: same type, same bytes. */
    static boolean matches(int i, boolean binary, byte[] data) {
        if (binary != binary(i)) {
            return false;
        }
        return binary ? Arrays.equals(data, bytes(i)) : Arrays.equals(data, text(i).getBytes(StandardCharsets.UTF_8));
    }

    /** The payload bytes of message {@code i} (UTF-8 for texts). */
    static long wireSize(int i) {
        return binary(i) ? size(i) : text(i).getBytes(StandardCharsets.UTF_8).length;
    }
}
