/**
 * The sender's congestion control: Google Congestion Control (draft-ietf-rmcat-gcc-02) as one
 * sans-IO engine.
 *
 * <ul>
 *   <li>{@link io.jrtc.rtp.cc.BandwidthEstimator}, an {@link io.jrtc.core.Engine}: told of every packet
 *       sent ({@code onPacketSent}) and of every feedback (transport-wide CC, RFC 8888, REMB, receiver
 *       report loss, round-trip time); its events are {@link io.jrtc.rtp.cc.BandwidthEstimate}s on each
 *       change of the target of 5 % or more, its transmits are {@link io.jrtc.rtp.cc.ProbeCluster}s
 *       for the pacer ({@link io.jrtc.rtp.pacing.Pacer}) to send.</li>
 *   <li>Delay-based: packet groups, inter-arrival deltas, a trendline filter and an over-use detector
 *       with an adaptive threshold ({@link io.jrtc.rtp.cc.BandwidthUsage}), then AIMD rate control;
 *       loss-based: a bound from the fraction lost; probing: initial, further and after the
 *       application-limited region, measured from the probes' send and receive rates.</li>
 * </ul>
 *
 * The parts other than the estimator, its configuration, estimate and probe types are package-private:
 * the estimator is the API. Time is the caller's {@code now} in nanoseconds; nothing here reads a clock
 * or draws a random number. Confined to one thread.
 */
package io.jrtc.rtp.cc;
