package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

/** Picture loss indication, PSFB (PT=206) FMT=1 (RFC 4585 section 6.3.1): "send me a keyframe". */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    /** The feedback message type of PLI (PT 206, RFC 4585 §6.3.1). */
    public static final int FMT = 1;

    static PictureLossIndication parseBody(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, FeedbackHeader.LENGTH, off + len, "PLI SSRCs");
        return new PictureLossIndication(FeedbackHeader.senderSsrc(b, off), FeedbackHeader.mediaSsrc(b, off));
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int countOrFormat() {
        return FMT;
    }

    @Override
    public int bodyLength() {
        return FeedbackHeader.LENGTH;
    }

    @Override
    public void writeBody(byte[] out, int off) {
        FeedbackHeader.write(out, off, senderSsrc, mediaSsrc);
    }
}
