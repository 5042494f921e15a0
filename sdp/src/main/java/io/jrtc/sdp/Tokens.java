package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/** Small parsing helpers that never throw anything but {@link SdpParseException}. */
final class Tokens {
    private Tokens() {
    }

    /** Splits on runs of spaces and tabs; no empty tokens. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isDigits(String s, int maxLength) {
        if (s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A decimal number in [min, max]. */
    static long number(String s, long min, long max, int line, String what) throws SdpParseException {
        if (!isDigits(s, 18)) {
            throw new SdpParseException(line, what + " is not a number: '" + s + "'");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new SdpParseException(line, what + " " + v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    static int integer(String s, int min, int max, int line, String what) throws SdpParseException {
        return (int) number(s, min, max, line, what);
    }

    /** Hex digits pairs separated by colons, e.g. {@code AB:CD:01}. */
    static boolean isHexPairs(String s) {
        if (s.isEmpty() || (s.length() + 1) % 3 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    return false;
                }
            } else if (!isHex(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A token of RFC 8866 (visible characters without separators that matter to us). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
