package io.jrtc.sctp;

/**
 * Congestion control (RFC 9260 §7.2): where cwnd grows and shrinks. Slow start while cwnd ≤ ssthresh
 * (§7.2.1), congestion avoidance with partial_bytes_acked above it (§7.2.2), one reduction per window
 * on fast retransmit with fast recovery until the cumulative ack passes the highest TSN outstanding
 * at the loss (§7.2.4), and back to one MTU on a retransmission timeout (§7.2.3).
 *
 * <pre>
 *            cwnd
 *             │        loss: ssthresh = cwnd·β, cwnd = ssthresh (β 0.5; ADAPTIVE 0.85 on random loss)
 *             │    ╱│ ╱│ ╱
 *   ssthresh ─│───╱─┴╱─┴╱──   congestion avoidance: +1 MTU per cwnd acknowledged (ADAPTIVE random: +cwnd/4)
 *             │  ╱
 *             │ │  slow start: + min(bytes acked, 1 MTU) per SACK (ADAPTIVE: up to 4 MTU)
 *             │╱                T3-rtx: ssthresh = max(cwnd/2, 4 MTU), cwnd = 1 MTU
 *             └──────────────────────────────────────── time
 * </pre>
 *
 * {@link SctpConfig.CongestionControl#ADAPTIVE} tells random loss from congestion by the bytes its
 * window queues in the network, cwnd·(RTT − minRTT)/RTT (the idea of TCP Veno): under three MTUs a
 * loss is taken as random. The peer's receive window is the {@link RetransmissionQueue}'s concern.
 */
final class CongestionWindow {
    /** cwnd never grows beyond this. */
    static final long MAX_CWND = 64L * 1024 * 1024;

    private final int mtu;
    private final boolean adaptive;
    private long cwnd;
    private long ssthresh;
    /** partial_bytes_acked (§7.2.2). */
    private long pba;
    private boolean inFastRecovery;
    /** Fast recovery ends when the cumulative ack reaches this TSN. */
    private long recoverTsn;

    CongestionWindow(int mtu, SctpConfig.CongestionControl flavour) {
        this.mtu = mtu;
        this.adaptive = flavour == SctpConfig.CongestionControl.ADAPTIVE;
    }

    /** RFC 9260 §7.2.1: the initial window, and ssthresh from the peer's a_rwnd. */
    void start(long peerRwnd) {
        cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4404));
        ssthresh = Math.max(peerRwnd, 4L * mtu);
    }

    boolean adaptive() {
        return adaptive;
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    boolean inFastRecovery() {
        return inFastRecovery;
    }

    /**
     * ADAPTIVE: whether the window queues less than three MTUs in the network, so a loss now is
     * taken as random rather than as congestion. Always false for RENO.
     */
    boolean randomLoss(RtoEstimator rtt) {
        // the standing RTT, not the last sample: on a host whose threads wait for a core, single late
        // samples would read as a queue and every random loss as congestion
        long last = rtt.standingRtt();
        return adaptive && last > 0 && cwnd * (last - rtt.minRtt()) / last < 3L * mtu;
    }

    /**
     * Miss indications marked chunks for fast retransmit (§7.2.4): one window reduction, then fast
     * recovery until the cumulative ack reaches {@code highestOutstanding}.
     */
    void onFastRetransmit(boolean randomLoss, long highestOutstanding) {
        if (inFastRecovery) return;
        double beta = !adaptive ? 0.5 : randomLoss ? 0.85 : 0.5;
        ssthresh = Math.max((long) (cwnd * beta), 4L * mtu);
        cwnd = ssthresh;
        pba = 0;
        inFastRecovery = true;
        recoverTsn = highestOutstanding;
    }

    /** The cumulative ack moved to {@code cumAck}: fast recovery ends once it passes the recovery point. */
    void cumulativeAck(long cumAck) {
        if (inFastRecovery && Wire.tsnCompare(cumAck, recoverTsn) >= 0) inFastRecovery = false;
    }

    /**
     * A SACK moved the cumulative ack and acknowledged {@code bytesAcked} new bytes: the window grows
     * (§7.2.1 slow start, §7.2.2 congestion avoidance), if it was in use ({@code flightBefore} within
     * an MTU of cwnd) and not in fast recovery (ADAPTIVE: unless the loss was random).
     */
    void onAcked(long flightBefore, long bytesAcked, boolean randomLoss) {
        if (inFastRecovery && !randomLoss) return;
        if (cwnd <= ssthresh) {
            if (flightBefore + mtu >= cwnd) cwnd += Math.min(bytesAcked, (adaptive ? 4L : 1L) * mtu);
        } else if (randomLoss) {
            // ADAPTIVE with no queue in the network: a quarter of the window per round trip (a
            // quarter of each SACK's newly acked bytes), so that growth outruns the 0.85 cut of one
            // random loss per round trip and the window reaches the path's BDP on a lossy long path;
            // once the window builds a queue, losses count as congestion and the growth is RENO's
            if (flightBefore + mtu >= cwnd) cwnd += Math.max(bytesAcked / 4, 1);
        } else {
            pba += bytesAcked;
            if (pba >= cwnd && flightBefore + mtu >= cwnd) {
                pba -= cwnd;
                cwnd += mtu;
            }
        }
        cwnd = Math.min(cwnd, MAX_CWND);
    }

    /** T3-rtx expired on a path with an open window (§7.2.3): back to one MTU. */
    void onTimeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        pba = 0;
        inFastRecovery = false;
    }
}
