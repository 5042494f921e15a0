package io.jrtc.rtp;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * An RTP packet (RFC 3550 section 5.1) as an immutable value.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers (CC of them)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  profile (0xBEDE, ...)        |   length (32-bit words)       |  if X
 * |                       extension data                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 payload ...   |  padding (P) ... | pad count  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param extension the header extension block, or {@code null} when X is 0
 * @param paddingLength number of padding bytes including the count byte (0 when P is 0)
 */
public record RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                        List<Long> csrcs, ExtensionBlock extension, Bytes payload, int paddingLength) {
    /** The fixed header: 12 bytes before the CSRCs. */
    public static final int FIXED_HEADER = 12;

    /**
     * Checks every field's range and copies the CSRC list.
     *
     * @param marker the M bit (last packet of a video frame, first of a talkspurt)
     * @param payloadType the payload type, 0..127
     * @param sequenceNumber the sequence number, 16 bits
     * @param timestamp the RTP timestamp, 32 bits unsigned
     * @param ssrc the synchronization source, 32 bits unsigned
     * @param csrcs the contributing sources, at most 15
     * @param extension the header extension block, or {@code null} when X is 0
     * @param payload the payload
     * @param paddingLength number of padding bytes including the count byte (0 when P is 0)
     * @throws IllegalArgumentException for a field out of range
     */
    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
        }
        if (sequenceNumber < 0 || sequenceNumber > 0xffff) {
            throw new IllegalArgumentException("sequence number must be 16 bits: " + sequenceNumber);
        }
        if (timestamp < 0 || timestamp > 0xffffffffL || ssrc < 0 || ssrc > 0xffffffffL) {
            throw new IllegalArgumentException("timestamp and SSRC must be 32 bits unsigned");
        }
        csrcs = List.copyOf(csrcs);
        if (csrcs.size() > 15) {
            throw new IllegalArgumentException("at most 15 CSRCs: " + csrcs.size());
        }
        if (paddingLength < 0 || paddingLength > 255) {
            throw new IllegalArgumentException("padding must be 0..255: " + paddingLength);
        }
    }

    /**
     * A packet with no CSRCs, extension or padding.
     *
     * @param marker the M bit
     * @param payloadType 0..127
     * @param seq the sequence number, 16 bits
     * @param timestamp the RTP timestamp, 32 bits
     * @param ssrc the SSRC, 32 bits
     * @param payload the payload
     * @return the packet
     */
    public static RtpPacket of(boolean marker, int payloadType, int seq, long timestamp, long ssrc, Bytes payload) {
        return new RtpPacket(marker, payloadType, seq, timestamp, ssrc, List.of(), null, payload, 0);
    }

    /**
     * This packet with another sequence number.
     *
     * @param seq 16 bits
     * @return the new packet
     */
    public RtpPacket withSequenceNumber(int seq) {
        return new RtpPacket(marker, payloadType, seq, timestamp, ssrc, csrcs, extension, payload, paddingLength);
    }

    /**
     * This packet with another payload.
     *
     * @param newPayload the payload
     * @return the new packet
     */
    public RtpPacket withPayload(Bytes newPayload) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, extension, newPayload, paddingLength);
    }

    /**
     * This packet with another header extension block.
     *
     * @param ext the block, or {@code null} for none
     * @return the new packet
     */
    public RtpPacket withExtension(ExtensionBlock ext) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, ext, payload, paddingLength);
    }

    /**
     * This packet with another payload type, sequence number, timestamp and SSRC (as RTX and forwarding need).
     *
     * @param pt the payload type
     * @param seq the sequence number
     * @param ts the timestamp
     * @param newSsrc the SSRC
     * @return the new packet
     */
    public RtpPacket withHeader(int pt, int seq, long ts, long newSsrc) {
        return new RtpPacket(marker, pt, seq, ts, newSsrc, csrcs, extension, payload, paddingLength);
    }

    /**
     * Parses a whole datagram as one RTP packet.
     *
     * @param b the datagram
     * @return the packet
     * @throws RtpParseException when it is not a well-formed RTP packet
     */
    public static RtpPacket parse(byte[] b) throws RtpParseException {
        return parse(b, 0, b.length);
    }

    /**
     * Parses an RTP packet from a slice.
     *
     * @param b the buffer
     * @param off where the packet starts
     * @param len its length
     * @return the packet (its payload copied)
     * @throws RtpParseException when it is not a well-formed RTP packet
     */
    public static RtpPacket parse(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, len, b.length, "RTP packet");
        int end = off + len;
        RtpWire.need(off, FIXED_HEADER, end, "RTP fixed header");
        int b0 = b[off] & 0xff;
        if (b0 >>> 6 != 2) {
            throw new RtpParseException("RTP version must be 2, got " + (b0 >>> 6));
        }
        int cc = b0 & 0xf;
        int p = off + FIXED_HEADER;
        RtpWire.need(p, cc * 4, end, "RTP CSRC list (" + cc + " entries)");
        List<Long> csrcs = new ArrayList<>(cc);
        for (int i = 0; i < cc; i++, p += 4) {
            csrcs.add(RtpWire.u32(b, p));
        }
        ExtensionBlock ext = null;
        if ((b0 & 0x10) != 0) {
            RtpWire.need(p, 4, end, "RTP extension header");
            int profile = RtpWire.u16(b, p);
            int words = RtpWire.u16(b, p + 2);
            RtpWire.need(p + 4, words * 4, end, "RTP extension data (" + words + " words)");
            ext = new ExtensionBlock(profile, Bytes.of(b, p + 4, words * 4));
            p += 4 + words * 4;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            if (end <= p) {
                throw new RtpParseException("RTP padding bit set but no padding count byte");
            }
            padding = b[end - 1] & 0xff;
            if (padding == 0 || padding > end - p) {
                throw new RtpParseException("RTP padding count " + padding + " invalid for " + (end - p) + " bytes after the header");
            }
        }
        int b1 = b[off + 1] & 0xff;
        return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7f, RtpWire.u16(b, off + 2), RtpWire.u32(b, off + 4), RtpWire.u32(b, off + 8),
                csrcs, ext, Bytes.of(b, p, end - padding - p), padding);
    }

    /** {@return the header length: fixed part, CSRCs and extension block} */
    public int headerLength() {
        return FIXED_HEADER + 4 * csrcs.size() + (extension == null ? 0 : 4 + extension.data().length());
    }

    /** {@return the length of {@link #encode()}} */
    public int encodedLength() {
        return headerLength() + payload.length() + paddingLength;
    }

    /** {@return the packet on the wire} */
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    /**
     * Writes the packet at {@code off}; returns the offset after it.
     *
     * @param out a buffer with {@link #encodedLength()} bytes free at {@code off}
     * @param off where to write
     * @return the offset after the packet
     */
    public int writeTo(byte[] out, int off) {
        out[off] = (byte) (0x80 | (paddingLength > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrcs.size());
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        RtpWire.put16(out, off + 2, sequenceNumber);
        RtpWire.put32(out, off + 4, timestamp);
        RtpWire.put32(out, off + 8, ssrc);
        int p = off + FIXED_HEADER;
        for (long c : csrcs) {
            RtpWire.put32(out, p, c);
            p += 4;
        }
        if (extension != null) {
            RtpWire.put16(out, p, extension.profile());
            RtpWire.put16(out, p + 2, extension.data().length() / 4);
            p = extension.data().copyTo(out, p + 4);
        }
        p = payload.copyTo(out, p);
        if (paddingLength > 0) {
            for (int i = 0; i < paddingLength - 1; i++) {
                out[p++] = 0;
            }
            out[p++] = (byte) paddingLength;
        }
        return p;
    }

    /**
     * True when the datagram at {@code off} is RTCP rather than RTP on a shared port: its second byte
     * (the RTCP packet type) is 192-223 (RFC 5761 section 4).
     *
     * @param b the buffer
     * @param off where the datagram starts
     * @param len its length
     * @return whether it is RTCP
     */
    public static boolean isRtcp(byte[] b, int off, int len) {
        return len >= 2 && (b[off + 1] & 0xff) >= 192 && (b[off + 1] & 0xff) <= 223;
    }
}
