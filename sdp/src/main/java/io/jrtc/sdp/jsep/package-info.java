/**
 * The JSEP offer/answer model (RFC 8829 §5) as pure functions: {@link io.jrtc.sdp.jsep.Jsep} builds
 * offers from {@link io.jrtc.sdp.jsep.Transceiver}s (§5.2.1, subsequent offers §5.2.2), answers an
 * offer with {@link io.jrtc.sdp.jsep.AnswerOptions} (§5.3.1: codecs, RTX, feedback, header
 * extensions, direction per RFC 3264 §6.1, DTLS role, BUNDLE, data channels), and adds or removes
 * trickled candidates (RFC 8838). No state: the signaling state machine belongs to the
 * {@code webrtc} module.
 */
package io.jrtc.sdp.jsep;
