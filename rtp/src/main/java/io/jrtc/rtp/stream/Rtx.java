package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;

/**
 * RTX retransmission payload format (RFC 4588 section 4): the original packet resent on its own SSRC
 * and payload type, with the original sequence number (OSN) in front of the original payload.
 *
 * <pre>
 * | RTP header (rtx PT, rtx SSRC, rtx seq, original timestamp and marker)  |
 * |            OSN (16)           |  original RTP payload ...              |
 * </pre>
 */
public final class Rtx {
    private Rtx() {
    }

    /**
     * Wraps a packet for retransmission (RFC 4588 §4): the original sequence number in front of the payload.
     *
     * @param original the packet as first sent
     * @param rtxPayloadType the RTX payload type
     * @param rtxSsrc the RTX SSRC
     * @param rtxSequence the RTX stream's sequence number
     * @return the RTX packet
     */
    public static RtpPacket wrap(RtpPacket original, int rtxPayloadType, long rtxSsrc, int rtxSequence) {
        byte[] payload = new byte[2 + original.payload().length()];
        payload[0] = (byte) (original.sequenceNumber() >>> 8);
        payload[1] = (byte) original.sequenceNumber();
        original.payload().copyTo(payload, 2);
        return new RtpPacket(original.marker(), rtxPayloadType, rtxSequence & 0xffff, original.timestamp(), rtxSsrc,
                original.csrcs(), original.extension(), Bytes.wrap(payload), 0);
    }

    /**
     * Restores the original packet from an RTX packet.
     *
     * @param rtx the RTX packet
     * @param originalPayloadType the original stream's payload type
     * @param originalSsrc the original stream's SSRC
     * @return the original packet
     * @throws RtpParseException when the payload is shorter than the 2-byte original sequence number
     */
    public static RtpPacket unwrap(RtpPacket rtx, int originalPayloadType, long originalSsrc) throws RtpParseException {
        if (rtx.payload().length() < 2) {
            throw new RtpParseException("RTX packet " + rtx.sequenceNumber() + " has no original sequence number");
        }
        int osn = ((rtx.payload().get(0) & 0xff) << 8) | (rtx.payload().get(1) & 0xff);
        return new RtpPacket(rtx.marker(), originalPayloadType, osn, rtx.timestamp(), originalSsrc, rtx.csrcs(),
                rtx.extension(), rtx.payload().slice(2, rtx.payload().length()), 0);
    }
}
