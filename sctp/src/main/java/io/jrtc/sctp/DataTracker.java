package io.jrtc.sctp;

import io.jrtc.core.Engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receiver's view of the peer's TSNs and where a SACK is built (RFC 9260 §6.2, §6.7, §3.3.4):
 * the cumulative TSN, a bitmap of the TSNs received above it (gap ack blocks), the duplicates to
 * report, and when a SACK is due (delayed ack).
 *
 * <pre>
 *   cumulative TSN ─┐
 *                   ▼
 *   TSN  ... 100 │ 101 102 103 104 105 106 107 ... (up to 8192 above the cumulative TSN)
 *   seen     ✓   │  ·   ✓   ✓   ·   ·   ✓
 *                      └─gap 2..3─┘     └ 6..6    SACK cum=100, gaps (2,3) (6,6), dups, a_rwnd
 * </pre>
 *
 * When (§6.2): at once for a duplicate, a TSN out of order or while gaps remain, the I bit, or a
 * FORWARD-TSN; otherwise for every second packet with DATA, or after the delayed ack time
 * (200 ms by default; the RFC allows up to 500 ms). A window update SACK is due when the
 * application has taken enough to reopen a small window (the association asks for it).
 */
final class DataTracker {
    static final long M32 = 0xffffffffL;
    /** TSNs above the cumulative ack that are tracked (the received bitmap: 1 KiB). */
    static final int RX_WINDOW = 8192;
    static final int MAX_DUPS = 32;
    static final int MAX_GAP_BLOCKS = 128;

    /** What {@link #classify} says about an arriving TSN. */
    static final int NEW = 0, DUPLICATE = 1, BEYOND_WINDOW = 2;

    private long cumTsn;
    private long highestTsn;
    /** Received-TSN bitmap over the window above the cumulative ack: bit (tsn mod RX_WINDOW). */
    private final long[] seen = new long[RX_WINDOW / 64];
    private final List<Long> dups = new ArrayList<>();
    private int packetsUnacked;
    private boolean sackNeeded;
    private boolean sackNow;
    private long delayedAck = Engine.NO_TIMEOUT;
    /** The a_rwnd of our last SACK (the INIT's at first): window updates are measured against it. */
    private long lastAdvertisedRwnd;
    private long duplicateTsns;
    private long windowUpdates;

    DataTracker(long initialRwnd) {
        lastAdvertisedRwnd = initialRwnd;
    }

    /** The association is established: the peer's first TSN will be {@code peerInitialTsn}. */
    void start(long peerInitialTsn) {
        cumTsn = (peerInitialTsn - 1) & M32;
        highestTsn = cumTsn;
    }

    /** The cumulative TSN: every TSN up to it has arrived (or was skipped by FORWARD-TSN). */
    long cumulativeTsn() {
        return cumTsn;
    }

    /** The highest TSN received. */
    long highestTsn() {
        return highestTsn;
    }

    long lastAdvertisedRwnd() {
        return lastAdvertisedRwnd;
    }

    long duplicateTsns() {
        return duplicateTsns;
    }

    long windowUpdates() {
        return windowUpdates;
    }

    /** Distance of {@code tsn} above the cumulative TSN, serial arithmetic (1 is the next expected). */
    long distance(long tsn) {
        return (tsn - cumTsn) & M32;
    }

    /**
     * Whether {@code tsn} is new, a duplicate (at or below the cumulative TSN, or already seen; it is
     * counted and reported in the next SACK) or beyond the tracked window. Anything but new makes
     * the next SACK immediate.
     */
    int classify(long tsn) {
        long d = distance(tsn);
        if (d == 0 || d > 0x7fffffffL || isSeen(tsn) && d <= RX_WINDOW) {
            duplicateTsns++;
            if (dups.size() < MAX_DUPS) dups.add(tsn);
            sackNow = true;
            return DUPLICATE;
        }
        if (d > RX_WINDOW) {
            sackNow = true;
            return BEYOND_WINDOW;
        }
        return NEW;
    }

    /** A new TSN was accepted: marked, and the cumulative TSN moves over what is now contiguous. */
    void received(long tsn) {
        long d = distance(tsn);
        mark(tsn);
        if (Wire.tsnCompare(tsn, highestTsn) > 0) highestTsn = tsn;
        if (d != 1) sackNow = true;
        while (isSeen(cumTsn + 1)) {
            cumTsn = (cumTsn + 1) & M32;
            unmark(cumTsn);
        }
        if (Wire.tsnCompare(highestTsn, cumTsn) > 0) sackNow = true;
    }

