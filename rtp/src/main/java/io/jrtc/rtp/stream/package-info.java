/**
 * One media stream in each direction, and the pieces it is made of.
 *
 * <ul>
 *   <li>Engines ({@link io.jrtc.core.Engine}): {@link io.jrtc.rtp.stream.RtpSender} (packetize, answer
 *       NACKs with RTX RFC 4588, sender reports RFC 3550 §6.4.1), {@link io.jrtc.rtp.stream.RtpReceiver}
 *       (frames in order, NACK RFC 4585, PLI, receiver reports) and
 *       {@link io.jrtc.rtp.stream.TransportCcGenerator} (transport-wide congestion control feedback,
 *       draft-holmer-rmcat-transport-wide-cc-extensions-01).</li>
 *   <li>{@link io.jrtc.rtp.stream.FrameSender}, {@link io.jrtc.rtp.stream.FrameAssembler} (reordering,
 *       NACK timing, skip to a keyframe, bounded memory) and {@link io.jrtc.rtp.stream.AssembledFrame};
 *       {@link io.jrtc.rtp.stream.RetransmissionCache} and {@link io.jrtc.rtp.stream.Rtx} (RFC 4588 §4);
 *       {@link io.jrtc.rtp.stream.SequenceUnwrapper} (RFC 3550 Appendix A.1);
 *       {@link io.jrtc.rtp.stream.ReceiverStatistics} (loss A.3, jitter A.8, LSR/DLSR §6.4.1).</li>
 * </ul>
 *
 * The engines' configurations are built with named setters whose defaults are documented
 * ({@code RtpSender.Config.builder}, {@code RtpReceiver.Config.builder}; {@code FrameAssembler.Config}
 * and {@code TransportCcGenerator.Config} start from {@code defaults()} with {@code with…} setters);
 * every {@code stats()} returns an immutable snapshot.
 */
package io.jrtc.rtp.stream;
