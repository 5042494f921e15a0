package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

/** AV1 leb128 (little-endian base 128) integers, at most 8 bytes. */
final class Leb128 {
    private Leb128() {
    }

    static int size(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static int write(byte[] out, int off, long v) {
        while (v >= 0x80) {
            out[off++] = (byte) (0x80 | (v & 0x7f));
            v >>>= 7;
        }
        out[off++] = (byte) v;
        return off;
    }

    /** Reads at {@code pos[0]} (advancing it); the value must not exceed {@code max}. */
    static int read(byte[] b, int[] pos, int end, long max, String what) throws RtpParseException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            if (pos[0] >= end) {
                throw new RtpParseException("AV1 " + what + ": leb128 runs past the end");
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                if (v > max) {
                    throw new RtpParseException("AV1 " + what + ": length " + v + " exceeds the " + max + " bytes left");
                }
                return (int) v;
            }
        }
        throw new RtpParseException("AV1 " + what + ": leb128 longer than 8 bytes");
    }
}
