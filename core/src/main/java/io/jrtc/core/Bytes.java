package io.jrtc.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sequence of bytes with value equality, for record components where a {@code byte[]}
 * would compare by identity (transaction ids, opaque attribute values, keys, cookies).
 */
public final class Bytes implements Comparable<Bytes> {
    /** No bytes. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /**
     * A copy of {@code data}.
     *
     * @param data the bytes
     * @return an immutable copy
     */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /**
     * A copy of {@code length} bytes of {@code data} from {@code offset}.
     *
     * @param data the buffer
     * @param offset where the bytes start
     * @param length how many
     * @return an immutable copy
     * @throws IndexOutOfBoundsException when the range is not inside {@code data} (never zero-padded)
     */
    public static Bytes of(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /**
     * Takes ownership of {@code data} without copying: the caller must not modify it afterwards.
     *
     * @param data the bytes, not to be modified afterwards
     * @return the bytes, without a copy
     */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    /**
     * Bytes from hex text (see {@link Hex#decode}).
     *
     * @param hex the hex digits
     * @return the bytes
     */
    public static Bytes fromHex(CharSequence hex) {
        return wrap(Hex.decode(hex));
    }

    /** {@return how many bytes} */
    public int length() {
        return data.length;
    }

    /**
     * One byte.
     *
     * @param index 0 to {@link #length()} - 1
     * @return the byte
     */
    public byte get(int index) {
        return data[index];
    }

    /** {@return a fresh copy of the bytes} */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * Copies the bytes into {@code dst} at {@code offset}; returns the offset after them.
     *
     * @param dst the destination
     * @param offset where to copy
     * @return the offset after them
     */
    public int copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
        return offset + data.length;
    }

    /**
     * A copy of part of the bytes.
     *
     * @param from the first index
     * @param to the index after the last
     * @return the slice
     * @throws IndexOutOfBoundsException outside {@code [0, length()]}
     */
    public Bytes slice(int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        return of(data, from, to - from);
    }

    /** {@return the bytes in lower-case hex} */
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
