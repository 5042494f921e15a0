package io.jrtc.rtp.cc;

/**
 * The delay-based rate controller (draft-ietf-rmcat-gcc-02 section 5.5): a three-state machine driven
 * by the detector's signal, with the measured incoming (acknowledged) rate R as the reference.
 *
 * <pre>
 *                    HOLD        INCREASE     DECREASE
 *   OVERUSING     → DECREASE    DECREASE     DECREASE
 *   NORMAL        → INCREASE    INCREASE     HOLD
 *   UNDERUSING    → HOLD        HOLD         HOLD
 *
 *   increase, far from the last congestion point:  A = A · 1.08^min(Δt/1 s, 1)         (multiplicative)
 *   increase, near it (R within 3σ of the average R at past decreases):
 *                       A = A + max(1 kbit, 0.5 · min(Δt / (RTT + 100 ms), 1) · packet bits)  (additive)
 *   decrease:           A = 0.85 · R, at most once per RTT (10..200 ms), then HOLD
 *   an increase stops at 1.5 · R + 10 kbit/s (never far above what the path has delivered)
 * </pre>
 *
 * Underuse means the queues drain: hold, so that they empty before we increase again. Not
 * thread-safe.
 */
final class AimdRateControl {
    static final double BETA = 0.85;
    static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final double PACKET_BITS = 1200 * 8;

    enum State { HOLD, INCREASE, DECREASE }

    private final long minBps;
    private final long maxBps;
    private double bitrate;
    private State state = State.HOLD;
    private double avgMaxKbps = -1;
    private double varMaxKbps = 0.4;
    private long lastChange = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private long rttNanos = 200_000_000L;
    private boolean inAlr;

    AimdRateControl(long startBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.bitrate = clamp(startBps);
    }

    void setRtt(long rttNanos) {
        this.rttNanos = rttNanos;
    }

    /** While application-limited the estimate is not raised (nothing proves the path carries more). */
    void setApplicationLimited(boolean alr) {
        this.inAlr = alr;
    }

    /** Jumps to {@code bps} (a probe's result, or the first throughput measurement). */
    void setEstimate(long bps, long now) {
        bitrate = clamp(bps);
        lastChange = now;
    }

    long bitrate() {
        return (long) bitrate;
    }

    State state() {
        return state;
    }

    /** Whether a past decrease gave us an idea of the link capacity (additive increase region). */
    boolean nearConvergence() {
        return avgMaxKbps >= 0;
    }

    /**
     * One update with the detector's signal and the acknowledged rate ({@code ackedBps}, or a
     * negative value when not known yet); returns the new estimate.
     */
    long update(BandwidthUsage usage, long ackedBps, long now) {
        State next = switch (usage) {
            case OVERUSING -> State.DECREASE;
            case NORMAL -> state == State.DECREASE ? State.HOLD : State.INCREASE;
            case UNDERUSING -> State.HOLD;
        };
        state = next;
        if (lastChange == Long.MIN_VALUE) {
            lastChange = now;
        }
        double acked = ackedBps;
        double kbps = acked / 1000.0;
        switch (state) {
            case HOLD -> lastChange = now;
            case INCREASE -> {
                if (acked >= 0 && avgMaxKbps >= 0 && kbps > avgMaxKbps + 3 * stdDevKbps()) {
                    avgMaxKbps = -1; // the link got faster: what we knew about it no longer holds
                }
                double dt = (now - lastChange) / 1e9;
                if (!inAlr) {
                    double increased;
                    if (avgMaxKbps >= 0) {
                        double response = (rttNanos + 100_000_000L) / 1e9;
                        double alpha = 0.5 * Math.min(dt / response, 1.0);
                        increased = bitrate + Math.max(1000, alpha * PACKET_BITS);
                    } else {
                        double factor = Math.pow(MULTIPLICATIVE_PER_SECOND, Math.min(dt, 1.0));
                        increased = bitrate + Math.max(1000, bitrate * (factor - 1));
                    }
                    if (acked >= 0) {
                        // never increase far above what the path delivered (but never decrease for it)
                        increased = Math.min(increased, Math.max(bitrate, 1.5 * acked + 10_000));
                    }
                    bitrate = increased;
                }
                lastChange = now;
            }
            case DECREASE -> {
                long interval = Math.max(10_000_000L, Math.min(200_000_000L, rttNanos));
                boolean canReduce = lastDecrease == Long.MIN_VALUE || now - lastDecrease >= interval
                        || (acked >= 0 && bitrate > 2 * acked);
                if (canReduce) {
                    double target = acked >= 0 ? BETA * acked : BETA * bitrate;
                    if (target < bitrate) {
                        bitrate = target;
                    }
                    if (acked >= 0) {
                        if (avgMaxKbps >= 0 && kbps < avgMaxKbps - 3 * stdDevKbps()) {
                            avgMaxKbps = -1;
                        }
                        updateMax(kbps);
                    }
                    lastDecrease = now;
                }
                lastChange = now;
                state = State.HOLD;
            }
        }
        bitrate = clamp((long) bitrate);
        return (long) bitrate;
    }

    private void updateMax(double kbps) {
        if (avgMaxKbps < 0) {
            avgMaxKbps = kbps;
        } else {
            avgMaxKbps = 0.95 * avgMaxKbps + 0.05 * kbps;
        }
        double norm = Math.max(avgMaxKbps, 1.0);
        varMaxKbps = 0.95 * varMaxKbps + 0.05 * (avgMaxKbps - kbps) * (avgMaxKbps - kbps) / norm;
        varMaxKbps = Math.max(0.4, Math.min(2.5, varMaxKbps));
    }

    private double stdDevKbps() {
        return Math.sqrt(varMaxKbps * avgMaxKbps);
    }

    private double clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
