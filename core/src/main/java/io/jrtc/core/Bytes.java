package io.jrtc.core;

import java.util.Arrays;

/**
 * An immutable sequence of bytes with value equality, for record components where a {@code byte[]}
 * would compare by identity (transaction ids, opaque attribute values, keys, cookies).
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}. */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** A copy of {@code length} bytes of {@code data} from {@code offset}. */
    public static Bytes of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Takes ownership of {@code data} without copying: the caller must not modify it afterwards. */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    public static Bytes fromHex(CharSequence hex) {
        return wrap(Hex.decode(hex));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** {@return a fresh copy of the bytes} */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** Copies the bytes into {@code dst} at {@code offset}; returns the offset after them. */
    public int copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
        return offset + data.length;
    }

    public Bytes slice(int from, int to) {
        return of(data, from, to - from);
    }

    public String hex() {
        return Hex.encode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    @Override
    public String toString() {
        return data.length <= 64 ? hex() : Hex.encode(data, 0, 64) + "…(" + data.length + " bytes)";
    }
}
