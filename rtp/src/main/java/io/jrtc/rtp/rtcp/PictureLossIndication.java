package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.Wire;

/** Picture loss indication, PSFB (PT=206) FMT=1 (RFC 4585 section 6.3.1): "send me a keyframe". */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    public static final int FMT = 1;

    static PictureLossIndication parseBody(byte[] b, int off, int len) throws RtpParseException {
        Wire.need(off, 8, off + len, "PLI SSRCs");
        return new PictureLossIndication(Wire.u32(b, off), Wire.u32(b, off + 4));
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
        return 8;
    }

    @Override
    public void writeBody(byte[] out, int off) {
        Wire.put32(out, off, senderSsrc);
        Wire.put32(out, off + 4, mediaSsrc);
    }
}
