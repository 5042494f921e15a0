package io.jrtc.stun;

import io.jrtc.core.Bytes;

import java.util.Objects;

/**
 * A TURN ChannelData message (RFC 8656 §12.4): application data relayed over a bound channel with a
 * 4-byte header instead of a 36-byte Send/Data indication.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * /                       Application Data                        /
 * /                                                               /
 * |                               +-------------------------------+
 * |                               |      (padding over TCP)
 * +-------------------------------+
 * </pre>
 *
 * <p>Channel numbers are 0x4000..0x4FFF, so the first byte is 64..79 (RFC 7983 demultiplexing). Over
 * TCP and TLS the message is padded to a multiple of 4 bytes; over UDP padding is optional, and a
 * receiver accepts up to 3 bytes of it after the data.
 *
 * @param channel the channel number, 0x4000..0x4FFF
 * @param data    the application data, at most 65535 bytes
 */
public record ChannelData(int channel, Bytes data) {
    /** The lowest channel number (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** The highest channel number. */
    public static final int MAX_CHANNEL = 0x4FFF;
    /** The ChannelData header: channel number and length, 4 bytes. */
    public static final int HEADER_LENGTH = 4;

    /**
     * Checks the components.
     *
     * @param channel the channel number, 0x4000..0x4FFF
     * @param data the application data, at most 65535 bytes
     */
    public ChannelData {
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException(String.format("channel number 0x%04x is outside 0x4000..0x4FFF", channel));
        }
        Objects.requireNonNull(data, "data");
        if (data.length() > 0xFFFF) {
            throw new IllegalArgumentException("ChannelData carries at most 65535 bytes, got " + data.length());
        }
    }

    /**
     * Whether the first byte of a datagram says ChannelData (64..79, RFC 7983).
     *
     * @param data the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return whether the first byte of a datagram says ChannelData (64..79, RFC 7983)
     */
    public static boolean isChannelData(byte[] data, int off, int len) {
        return len >= HEADER_LENGTH && (data[off] & 0xF0) == 0x40;
    }

    /**
     * Parses one ChannelData message of {@code len} bytes: the header's length plus 0..3 bytes of
     * padding.
     *
     * @param buf the datagram
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return the message
     * @throws StunParseException saying what is wrong and where
     */
    public static ChannelData parse(byte[] buf, int off, int len) throws StunParseException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < HEADER_LENGTH) {
            throw new StunParseException("truncated ChannelData header: " + len + " bytes, need 4");
        }
        int channel = StunEncoding.u16(buf, off);
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new StunParseException(String.format("ChannelData channel number 0x%04x is outside 0x4000..0x4FFF", channel));
        }
        int length = StunEncoding.u16(buf, off + 2);
        if (length > len - HEADER_LENGTH) {
            throw new StunParseException("ChannelData length " + length + " runs past the end (" + (len - HEADER_LENGTH)
                    + " bytes follow the header)");
        }
        if (len - HEADER_LENGTH > StunEncoding.pad4(length)) {
            throw new StunParseException("ChannelData has " + (len - HEADER_LENGTH - length)
                    + " bytes after its data; at most 3 bytes of padding are allowed");
        }
        return new ChannelData(channel, Bytes.of(buf, off + HEADER_LENGTH, length));
    }

    /**
     * Parses a whole datagram as one ChannelData message.
     *
     * @param buf the datagram
     * @return the message
     * @throws StunParseException saying what is wrong
     */
    public static ChannelData parse(byte[] buf) throws StunParseException {
        return parse(buf, 0, buf.length);
    }

    /**
     * The size of {@link #encode(boolean)}.
     *
     * @param padded whether to pad the data to a multiple of 4 bytes (required over TCP/TLS, optional over UDP)
     * @return the size of {@link #encode(boolean)}
     */
    public int encodedLength(boolean padded) {
        return HEADER_LENGTH + (padded ? StunEncoding.pad4(data.length()) : data.length());
    }

    /**
     * Encodes without padding, as over UDP.
     *
     * @return the message, unpadded (UDP)
     */
    public byte[] encode() {
        return encode(false);
    }

    /**
     * Encodes; {@code padded} (TCP, TLS) pads the data with zeros to a multiple of 4 bytes.
     *
     * @param padded whether to pad the data to a multiple of 4 bytes (required over TCP/TLS, optional over UDP)
     * @return the message
     */
    public byte[] encode(boolean padded) {
        byte[] out = new byte[encodedLength(padded)];
        writeTo(out, 0, padded);
        return out;
    }

    /**
     * Writes into {@code dst} at {@code off}; returns the offset after it.
     *
     * @param dst the array to write into
     * @param off where the bytes start in the array
     * @param padded whether to pad the data to a multiple of 4 bytes (required over TCP/TLS, optional over UDP)
     * @return how many bytes were written
     */
    public int writeTo(byte[] dst, int off, boolean padded) {
        StunEncoding.putU16(dst, off, channel);
        StunEncoding.putU16(dst, off + 2, data.length());
        int end = data.copyTo(dst, off + HEADER_LENGTH);
        int padEnd = off + encodedLength(padded);
        for (int i = end; i < padEnd; i++) {
            dst[i] = 0;
        }
        return padEnd;
    }
}
