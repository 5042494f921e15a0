package io.jrtc.rtp.stream;

import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.SenderReport;

/**
 * Reception statistics of one SSRC for RTCP report blocks (RFC 3550 appendix A.1, A.3, A.8):
 * extended highest sequence number, cumulative and fractional loss, interarrival jitter, and the
 * LSR/DLSR pair the sender turns into a round-trip time. Time comes in as {@code now} nanoseconds.
 */
public final class ReceiverStatistics {
    private final long ssrc;
    private final int clockRate;
    private final SequenceUnwrapper seqs = SequenceUnwrapper.sequence();
    private long base = -1;
    private long highest = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean haveTransit;
    private long jitterQ4; // jitter * 16, RFC 3550 A.8
    private long lastSr;
    private long lastSrArrival;
    private boolean haveSr;
    private long firstArrival = Long.MIN_VALUE;

    /**
     * Statistics of one received stream.
     *
     * @param ssrc the stream
     * @param clockRate its RTP clock rate, for jitter
     */
    public ReceiverStatistics(long ssrc, int clockRate) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /**
     * Records one received packet (duplicates count as received, as RFC 3550 does).
     *
     * @param sequenceNumber the packet's sequence number
     * @param rtpTimestamp its RTP timestamp
     * @param now its arrival time (nanoseconds)
     */
    public void onPacket(int sequenceNumber, long rtpTimestamp, long now) {
        long s = seqs.unwrap(sequenceNumber); // the first lands in cycle 1, reported as cycle 0
        if (base < 0) {
            base = s;
            highest = s;
        }
        if (s > highest) {
            highest = s;
        }
        if (s < base) {
            base = s;
        }
        received++;
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = now;
        }
        // arrival time in timestamp units, relative to the first packet (only differences matter)
        long arrival = (now - firstArrival) / 1000L * clockRate / 1_000_000L;
        long transit = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /**
     * Records a sender report from this source, for LSR and DLSR.
     *
     * @param sr the sender report
     * @param now its arrival time (nanoseconds)
     */
    public void onSenderReport(SenderReport sr, long now) {
        lastSr = sr.compactNtp();
        lastSrArrival = now;
        haveSr = true;
    }

    /** {@return interarrival jitter in timestamp units} */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    /** {@return packets expected so far: extended highest minus base sequence number, plus one} */
    public long expected() {
        return base < 0 ? 0 : highest - base + 1;
    }

    /** {@return packets lost so far (expected minus received; negative with duplicates)} */
    public long cumulativeLost() {
        return expected() - received;
    }

    /**
     * The report block for this source now; starts a new interval for the fraction lost.
     *
     * @param now the current time (nanoseconds), for DLSR
     * @return the block, which starts a new interval for the fraction lost
     */
    public ReportBlock reportBlock(long now) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-(1 << 23), Math.min((1 << 23) - 1, cumulativeLost()));
        long dlsr = haveSr ? ((now - lastSrArrival) * 65536L) / 1_000_000_000L : 0;
        return new ReportBlock(ssrc, Math.min(255, fraction), (int) lost, highest < 0 ? 0 : Math.max(0, highest - 65536) & 0xffffffffL, jitter() & 0xffffffffL,
                haveSr ? lastSr : 0, haveSr ? dlsr & 0xffffffffL : 0);
    }

    /**
     * Round-trip time from a report block about our stream: {@code now - LSR - DLSR} (RFC 3550 6.4.1),
     * with {@code nowNtp} our 64-bit NTP time when the report arrived; -1 when the block has no LSR.
     *
     * @param nowNtp the 64-bit NTP time the block arrived
     * @param block a report block about our stream
     * @return the round-trip time in nanoseconds, or -1 without an LSR
     */
    public static long roundTripNanos(long nowNtp, ReportBlock block) {
        if (block.lastSr() == 0) {
            return -1;
        }
        long compactNow = (nowNtp >>> 16) & 0xffffffffL;
        long rtt = (compactNow - block.lastSr() - block.delaySinceLastSr()) & 0xffffffffL;
        return rtt * 1_000_000_000L / 65536L;
    }
}
