package io.jrtc.rtp.cc;

/**
 * The delay-based half of GCC: packet groups ({@link InterArrival}) → the trendline filter
 * ({@link TrendlineEstimator}) → the over-use detector with its adaptive threshold
 * ({@link OveruseDetector}) → AIMD rate control ({@link AimdRateControl}). It takes packets with a
 * send time and an arrival time (on any two clocks), in arrival order, so both the sender (from
 * transport-cc or RFC 8888 feedback) and a receiver (from abs-send-time, for REMB) can run it.
 */
final class DelayBasedEstimator {
    /** Two arrivals this far apart mean a pause, not a queue: the filter starts over. */
    private static final long RESET_GAP_NANOS = 3_000_000_000L;

    private final InterArrival groups = new InterArrival();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final OveruseDetector detector;
    private final AimdRateControl rate;
    private long lastArrival = Long.MIN_VALUE;
    private BandwidthUsage batchUsage = BandwidthUsage.NORMAL;
    private long overuses;

    DelayBasedEstimator(long startBps, long minBps, long maxBps) {
        this.detector = new OveruseDetector(OveruseDetector.TRENDLINE_K_UP, OveruseDetector.TRENDLINE_K_DOWN);
        this.rate = new AimdRateControl(startBps, minBps, maxBps);
    }

    /** One received packet, in arrival order; {@code now} is our clock (the detector's Δt). */
    void onPacket(long sendNanos, long arrivalNanos, int size, long now) {
        if (lastArrival != Long.MIN_VALUE && Math.abs(arrivalNanos - lastArrival) > RESET_GAP_NANOS) {
            groups.reset();
            trendline.reset();
        }
        lastArrival = arrivalNanos;
        if (groups.add(sendNanos, arrivalNanos, size)) {
            BandwidthUsage previous = detector.state();
            double m = trendline.update(groups.sendDelta, groups.arrivalDelta, groups.groupArrival);
            BandwidthUsage u = detector.detect(m, groups.sendDelta / 1e6, trendline.deltas(), now);
            if (u == BandwidthUsage.OVERUSING && previous != BandwidthUsage.OVERUSING) {
                overuses++;
            }
            if (u == BandwidthUsage.OVERUSING || batchUsage != BandwidthUsage.OVERUSING) {
                batchUsage = u;
            }
        }
    }

    /**
     * After a batch of packets (one feedback): the rate controller acts on the strongest signal of
     * the batch (an over-use anywhere in it counts) with the acknowledged rate; returns the estimate.
     */
    long update(long ackedBps, long now) {
        BandwidthUsage u = batchUsage;
        batchUsage = detector.state();
        return rate.update(u, ackedBps, now);
    }

    BandwidthUsage usage() {
        return detector.state();
    }

    long estimate() {
        return rate.bitrate();
    }

    AimdRateControl rateControl() {
        return rate;
    }

    double threshold() {
        return detector.threshold();
    }

    double trend() {
        return trendline.modifiedTrend();
    }

    long overuses() {
        return overuses;
    }
}
