package io.jrtc.rtp.cc;

/**
 * The loss-based estimate A_s (draft-ietf-rmcat-gcc-02 section 6), from the share of packets the
 * feedback reports lost since the last evaluation (at least 20 packets and 200 ms between two):
 *
 * <pre>
 *   loss &gt; 10 %    A_s = min(A_s, target) · (1 - 0.5 · loss)      at most once per RTT + 300 ms
 *   loss &lt;  2 %    A_s = 1.05 · A_s
 *   otherwise      A_s holds
 * </pre>
 *
 * A_s starts unlimited (the maximum bitrate): it only bounds the target once losses have forced it
 * down, so a path with a steady 2-10 % random loss keeps the delay-based estimate.
 */
final class LossBasedEstimator {
    static final double HIGH_LOSS = 0.10;
    static final double LOW_LOSS = 0.02;
    private static final int MIN_PACKETS = 20;
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final long minBps;
    private final long maxBps;
    private double estimate;
    private long lost;
    private long expected;
    private long lastEvaluation = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private double lastLoss;

    LossBasedEstimator(long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.estimate = maxBps;
    }

    /** Packets newly reported: {@code lostNow} lost (a negative count: earlier losses now received) out of {@code expectedNow}. */
    void onFeedback(long lostNow, long expectedNow) {
        lost += lostNow;
        expected += expectedNow;
    }

    /** Evaluates when enough was reported; returns true when A_s changed. */
    boolean update(long now, long currentTargetBps, long rttNanos) {
        if (expected < MIN_PACKETS || (lastEvaluation != Long.MIN_VALUE && now - lastEvaluation < MIN_INTERVAL_NANOS)) {
            return false;
        }
        double loss = Math.max(0, Math.min(1, (double) lost / expected));
        lastLoss = loss;
        lost = 0;
        expected = 0;
        lastEvaluation = now;
        double before = estimate;
        if (loss > HIGH_LOSS) {
            if (lastDecrease == Long.MIN_VALUE || now - lastDecrease >= rttNanos + 300_000_000L) {
                estimate = Math.min(estimate, currentTargetBps) * (1 - 0.5 * loss);
                lastDecrease = now;
            }
        } else if (loss < LOW_LOSS) {
            estimate = estimate * 1.05;
        }
        estimate = Math.max(minBps, Math.min(maxBps, estimate));
        return estimate != before;
    }

    long estimate() {
        return (long) estimate;
    }

    /** The loss fraction of the last evaluation. */
    double lastLoss() {
        return lastLoss;
    }
}
