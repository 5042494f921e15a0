package io.jrtc.core;

/** Hex encoding and decoding, for logs, test vectors and tools. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * Lower-case hex of every byte.
     *
     * @param data the bytes
     * @return two hex digits per byte
     */
    public static String encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /**
     * Lower-case hex of a slice.
     *
     * @param data the buffer
     * @param offset where the slice starts
     * @param length its length
     * @return two hex digits per byte
     */
    public static String encode(byte[] data, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = data[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes hex digits, ignoring white space, colons and anything from a {@code #} to the end of a
     * line, so test vectors can be pasted as they appear in RFCs.
     *
     * @param text the hex text
     * @return the bytes
     * @throws IllegalArgumentException on an odd number of digits or a character that is not hex
     */
    public static byte[] decode(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (comment) {
                if (c == '\n') comment = false;
                continue;
            }
            if (c == '#') {
                comment = true;
            } else if (Character.digit(c, 16) >= 0) {
                digits.append(c);
            } else if (!Character.isWhitespace(c) && c != ':') {
                throw new IllegalArgumentException("not a hex digit: '" + c + "' at " + i);
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(digits.charAt(2 * i), 16) << 4) | Character.digit(digits.charAt(2 * i + 1), 16));
        }
        return out;
    }
}
