package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

/**
 * A reception report block (RFC 3550 section 6.4.1), 24 bytes, in SR and RR packets.
 *
 * <pre>
 * |                 SSRC_n (source identifier)                    |
 * | fraction lost |       cumulative number of packets lost       |
 * |           extended highest sequence number received           |
 * |                      interarrival jitter                      |
 * |                         last SR (LSR)                         |
 * |                   delay since last SR (DLSR)                  |
 * </pre>
 *
 * @param cumulativeLost signed 24 bits (duplicates can make it negative)
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR received
 * @param delaySinceLastSr in units of 1/65536 s
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
                          long lastSr, long delaySinceLastSr) {
    /** A report block's length on the wire. */
    public static final int LENGTH = 24;

    /**
     * Checks the components.
     *
     * @param ssrc the ssrc
     * @param fractionLost the fraction lost
     * @param cumulativeLost signed 24 bits (duplicates can make it negative)
     * @param extendedHighestSequence the extended highest sequence
     * @param jitter the jitter
     * @param lastSr middle 32 bits of the NTP timestamp of the last SR received
     * @param delaySinceLastSr in units of 1/65536 s
     */
    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost is 8 bits: " + fractionLost);
        }
        if (cumulativeLost < -(1 << 23) || cumulativeLost >= (1 << 23)) {
            throw new IllegalArgumentException("cumulative lost is signed 24 bits: " + cumulativeLost);
        }
    }

    static ReportBlock parse(byte[] b, int off) {
        return new ReportBlock(RtpWire.u32(b, off), RtpWire.u8(b, off + 4), (RtpWire.u24(b, off + 5) << 8) >> 8, RtpWire.u32(b, off + 8),
                RtpWire.u32(b, off + 12), RtpWire.u32(b, off + 16), RtpWire.u32(b, off + 20));
    }

    static java.util.List<ReportBlock> parseList(int count, byte[] b, int off, int end) throws RtpParseException {
        RtpWire.need(off, count * LENGTH, end, count + " report blocks");
        java.util.List<ReportBlock> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(parse(b, off + i * LENGTH));
        }
        return out;
    }

    void writeTo(byte[] out, int off) {
        RtpWire.put32(out, off, ssrc);
        out[off + 4] = (byte) fractionLost;
        RtpWire.put24(out, off + 5, cumulativeLost);
        RtpWire.put32(out, off + 8, extendedHighestSequence);
        RtpWire.put32(out, off + 12, jitter);
        RtpWire.put32(out, off + 16, lastSr);
        RtpWire.put32(out, off + 20, delaySinceLastSr);
    }
}
