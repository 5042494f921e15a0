/**
 * SCTP (RFC 9260) as a sans-IO association, for WebRTC data channels over DTLS (RFC 8261): packets
 * in with {@link io.jrtc.sctp.SctpAssociation#handleInput}, packets, events and the next timeout out
 * through the {@link io.jrtc.core.Engine} methods. Time is the caller's {@code now} in nanoseconds;
 * randomness is the {@link java.util.random.RandomGenerator} of {@link io.jrtc.sctp.SctpConfig}.
 *
 * <p>The public API: {@link io.jrtc.sctp.SctpAssociation}, {@link io.jrtc.sctp.SctpConfig},
 * {@link io.jrtc.sctp.SendOptions}, {@link io.jrtc.sctp.SctpEvent}, {@link io.jrtc.sctp.SctpStats};
 * the wire values {@link io.jrtc.sctp.SctpPacket}, {@link io.jrtc.sctp.Chunk},
 * {@link io.jrtc.sctp.Param}, {@link io.jrtc.sctp.ErrorCause} (RFC 9260 §3, RFC 3758, RFC 6525,
 * RFC 8260, RFC 9653), each with {@code parse} and {@code encode} and
 * {@link io.jrtc.sctp.SctpParseException} for malformed input.
 *
 * <p>Inside, the association is the state machine (RFC 9260 §4, §5, §9) and delegates to one
 * package-private class per part of the protocol, each naming its RFC sections:
 *
 * <pre>
 *                          SctpAssociation (state machine, handshake, shutdown, wiring)
 *   StateCookie        §5.1.3, §5.1.5   the signed state cookie and its checks
 *   DataTracker        §6.2, §6.7       received TSNs, gap blocks, duplicates, when a SACK is due
 *   ReassemblyQueue    §6.5, §6.6, §6.9 fragments into messages, ordered and unordered, per stream
 *   SendQueue          §6.1, §6.9       messages per stream, round robin, fragmentation, send buffer
 *   RetransmissionQueue §6.1–§6.3, §7.2.4  outstanding chunks, SACK processing, T3-rtx, fast retransmit, PR-SCTP
 *   RtoEstimator       §6.3.1 (RFC 6298) SRTT, RTTVAR, RTO and its backoff
 *   CongestionWindow   §7.2             slow start, congestion avoidance, fast recovery (cwnd, ssthresh)
 *   Bundler            §6.10            chunks into packets up to the MTU, checksum
 *   Heartbeats         §8.3             HEARTBEAT and its RTT sample
 *   StreamReset        RFC 6525         outgoing SSN reset requests and responses
 * </pre>
 *
 * Logger {@code jrtc.sctp} (protocol steps at DEBUG). Data channels (RFC 8831, RFC 8832) are in
 * {@link io.jrtc.sctp.datachannel}.
 */
package io.jrtc.sctp;
