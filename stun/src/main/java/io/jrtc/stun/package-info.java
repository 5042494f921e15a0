/**
 * STUN (RFC 8489, RFC 5389; RFC 3489 messages parsed when asked) and the message layer of TURN
 * (RFC 8656): values, and two sans-IO engines. Logger {@code jrtc.stun}.
 *
 * <ul>
 *   <li><b>The message</b> (RFC 8489 §5, §6): {@link io.jrtc.stun.StunMessage} with its
 *       {@link io.jrtc.stun.MessageClass} and {@link io.jrtc.stun.Method}; the attributes (§14, RFC 8445
 *       §16.1, RFC 8656 §18) are the records of the sealed {@link io.jrtc.stun.StunAttribute}, their
 *       type numbers in {@link io.jrtc.stun.AttributeType}. At most
 *       {@link io.jrtc.stun.StunMessage#MAX_ATTRIBUTES} attributes per message.</li>
 *   <li><b>Integrity and fingerprint</b> (§14.5, §14.6, §14.7; keys §9.1.1, §9.2.2):
 *       {@link io.jrtc.stun.IntegrityKey}, {@link io.jrtc.stun.Integrity}.</li>
 *   <li><b>TURN ChannelData</b> (RFC 8656 §12.4): {@link io.jrtc.stun.ChannelData}.</li>
 *   <li><b>Client transactions</b> (RFC 8489 §6.2.1): {@link io.jrtc.stun.StunTransactions}, the one
 *       retransmission engine of jrtc (requests in flight matched by transaction id, RTO/Rc/Rm from
 *       {@link io.jrtc.stun.StunTimers}), used by {@link io.jrtc.stun.StunClientTransaction} (one request)
 *       and by the ICE agent and TURN client of {@code io.jrtc.ice}.</li>
 *   <li><b>A Binding server</b> (§6.3): {@link io.jrtc.stun.StunServer}.</li>
 * </ul>
 *
 * <p>Malformed input raises {@link io.jrtc.stun.StunParseException}; the engines drop and count it.
 */
package io.jrtc.stun;
