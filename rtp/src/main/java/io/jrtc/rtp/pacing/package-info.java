/**
 * The pacer: {@link io.jrtc.rtp.pacing.Pacer} sends queued packets in short bursts at the pacing rate
 * (2.5 × the estimator's target), audio before retransmissions before video, runs the probes the
 * bandwidth estimator asks for ({@link io.jrtc.rtp.cc.ProbeCluster}) and asks for padding only to fill
 * a probe. A sans-IO {@link io.jrtc.core.Engine}: time is the caller's {@code now}; confined to one thread.
 */
package io.jrtc.rtp.pacing;
