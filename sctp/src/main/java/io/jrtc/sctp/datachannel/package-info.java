/**
 * WebRTC data channels (RFC 8831) on one SCTP association, with the Data Channel Establishment
 * Protocol (DCEP, RFC 8832): {@link io.jrtc.sctp.datachannel.DataChannels} is the sans-IO engine
 * (SCTP packets in and out, {@link io.jrtc.sctp.datachannel.DataChannelEvent}s out), and
 * {@link io.jrtc.sctp.datachannel.DataChannel} is one channel: a stream id used both ways, its label,
 * protocol and reliability ({@link io.jrtc.sctp.datachannel.DataChannelOptions}), sending text or
 * binary messages.
 *
 * <pre>
 *   application ── DataChannel.send / events ──▶ DataChannels  (DCEP OPEN/ACK, PPIDs 50–57, id parity)
 *                                                    │
 *                                                 SctpAssociation (io.jrtc.sctp)
 * </pre>
 *
 * RFC 8831 §6.4 (stream ids: the DTLS client picks even ones, the server odd ones), §6.5 (closing by
 * stream reset), §6.6 (PPIDs, empty messages as one zero byte); RFC 8832 §5 (the DCEP messages).
 * {@code Dcep} encodes and parses the DCEP messages. Logger {@code jrtc.sctp}.
 */
package io.jrtc.sctp.datachannel;
