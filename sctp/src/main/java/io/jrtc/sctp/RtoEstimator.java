package io.jrtc.sctp;

/**
 * The retransmission timeout (RFC 9260 §6.3.1, the algorithm of RFC 6298): SRTT and RTTVAR from
 * round trip samples, RTO = SRTT + 4·RTTVAR clamped to [RTO.Min, RTO.Max], doubled on every expiry
 * (§6.3.3 E2). Which chunk is timed (one per round trip, never a retransmitted one: Karn's rule) is
 * the {@link RetransmissionQueue}'s business; heartbeats give samples too.
 *
 * <pre>
 * first sample R:   SRTT = R            RTTVAR = R/2
 * later samples R:  RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|     SRTT = 7/8·SRTT + 1/8·R
 * RTO = min(max(SRTT + 4·RTTVAR, RTO.Min), RTO.Max)
 * </pre>
 *
 * It also keeps the smallest and the latest sample, which the ADAPTIVE congestion control reads
 * (the queue its window builds, and RACK's reordering window).
 */
final class RtoEstimator {
    private final long min;
    private final long max;
    private long rto;
    private long srtt;
    private long rttvar;
    private long minRtt = Long.MAX_VALUE;
    private long lastRtt;
    /** The smallest sample of the current window (two smoothed RTTs long) and of the one before. */
    private long windowMin = Long.MAX_VALUE;
    private long previousWindowMin = Long.MAX_VALUE;
    private long windowStart;

    RtoEstimator(long initialNanos, long minNanos, long maxNanos) {
        this.rto = initialNanos;
        this.min = minNanos;
        this.max = maxNanos;
    }

    /** The current RTO, nanoseconds. */
    long rto() {
        return rto;
    }

    /** Smoothed RTT, {@code 0} before the first sample. */
    long srtt() {
        return srtt;
    }

    long rttvar() {
        return rttvar;
    }

    /** The smallest sample so far, {@code Long.MAX_VALUE} before the first. */
    long minRtt() {
        return minRtt;
    }

    /** The latest sample, {@code 0} before the first. */
    long lastRtt() {
        return lastRtt;
    }

    /**
     * The RTT the path shows without the noise of one late sample: the smallest sample of the last two
     * to four smoothed RTTs (a delay spike only ever adds), the latest sample before there is one.
     */
    long standingRtt() {
        long m = Math.min(windowMin, previousWindowMin);
        return m == Long.MAX_VALUE ? lastRtt : m;
    }

    /** A round trip time {@code r} measured at {@code now} (RFC 6298 §2.2, §2.3); negative samples are ignored. */
    void sample(long now, long r) {
        if (r < 0) return;
        if (now - windowStart > 2 * srtt) {
            previousWindowMin = windowMin;
            windowMin = Long.MAX_VALUE;
            windowStart = now;
        }
        windowMin = Math.min(windowMin, r);
        lastRtt = r;
        minRtt = Math.min(minRtt, r);
        if (srtt == 0) {
            srtt = Math.max(r, 1);
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = clamp(srtt + 4 * rttvar);
    }

    /** A timer expired (T1, T2 or T3-rtx): RTO doubles, up to RTO.Max (RFC 9260 §6.3.3 E2). */
    void backoff() {
        rto = Math.min(rto * 2, max);
    }

    /**
     * Forward progress without a new sample ends the backoff: RTO from SRTT and RTTVAR again (ADAPTIVE
     * only, as Linux TCP does; RFC 9260 keeps the backed-off value until the next sample).
     */
    void recomputeFromSrtt() {
        if (srtt > 0) rto = clamp(srtt + 4 * rttvar);
    }

    private long clamp(long v) {
        return Math.min(Math.max(v, min), max);
    }
}
