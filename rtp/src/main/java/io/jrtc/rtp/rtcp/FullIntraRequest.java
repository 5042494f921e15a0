package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * Full intra request, PSFB (PT=206) FMT=4 (RFC 5104 section 4.3.1): entries of an SSRC and a command
 * sequence number; the media source SSRC field is unused (0).
 *
 * <pre>
 * |                              SSRC                             |
 * | Seq nr.       |    Reserved                                   |  (per entry)
 * </pre>
 */
public record FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries) implements RtcpPacket {
    /** The feedback message type of FIR (PT 206, RFC 5104 §4.3.1). */
    public static final int FMT = 4;

    /**
     * One FCI entry.
     *
     * @param ssrc the stream asked for a keyframe
     * @param sequenceNumber the command sequence number (8 bits)
     */
    public record Entry(long ssrc, int sequenceNumber) {
        /**
         * Checks the components.
         *
         * @param ssrc the ssrc
         * @param sequenceNumber the sequence number
         */
        public Entry {
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("FIR sequence number is 8 bits");
            }
        }
    }

    /**
     * Checks the components.
     *
     * @param senderSsrc the sender ssrc
     * @param mediaSsrc the media ssrc
     * @param entries the entries
     */
    public FullIntraRequest {
        entries = List.copyOf(entries);
    }

    static FullIntraRequest parseBody(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, FeedbackHeader.LENGTH, off + len, "FIR SSRCs");
        List<Entry> entries = new ArrayList<>();
        for (int p = off + FeedbackHeader.LENGTH; p + 8 <= off + len; p += 8) {
            entries.add(new Entry(RtpWire.u32(b, p), RtpWire.u8(b, p + 4)));
        }
        return new FullIntraRequest(FeedbackHeader.senderSsrc(b, off), FeedbackHeader.mediaSsrc(b, off), entries);
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
        return FeedbackHeader.LENGTH + 8 * entries.size();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        int p = FeedbackHeader.write(out, off, senderSsrc, mediaSsrc);
        for (Entry e : entries) {
            RtpWire.put32(out, p, e.ssrc());
            out[p + 4] = (byte) e.sequenceNumber();
            out[p + 5] = 0;
            out[p + 6] = 0;
            out[p + 7] = 0;
            p += 8;
        }
    }
}
