package io.jrtc.sctp;

/** Bounds-checked big-endian reads and writes shared by the SCTP codecs (package-private). */
final class Wire {
    private Wire() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** Throws unless {@code need} bytes are available; {@code what} names the field for the message. */
    static void need(int have, int need, String what) throws SctpParseException {
        if (need > have) {
            throw new SctpParseException(what + ": needs " + need + " bytes, only " + have + " left");
        }
    }

    static long checkU32(long v, String what) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    static int checkU16(int v, String what) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    /**
     * Serial number arithmetic (RFC 1982) on 32-bit TSNs: negative when {@code a} is before {@code b}.
     */
    static int tsnCompare(long a, long b) {
        return (int) (a - b);
    }
}
