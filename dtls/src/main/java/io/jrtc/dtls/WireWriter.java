package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.Arrays;

/** A growable big-endian writer with length-prefixed blocks. */
final class WireWriter {
    private byte[] buf;
    private int len;

    WireWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    WireWriter() {
        this(256);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    int length() {
        return len;
    }

    WireWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    WireWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    WireWriter u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    WireWriter u48(long v) {
        ensure(6);
        for (int i = 5; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    WireWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    WireWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    WireWriter bytes(Bytes b) {
        ensure(b.length());
        len = b.copyTo(buf, len);
        return this;
    }

    WireWriter vector8(Bytes b) {
        if (b.length() > 0xff) throw new IllegalArgumentException("vector too long for 8-bit length: " + b.length());
        return u8(b.length()).bytes(b);
    }

    WireWriter vector16(Bytes b) {
        if (b.length() > 0xffff) throw new IllegalArgumentException("vector too long for 16-bit length: " + b.length());
        return u16(b.length()).bytes(b);
    }

    WireWriter vector24(Bytes b) {
        return u24(b.length()).bytes(b);
    }

    /** Reserves a length field of {@code width} bytes; {@link #endBlock} fills it in. */
    int beginBlock(int width) {
        ensure(width);
        int at = len;
        len += width;
        return at | (width << 28);
    }

    void endBlock(int mark) {
        int width = mark >>> 28;
        int at = mark & 0x0fffffff;
        int n = len - at - width;
        if (width < 4 && n >= (1 << (8 * width))) {
            throw new IllegalArgumentException("block too long: " + n);
        }
        for (int i = 0; i < width; i++) {
            buf[at + i] = (byte) (n >>> (8 * (width - 1 - i)));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
