package io.jrtc.rtp;

/** Bounds-checked big-endian reads and writes shared by the RTP, RTCP and codec parsers. */
public final class RtpWire {
    private RtpWire() {
    }

    /**
     * Throws unless {@code [offset, offset + length)} lies inside {@code limit}.
     *
     * @param offset where the bytes start
     * @param length how many are needed
     * @param limit the end of what may be read
     * @param what what the bytes are, for the message
     * @throws RtpParseException when the range does not fit
     */
    public static void need(int offset, int length, int limit, String what) throws RtpParseException {
        if (length < 0 || offset < 0 || offset > limit - length) {
            throw new RtpParseException(what + ": needs " + length + " bytes at offset " + offset
                    + " but only " + Math.max(0, limit - offset) + " remain");
        }
    }

    /**
     * An unsigned byte.
     *
     * @param b the buffer
     * @param i the offset
     * @return the value
     */
    public static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    /**
     * An unsigned big-endian 16-bit value.
     *
     * @param b the buffer
     * @param i the offset
     * @return the value
     */
    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    /**
     * An unsigned big-endian 24-bit value.
     *
     * @param b the buffer
     * @param i the offset
     * @return the value
     */
    public static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }

    /**
     * An unsigned big-endian 32-bit value.
     *
     * @param b the buffer
     * @param i the offset
     * @return the value
     */
    public static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /**
     * A big-endian 64-bit value.
     *
     * @param b the buffer
     * @param i the offset
     * @return the value
     */
    public static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }

    /**
     * Writes 16 bits big-endian.
     *
     * @param b the buffer
     * @param i the offset
     * @param v the value (low 16 bits)
     */
    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /**
     * Writes 24 bits big-endian.
     *
     * @param b the buffer
     * @param i the offset
     * @param v the value (low 24 bits)
     */
    public static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }

    /**
     * Writes 32 bits big-endian.
     *
     * @param b the buffer
     * @param i the offset
     * @param v the value (low 32 bits)
     */
    public static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /**
     * Writes 64 bits big-endian.
     *
     * @param b the buffer
     * @param i the offset
     * @param v the value
     */
    public static void put64(byte[] b, int i, long v) {
        put32(b, i, v >>> 32);
        put32(b, i + 4, v);
    }

    /**
     * Rounds up to a multiple of 4.
     *
     * @param n a length
     * @return the padded length
     */
    public static int padTo4(int n) {
        return (n + 3) & ~3;
    }
}
