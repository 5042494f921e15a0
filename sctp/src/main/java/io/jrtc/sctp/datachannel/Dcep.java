package io.jrtc.sctp.datachannel;

import io.jrtc.sctp.SctpParseException;

import java.nio.charset.StandardCharsets;

/**
 * The Data Channel Establishment Protocol (RFC 8832), carried with PPID 50 on the channel's stream.
 *
 * <pre>
 * DATA_CHANNEL_OPEN                                  DATA_CHANNEL_ACK
 *  0                   1                   2                   3       +---------------+
 * +---------------+---------------+-------------------------------+    | Type = 0x02   |
 * | Type = 0x03   | Channel Type  |            Priority           |    +---------------+
 * +---------------+---------------+-------------------------------+
 * |                    Reliability Parameter                      |
 * +-------------------------------+-------------------------------+
 * |         Label Length          |       Protocol Length         |
 * +-------------------------------+-------------------------------+
 * /                             Label                             /
 * /                            Protocol                           /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Channel types: 0x00 reliable, 0x01 partially reliable by retransmissions, 0x02 by lifetime (ms);
 * the 0x80 bit makes it unordered.
 */
public sealed interface Dcep {
    /** The PPID DCEP messages are sent with (RFC 8832 §8.1). */
    int PPID = 50;
    /** Message type of DATA_CHANNEL_OPEN. */
    int OPEN_TYPE = 0x03;
    /** Message type of DATA_CHANNEL_ACK. */
    int ACK_TYPE = 0x02;
    /** Channel type: reliable. */
    int RELIABLE = 0x00;
    /** Channel type: partially reliable, by retransmissions. */
    int PARTIAL_RELIABLE_REXMIT = 0x01;
    /** Channel type: partially reliable, by lifetime in ms. */
    int PARTIAL_RELIABLE_TIMED = 0x02;
    /** Channel type bit: unordered. */
    int UNORDERED = 0x80;

    /** {@return the message as sent} */
    byte[] encode();

    /**
     * DATA_CHANNEL_OPEN (RFC 8832 §5.1).
     *
     * @param channelType a channel type, with the {@link #UNORDERED} bit
     * @param priority    the priority (ignored here: streams are scheduled round robin)
     * @param reliability retransmissions or lifetime in ms, by the channel type
     * @param label       the channel's label
     * @param protocol    the sub-protocol
     */
    record Open(int channelType, int priority, long reliability, String label, String protocol) implements Dcep {
        public byte[] encode() {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            if (l.length > 0xffff || p.length > 0xffff) throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
            byte[] b = new byte[12 + l.length + p.length];
            b[0] = OPEN_TYPE;
            b[1] = (byte) channelType;
            b[2] = (byte) (priority >>> 8);
            b[3] = (byte) priority;
            for (int i = 0; i < 4; i++) b[4 + i] = (byte) (reliability >>> (24 - 8 * i));
            b[8] = (byte) (l.length >>> 8);
            b[9] = (byte) l.length;
            b[10] = (byte) (p.length >>> 8);
            b[11] = (byte) p.length;
            System.arraycopy(l, 0, b, 12, l.length);
            System.arraycopy(p, 0, b, 12 + l.length, p.length);
            return b;
        }

        /** {@return whether the channel delivers in order} */
        public boolean ordered() {
            return (channelType & UNORDERED) == 0;
        }
    }

    /** DATA_CHANNEL_ACK (RFC 8832 §5.2). */
    record Ack() implements Dcep {
        public byte[] encode() {
            return new byte[] {ACK_TYPE};
        }
    }

    /**
     * Parses a DCEP message.
     *
     * @param b the message (a PPID 50 payload)
     * @return OPEN or ACK
     * @throws SctpParseException for an unknown type or a malformed message
     */
    static Dcep parse(byte[] b) throws SctpParseException {
        if (b.length == 0) throw new SctpParseException("DCEP: empty message");
        int type = b[0] & 0xff;
        if (type == ACK_TYPE) {
            if (b.length != 1) throw new SctpParseException("DCEP ACK of " + b.length + " bytes, expected 1");
            return new Ack();
        }
        if (type != OPEN_TYPE) throw new SctpParseException("DCEP: unknown message type " + type);
        if (b.length < 12) throw new SctpParseException("DCEP OPEN of " + b.length + " bytes is shorter than its 12-byte header");
        int ct = b[1] & 0xff;
        if ((ct & 0x7f) > 2) throw new SctpParseException("DCEP OPEN: unknown channel type 0x" + Integer.toHexString(ct));
        int prio = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        long rel = ((long) (b[4] & 0xff) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        int ll = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
        int pl = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
        if (12 + ll + pl != b.length) {
            throw new SctpParseException("DCEP OPEN: label " + ll + " + protocol " + pl + " bytes do not match the " + b.length + "-byte message");
        }
        return new Open(ct, prio, rel, new String(b, 12, ll, StandardCharsets.UTF_8), new String(b, 12 + ll, pl, StandardCharsets.UTF_8));
    }
}
