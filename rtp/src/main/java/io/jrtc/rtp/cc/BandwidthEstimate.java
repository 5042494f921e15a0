package io.jrtc.rtp.cc;

/**
 * The estimator's view of the path, reported on each significant change
 * ({@link BandwidthEstimator#pollEvent()}).
 *
 * @param timeNanos      when ({@code now})
 * @param targetBps      what to send: min(delay-based, loss-based, REMB), within the configured bounds
 * @param delayBasedBps  the delay-based estimate (from transport-cc or RFC 8888 feedback)
 * @param lossBasedBps   the loss-based bound (the maximum while losses stay under 10 %)
 * @param rembBps        the remote's REMB, -1 when none received
 * @param ackedBps       the rate the receiver acknowledged over the last 500 ms, -1 before it is known
 * @param lossFraction   the loss the feedback reported at the last loss evaluation, 0..1
 * @param rttNanos       the round-trip time the estimator uses
 * @param usage          the over-use detector's state
 */
public record BandwidthEstimate(long timeNanos, long targetBps, long delayBasedBps, long lossBasedBps, long rembBps,
        long ackedBps, double lossFraction, long rttNanos, BandwidthUsage usage) {
}
