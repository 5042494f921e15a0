package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * RTP congestion control feedback, RTPFB (PT=205) FMT=11 (RFC 8888 section 3.1).
 *
 * <pre>
 * |V=2|P| FMT=11  |   PT = 205    |          length               |
 * |                 SSRC of RTCP packet sender                    |
 * |                   SSRC of 1st RTP Stream                      |
 * |          begin_seq            |          num_reports          |
 * |R|ECN|  Arrival time offset    | ...                           |
 * .   (num_reports metric blocks, padded to 32 bits)              .
 * |                   SSRC of nth RTP Stream ...                  |
 * |                        Report Timestamp                       |
 * </pre>
 *
 * Each metric block is 16 bits: R (received), ECN (2 bits), arrival time offset (13 bits, 1/1024 s
 * before the report timestamp; 0x1FFF over-range, 0x1FFE unavailable).
 */
public record CongestionControlFeedback(long senderSsrc, List<StreamReport> reports, long reportTimestamp) implements RtcpPacket {
    /** The feedback message type of RFC 8888 feedback (PT 205). */
    public static final int FMT = 11;

    /** The metric block of one packet. */
    public record Metric(boolean received, int ecn, int arrivalTimeOffset) {
        /**
         * Checks the components.
         *
         * @param received the received
         * @param ecn the ecn
         * @param arrivalTimeOffset the arrival time offset
         */
        public Metric {
            if (ecn < 0 || ecn > 3 || arrivalTimeOffset < 0 || arrivalTimeOffset > 0x1fff) {
                throw new IllegalArgumentException("metric: ECN 2 bits, ATO 13 bits");
            }
        }

        int encoded() {
            return (received ? 0x8000 : 0) | (ecn << 13) | arrivalTimeOffset;
        }

        static Metric decode(int v) {
            return new Metric((v & 0x8000) != 0, (v >>> 13) & 3, v & 0x1fff);
        }
    }

    /** Reports for packets {@code beginSequence, beginSequence+1, ...} of one SSRC. */
    public record StreamReport(long ssrc, int beginSequence, List<Metric> metrics) {
        /**
         * Checks the components.
         *
         * @param ssrc the ssrc
         * @param beginSequence the begin sequence
         * @param metrics the metrics
         */
        public StreamReport {
            metrics = List.copyOf(metrics);
            if (beginSequence < 0 || beginSequence > 0xffff || metrics.size() > 0xffff) {
                throw new IllegalArgumentException("begin_seq and num_reports are 16 bits");
            }
        }

        int length() {
            return 8 + RtpWire.padTo4(2 * metrics.size());
        }
    }

    /**
     * Checks the components.
     *
     * @param senderSsrc the sender ssrc
     * @param reports the reports
     * @param reportTimestamp the report timestamp
     */
    public CongestionControlFeedback {
        reports = List.copyOf(reports);
    }

    static CongestionControlFeedback parseBody(byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 8, end, "CCFB sender SSRC and report timestamp");
        int stop = end - 4;
        List<StreamReport> reports = new ArrayList<>();
        int p = off + 4;
        while (p < stop) {
            RtpWire.need(p, 8, stop, "CCFB stream report header");
            long ssrc = RtpWire.u32(b, p);
            int begin = RtpWire.u16(b, p + 4);
            int n = RtpWire.u16(b, p + 6);
            int blocks = RtpWire.padTo4(2 * n);
            RtpWire.need(p + 8, blocks, stop, "CCFB " + n + " metric blocks");
            List<Metric> metrics = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                metrics.add(Metric.decode(RtpWire.u16(b, p + 8 + 2 * i)));
            }
            reports.add(new StreamReport(ssrc, begin, metrics));
            p += 8 + blocks;
        }
        return new CongestionControlFeedback(RtpWire.u32(b, off), reports, RtpWire.u32(b, stop));
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
        int n = 8;
        for (StreamReport r : reports) {
            n += r.length();
        }
        return n;
    }

    @Override
    public void writeBody(byte[] out, int off) {
        RtpWire.put32(out, off, senderSsrc);
        int p = off + 4;
        for (StreamReport r : reports) {
            RtpWire.put32(out, p, r.ssrc());
            RtpWire.put16(out, p + 4, r.beginSequence());
            RtpWire.put16(out, p + 6, r.metrics().size());
            int q = p + 8;
            for (Metric m : r.metrics()) {
                RtpWire.put16(out, q, m.encoded());
                q += 2;
            }
            p += r.length();
            while (q < p) {
                out[q++] = 0;
            }
        }
        RtpWire.put32(out, p, reportTimestamp);
    }
}
