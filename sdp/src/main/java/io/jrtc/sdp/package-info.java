/**
 * SDP (RFC 8866) as WebRTC writes it: {@link io.jrtc.sdp.SessionDescription} and its
 * {@link io.jrtc.sdp.MediaDescription}s, parsed tolerantly and written back line for line. Logger
 * {@code jrtc.sdp}.
 *
 * <ul>
 *   <li>Line types (§5): {@link io.jrtc.sdp.Origin}, {@link io.jrtc.sdp.Connection},
 *       {@link io.jrtc.sdp.Bandwidth}, {@link io.jrtc.sdp.Timing}; attributes are the records of the sealed
 *       {@link io.jrtc.sdp.Attribute} (the WebRTC ones: RFC 8839 ICE, RFC 8842 DTLS, RFC 8843 BUNDLE,
 *       RFC 8841 SCTP, RFC 3264 direction, ...), anything else {@link io.jrtc.sdp.Attribute.Raw}.</li>
 *   <li>{@link io.jrtc.sdp.CandidateAttribute} is the {@code a=candidate} line (RFC 8839 §5.1) as text,
 *       field by field; the ICE agent's own candidate is {@code io.jrtc.ice.Candidate}.</li>
 *   <li>{@link io.jrtc.sdp.Direction}, {@link io.jrtc.sdp.SetupRole}: the values of
 *       {@code a=sendrecv}… and {@code a=setup}.</li>
 * </ul>
 *
 * <p>A description longer than {@link io.jrtc.sdp.SessionDescription#MAX_LENGTH} is refused before any
 * work; what cannot be read raises {@link io.jrtc.sdp.SdpParseException} with its line number. The
 * offer/answer rules are in {@link io.jrtc.sdp.jsep}.
 */
package io.jrtc.sdp;
