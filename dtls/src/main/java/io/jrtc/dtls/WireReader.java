package io.jrtc.dtls;

import io.jrtc.core.Bytes;

/** Bounds-checked big-endian reader over a slice; every short read throws {@link DtlsParseException}. */
final class WireReader {
    private final byte[] data;
    private final int end;
    private final String what;
    private int pos;

    WireReader(byte[] data, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + data.length);
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
    }

    WireReader(byte[] data, String what) {
        this(data, 0, data.length, what);
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    private void need(int n, String field) throws DtlsParseException {
        if (n < 0 || end - pos < n) {
            throw new DtlsParseException(what + ": " + field + " needs " + n + " bytes at offset " + pos
                    + ", only " + (end - pos) + " left");
        }
    }

    int u8(String field) throws DtlsParseException {
        need(1, field);
        return data[pos++] & 0xff;
    }

    int u16(String field) throws DtlsParseException {
        need(2, field);
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u24(String field) throws DtlsParseException {
        need(3, field);
        int v = ((data[pos] & 0xff) << 16) | ((data[pos + 1] & 0xff) << 8) | (data[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    long u48(String field) throws DtlsParseException {
        need(6, field);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (data[pos + i] & 0xff);
        }
        pos += 6;
        return v;
    }

    byte[] bytes(int n, String field) throws DtlsParseException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Steps over the next {@code n} bytes without copying them; returns the offset they start at. */
    int skip(int n, String field) throws DtlsParseException {
        need(n, field);
        int at = pos;
        pos += n;
        return at;
    }

    /** {@return the array this reader reads (not a copy)} */
    byte[] array() {
        return data;
    }

    Bytes vector8(String field) throws DtlsParseException {
        return Bytes.wrap(bytes(u8(field + " length"), field));
    }

    Bytes vector16(String field) throws DtlsParseException {
        return Bytes.wrap(bytes(u16(field + " length"), field));
    }

    Bytes vector24(String field) throws DtlsParseException {
        return Bytes.wrap(bytes(u24(field + " length"), field));
    }

    /** A sub-reader over the next {@code n} bytes (which are consumed here). */
    WireReader sub(int n, String field) throws DtlsParseException {
        need(n, field);
        WireReader r = new WireReader(data, pos, n, what + "." + field);
        pos += n;
        return r;
    }

    void expectEnd() throws DtlsParseException {
        if (pos != end) {
            throw new DtlsParseException(what + ": " + (end - pos) + " trailing bytes at offset " + pos);
        }
    }
}
