package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * A handshake message fragment (RFC 6347 §4.2.2): the TLS handshake header extended with
 * message_seq, fragment_offset and fragment_length, so a message can be split across records and
 * reassembled whatever order the pieces arrive in.
 *
 * <pre>
 * +--------+--------+--------+--------+--------+--------+
 * |msg_type|     length (24)          | message_seq     |
 * +--------+--------+--------+--------+--------+--------+
 * |  fragment_offset (24)    |  fragment_length (24)    |  body bytes ...
 * +--------+--------+--------+--------+--------+--------+
 * </pre>
 */
public record HandshakeFragment(int msgType, int length, int messageSeq, int fragmentOffset, Bytes body) {
    /** The handshake header before the fragment body (RFC 6347 §4.2.2). */
    public static final int HEADER_LENGTH = 12;

    /**
     * Checks the components.
     *
     * @param msgType the msg type
     * @param length the length
     * @param messageSeq the message seq
     * @param fragmentOffset the fragment offset
     * @param body the body
     */
    public HandshakeFragment {
        if (fragmentOffset < 0 || fragmentOffset + body.length() > length) {
            throw new IllegalArgumentException("fragment " + fragmentOffset + "+" + body.length() + " outside message of " + length);
        }
    }

    /**
     * Parses every fragment in a handshake record's plaintext.
     *
     * @param data the plaintext
     * @return the fragments, in order
     * @throws DtlsParseException when a header is truncated or a fragment lies outside its message
     */
    public static List<HandshakeFragment> parseAll(byte[] data) throws DtlsParseException {
        WireReader r = new WireReader(data, "handshake fragment");
        List<HandshakeFragment> out = new ArrayList<>(2);
        while (r.remaining() > 0) {
            int type = r.u8("msg_type");
            int length = r.u24("length");
            int seq = r.u16("message_seq");
            int off = r.u24("fragment_offset");
            int fragLen = r.u24("fragment_length");
            if ((long) off + fragLen > length) {
                throw new DtlsParseException("handshake fragment: offset " + off + " + length " + fragLen
                        + " beyond message length " + length);
            }
            out.add(new HandshakeFragment(type, length, seq, off, Bytes.wrap(r.bytes(fragLen, "fragment body"))));
        }
        return out;
    }

    /** {@return whether the fragment is the whole message (offset 0, full length)} */
    public boolean isWholeMessage() {
        return fragmentOffset == 0 && body.length() == length;
    }

    /** {@return the header and body length} */
    public int encodedLength() {
        return HEADER_LENGTH + body.length();
    }

    /** {@return the fragment on the wire} */
    public byte[] encode() {
        WireWriter w = new WireWriter(encodedLength());
        w.u8(msgType).u24(length).u16(messageSeq).u24(fragmentOffset).u24(body.length()).bytes(body);
        return w.toByteArray();
    }

    /** The message as the Finished/CertificateVerify transcript sees it: one fragment covering it all. */
    static byte[] wholeMessage(int msgType, int messageSeq, byte[] body) {
        WireWriter w = new WireWriter(HEADER_LENGTH + body.length);
        w.u8(msgType).u24(body.length).u16(messageSeq).u24(0).u24(body.length).bytes(body);
        return w.toByteArray();
    }
}
