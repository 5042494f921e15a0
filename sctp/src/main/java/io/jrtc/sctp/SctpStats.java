package io.jrtc.sctp;

/**
 * Counters and congestion state of an association, for logs, tests and benchmarks: an immutable
 * snapshot, a new one from every {@link SctpAssociation#stats()}.
 *
 * @param packetsSent          SCTP packets handed to the caller
 * @param packetsReceived      packets that parsed and passed the verification tag check
 * @param malformed            packets dropped because they did not parse (bad CRC, lengths, ...)
 * @param badVerificationTag   packets dropped for a wrong verification tag or port
 * @param dataChunksSent       DATA / I-DATA chunks sent for the first time
 * @param retransmissions      DATA / I-DATA chunks sent again (fast retransmit or T3-rtx)
 * @param fastRetransmits      chunks marked for retransmission by miss indications
 * @param t3Expirations        retransmission timeouts
 * @param abandonedMessages    PR-SCTP messages given up on (max retransmits or lifetime)
 * @param messagesDelivered    whole messages delivered to the caller
 * @param bytesDelivered       user bytes delivered to the caller
 * @param duplicateTsns        DATA chunks received twice
 * @param droppedChunks        DATA chunks dropped for lack of buffer or window
 * @param internalErrors       unexpected exceptions caught at the API boundary (always 0 unless there is a bug)
 * @param cwnd                 congestion window, bytes
 * @param ssthresh             slow start threshold, bytes
 * @param flightSize           bytes sent and not yet acknowledged
 * @param rtoNanos             current retransmission timeout
 * @param srttNanos            smoothed RTT ({@code 0} before the first measurement)
 * @param zeroWindowProbes     DATA chunks sent (or resent) into a peer window too small for them with
 *                             nothing else in flight (RFC 9260 §6.1 A)
 * @param windowUpdates        SACKs that reopened a small advertised window by an MTU or more, as the
 *                             application took what it had left waiting
 * @param droppedOverWindow    DATA chunks dropped because they did not fit in our receive buffer
 *                             (RFC 9260 §6.2; also in {@code droppedChunks})
 * @param receiveWindow        our a_rwnd now: receive buffer minus what waits for reassembly, ordering or the application
 * @param peerReceiveWindow    the a_rwnd in the peer's last SACK
 * @param invalidStreamChunks  DATA / I-DATA chunks on a stream beyond the negotiated inbound streams:
 *                             discarded and answered with ERROR (Invalid Stream Identifier, RFC 9260
 *                             §6.5); a data channel the peer opens there never appears
 * @param sendRefusals         messages the send buffer could not take ({@code trySend} returned
 *                             {@code false}, or {@code send} threw {@link SendBufferFullException})
 * @param resourceAborts       associations we aborted with Out of Resource (RFC 9260 §3.3.10.4):
 *                             fragments that never complete beyond twice the receive buffer
 */
public record SctpStats(long packetsSent, long packetsReceived, long malformed, long badVerificationTag,
                        long dataChunksSent, long retransmissions, long fastRetransmits, long t3Expirations,
                        long abandonedMessages, long messagesDelivered, long bytesDelivered, long duplicateTsns,
                        long droppedChunks, long internalErrors, long cwnd, long ssthresh, long flightSize,
                        long rtoNanos, long srttNanos, long zeroWindowProbes, long windowUpdates,
                        long droppedOverWindow, long receiveWindow, long peerReceiveWindow,
                        long invalidStreamChunks, long sendRefusals, long resourceAborts) {
}
