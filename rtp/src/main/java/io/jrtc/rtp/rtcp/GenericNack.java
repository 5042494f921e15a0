package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Generic NACK, RTPFB (PT=205) FMT=1 (RFC 4585 section 6.2.1): pairs of a lost packet id (PID) and a
 * bitmask of the 16 following sequence numbers (BLP) that are lost too.
 *
 * <pre>
 * |V=2|P|  FMT=1  |   PT=205      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * |            PID                |             BLP               |  (repeated)
 * </pre>
 */
public record GenericNack(long senderSsrc, long mediaSsrc, List<Pair> pairs) implements RtcpPacket {
    /** The feedback message type of the generic NACK (PT 205, RFC 4585 §6.2.1). */
    public static final int FMT = 1;

    /**
     * One FCI entry.
     *
     * @param pid a lost packet's sequence number
     * @param blp a bitmask of the 16 following sequence numbers that are lost too
     */
    public record Pair(int pid, int blp) {
        /**
         * Checks the components.
         *
         * @param pid the pid
         * @param blp the blp
         */
        public Pair {
            if (pid < 0 || pid > 0xffff || blp < 0 || blp > 0xffff) {
                throw new IllegalArgumentException("PID and BLP are 16 bits");
            }
        }
    }

    /**
     * Checks the components.
     *
     * @param senderSsrc the sender ssrc
     * @param mediaSsrc the media ssrc
     * @param pairs the pairs
     */
    public GenericNack {
        pairs = List.copyOf(pairs);
    }

    /**
     * A NACK for {@code lost} sequence numbers, packed into as few pairs as possible (wrap-aware).
     *
     * @param senderSsrc the SSRC the NACK is sent as
     * @param mediaSsrc the stream whose packets were lost
     * @param lost the lost sequence numbers (16 bits each)
     * @return the NACK
     */
    public static GenericNack of(long senderSsrc, long mediaSsrc, Collection<Integer> lost) {
        List<Pair> pairs = new ArrayList<>();
        TreeSet<Integer> sorted = new TreeSet<>((a, b) -> Integer.compare((short) (a - b), 0));
        sorted.addAll(lost);
        Integer pid = null;
        int blp = 0;
        for (int s : sorted) {
            if (pid != null) {
                int d = (s - pid) & 0xffff;
                if (d >= 1 && d <= 16) {
                    blp |= 1 << (d - 1);
                    continue;
                }
                pairs.add(new Pair(pid, blp));
            }
            pid = s & 0xffff;
            blp = 0;
        }
        if (pid != null) {
            pairs.add(new Pair(pid, blp));
        }
        return new GenericNack(senderSsrc, mediaSsrc, pairs);
    }

    /** {@return every sequence number this NACK asks for, in packet order} */
    public List<Integer> lostSequenceNumbers() {
        List<Integer> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(p.pid());
            for (int i = 0; i < 16; i++) {
                if ((p.blp() & (1 << i)) != 0) {
                    out.add((p.pid() + i + 1) & 0xffff);
                }
            }
        }
        return out;
    }

    static GenericNack parseBody(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, FeedbackHeader.LENGTH, off + len, "NACK SSRCs");
        List<Pair> pairs = new ArrayList<>();
        for (int p = off + FeedbackHeader.LENGTH; p + 4 <= off + len; p += 4) {
            pairs.add(new Pair(RtpWire.u16(b, p), RtpWire.u16(b, p + 2)));
        }
        return new GenericNack(FeedbackHeader.senderSsrc(b, off), FeedbackHeader.mediaSsrc(b, off), pairs);
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public int countOrFormat() {
        return FMT;
    }

    @Override
    public int bodyLength() {
        return FeedbackHeader.LENGTH + 4 * pairs.size();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        int p = FeedbackHeader.write(out, off, senderSsrc, mediaSsrc);
        for (Pair x : pairs) {
            RtpWire.put16(out, p, x.pid());
            RtpWire.put16(out, p + 2, x.blp());
            p += 4;
        }
    }
}
