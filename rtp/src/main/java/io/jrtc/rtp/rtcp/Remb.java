package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate, PSFB (PT=206) FMT=15 "REMB" (draft-alvestrand-rmcat-remb-03).
 *
 * <pre>
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa (18 bits)            |
 * |   SSRC feedback (Num SSRC of them)                            |
 * </pre>
 *
 * @param bitrate bits per second, mantissa * 2^exp (values are rounded down to what 18 bits can say)
 */
public record Remb(long senderSsrc, long mediaSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {
    /** The feedback message type of application-layer feedback, which REMB is (PT 206). */
    public static final int FMT = 15;

    /**
     * Checks the components.
     *
     * @param senderSsrc the sender ssrc
     * @param mediaSsrc the media ssrc
     * @param bitrate bits per second, mantissa * 2^exp (values are rounded down to what 18 bits can say)
     * @param ssrcs the ssrcs
     */
    public Remb {
        ssrcs = List.copyOf(ssrcs);
        if (bitrate < 0 || ssrcs.size() > 255) {
            throw new IllegalArgumentException("REMB: non-negative bitrate, at most 255 SSRCs");
        }
        int exp = exponent(bitrate);
        bitrate = (bitrate >>> exp) << exp;
    }

    private static int exponent(long bitrate) {
        int exp = 0;
        while ((bitrate >>> exp) >= (1 << 18)) {
            exp++;
        }
        return exp;
    }

    static boolean matches(byte[] b, int off, int len) {
        return len >= 12 && b[off + 8] == 'R' && b[off + 9] == 'E' && b[off + 10] == 'M' && b[off + 11] == 'B';
    }

    static Remb parseBody(byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 16, end, "REMB fields");
        int n = RtpWire.u8(b, off + 12);
        int exp = RtpWire.u8(b, off + 13) >>> 2;
        long mantissa = RtpWire.u24(b, off + 13) & 0x3ffff;
        RtpWire.need(off + 16, 4 * n, end, "REMB SSRC list");
        List<Long> ssrcs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ssrcs.add(RtpWire.u32(b, off + 16 + 4 * i));
        }
        if (exp > 45) {
            throw new RtpParseException("REMB bitrate exponent " + exp + " overflows 64 bits");
        }
        return new Remb(FeedbackHeader.senderSsrc(b, off), FeedbackHeader.mediaSsrc(b, off), mantissa << exp, ssrcs);
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
        return 16 + 4 * ssrcs.size();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        FeedbackHeader.write(out, off, senderSsrc, mediaSsrc);
        out[off + 8] = 'R';
        out[off + 9] = 'E';
        out[off + 10] = 'M';
        out[off + 11] = 'B';
        out[off + 12] = (byte) ssrcs.size();
        int exp = exponent(bitrate);
        long mantissa = bitrate >>> exp;
        RtpWire.put24(out, off + 13, (int) ((exp << 18) | mantissa));
        int p = off + 16;
        for (long s : ssrcs) {
            RtpWire.put32(out, p, s);
            p += 4;
        }
    }
}
