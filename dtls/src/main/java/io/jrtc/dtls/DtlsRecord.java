package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One DTLS record (RFC 6347 §4.1):
 *
 * <pre>
 *  0        1        2        3        4        5        6        7
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 * |  type  |     version     |      epoch      |   sequence_number ...
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 *    ... sequence_number (48 bits)   |     length      |  fragment ...
 * +--------+--------+--------+--------+--------+--------+
 * </pre>
 *
 * A datagram may carry several records back to back.
 *
 * @param contentType    20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
 * @param version        0xFEFD for DTLS 1.2 (0xFEFF DTLS 1.0 is accepted in early records)
 * @param epoch          incremented at each ChangeCipherSpec
 * @param sequenceNumber 48-bit, per epoch
 * @param fragment       the (possibly protected) payload
 */
public record DtlsRecord(int contentType, int version, int epoch, long sequenceNumber, Bytes fragment) {
    /** The record header: type, version, epoch, sequence number, length. */
    public static final int HEADER_LENGTH = 13;
    /** RFC 5246 §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. */
    public static final int MAX_FRAGMENT = 16384 + 2048;
    /** The DTLS 1.0 version number (what a HelloVerifyRequest carries). */
    public static final int DTLS_1_0 = 0xFEFF;
    /** The DTLS 1.2 version number. */
    public static final int DTLS_1_2 = 0xFEFD;
    /** The largest 48-bit record sequence number. */
    public static final long MAX_SEQUENCE = (1L << 48) - 1;

    /**
     * Checks the components.
     *
     * @param contentType 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
     * @param version 0xFEFD for DTLS 1.2 (0xFEFF DTLS 1.0 is accepted in early records)
     * @param epoch incremented at each ChangeCipherSpec
     * @param sequenceNumber 48-bit, per epoch
     * @param fragment the (possibly protected) payload
     */
    public DtlsRecord {
        if (sequenceNumber < 0 || sequenceNumber > MAX_SEQUENCE) throw new IllegalArgumentException("sequence number out of 48 bits");
        if (epoch < 0 || epoch > 0xffff) throw new IllegalArgumentException("epoch out of 16 bits");
    }

    /**
     * RFC 7983 §7 demultiplexing: a datagram whose first byte is 20–63 is DTLS (0–3 STUN, 64–79 TURN
     * channel, 128–191 RTP/RTCP), so one socket can carry ICE, DTLS and SRTP.
     *
     * @param datagram the buffer
     * @param offset where the datagram starts
     * @param length its length
     * @return whether its first byte is 20..63
     */
    public static boolean looksLikeDtls(byte[] datagram, int offset, int length) {
        if (length < 1) return false;
        int b = datagram[offset] & 0xff;
        return b >= 20 && b <= 63;
    }

    /**
     * Parses every record of a datagram.
     *
     * @param datagram the buffer
     * @param offset where the datagram starts
     * @param length its length
     * @return the records, in order
     * @throws DtlsParseException when a record header is truncated or a length runs past the datagram
     */
    public static List<DtlsRecord> parseAll(byte[] datagram, int offset, int length) throws DtlsParseException {
        WireReader r = new WireReader(datagram, offset, length, "DTLS record");
        List<DtlsRecord> out = new ArrayList<>(2);
        while (r.remaining() > 0) {
            out.add(parse(r));
        }
        return out;
    }

    /**
     * Parses every record of a whole datagram.
     *
     * @param datagram the datagram
     * @return the records, in order
     * @throws DtlsParseException when a record header is truncated or a length runs past the datagram
     */
    public static List<DtlsRecord> parseAll(byte[] datagram) throws DtlsParseException {
        return parseAll(datagram, 0, datagram.length);
    }

    static DtlsRecord parse(WireReader r) throws DtlsParseException {
        return parseView(r).toRecord();
    }

    /**
     * Reads one record's header and steps over its fragment without copying it: the view's fragment
     * is the reader's array, valid only as long as that array is.
     */
    static View parseView(WireReader r) throws DtlsParseException {
        int type = r.u8("content type");
        int version = r.u16("version");
        if ((version >>> 8) != 0xFE) {
            throw new DtlsParseException("DTLS record: version 0x" + Integer.toHexString(version) + " is not DTLS");
        }
        int epoch = r.u16("epoch");
        long seq = r.u48("sequence number");
        int len = r.u16("length");
        if (len > MAX_FRAGMENT) {
            throw new DtlsParseException("DTLS record: length " + len + " exceeds " + MAX_FRAGMENT);
        }
        int offset = r.skip(len, "fragment");
        return new View(type, version, epoch, seq, r.array(), offset, len);
    }

    /**
     * A parsed record whose fragment still lies in the buffer it was read from ({@code buffer[offset,
     * offset + length)}), so the endpoint can decrypt straight from the datagram. Whoever keeps one
     * past the call that handed it the buffer must {@link #detach} it first.
     */
    record View(int contentType, int version, int epoch, long sequenceNumber, byte[] buffer, int offset, int length) {
        /** {@return the same record over a copy of its fragment, independent of the original buffer} */
        View detach() {
            return new View(contentType, version, epoch, sequenceNumber,
                    Arrays.copyOfRange(buffer, offset, offset + length), 0, length);
        }

        /** {@return a copy of the fragment} */
        byte[] fragmentCopy() {
            return Arrays.copyOfRange(buffer, offset, offset + length);
        }

        DtlsRecord toRecord() {
            return new DtlsRecord(contentType, version, epoch, sequenceNumber, Bytes.of(buffer, offset, length));
        }
    }

    /** {@return the header and fragment length} */
    public int encodedLength() {
        return HEADER_LENGTH + fragment.length();
    }

    /** {@return the record on the wire} */
    public byte[] encode() {
        WireWriter w = new WireWriter(encodedLength());
        w.u8(contentType).u16(version).u16(epoch).u48(sequenceNumber).u16(fragment.length()).bytes(fragment);
        return w.toByteArray();
    }
}
