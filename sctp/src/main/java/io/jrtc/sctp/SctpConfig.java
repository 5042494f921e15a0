package io.jrtc.sctp;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Settings of an {@link SctpAssociation}: a record with named components. Start from
 * {@link #defaults(RandomGenerator)}, which documents every default, and change what you need with
 * the {@code with…} methods (each returns a new config).
 *
 * @param random               tags, initial TSNs, cookie secret, heartbeat nonces (seed it in tests)
 * @param localPort            our SCTP port (5000 in WebRTC unless SDP says otherwise)
 * @param remotePort           the peer's SCTP port
 * @param mtu                  the largest SCTP packet we build (256 to 65535): 1200 bytes of UDP payload
 *                             minus DTLS 1.2 record overhead (13 header + 8 explicit nonce + 16 GCM tag
 *                             = 37, rounded up to 48 to leave room for CBC suites): 1152
 * @param maxMessageSize       the largest message we send or accept (SDP a=max-message-size)
 * @param receiveBuffer        bytes we buffer for reassembly, ordering and messages the application has
 *                             not taken yet (each charged 64 bytes extra); our a_rwnd; at least 4 MTUs
 * @param sendBuffer           bytes queued or unacknowledged we accept (each message charged 128 bytes
 *                             extra) before {@code trySend} refuses
 * @param streams              outbound and inbound streams we announce (1 to 65535); the association
 *                             uses the smaller of ours and the peer's, so this also limits the data
 *                             channels of one association
 * @param rtoInitialNanos      RTO.Initial (RFC 9260: 1 s)
 * @param rtoMinNanos          RTO.Min (RFC 9260 says 1 s; browsers' usrsctp and we use 200 ms)
 * @param rtoMaxNanos          RTO.Max (RFC 9260: 60 s; we cap at 10 s so WebRTC notices dead peers sooner)
 * @param maxInitRetransmits   Max.Init.Retransmits
 * @param maxRetransmits       Association.Max.Retrans: consecutive timeouts before giving up
 * @param heartbeatIntervalNanos idle time between HEARTBEATs ({@code 0}: none)
 * @param delayedAckNanos      longest delay of a SACK (RFC 9260: at most 500 ms; 200 ms)
 * @param zeroChecksum         announce RFC 9653 zero checksum acceptance (only over DTLS)
 * @param interleaving         announce I-DATA (RFC 8260); used when both sides announce it
 * @param congestionControl    loss recovery and window growth flavour
 */
public record SctpConfig(RandomGenerator random, int localPort, int remotePort, int mtu, int maxMessageSize,
                         int receiveBuffer, long sendBuffer, int streams, long rtoInitialNanos, long rtoMinNanos,
                         long rtoMaxNanos, int maxInitRetransmits, int maxRetransmits, long heartbeatIntervalNanos,
                         long delayedAckNanos, boolean zeroChecksum, boolean interleaving,
                         CongestionControl congestionControl) {

    /** How the sender reacts to loss. */
    public enum CongestionControl {
        /**
         * RFC 9260 §7.2 as written: slow start grows by at most one MTU per SACK, congestion avoidance
         * by one MTU per RTT, a loss halves cwnd, a TSN is fast-retransmitted at most once (a lost
         * retransmission waits for T3-rtx).
         */
        RENO,
        /**
         * The default, built for lossy long paths. Slow start grows by the bytes acknowledged (up to
         * four MTUs per SACK, for delayed acks). On a loss it looks at the queue the window builds in
         * the network, {@code cwnd * (RTT - minRTT) / RTT} (the idea of TCP Veno, with the standing
         * RTT: the smallest sample of the last two to four SRTTs): under three MTUs nothing is
         * queueing, so the loss is taken as random (wireless, a lossy tunnel), cwnd is multiplied by
         * 0.85 and congestion avoidance adds a quarter of the window per RTT, counting gap-acked
         * bytes too; otherwise it behaves
         * as RENO (halve, one MTU per RTT). A retransmission that is itself lost is detected from
         * later SACKs (chunks sent after it were acknowledged) and fast-retransmitted again instead
         * of waiting for T3-rtx.
         */
        ADAPTIVE
    }

    /** The default {@code mtu}: 1200-byte DTLS datagrams minus 48 bytes of record overhead. */
    public static final int DEFAULT_MTU = 1152;

    /**
     * Checks the values.
     *
     * @param random               tags, initial TSNs, cookie secret, heartbeat nonces (seed it in tests)
     * @param localPort            our SCTP port (5000 in WebRTC unless SDP says otherwise)
     * @param remotePort           the peer's SCTP port
     * @param mtu                  the largest SCTP packet we build (256 to 65535): 1200 bytes of UDP payload
     *                             minus DTLS 1.2 record overhead (13 header + 8 explicit nonce + 16 GCM tag
     *                             = 37, rounded up to 48 to leave room for CBC suites): 1152
     * @param maxMessageSize       the largest message we send or accept (SDP a=max-message-size)
     * @param receiveBuffer        bytes we buffer for reassembly, ordering and messages the application has
     *                             not taken yet (each charged 64 bytes extra); our a_rwnd; at least 4 MTUs
     * @param sendBuffer           bytes queued or unacknowledged we accept (each message charged 128 bytes
     *                             extra) before {@code trySend} refuses
     * @param streams              outbound and inbound streams we announce (1 to 65535); the association
     *                             uses the smaller of ours and the peer's, so this also limits the data
     *                             channels of one association
     * @param rtoInitialNanos      RTO.Initial (RFC 9260: 1 s)
     * @param rtoMinNanos          RTO.Min (RFC 9260 says 1 s; browsers' usrsctp and we use 200 ms)
     * @param rtoMaxNanos          RTO.Max (RFC 9260: 60 s; we cap at 10 s so WebRTC notices dead peers sooner)
     * @param maxInitRetransmits   Max.Init.Retransmits
     * @param maxRetransmits       Association.Max.Retrans: consecutive timeouts before giving up
     * @param heartbeatIntervalNanos idle time between HEARTBEATs ({@code 0}: none)
     * @param delayedAckNanos      longest delay of a SACK (RFC 9260: at most 500 ms; 200 ms)
     * @param zeroChecksum         announce RFC 9653 zero checksum acceptance (only over DTLS)
     * @param interleaving         announce I-DATA (RFC 8260); used when both sides announce it
     * @param congestionControl    loss recovery and window growth flavour
     * @throws IllegalArgumentException for an MTU outside 256..65535, a max message size below 1, a
     *                                  receive buffer below 4 MTUs, streams outside 1..65535, or RTO
     *                                  bounds that are not positive and ordered
     */
    public SctpConfig {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(congestionControl, "congestionControl");
        if (mtu < 256 || mtu > 65535) throw new IllegalArgumentException("mtu " + mtu);
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize " + maxMessageSize);
        if (receiveBuffer < 4 * mtu) throw new IllegalArgumentException("receiveBuffer too small: " + receiveBuffer);
        if (streams < 1 || streams > 65535) throw new IllegalArgumentException("streams " + streams);
        if (rtoMinNanos <= 0 || rtoMinNanos > rtoMaxNanos) throw new IllegalArgumentException("RTO bounds");
    }

    /**
     * The defaults, for WebRTC over DTLS:
     *
     * <table>
     * <caption>defaults</caption>
     * <tr><th>component</th><th>default</th></tr>
     * <tr><td>localPort, remotePort</td><td>5000, 5000</td></tr>
     * <tr><td>mtu</td><td>{@value #DEFAULT_MTU}</td></tr>
     * <tr><td>maxMessageSize</td><td>256 KiB</td></tr>
     * <tr><td>receiveBuffer</td><td>1 MiB</td></tr>
     * <tr><td>sendBuffer</td><td>16 MiB</td></tr>
     * <tr><td>streams</td><td>65535</td></tr>
     * <tr><td>RTO initial, min, max</td><td>1 s, 200 ms, 10 s</td></tr>
     * <tr><td>maxInitRetransmits, maxRetransmits</td><td>8, 10</td></tr>
     * <tr><td>heartbeatIntervalNanos</td><td>30 s</td></tr>
     * <tr><td>delayedAckNanos</td><td>200 ms</td></tr>
     * <tr><td>zeroChecksum, interleaving</td><td>off, off</td></tr>
     * <tr><td>congestionControl</td><td>{@link CongestionControl#ADAPTIVE}</td></tr>
     * </table>
     *
     * @param random the source of tags, initial TSNs, the cookie secret and heartbeat nonces
     *               ({@code new SecureRandom()} in production, a seeded generator in tests)
     * @return the default configuration
     */
    public static SctpConfig defaults(RandomGenerator random) {
        return new SctpConfig(random, 5000, 5000, DEFAULT_MTU, 256 * 1024, 1024 * 1024, 16L * 1024 * 1024, 65535,
                1_000_000_000L, 200_000_000L, 10_000_000_000L, 8, 10, 30_000_000_000L, 200_000_000L,
                false, false, CongestionControl.ADAPTIVE);
    }

    /**
     * Our SCTP port and the peer's (a=sctp-port in SDP).
     *
     * @param local our port
     * @param remote the peer's port
     * @return a new config with that changed
     */
    public SctpConfig withPorts(int local, int remote) {
        return new SctpConfig(random, local, remote, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * The largest SCTP packet we build.
     *
     * @param v bytes
     * @return a new config with that changed
     */
    public SctpConfig withMtu(int v) {
        return new SctpConfig(random, localPort, remotePort, v, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * The largest message we send or accept (a=max-message-size).
     *
     * @param v bytes
     * @return a new config with that changed
     */
    public SctpConfig withMaxMessageSize(int v) {
        return new SctpConfig(random, localPort, remotePort, mtu, v, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * The receive buffer (our a_rwnd) and the send buffer.
     *
     * @param receive bytes
     * @param send bytes
     * @return a new config with that changed
     */
    public SctpConfig withBuffers(int receive, long send) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receive, send, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * RTO.Initial, RTO.Min and RTO.Max.
     *
     * @param initialNanos RTO.Initial
     * @param minNanos RTO.Min
     * @param maxNanos RTO.Max
     * @return a new config with that changed
     */
    public SctpConfig withRto(long initialNanos, long minNanos, long maxNanos) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, initialNanos, minNanos, maxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * Max.Init.Retransmits and Association.Max.Retrans.
     *
     * @param init INIT and COOKIE-ECHO retransmissions before giving up
     * @param association consecutive timeouts before the association aborts
     * @return a new config with that changed
     */
    public SctpConfig withMaxRetransmits(int init, int association) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, init, association, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * The idle time between HEARTBEATs.
     *
     * @param nanos the interval, {@code 0} for no heartbeats
     * @return a new config with that changed
     */
    public SctpConfig withHeartbeatInterval(long nanos) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, nanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * Whether to announce RFC 9653 zero checksum acceptance (only over DTLS).
     *
     * @param v announce it
     * @return a new config with that changed
     */
    public SctpConfig withZeroChecksum(boolean v) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, v, interleaving, congestionControl);
    }

    /**
     * Whether to announce I-DATA (RFC 8260).
     *
     * @param v announce it
     * @return a new config with that changed
     */
    public SctpConfig withInterleaving(boolean v) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, v, congestionControl);
    }

    /**
     * The congestion control flavour.
     *
     * @param v RENO or ADAPTIVE
     * @return a new config with that changed
     */
    public SctpConfig withCongestionControl(CongestionControl v) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, streams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, v);
    }

    /**
     * The streams we announce (both directions), which also bounds the data channels.
     *
     * @param v 1 to 65535
     * @return a new config with that changed
     */
    public SctpConfig withStreams(int v) {
        return new SctpConfig(random, localPort, remotePort, mtu, maxMessageSize, receiveBuffer, sendBuffer, v, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxRetransmits, heartbeatIntervalNanos, delayedAckNanos, zeroChecksum, interleaving, congestionControl);
    }

    /**
     * The classic configuration to compare against: RFC 9260 Reno with RTO.Min = 1 s.
     *
     * @return a new config with RENO and RTO 1 s / 1 s / 60 s
     */
    public SctpConfig classicReno() {
        return withCongestionControl(CongestionControl.RENO).withRto(1_000_000_000L, 1_000_000_000L, 60_000_000_000L);
    }
}