    /**
     * FORWARD-TSN (RFC 3758 §3.6): the cumulative TSN jumps to {@code newCum}; false (and a SACK at
     * once) when that is not ahead of it.
     */
    boolean skipTo(long newCum) {
        long d = distance(newCum);
        if (d == 0 || d > 0x7fffffffL) {
            sackNow = true;
            return false;
        }
        if (d >= RX_WINDOW) {
            Arrays.fill(seen, 0L);
        } else {
            for (long i = 1; i <= d; i++) unmark(cumTsn + i);
        }
        cumTsn = newCum;
        if (Wire.tsnCompare(highestTsn, cumTsn) < 0) highestTsn = cumTsn;
        while (isSeen(cumTsn + 1)) {
            cumTsn = (cumTsn + 1) & M32;
            unmark(cumTsn);
        }
        sackNow = true;
        return true;
    }

    /** The SACK for this packet must not be delayed (the I bit, RFC 7053). */
    void sackImmediately() {
        sackNow = true;
    }

    /**
     * A packet with DATA (or FORWARD-TSN) was processed: a SACK is due now if something asked for
     * one at once, for every second packet, or while shutting down; otherwise the delayed ack timer
     * starts.
     */
    void packetProcessed(long now, boolean shuttingDown, long delayedAckNanos) {
        packetsUnacked++;
        if (sackNow || packetsUnacked >= 2 || shuttingDown) {
            sackNeeded = true;
            delayedAck = Engine.NO_TIMEOUT;
        } else if (delayedAck == Engine.NO_TIMEOUT) {
            delayedAck = now + delayedAckNanos;
        }
        sackNow = false;
    }

    /** A SACK goes in the next packet (SHUTDOWN received). */
    void sackSoon() {
        sackNeeded = true;
    }

    /** A window update is due: with the next packet, and {@code pollTimeout()} says now. */
    void windowUpdate(long now) {
        sackNeeded = true;
        delayedAck = now;
    }

    /** The delayed ack timer, or {@code NO_TIMEOUT}. */
    long delayedAckAt() {
        return delayedAck;
    }

    void timeout(long now) {
        if (delayedAck <= now) {
            delayedAck = Engine.NO_TIMEOUT;
            sackNeeded = true;
        }
    }

    /** Whether a SACK is due; taking it resets the delayed ack state. */
    boolean takeSackDue() {
        if (!sackNeeded) return false;
        sackNeeded = false;
        packetsUnacked = 0;
        delayedAck = Engine.NO_TIMEOUT;
        return true;
    }

    void stop() {
        delayedAck = Engine.NO_TIMEOUT;
    }

    /**
     * The SACK (RFC 9260 §3.3.4): cumulative TSN, a_rwnd, up to 128 gap ack blocks and up to 32
     * duplicate TSNs (reported once). {@code rwnd} is the window to advertise; a SACK that reopens a
     * small advertised window by an MTU is counted as a window update.
     */
    Chunk.Sack buildSack(long rwnd, int mtu, int receiveBuffer) {
        List<Chunk.GapBlock> gaps = new ArrayList<>();
        long span = (highestTsn - cumTsn) & M32;
        if (span > 0 && span <= RX_WINDOW) {
            int start = -1;
            for (int off = 1; off <= span && gaps.size() < MAX_GAP_BLOCKS; off++) {
                boolean s = isSeen(cumTsn + off);
                if (s && start < 0) start = off;
                if (!s && start >= 0) {
                    gaps.add(new Chunk.GapBlock(start, off - 1));
                    start = -1;
                }
            }
            if (start >= 0 && gaps.size() < MAX_GAP_BLOCKS) gaps.add(new Chunk.GapBlock(start, (int) span));
        }
        if (rwnd >= lastAdvertisedRwnd + mtu && lastAdvertisedRwnd < receiveBuffer / 2) windowUpdates++;
        lastAdvertisedRwnd = rwnd;
        Chunk.Sack s = new Chunk.Sack(cumTsn, rwnd, gaps, dups);
        dups.clear();
        return s;
    }

    private boolean isSeen(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    private void mark(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        seen[bit >>> 6] |= 1L << bit;
    }

    private void unmark(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        seen[bit >>> 6] &= ~(1L << bit);
    }
}
