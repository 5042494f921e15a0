package io.jrtc.rtp.cc;

/**
 * The over-use detector with its adaptive threshold (draft-ietf-rmcat-gcc-02 section 5.4).
 *
 * <pre>
 *   m(i) &gt;  del_var_th  for more than 10 ms (and m not falling)  → OVERUSING
 *   m(i) &lt; -del_var_th                                          → UNDERUSING
 *   otherwise                                                   → NORMAL
 *
 *   del_var_th(i) = del_var_th(i-1) + Δt · K(i) · (|m(i)| - del_var_th(i-1))
 *   K(i) = K_u = 0.01 when |m(i)| &gt; del_var_th(i-1), else K_d = 0.00018        (Δt in ms, at most 100)
 *   del_var_th starts at 12.5 ms, stays within [6, 600] ms, and is not moved by an |m| more than 15 ms
 *   above it (a sudden spike, e.g. a route change, must not desensitise the detector)
 * </pre>
 *
 * The threshold rises fast when the delay signal exceeds it and falls slowly: a TCP flow sharing the
 * bottleneck keeps the queue full, and a fixed threshold would make us starve (section 5.4).
 */
final class OveruseDetector {
    /** The draft's gains, for its Kalman filter's m(i). */
    static final double K_UP = 0.01;
    static final double K_DOWN = 0.00018;
    /**
     * The gains for the trendline filter's m(i) (libwebrtc's values): the threshold falls much faster,
     * so that the slow queue growth of an additive increase (m around 10-15) is still seen; with the
     * draft's K_d the threshold stays near 13 and a 300 kbit/s link fills its queue unnoticed.
     */
    static final double TRENDLINE_K_UP = 0.0087;
    static final double TRENDLINE_K_DOWN = 0.039;
    static final double INITIAL_THRESHOLD = 12.5;
    static final double MIN_THRESHOLD = 6;
    static final double MAX_THRESHOLD = 600;
    static final double MAX_ADAPT_OFFSET = 15;
    static final double OVERUSE_TIME_MS = 10;

    private final double kUp;
    private final double kDown;
    private double threshold = INITIAL_THRESHOLD;
    private long lastUpdate = Long.MIN_VALUE;
    private double overuseTime = -1;
    private int overuseCount;
    private double prevTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    OveruseDetector() {
        this(K_UP, K_DOWN);
    }

    OveruseDetector(double kUp, double kDown) {
        this.kUp = kUp;
        this.kDown = kDown;
    }

    /**
     * Classifies one m(i).
     *
     * @param trend      m(i) from the filter, in ms
     * @param sendDeltaMs the inter-departure of the groups it came from
     * @param deltas     how many deltas the filter has seen (fewer than 2: no decision)
     * @param now        our clock, nanoseconds
     */
    BandwidthUsage detect(double trend, double sendDeltaMs, int deltas, long now) {
        if (deltas < 2) {
            return BandwidthUsage.NORMAL;
        }
        if (trend > threshold) {
            overuseTime = overuseTime < 0 ? sendDeltaMs / 2 : overuseTime + sendDeltaMs;
            overuseCount++;
            if (overuseTime > OVERUSE_TIME_MS && overuseCount > 1 && trend >= prevTrend) {
                overuseTime = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (trend < -threshold) {
            overuseTime = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            overuseTime = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        prevTrend = trend;
        adapt(trend, now);
        return state;
    }

    private void adapt(double trend, long now) {
        if (lastUpdate == Long.MIN_VALUE) {
            lastUpdate = now;
        }
        double abs = Math.abs(trend);
        if (abs > threshold + MAX_ADAPT_OFFSET) {
            lastUpdate = now;
            return;
        }
        double k = abs < threshold ? kDown : kUp;
        double dtMs = Math.min((now - lastUpdate) / 1e6, 100);
        threshold += k * (abs - threshold) * dtMs;
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
        lastUpdate = now;
    }

    BandwidthUsage state() {
        return state;
    }

    double threshold() {
        return threshold;
    }
}
