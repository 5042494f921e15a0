package io.jrtc.rtp.stream;

import io.jrtc.core.Engine;
import io.jrtc.rtp.rtcp.TransportCcFeedback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receiver's half of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): it notes the arrival time of every packet
 * that carries a transport-wide sequence number (whatever its SSRC) and, every {@code interval},
 * reports them to the sender as {@link TransportCcFeedback} packets, from which the sender's
 * bandwidth estimator (Chrome's GoogCC, for one) learns the one-way delay variation and the losses.
 *
 * <p>A sans-IO {@link Engine}: {@link #handleInput} and {@link #handleTimeout} take the time,
 * {@link #pollTransmit} gives feedback to send (put it in a compound RTCP packet), {@link
 * #pollTimeout} says when to call again. It reports no events ({@link #pollEvent} is always
 * {@code null}); {@link #stats()} has its counters.
 *
 * <pre>
 *   arrivals  seq 100 @ 1000.30 ms   101 lost   102 @ 1002.10 ms   103 @ 1001.10 ms (reordered)
 *   rounded to 250 µs:  1000.25           -          1002.00            1001.00
 *   feedback  base seq 100, status count 4, reference time 15 (x 64 ms = 960 ms), fb count n
 *             statuses  [small, not received, small, large]   (one 2-bit status vector chunk)
 *             deltas    (1000.25 - 960) / 0.25 = 161,  (1002.00 - 1000.25) / 0.25 = 7,
 *                       (1001.00 - 1002.00) / 0.25 = -4 (signed, 2 bytes)
 * </pre>
 *
 * Arrival times are rounded to 250 µs ticks of the absolute time and each delta is the difference
 * of two rounded times, so the error stays within half a tick and never accumulates. A feedback
 * packet ends early when the next delta does not fit 16 bits (a gap of more than 8.19 s) or when it
 * would exceed {@code maxPacketBytes}; the next one then carries on with its own reference time.
 *
 * <p>What happens to unusual arrivals: a duplicate keeps its first arrival time; a packet older than
 * everything already reported but still within {@code historyNanos} of the newest arrival moves the
 * next report's start back, so it is reported again, now as received (as libwebrtc does: the sender
 * takes the latest report of a packet); anything older is ignored and counted. At most
 * {@link #CAPACITY} sequence numbers are held; a jump further ahead reports the older ones first.
 */
public final class TransportCcGenerator implements Engine<TransportCcFeedback, Void> {
    /** Sequence numbers kept between reports; a window larger than this is reported in parts. */
    public static final int CAPACITY = 1 << 14;
    private static final long TICK_NANOS = 250_000;
    private static final long REFERENCE_NANOS = 64_000_000;
    private static final int TICKS_PER_REFERENCE = 256;
    /** RTCP common header (4) + SSRCs (8) + base, count, reference time, fb count (8). */
    private static final int FIXED_BYTES = 20;

    /**
     * What a generator is configured with ({@link #defaults} for the usual values).
     *
     * @param senderSsrc     the SSRC this receiver sends RTCP as
     * @param intervalNanos  how often feedback is sent (libwebrtc: 50 to 250 ms, 100 ms by default)
     * @param maxPacketBytes the largest feedback packet, RTCP header and padding included (at least 64)
     * @param historyNanos   how far behind the newest arrival a late packet is still reported
     */
    public record Config(long senderSsrc, long intervalNanos, int maxPacketBytes, long historyNanos) {
        /**
         * Checks the components.
         *
         * @param senderSsrc the SSRC this receiver sends RTCP as
         * @param intervalNanos how often feedback is sent (libwebrtc: 50 to 250 ms, 100 ms by default)
         * @param maxPacketBytes the largest feedback packet, RTCP header and padding included (at least 64)
         * @param historyNanos how far behind the newest arrival a late packet is still reported
         */
        public Config {
            if (intervalNanos <= 0 || maxPacketBytes < 64 || historyNanos < 0) {
                throw new IllegalArgumentException("interval > 0, maxPacketBytes >= 64, history >= 0");
            }
        }

        /**
         * Feedback every 100 ms, packets of at most 1200 bytes, 500 ms of history.
         *
         * @param senderSsrc the SSRC this receiver sends RTCP as
         * @return the configuration
         */
        public static Config defaults(long senderSsrc) {
            return new Config(senderSsrc, 100_000_000L, 1200, 500_000_000L);
        }

        /**
         * This configuration with another feedback interval.
         *
         * @param nanos how often feedback is sent (default 100 ms)
         * @return the new configuration
         */
        public Config withIntervalNanos(long nanos) {
            return new Config(senderSsrc, nanos, maxPacketBytes, historyNanos);
        }

        /**
         * This configuration with another packet size limit.
         *
         * @param bytes the largest feedback packet, at least 64 (default 1200)
         * @return the new configuration
         */
        public Config withMaxPacketBytes(int bytes) {
            return new Config(senderSsrc, intervalNanos, bytes, historyNanos);
        }

        /**
         * This configuration with another history.
         *
         * @param nanos how far behind the newest arrival a late packet is still reported (default 500 ms)
         * @return the new configuration
         */
        public Config withHistoryNanos(long nanos) {
            return new Config(senderSsrc, intervalNanos, maxPacketBytes, nanos);
        }
    }

    private final Config config;
    private final SequenceUnwrapper unwrapper = SequenceUnwrapper.sequence();
    /** Arrival time (ns) of extended sequence number s at arrivals[s % CAPACITY], or NONE. */
    private final long[] arrivals = new long[CAPACITY];
    private static final long NONE = Long.MIN_VALUE;
    private final ArrayDeque<TransportCcFeedback> transmits = new ArrayDeque<>();
    /** Extended sequence numbers: the first not yet reported, the highest seen (-1: none yet). */
    private long start = -1;
    private long highest = -1;
    private long mediaSsrc;
    private long nextSend = Engine.NO_TIMEOUT;
    private int feedbackCount;
    private long packets;
    private long duplicates;
    private long tooLate;
    private long feedbackPackets;

    /**
     * The generator's counters at one moment.
     *
     * @param packets packets noted (duplicates and late ones included)
     * @param duplicates packets whose sequence number had already arrived (the first arrival kept)
     * @param tooLate packets that came after their sequence number had left the history, ignored
     * @param feedbackPackets feedback packets produced
     */
    public record Stats(long packets, long duplicates, long tooLate, long feedbackPackets) {
    }

    /**
     * A generator that sends nothing until the first packet arrives.
     *
     * @param config interval, size limit and history
     */
    public TransportCcGenerator(Config config) {
        this.config = config;
        Arrays.fill(arrivals, NONE);
    }

    /**
     * A packet carrying transport-wide sequence number {@code sequence} arrived at {@code now}.
     *
     * @param now the arrival time (nanoseconds, the engines' clock)
     * @param mediaSsrc the packet's SSRC (the feedback names the latest one, as libwebrtc does)
     * @param sequence the transport-wide sequence number from the header extension (16 bits)
     */
    public void handleInput(long now, long mediaSsrc, int sequence) {
        long s = unwrapper.unwrap(sequence & 0xffff);
        this.mediaSsrc = mediaSsrc & 0xffffffffL;
        packets++;
        if (start < 0) {
            start = s;
            highest = s;
            nextSend = now + config.intervalNanos();
        }
        if (s <= highest && s > highest - CAPACITY && arrivals[slot(s)] != NONE) {
            duplicates++;
            return;
        }
        if (s < start && !reopen(s, now)) {
            tooLate++;
            return;
        }
        if (s > highest) {
            // make room: what would be overwritten is reported first
            while (s - start >= CAPACITY) {
                long end = Math.min(highest, start + CAPACITY - 1);
                report(start, end);
                start = end + 1 > highest ? s : end + 1;
            }
            if (s - highest >= CAPACITY) {
                Arrays.fill(arrivals, NONE);
            } else {
                for (long k = highest + 1; k <= s; k++) {
                    arrivals[slot(k)] = NONE;
                }
            }
            highest = s;
        }
        arrivals[slot(s)] = now;
    }

    /**
     * A packet older than the next report's start: moves the start back to it when its slot is still
     * held and every packet received in between arrived within the history, so the next report covers
     * it again; false when it is too late.
     */
    private boolean reopen(long s, long now) {
        if (s <= highest - CAPACITY) {
            return false;
        }
        for (long k = s; k < start; k++) {
            long at = arrivals[slot(k)];
            if (at != NONE && now - at > config.historyNanos()) {
                return false;
            }
        }
        start = s;
        return true;
    }

    private static int slot(long s) {
        return (int) (s & (CAPACITY - 1));
    }

    /** Queues the due report when the interval has passed. */
    @Override
    public void handleTimeout(long now) {
        if (now < nextSend) {
            return;
        }
        if (start >= 0 && start <= highest) {
            report(start, highest);
            start = highest + 1;
        }
        nextSend = now + config.intervalNanos();
    }

    /** Reports everything not yet reported now, whatever the interval (e.g. before closing). */
    public void flush() {
        if (start >= 0 && start <= highest) {
            report(start, highest);
            start = highest + 1;
        }
    }

    /** {@return the next feedback packet to send, or {@code null}} */
    @Override
    public TransportCcFeedback pollTransmit() {
        return transmits.poll();
    }

    /** {@return always {@code null}: the generator reports nothing but feedback} */
    @Override
    public Void pollEvent() {
        return null;
    }

    /** {@return when the next report is due, or {@link #NO_TIMEOUT} before the first packet} */
    @Override
    public long pollTimeout() {
        return nextSend;
    }

    /**
     * The counters now, as an immutable value.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        return new Stats(packets, duplicates, tooLate, feedbackPackets);
    }

    /** Reports extended sequence numbers [from, to] in as many feedback packets as needed. */
    private void report(long from, long to) {
        long s = from;
        while (s <= to) {
            s = reportOne(s, to);
        }
    }

    /** One feedback packet from {@code from}; returns the first sequence number it does not cover. */
    private long reportOne(long from, long to) {
        // the reference time comes from the first received packet of this feedback
        long firstArrival = NONE;
        for (long k = from; k <= to; k++) {
            if (arrivals[slot(k)] != NONE) {
                firstArrival = arrivals[slot(k)];
                break;
            }
        }
        if (firstArrival == NONE) {
            return to + 1; // nothing received in the rest: nothing the sender can use
        }
        long reference = Math.floorDiv(firstArrival, REFERENCE_NANOS);
        long previousTicks = reference * TICKS_PER_REFERENCE;
        List<TransportCcFeedback.PacketResult> results = new ArrayList<>();
        int deltaBytes = 0;
        long k = from;
        for (; k <= to && k - from < 0xffff; k++) {
            long at = arrivals[slot(k)];
            TransportCcFeedback.PacketResult r;
            int bytes;
            if (at == NONE) {
                r = new TransportCcFeedback.PacketResult((int) (k & 0xffff), false, 0);
                bytes = 0;
            } else {
                long ticks = Math.floorDiv(at + TICK_NANOS / 2, TICK_NANOS);
                long delta = ticks - previousTicks;
                if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                    break; // a new feedback packet with its own reference time
                }
                r = new TransportCcFeedback.PacketResult((int) (k & 0xffff), true, (int) delta);
                bytes = delta >= 0 && delta <= 255 ? 1 : 2;
                previousTicks = ticks;
            }
            int n = results.size() + 1;
            // chunks: at worst one 2-byte chunk per 7 statuses; then padding to 4 bytes
            int size = FIXED_BYTES + deltaBytes + bytes + 2 * ((n + 6) / 7) + 3;
            if (size > config.maxPacketBytes() && !results.isEmpty()) {
                break;
            }
            results.add(r);
            deltaBytes += bytes;
        }
        // trailing losses belong to the next report (which will start with them), unless this is the end
        int last = results.size();
        while (last > 0 && !results.get(last - 1).received()) {
            last--;
        }
        if (last > 0 && last < results.size() && k <= to) {
            k -= results.size() - last;
            results = results.subList(0, last);
        }
        transmits.add(TransportCcFeedback.build(config.senderSsrc(), mediaSsrc, (int) (from & 0xffff),
                (int) (reference & 0xffffff) << 8 >> 8, feedbackCount, results));
        feedbackCount = (feedbackCount + 1) & 0xff;
        feedbackPackets++;
        return k;
    }
}
