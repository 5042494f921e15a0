/**
 * RTCP packets as a sealed family of records ({@link io.jrtc.rtp.rtcp.RtcpPacket}), parsed from and
 * encoded to compound packets (RFC 3550 §6.1) and reduced-size RTCP (RFC 5506).
 *
 * <ul>
 *   <li>RFC 3550 §6.4-6.7: {@link io.jrtc.rtp.rtcp.SenderReport}, {@link io.jrtc.rtp.rtcp.ReceiverReport}
 *       with {@link io.jrtc.rtp.rtcp.ReportBlock}s, {@link io.jrtc.rtp.rtcp.SourceDescription},
 *       {@link io.jrtc.rtp.rtcp.Goodbye}, {@link io.jrtc.rtp.rtcp.AppPacket}.</li>
 *   <li>Feedback (RFC 4585 §6.2.1, §6.3.1): {@link io.jrtc.rtp.rtcp.GenericNack},
 *       {@link io.jrtc.rtp.rtcp.PictureLossIndication}; RFC 5104 §4.3.1:
 *       {@link io.jrtc.rtp.rtcp.FullIntraRequest}; {@link io.jrtc.rtp.rtcp.Remb}
 *       (draft-alvestrand-rmcat-remb); {@link io.jrtc.rtp.rtcp.TransportCcFeedback}
 *       (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1);
 *       {@link io.jrtc.rtp.rtcp.CongestionControlFeedback} (RFC 8888 §3.1).</li>
 *   <li>RFC 3611: {@link io.jrtc.rtp.rtcp.ExtendedReport} (RRTR §4.4, DLRR §4.5, other blocks kept raw).</li>
 *   <li>{@link io.jrtc.rtp.rtcp.UnknownRtcp}: any other packet type, kept raw.</li>
 * </ul>
 *
 * Every count and length read from the wire is checked against the bytes present before anything of
 * that size is allocated; a malformed packet raises {@link io.jrtc.rtp.RtpParseException}.
 */
package io.jrtc.rtp.rtcp;
