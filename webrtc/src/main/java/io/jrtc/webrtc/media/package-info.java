/**
 * The media of a PeerConnection: every RTP and RTCP packet of one BUNDLE transport, as one sans-IO
 * engine, {@link io.jrtc.webrtc.media.MediaSession}, between SRTP (below, in the composition core) and
 * the application (encoded frames or RTP packets, above).
 *
 * <pre>
 *   offer/answer ──► MediaSection.negotiate(local m=, remote m=) per section ──► MediaSession.configure
 *
 *   SRTP ──► handleRtp / handleRtcp                         sendFrame / sendRtp ◄── application
 *              │ demux: SSRC, mid extension, a=ssrc, pt           │ packetize (first codec jrtc can),
 *              │ RTX unwrap (OSN, apt)                            │ our SSRC/pt/sequence, mid + transport-wide
 *              ▼                                                  ▼ sequence extensions, retransmission cache
 *       remote streams: statistics, frame assembly        our streams: NACK → RTX, PLI/FIR → event,
 *       (video: NACK once per round trip, at most 10      report blocks → round-trip time;
 *       times, then PLI/FIR; audio: as it comes)          feedback → bandwidth estimator → target
 *              │                                          every packet ──► pacer (bursts, probes, padding)
 *              └──► pollEvent: TrackStarted, RtpReceived, FrameReceived, KeyframeRequested, TargetBitrateChanged
 *   pollTransmit ──► SRTP: RTP, NACK/PLI/FIR, transport-cc feedback, SR/RR + SDES (+ BYE)
 * </pre>
 *
 * Sending is paced ({@link io.jrtc.rtp.pacing.Pacer}): {@code sendFrame} queues, and the packets leave
 * from {@code sendFrame} itself and from {@code handleTimeout} at {@code pollTimeout}, so a caller that
 * drains {@code pollTransmit} only after its own calls must also run the timer.
 *
 * {@link io.jrtc.webrtc.media.MediaStats} is what {@code getStats} reads ({@code inbound-rtp},
 * {@code outbound-rtp}, {@code remote-inbound-rtp}, {@code codec}). Everything here is driven by
 * {@code now} in nanoseconds and the {@link java.util.random.RandomGenerator} of
 * {@link io.jrtc.webrtc.media.MediaConfig}; logger {@code jrtc.rtp}.
 */
package io.jrtc.webrtc.media;
