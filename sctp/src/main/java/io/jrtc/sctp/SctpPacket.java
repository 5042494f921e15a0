package io.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An SCTP packet (RFC 9260 §3): a twelve-byte common header followed by chunks.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |     Source Port Number        |     Destination Port Number   |
 * +-------------------------------+-------------------------------+
 * |                      Verification Tag                         |
 * +---------------------------------------------------------------+
 * |                 Checksum (CRC32c, RFC 9260 App. A)            |
 * +---------------------------------------------------------------+
 * /                     Chunk #1 ... Chunk #n                     /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The checksum is CRC32c over the whole packet with the checksum field zeroed, stored least
 * significant byte first (the byte order the reference implementation and every stack use). With
 * RFC 9653 both ends may agree to send zero instead, since DTLS already protects the packet.
 */
public record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<Chunk> chunks) {
    /** The common header: ports, verification tag, checksum. */
    public static final int HEADER_LENGTH = 12;

    /**
     * Checks that every value fits its field and copies the lists, so the record is immutable.
     *
     * @param sourcePort the sender's port
     * @param destinationPort the receiver's port
     * @param verificationTag the receiver's verification tag (0 for a packet with INIT)
     * @param chunks the chunks, at least one (copied)
     * @throws IllegalArgumentException when a value does not fit its field
     */
    public SctpPacket {
        Wire.checkU16(sourcePort, "source port");
        Wire.checkU16(destinationPort, "destination port");
        Wire.checkU32(verificationTag, "verification tag");
        chunks = List.copyOf(chunks);
    }

    /**
     * Parses a packet and checks its CRC32c.
     *
     * @param data the packet
     * @return the packet
     * @throws SctpParseException when it is malformed or the checksum is wrong
     */
    public static SctpPacket parse(byte[] data) throws SctpParseException {
        return parse(data, false);
    }

    /**
     * Parses a packet. With {@code acceptZeroChecksum} (RFC 9653, once we announced it) a checksum
     * field of zero is accepted without computing the CRC; any other value must be right.
     *
     * @param data               the packet
     * @param acceptZeroChecksum whether a zero checksum field is accepted
     * @return the packet
     * @throws SctpParseException when it is malformed or the checksum is wrong
     */
    public static SctpPacket parse(byte[] data, boolean acceptZeroChecksum) throws SctpParseException {
        if (data.length < HEADER_LENGTH) {
            throw new SctpParseException("packet of " + data.length + " bytes is shorter than the 12-byte common header");
        }
        long stored = checksumField(data);
        if (!(acceptZeroChecksum && stored == 0)) {
            long computed = crc32c(data, data.length);
            if (computed != stored) {
                throw new SctpParseException(String.format("bad CRC32c: packet says %08x, computed %08x", stored, computed));
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        int off = HEADER_LENGTH;
        while (off < data.length) {
            Wire.need(data.length - off, 4, "chunk header at " + off);
            int type = Wire.u8(data, off);
            int flags = Wire.u8(data, off + 1);
            int len = Wire.u16(data, off + 2);
            if (len < 4) {
                throw new SctpParseException("chunk type " + type + " at " + off + ": length " + len + " < 4");
            }
            Wire.need(data.length - off, len, "chunk type " + type + " at " + off);
            try {
                chunks.add(Chunk.parse(type, flags, data, off + 4, len - 4));
            } catch (IllegalArgumentException e) {
                throw new SctpParseException("chunk type " + type + " at " + off + ": " + e.getMessage(), e);
            }
            off += Math.min(Wire.pad4(len), data.length - off);
        }
        if (chunks.isEmpty()) {
            throw new SctpParseException("packet has no chunks");
        }
        return new SctpPacket(Wire.u16(data, 0), Wire.u16(data, 2), Wire.u32(data, 4), chunks);
    }

    /** {@return the packet, with its CRC32c} */
    public byte[] encode() {
        return encode(false);
    }

    /**
     * The packet.
     *
     * @param zeroChecksum leave the checksum field 0 (RFC 9653), otherwise CRC32c
     * @return the packet
     */
    public byte[] encode(boolean zeroChecksum) {
        int len = encodedLength();
        byte[] b = new byte[len];
        Wire.put16(b, 0, sourcePort);
        Wire.put16(b, 2, destinationPort);
        Wire.put32(b, 4, verificationTag);
        int off = HEADER_LENGTH;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            off = c.writeTo(b, off);
        }
        if (!zeroChecksum) {
            writeChecksum(b, len);
        }
        return b;
    }

    /** {@return the encoded length: header plus every chunk padded to four bytes} */
    public int encodedLength() {
        int n = HEADER_LENGTH;
        for (Chunk c : chunks) n += Wire.pad4(c.encodedLength());
        return n;
    }

    static long checksumField(byte[] b) {
        return (b[8] & 0xff) | ((b[9] & 0xff) << 8) | ((b[10] & 0xff) << 16) | ((long) (b[11] & 0xff) << 24);
    }

    /** CRC32c of the first {@code len} bytes with the checksum field taken as zero. */
    static long crc32c(byte[] b, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(b, 12, len - 12);
        return crc.getValue();
    }

    /** Computes and stores the CRC32c of a packet laid out in {@code b[0..len)}. */
    static void writeChecksum(byte[] b, int len) {
        long c = crc32c(b, len);
        b[8] = (byte) c;
        b[9] = (byte) (c >>> 8);
        b[10] = (byte) (c >>> 16);
        b[11] = (byte) (c >>> 24);
    }

    private static final byte[] ZEROS = new byte[4];
}
