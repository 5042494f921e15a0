package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;

/** An RTCP packet of a type (or feedback format) this library does not interpret, kept as its raw body. */
public record UnknownRtcp(int packetType, int countOrFormat, Bytes body) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param packetType the packet type
     * @param countOrFormat the count or format
     * @param body the body
     */
    public UnknownRtcp {
        if (packetType < 0 || packetType > 255 || countOrFormat < 0 || countOrFormat > 31) {
            throw new IllegalArgumentException("packet type is 8 bits, count 5 bits");
        }
        if (body.length() % 4 != 0) {
            throw new IllegalArgumentException("RTCP body must be a multiple of 4 bytes: " + body.length());
        }
    }

    static UnknownRtcp parseBody(int pt, int count, byte[] b, int off, int len) {
        // padding removed by the caller may leave a length that is not a multiple of 4: keep whole words
        return new UnknownRtcp(pt, count, Bytes.of(b, off, len & ~3));
    }

    @Override
    public int bodyLength() {
        return body.length();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        body.copyTo(out, off);
    }
}
