/**
 * RTP packets (RFC 3550 §5.1) and header extensions (RFC 8285).
 *
 * <ul>
 *   <li>{@link io.jrtc.rtp.RtpPacket}: an immutable packet value ({@code parse}/{@code encode}),
 *       {@link io.jrtc.rtp.RtpView}: a reusable, allocation-free view that validates a header in a
 *       caller's buffer.</li>
 *   <li>{@link io.jrtc.rtp.ExtensionBlock}: the header extension block (RFC 3550 §5.3.1) in its
 *       one-byte and two-byte forms (RFC 8285 §4.2, §4.3), made of {@link io.jrtc.rtp.ExtensionElement}s;
 *       {@link io.jrtc.rtp.ExtensionRegistry} maps negotiated ids to URIs and
 *       {@link io.jrtc.rtp.ExtensionValue} reads and writes the values WebRTC uses (audio level
 *       RFC 6464, transport-wide sequence number, abs-send-time, mid RFC 9143, rid RFC 8852, ...).</li>
 *   <li>{@link io.jrtc.rtp.RtpParseException}: what every parser of this module raises for malformed
 *       input; {@link io.jrtc.rtp.RtpWire}: the bounds-checked big-endian reads they share.</li>
 * </ul>
 *
 * RTCP is in {@link io.jrtc.rtp.rtcp}, payload formats in {@link io.jrtc.rtp.codec}, streams and
 * engines in {@link io.jrtc.rtp.stream}, media files in {@link io.jrtc.rtp.media}. Logs go to
 * {@code System.Logger} {@code jrtc.rtp}.
 */
package io.jrtc.rtp;
