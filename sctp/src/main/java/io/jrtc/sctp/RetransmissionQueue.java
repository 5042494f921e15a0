package io.jrtc.sctp;

import io.jrtc.core.Engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sender's outstanding chunks, in TSN order from the oldest unacknowledged, and everything that
 * decides what goes on the wire next (RFC 9260 §6.1, §6.2.1, §6.3, §7.2.4; RFC 3758 §3.5):
 *
 * <ul>
 * <li>SACK processing: the cumulative ack and gap blocks acknowledge chunks, which leave the flight
 *     and release their bytes from the send buffer; one unretransmitted chunk per round trip is
 *     timed for the {@link RtoEstimator} (Karn's rule);</li>
 * <li>loss detection by miss indications (three SACKs that acknowledge TSNs above a missing one,
 *     ADAPTIVE also waiting RACK's reordering window of minRTT/4), and the fast retransmit that
 *     follows, with the {@link CongestionWindow}'s reduction;</li>
 * <li>T3-rtx: started when data is outstanding, restarted when the cumulative ack moves; on expiry
 *     everything unacknowledged is marked for retransmission;</li>
 * <li>sending: marked chunks first (within cwnd, and not into a closed peer window but for one zero
 *     window probe), then new chunks from the {@link SendQueue} while the flight is below cwnd and
 *     the peer's window (a_rwnd minus what is in flight, {@value #CHUNK_DEBIT} bytes debited per
 *     chunk on top of its payload) has room;</li>
 * <li>PR-SCTP: a chunk past its message's retransmission limit or lifetime abandons the message,
 *     and FORWARD-TSN (I-FORWARD-TSN with I-DATA) moves the peer's cumulative TSN past it.</li>
 * </ul>
 *
 * <pre>
 * ring: │ 100 acked-by-gap │ 101 marked │ 102 in flight │ 103 in flight │ 104 unsent │ 105 unsent │
 *       └ index 0 = cumulative ack + 1                   firstUnsent ───┘
 * </pre>
 */
final class RetransmissionQueue {
    static final long M32 = 0xffffffffL;
    private static final long NONE = Engine.NO_TIMEOUT;
    /**
     * What the sender debits from the peer's window per chunk on top of its payload: receivers keep
     * per-chunk bookkeeping in their buffer (we charge ReassemblyQueue.FRAG_OVERHEAD, usrsctp a
     * 256-byte mbuf), and a window filled with small chunks would otherwise overflow it. usrsctp's
     * sender debits 256.
     */
    static final int CHUNK_DEBIT = ReassemblyQueue.FRAG_OVERHEAD;

    private final SctpConfig cfg;
    private final SendQueue queue;
    private final CongestionWindow cc;
    private final RtoEstimator rtt;
    private final OutRing ring = new OutRing();
    private boolean peerForwardTsn;
    private boolean interleaving;
    private long nextTsn;
    private long cumAck;
    private int firstUnsent;
    private int rtxCount;
    private boolean fastRtxNow;
    private long flight;
    /** Chunks in flight (CHUNK_DEBIT is taken from the peer's window for each). */
    private int flightChunks;
    /** What the peer's window leaves for more chunks (its last a_rwnd minus what we sent since). */
    private long peerRwnd;
    /** The peer's a_rwnd as last advertised. */
    private long peerARwnd;
    /** A SACK arrived since the last T3-rtx expiry: the peer is alive (zero window probing). */
    private boolean sackSinceT3;
    private boolean rttPending;
    private long rttTsn;
    private long rttStart;
    private long t3 = NONE;
    private boolean forwardTsnNeeded;
    private long dataChunksSent, retransmissions, fastRetransmits, t3Expirations, zeroWindowProbes;

    RetransmissionQueue(SctpConfig cfg, SendQueue queue, CongestionWindow cc, RtoEstimator rtt) {
        this.cfg = cfg;
        this.queue = queue;
        this.cc = cc;
        this.rtt = rtt;
    }

    /** The peer's a_rwnd from its INIT or INIT-ACK, before the association is up. */
    void peerWindow(long rwnd) {
        peerRwnd = rwnd;
        peerARwnd = rwnd;
    }

    /** The association is established: our first TSN, and whether the peer takes FORWARD-TSN and I-DATA. */
    void start(long initialTsn, boolean peerForwardTsn, boolean interleaving) {
        this.nextTsn = initialTsn;
        this.cumAck = (initialTsn - 1) & M32;
        this.peerForwardTsn = peerForwardTsn;
        this.interleaving = interleaving;
    }

    // ------------------------------------------------------------------------------------------------
    // State for the association, stats and tests

    long nextTsn() {
        return nextTsn;
    }

    long peerARwnd() {
        return peerARwnd;
    }

    long flight() {
        return flight;
    }

    long t3() {
        return t3;
    }

    /** Whether any chunk is outstanding (sent or not yet sent). */
    boolean isEmpty() {
        return ring.size() == 0;
    }

    boolean hasSent() {
        return firstUnsent > 0;
    }

    long dataChunksSent() {
        return dataChunksSent;
    }

    long retransmissions() {
        return retransmissions;
    }

    long fastRetransmits() {
        return fastRetransmits;
    }

    long t3Expirations() {
        return t3Expirations;
    }

    long zeroWindowProbes() {
        return zeroWindowProbes;
    }

    /** Appends a chunk that {@link SendQueue#produce} gave the TSN {@link #nextTsn()}. */
    void append(Chunk chunk, int size, SendQueue.OutMessage m) {
        ring.add(new OutChunk(nextTsn, chunk, size, m));
        nextTsn = (nextTsn + 1) & M32;
    }

    // ------------------------------------------------------------------------------------------------
    // SACK processing

    /**
     * A SACK (RFC 9260 §6.2.1, §7.2.4). Returns whether it shows the peer alive for the error count
     * (Association.Max.Retrans): the cumulative ack moved, or the peer answered with a closed window
     * (RFC 9260 §6.1 A: unacknowledged zero window probes are no sign of a dead peer then).
     */
    boolean onSack(long now, Chunk.Sack s) {
        long cum = s.cumTsnAck();
        long d = (cum - cumAck) & M32;
        if (d > 0x7fffffffL) return false; // older than what we know
        if (d > ring.size()) {
            SctpAssociation.LOG.log(System.Logger.Level.DEBUG, "[SCTP] SACK acknowledges TSN {0} that was never sent; ignored", cum);
            return false;
        }
        sackSinceT3 = true;
        long flightBefore = flight;
        long bytesAcked = 0;
        long highestNewly = -1;
        for (long k = 0; k < d; k++) {
            OutChunk c = ring.removeFirst();
            leaveFlight(c);
            if (c.marked) {
                c.marked = false;
                rtxCount--;
            }
            if (!c.acked && c.sent) {
                if (!c.abandoned) bytesAcked += c.size;
                highestNewly = c.tsn;
                rttCheck(now, c);
            }
            queue.release(c.msg, c.size);
        }
        firstUnsent = (int) Math.max(0, firstUnsent - d);
        cumAck = cum;
        boolean cumAdvanced = d > 0;
        boolean wasClosed = windowClosed(peerARwnd);
        peerARwnd = s.aRwnd();
        boolean closed = windowClosed(peerARwnd);
        boolean alive = cumAdvanced || closed;
        // ADAPTIVE: forward progress ends the exponential backoff (as Linux does), even when no
        // new RTT sample comes (PR-SCTP recovery with FORWARD-TSN sends no new data to measure)
        if (cumAdvanced && cc.adaptive()) rtt.recomputeFromSrtt();
        for (Chunk.GapBlock g : s.gaps()) {
            if (g.start() == 0 || g.start() > g.end()) continue;
            for (int off = g.start(); off <= g.end(); off++) {
                int idx = off - 1;
                if (idx >= firstUnsent) break;
                OutChunk c = ring.get(idx);
                if (c.acked) continue;
                c.acked = true;
                leaveFlight(c);
                if (c.marked) {
                    c.marked = false;
                    rtxCount--;
                }
                if (!c.abandoned) bytesAcked += c.size;
                if (highestNewly < 0 || Wire.tsnCompare(c.tsn, highestNewly) > 0) highestNewly = c.tsn;
                rttCheck(now, c);
            }
        }
        // Loss detection by miss indications (RFC 9260 §7.2.4).
        boolean adaptive = cc.adaptive();
        int newlyMarked = 0;
        if (!s.gaps().isEmpty() && highestNewly >= 0) {
            int hIdx = (int) ((highestNewly - cumAck - 1) & M32);
            long minRtt = rtt.minRtt();
            for (int idx = 0; idx < hIdx && idx < firstUnsent; idx++) {
                OutChunk c = ring.get(idx);
                if (c.acked || c.abandoned || c.marked || !c.sent) continue;
                if (c.txCount > 1) {
                    if (!adaptive && c.fastRetransmitted) continue; // RFC 9260: fast retransmit at most once
                    // only chunks sent after the retransmission tell that the retransmission was lost
                    if (Wire.tsnCompare(highestNewly, c.fence) <= 0) continue;
                }
                // ADAPTIVE also waits a quarter of the minimum RTT past one RTT since the chunk left
                // (RACK's reordering window), so a packet overtaken by a few others is not resent
                if (++c.misses >= 3 && (!adaptive || minRtt == Long.MAX_VALUE || now - c.sentAt >= minRtt + minRtt / 4)) {
                    if (markForRetransmit(now, c, true)) newlyMarked++;
                }
            }
        }
        boolean randomLoss = cc.randomLoss(rtt);
        if (newlyMarked > 0) {
            cc.onFastRetransmit(randomLoss, firstUnsent == 0 ? cumAck : ring.get(firstUnsent - 1).tsn);
            fastRtxNow = true;
        }
        cc.cumulativeAck(cumAck);
        // RFC 9260 §7.2.1 grows cwnd only when the cumulative ack advances; ADAPTIVE on random loss also
        // counts gap-acked bytes, or a path losing a packet every round trip (cum ack stuck behind the
        // hole for an RTT each time) would hardly grow at all
        if (bytesAcked > 0 && (cumAdvanced || (randomLoss && cc.adaptive()))) cc.onAcked(flightBefore, bytesAcked, randomLoss);
        if (wasClosed && !closed) windowReopened(now);
        peerRwnd = windowLeft();
        if (firstUnsent == 0) {
            t3 = NONE;
        } else if (cumAdvanced) {
            t3 = now + rtt.rto();
        }
        checkForwardTsn();
        return alive;
    }

    /**
     * Whether an a_rwnd leaves the peer too little room to be worth filling: then chunks it does not
     * acknowledge were most likely dropped for lack of buffer (RFC 9260 §6.2), not lost to congestion.
     */
    private boolean windowClosed(long aRwnd) {
        return aRwnd < 2L * cfg.mtu();
    }

    /**
     * The peer's window opened again (a window update). Chunks sent at least a smoothed round trip
     * ago that it has not acknowledged were dropped while its buffer was full (a zero window probe,
     * the tail of what was in flight when it filled): they are resent first, with no congestion
     * response, instead of being detected later as losses (miss indications behind newer data, or
     * T3-rtx).
     */
    private void windowReopened(long now) {
        long age = rtt.srtt() > 0 ? rtt.srtt() : rtt.rto(); // sent a smoothed RTT ago: its SACK would have come by now
        for (int idx = 0; idx < firstUnsent; idx++) {
            OutChunk c = ring.get(idx);
            if (c.inFlight && !c.acked && !c.abandoned && !c.marked && now - c.sentAt >= age) markForRetransmit(now, c, false);
        }
    }

    private void leaveFlight(OutChunk c) {
        if (!c.inFlight) return;
        flight -= c.size;
        flightChunks--;
        c.inFlight = false;
    }

    /** What the peer's window leaves for more chunks: its a_rwnd minus what is in flight, with CHUNK_DEBIT each. */
    private long windowLeft() {
        return Math.max(0, peerARwnd - flight - (long) CHUNK_DEBIT * flightChunks);
    }

    private void rttCheck(long now, OutChunk c) {
        if (rttPending && c.tsn == rttTsn) {
            rttPending = false;
            // Karn: never from a retransmitted chunk; nor from an abandoned one (acknowledged by FORWARD-TSN)
            if (c.txCount == 1 && !c.abandoned) rtt.sample(now, now - rttStart);
        }
    }

    /** Marks a chunk for retransmission, or abandons its message if PR-SCTP says so. */
    private boolean markForRetransmit(long now, OutChunk c, boolean fast) {
        SendQueue.OutMessage m = c.msg;
        if (peerForwardTsn && ((m.maxRetransmits >= 0 && c.txCount > m.maxRetransmits) || m.expiresAt <= now)) {
            abandon(m);
            return false;
        }
        leaveFlight(c);
        c.marked = true;
        c.misses = 0;
        rtxCount++;
        if (fast) {
            c.fastRetransmitted = true;
            fastRetransmits++;
        }
        if (rttPending && rttTsn == c.tsn) rttPending = false;
        return true;
    }

    /** PR-SCTP (RFC 3758 §3.5): the message's chunks are abandoned, and its untransmitted rest dropped. */
    private void abandon(SendQueue.OutMessage m) {
        if (m.abandoned) return;
        m.abandoned = true;
        queue.countAbandoned();
        if (m.firstTsn >= 0) {
            long startIdx = (m.firstTsn - cumAck - 1) & M32;
            long endIdx = (m.lastTsn - cumAck - 1) & M32;
            if (startIdx > 0x7fffffffL) startIdx = 0;
            for (long i = startIdx; i <= endIdx && i < ring.size(); i++) {
                OutChunk c = ring.get((int) i);
                if (c.msg != m) continue;
                c.abandoned = true;
                leaveFlight(c);
                if (c.marked) {
                    c.marked = false;
                    rtxCount--;
                }
            }
        }
        queue.dropUnsent(m); // I-DATA: part of the message has no TSN yet
    }

    private void checkForwardTsn() {
        if (!peerForwardTsn) return;
        if (ring.size() > 0 && ring.get(0).abandoned) forwardTsnNeeded = true;
    }

    /** FORWARD-TSN (RFC 3758 §3.2) or I-FORWARD-TSN (RFC 8260 §2.3) past the abandoned chunks at the head. */
    private Chunk buildForwardTsn() {
        int i = 0;
        Map<Integer, Integer> ssns = new LinkedHashMap<>();
        Map<Long, Long> mids = new LinkedHashMap<>();
        while (i < ring.size() && ring.get(i).abandoned) {
            OutChunk c = ring.get(i);
            if (interleaving) {
                mids.put(((long) c.msg.stream.id << 1) | (c.msg.unordered ? 1 : 0), c.msg.ssnOrMid);
            } else if (!c.msg.unordered) {
                ssns.put(c.msg.stream.id, (int) c.msg.ssnOrMid);
            }
            i++;
        }
        if (i == 0) return null;
        if (i > firstUnsent) firstUnsent = i; // abandoned chunks never sent are covered too
        long newCum = (cumAck + i) & M32;
        if (interleaving) {
            List<Chunk.StreamMid> l = new ArrayList<>();
            mids.forEach((k, v) -> l.add(new Chunk.StreamMid((int) (k >>> 1), (k & 1) != 0, v)));
            return new Chunk.IForwardTsn(newCum, l);
        }
        List<Chunk.StreamSsn> l = new ArrayList<>();
        ssns.forEach((k, v) -> l.add(new Chunk.StreamSsn(k, v)));
        return new Chunk.ForwardTsn(newCum, l);
    }

    // ------------------------------------------------------------------------------------------------
    // T3-rtx

    /** T3-rtx fired with nothing outstanding, or the association cannot send: the timer stops. */
    void stopT3() {
        t3 = NONE;
    }

    /**
     * T3-rtx fired with data outstanding (counted). Returns whether the expiry counts as an error
     * towards Association.Max.Retrans: not when the peer's window is closed and it answered since
     * the last expiry (RFC 9260 §6.1 A: probes of a closed window that the peer keeps answering); the
     * association aborts when too many count, otherwise it calls {@link #retransmitAll}.
     */
    boolean t3Expired() {
        t3Expirations++;
        boolean answered = sackSinceT3;
        sackSinceT3 = false;
        return !(windowClosed(peerARwnd) && answered);
    }

    /**
     * RFC 9260 §6.3.3: the expiry's response. With an open window, the {@link CongestionWindow}
     * falls to one MTU (with a closed one it is not loss: cwnd and ssthresh stay); the RTO backs
     * off (so a window that stays closed is probed at most every RTO.Max); everything unacknowledged
     * is marked for retransmission, and the timer restarts.
     */
    void retransmitAll(long now) {
        if (!windowClosed(peerARwnd)) cc.onTimeout();
        rtt.backoff();
        for (int idx = 0; idx < firstUnsent; idx++) {
            OutChunk c = ring.get(idx);
            if (!c.acked && !c.abandoned && !c.marked && c.sent) markForRetransmit(now, c, false);
        }
        // nothing of it is in the network any more: the window left is the peer's last a_rwnd (and
        // with a closed one, sendData() resends one chunk, the zero window probe)
        peerRwnd = windowLeft();
        checkForwardTsn();
        t3 = now + rtt.rto();
    }

    // ------------------------------------------------------------------------------------------------
    // Sending

    /** A FORWARD-TSN due before anything else in the packet; restarts T3-rtx if it is not running. */
    void flushForwardTsn(long now, Bundler out) {
        if (!forwardTsnNeeded) return;
        forwardTsnNeeded = false;
        Chunk f = buildForwardTsn();
        if (f != null) out.add(f);
        if (t3 == NONE && firstUnsent > 0) t3 = now + rtt.rto();
    }

    /** Retransmissions first, then a FORWARD-TSN if one became due, then new data, into {@code out}. */
    void sendData(long now, Bundler out) {
        boolean fastBudget = fastRtxNow;
        fastRtxNow = false;
        int packetsAtStart = out.packetsQueued();
        long cwnd = cc.cwnd();
        if (rtxCount > 0) {
            for (int idx = 0; idx < firstUnsent && rtxCount > 0; idx++) {
                OutChunk c = ring.get(idx);
                if (!c.marked) continue;
                boolean budget = fastBudget && out.packetsQueued() == packetsAtStart;
                // cwnd; retransmissions may go beyond the peer's window (RFC 9260 §6.1 A limits new
                // data), but not into a closed one: only one chunk then, the zero window probe (the
                // peer would drop the rest). A fast retransmission's one packet ignores both.
                if (!budget && (flight >= cwnd || (flight > 0 && windowClosed(peerARwnd)))) break;
                if (c.msg.expiresAt <= now && peerForwardTsn) {
                    abandon(c.msg);
                    checkForwardTsn();
                    continue;
                }
                if (!out.fits(c.chunk)) out.finishPacket();
                out.add(c.chunk);
                c.marked = false;
                rtxCount--;
                c.txCount++;
                c.sentAt = now;
                c.inFlight = true;
                if (peerRwnd < c.size + CHUNK_DEBIT && flight == 0) zeroWindowProbes++;
                flight += c.size;
                flightChunks++;
                peerRwnd = Math.max(0, peerRwnd - c.size - CHUNK_DEBIT);
                c.fence = ring.get(firstUnsent - 1).tsn;
                retransmissions++;
                if (t3 == NONE) t3 = now + rtt.rto();
            }
        }
        if (forwardTsnNeeded) {
            forwardTsnNeeded = false;
            Chunk f = buildForwardTsn();
            if (f != null) {
                if (!out.fits(f)) out.finishPacket();
                out.add(f);
            }
        }
        while (true) {
            if (firstUnsent >= ring.size()) {
                if (!queue.produce(now, this)) break;
                continue;
            }
            OutChunk c = ring.get(firstUnsent);
            if (c.abandoned) {
                c.sent = true;
                firstUnsent++;
                continue;
            }
            if (c.msg.expiresAt <= now && peerForwardTsn) {
                abandon(c.msg);
                checkForwardTsn();
                continue;
            }
            if (flight >= cwnd) break;
            // RFC 9260 §6.1 A: no new data beyond the peer's window, except one chunk when nothing is
            // in flight (the zero window probe: it finds out when the window opens if the update was lost)
            if (peerRwnd < c.size + CHUNK_DEBIT && flight > 0) break;
            if (peerRwnd < c.size + CHUNK_DEBIT) zeroWindowProbes++;
            if (!out.fits(c.chunk)) out.finishPacket();
            out.add(c.chunk);
            c.sent = true;
            c.txCount = 1;
            c.sentAt = now;
            c.inFlight = true;
            flight += c.size;
            flightChunks++;
            peerRwnd = Math.max(0, peerRwnd - c.size - CHUNK_DEBIT);
            firstUnsent++;
            dataChunksSent++;
            if (!rttPending) {
                rttPending = true;
                rttTsn = c.tsn;
                rttStart = now;
            }
            if (t3 == NONE) t3 = now + rtt.rto();
        }
    }

    /** The association ended: nothing is outstanding any more. */
    void clear() {
        ring.clear();
        flight = 0;
        flightChunks = 0;
        t3 = NONE;
    }

    /** A one-line dump of the sender's internals, for diagnosing tests. */
    String debugState() {
        StringBuilder b = new StringBuilder("ring=" + ring.size() + " firstUnsent=" + firstUnsent + " rtx=" + rtxCount
                + " flight=" + flight + " cwnd=" + cc.cwnd() + " rwnd=" + peerRwnd + " t3=" + t3 + " fwdNeeded=" + forwardTsnNeeded
                + " fastRecovery=" + cc.inFastRecovery() + " ready=" + queue.readyStreams());
        for (int i = 0; i < Math.min(ring.size(), 6); i++) {
            OutChunk c = ring.get(i);
            b.append(" [").append(c.tsn).append(c.sent ? " sent" : "").append(c.acked ? " acked" : "").append(c.abandoned ? " abandoned" : "")
                    .append(c.marked ? " marked" : "").append(c.inFlight ? " inflight" : "").append(" tx=").append(c.txCount)
                    .append(" s=").append(c.msg.stream.id).append(']');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------

    /** One DATA or I-DATA chunk from its TSN assignment until the cumulative ack passes it. */
    static final class OutChunk {
        final long tsn;
        final Chunk chunk;
        final int size;
        final SendQueue.OutMessage msg;
        boolean sent;
        boolean acked;
        boolean abandoned;
        boolean marked;
        boolean inFlight;
        boolean fastRetransmitted;
        int txCount;
        int misses;
        /** The highest TSN sent when this chunk was last retransmitted: a SACK above it tells the retransmission was lost. */
        long fence;
        long sentAt;

        OutChunk(long tsn, Chunk chunk, int size, SendQueue.OutMessage msg) {
            this.tsn = tsn;
            this.chunk = chunk;
            this.size = size;
            this.msg = msg;
        }
    }

    /** A growable ring of outstanding chunks in TSN order, indexed from the oldest. */
    static final class OutRing {
        private OutChunk[] a = new OutChunk[256];
        private int head;
        private int size;

        int size() {
            return size;
        }

        OutChunk get(int i) {
            return a[(head + i) & (a.length - 1)];
        }

        void add(OutChunk c) {
            if (size == a.length) {
                OutChunk[] b = new OutChunk[a.length * 2];
                for (int i = 0; i < size; i++) b[i] = get(i);
                a = b;
                head = 0;
            }
            a[(head + size) & (a.length - 1)] = c;
            size++;
        }

        OutChunk removeFirst() {
            OutChunk c = a[head];
            a[head] = null;
            head = (head + 1) & (a.length - 1);
            size--;
            return c;
        }

        void clear() {
            Arrays.fill(a, null);
            head = 0;
            size = 0;
        }
    }
}
