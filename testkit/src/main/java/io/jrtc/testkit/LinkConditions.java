package io.jrtc.testkit;

import java.time.Duration;

/**
 * What one direction of a simulated link does to datagrams. Build with {@link #perfect()} and the
 * {@code with…} methods:
 *
 * <pre>{@code
 * LinkConditions.perfect().withLatency(Duration.ofMillis(25)).withJitter(Duration.ofMillis(5))
 *     .withLoss(0.1).withDuplication(0.02).withReordering(0.05, Duration.ofMillis(30)).withMtu(1200)
 * }</pre>
 *
 * @param latencyNanos     fixed one-way delay
 * @param jitterNanos      a uniform random extra delay in [0, jitter); reorders packets that are close together
 * @param lossRate         independent random loss probability, 0..1
 * @param burstLoss        bursty loss (Gilbert-Elliott), or {@code null} for none; applied on top of lossRate
 * @param duplicateRate    probability that a datagram arrives twice (the copy gets its own delay)
 * @param reorderRate      probability that a datagram is held back by {@code reorderDelayNanos} extra
 * @param reorderDelayNanos extra delay for held-back datagrams
 * @param mtu              datagrams with more payload bytes than this are dropped ({@code 0}: no limit)
 * @param bandwidthBitsPerSecond serialisation rate of the link ({@code 0}: infinite); datagrams queue behind each other
 * @param queueLimitBytes  drop-tail queue size when a bandwidth is set ({@code 0}: unlimited)
 */
public record LinkConditions(
        long latencyNanos,
        long jitterNanos,
        double lossRate,
        GilbertElliott burstLoss,
        double duplicateRate,
        double reorderRate,
        long reorderDelayNanos,
        int mtu,
        long bandwidthBitsPerSecond,
        int queueLimitBytes) {

    /**
     * The Gilbert-Elliott two-state loss model: in the good state datagrams are lost with
     * {@code lossInGood}, in the bad state with {@code lossInBad}; after each datagram the state flips
     * with {@code goodToBad} or {@code badToGood}. Mean burst length is {@code 1 / badToGood}.
     */
    public record GilbertElliott(double goodToBad, double badToGood, double lossInGood, double lossInBad) {
        /** A model with the given average loss rate and mean burst length (in datagrams), losing everything while bad. */
        public static GilbertElliott withAverage(double averageLoss, double meanBurstLength) {
            double badToGood = 1.0 / meanBurstLength;
            double goodToBad = averageLoss * badToGood / (1 - averageLoss);
            return new GilbertElliott(goodToBad, badToGood, 0, 1);
        }
    }

    public static LinkConditions perfect() {
        return new LinkConditions(0, 0, 0, null, 0, 0, 0, 0, 0, 0);
    }

    public LinkConditions withLatency(Duration d) {
        return new LinkConditions(d.toNanos(), jitterNanos, lossRate, burstLoss, duplicateRate, reorderRate, reorderDelayNanos, mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withJitter(Duration d) {
        return new LinkConditions(latencyNanos, d.toNanos(), lossRate, burstLoss, duplicateRate, reorderRate, reorderDelayNanos, mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withLoss(double rate) {
        return new LinkConditions(latencyNanos, jitterNanos, rate, burstLoss, duplicateRate, reorderRate, reorderDelayNanos, mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withBurstLoss(GilbertElliott model) {
        return new LinkConditions(latencyNanos, jitterNanos, lossRate, model, duplicateRate, reorderRate, reorderDelayNanos, mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withDuplication(double rate) {
        return new LinkConditions(latencyNanos, jitterNanos, lossRate, burstLoss, rate, reorderRate, reorderDelayNanos, mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withReordering(double rate, Duration extraDelay) {
        return new LinkConditions(latencyNanos, jitterNanos, lossRate, burstLoss, duplicateRate, rate, extraDelay.toNanos(), mtu, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withMtu(int bytes) {
        return new LinkConditions(latencyNanos, jitterNanos, lossRate, burstLoss, duplicateRate, reorderRate, reorderDelayNanos, bytes, bandwidthBitsPerSecond, queueLimitBytes);
    }

    public LinkConditions withBandwidth(long bitsPerSecond, int queueLimitBytes) {
        return new LinkConditions(latencyNanos, jitterNanos, lossRate, burstLoss, duplicateRate, reorderRate, reorderDelayNanos, mtu, bitsPerSecond, queueLimitBytes);
    }
}
