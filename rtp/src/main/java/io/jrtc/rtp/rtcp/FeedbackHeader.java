package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpWire;

/**
 * The part every RTCP feedback message shares (RFC 4585 section 6.1): after the usual RTCP header
 * ({@link RtcpPacket#writeTo} writes V/P/FMT/PT/length), the body starts with the SSRC of the packet
 * sender and the SSRC of the media source; the feedback control information (FCI) follows.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   FMT   |       PT      |          length               |  (RtcpPacket)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  body + 0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |  body + 4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :  body + 8
 * </pre>
 *
 * Used by {@link GenericNack}, {@link TransportCcFeedback}, {@link PictureLossIndication},
 * {@link FullIntraRequest} and {@link Remb}. ({@link CongestionControlFeedback}, RFC 8888, has only
 * the sender SSRC, so it does not use this.)
 */
final class FeedbackHeader {
    /** Bytes of the two SSRCs; the FCI starts this far into the body. */
    static final int LENGTH = 8;

    private FeedbackHeader() {
    }

    static long senderSsrc(byte[] b, int bodyOff) {
        return RtpWire.u32(b, bodyOff);
    }

    static long mediaSsrc(byte[] b, int bodyOff) {
        return RtpWire.u32(b, bodyOff + 4);
    }

    /** Writes both SSRCs at the start of the body; returns where the FCI starts. */
    static int write(byte[] out, int bodyOff, long senderSsrc, long mediaSsrc) {
        RtpWire.put32(out, bodyOff, senderSsrc);
        RtpWire.put32(out, bodyOff + 4, mediaSsrc);
        return bodyOff + LENGTH;
    }
}
