package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.Depacketizer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds whole frames from RTP packets that arrive reordered, duplicated or not at all, hands them
 * out in order, and says which sequence numbers to NACK. Sans-IO: time comes in as {@code now}.
 *
 * <pre>
 *   packets in (any order) ──► buffer by extended seq ──► next frame complete? ──► pollFrame()
 *                                   │                        (contiguous seqs from the frame start
 *                                   │                         to a marker / timestamp change)
 *                                   └─ holes between next and highest ──► nacksDue(now) ──► NACK
 *   hole NACKed maxNacks times, buffer over maxPackets, or a frame that fails to depacketize
 *     ──► skip to the next keyframe start in the buffer, or drop everything and ask for a keyframe
 * </pre>
 *
 * A frame starts right after the previous frame's last packet; before the first frame (and after a
 * skip) only a packet that the codec says starts a keyframe is accepted as a start, so the decoder is
 * never given a frame it cannot decode.
 */
public final class FrameAssembler {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    /**
     * Limits and NACK timing.
     *
     * @param maxPackets packets buffered at most before giving up on the oldest frame
     * @param nackIntervalNanos time between two NACKs of the same packet
     * @param maxNacks NACKs of one packet before giving up on it
     * @param syncHoldPackets before the first frame (and after losing sync with no keyframe buffered),
     *     packets to receive before choosing where to start, so that a frame start which arrives late
     *     (reordered) is not skipped; {@link #nacksDue} also ends the hold once
     *     {@code nackIntervalNanos} have passed since it began, so short streams start too
     */
    public record Config(int maxPackets, long nackIntervalNanos, int maxNacks, int syncHoldPackets) {
        /** {@return 2048 packets, a NACK every 40 ms, 10 NACKs per packet, a hold of 16 packets} */
        public static Config defaults() {
            return new Config(2048, 40_000_000L, 10, 16);
        }

        /**
         * This configuration with another buffer limit.
         *
         * @param packets packets held at most (default 2048)
         * @return the new configuration
         */
        public Config withMaxPackets(int packets) {
            return new Config(packets, nackIntervalNanos, maxNacks, syncHoldPackets);
        }

        /**
         * This configuration with another NACK interval.
         *
         * @param nanos time between two NACKs of the same packet (default 40 ms)
         * @return the new configuration
         */
        public Config withNackIntervalNanos(long nanos) {
            return new Config(maxPackets, nanos, maxNacks, syncHoldPackets);
        }

        /**
         * This configuration with another NACK limit.
         *
         * @param nacks NACKs of one packet before giving up on it (default 10)
         * @return the new configuration
         */
        public Config withMaxNacks(int nacks) {
            return new Config(maxPackets, nackIntervalNanos, nacks, syncHoldPackets);
        }

        /**
         * This configuration with another start hold.
         *
         * @param packets packets received before choosing where to start (default 16)
         * @return the new configuration
         */
        public Config withSyncHoldPackets(int packets) {
            return new Config(maxPackets, nackIntervalNanos, maxNacks, packets);
        }
    }

    /**
     * A snapshot of the assembler's counters, for logs, stats and tests.
     *
     * @param packets media and padding packets pushed
     * @param duplicates packets already buffered (ignored)
     * @param late packets older than the frame being assembled (ignored)
     * @param framesOut frames handed out
     * @param framesDropped frames given up on (lost packets, depacketizer failures, skipping to a keyframe)
     * @param packetsDropped buffered packets thrown away with those frames
     * @param keyframeRequests times the assembler asked for a keyframe
     * @param nacksSent sequence numbers returned by {@link #nacksDue}
     */
    public record Stats(long packets, long duplicates, long late, long framesOut, long framesDropped,
                        long packetsDropped, long keyframeRequests, long nacksSent) {
        @Override
        public String toString() {
            return "packets=" + packets + " duplicates=" + duplicates + " late=" + late + " framesOut=" + framesOut
                    + " framesDropped=" + framesDropped + " packetsDropped=" + packetsDropped
                    + " keyframeRequests=" + keyframeRequests + " nacks=" + nacksSent;
        }
    }

    /** The live counters behind {@link #stats()}. */
    private static final class Counters {
        long packets;
        long duplicates;
        long late;
        long framesOut;
        long framesDropped;
        long packetsDropped;
        long keyframeRequests;
        long nacksSent;
    }

    private record Entry(long timestamp, boolean marker, byte[] payload) {
    }

    /** A padding-only packet: it holds a sequence number and belongs to no frame (see {@link #pushPadding}). */
    private static final Entry PADDING = new Entry(Long.MIN_VALUE, true, new byte[0]);

    private record NackState(long lastSent, int count) {
    }

    private final Depacketizer depacketizer;
    private final Config config;
    private final SequenceUnwrapper seqs = SequenceUnwrapper.sequence();
    private final SequenceUnwrapper timestamps = SequenceUnwrapper.timestamp();
    private final TreeMap<Long, Entry> buffer = new TreeMap<>();
    private final Map<Long, NackState> nacks = new HashMap<>();
    private final ArrayDeque<AssembledFrame> ready = new ArrayDeque<>();
    private final Counters stats = new Counters();
    private long next = -1;
    private boolean keyframeRequest;
    private int unsyncedPackets;
    private long holdStart = Long.MIN_VALUE;
    private boolean holdExpired;
    /** Time between two NACKs of one packet: the configured interval until the round-trip time is known. */
    private long retryInterval;

    /**
     * An assembler for one stream.
     *
     * @param depacketizer the codec's depacketizer
     * @param config limits and NACK timing
     */
    public FrameAssembler(Depacketizer depacketizer, Config config) {
        this.depacketizer = depacketizer;
        this.config = config;
        this.retryInterval = config.nackIntervalNanos();
    }

    /**
     * An assembler with {@link Config#defaults()}.
     *
     * @param depacketizer the codec's depacketizer
     */
    public FrameAssembler(Depacketizer depacketizer) {
        this(depacketizer, Config.defaults());
    }

    /** {@return a snapshot of the counters (an immutable value; call again for fresh numbers)} */
    public Stats stats() {
        return new Stats(stats.packets, stats.duplicates, stats.late, stats.framesOut, stats.framesDropped,
                stats.packetsDropped, stats.keyframeRequests, stats.nacksSent);
    }

    /**
     * Sets the time between two NACKs of the same packet from now on, instead of the configured
     * {@code nackIntervalNanos}: a retransmission takes a round trip to come, so the caller sets it
     * from the measured round-trip time. The sync hold keeps the configured interval.
     *
     * @param nanos the retry interval, positive
     * @throws IllegalArgumentException unless positive
     */
    public void setRetryIntervalNanos(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("retry interval must be positive: " + nanos);
        }
        retryInterval = nanos;
    }

    /** {@return the time between two NACKs of the same packet now} */
    public long retryIntervalNanos() {
        return retryInterval;
    }

    /** {@return packets held now (never more than {@code maxPackets})} */
    public int bufferedPackets() {
        return buffer.size();
    }

    /**
     * Takes one received packet (media, or an RTX packet already unwrapped).
     *
     * @param p a media packet of the stream (after RTX unwrapping)
     */
    public void push(RtpPacket p) {
        push(p.sequenceNumber(), p.timestamp(), p.marker(), p.payload().toByteArray());
    }

    /**
     * Takes one received packet by its fields (the payload is kept, not copied).
     *
     * @param sequenceNumber its sequence number
     * @param timestamp its RTP timestamp
     * @param marker its M bit
     * @param payload its payload
     */
    public void push(int sequenceNumber, long timestamp, boolean marker, byte[] payload) {
        stats.packets++;
        long seq = seqs.unwrap(sequenceNumber);
        if (next >= 0 && seq < next) {
            stats.late++;
            return;
        }
        if (buffer.containsKey(seq)) {
            stats.duplicates++;
            return;
        }
        buffer.put(seq, new Entry(timestamps.unwrap(timestamp), marker, payload));
        if (next < 0) {
            unsyncedPackets++;
        }
        nacks.remove(seq);
        if (buffer.size() > config.maxPackets()) {
            LOG.log(System.Logger.Level.DEBUG, "[RTP] buffer over {0} packets: skipping to the next keyframe", config.maxPackets());
            skipToKeyframe(buffer.firstKey() + 1);
        }
        assemble();
    }

    /**
     * Takes a received packet that carries no media, only padding (a sender probing the bandwidth
     * without RTX, RFC 3550 section 5.1): it fills its sequence number, so it is neither NACKed nor
     * taken for a hole, and it starts or continues no frame.
     *
     * @param sequenceNumber the padding packet's sequence number
     */
    public void pushPadding(int sequenceNumber) {
        stats.packets++;
        long seq = seqs.unwrap(sequenceNumber);
        if (next >= 0 && seq < next) {
            stats.late++;
            return;
        }
        if (buffer.containsKey(seq)) {
            stats.duplicates++;
            return;
        }
        buffer.put(seq, PADDING);
        nacks.remove(seq);
        if (buffer.size() > config.maxPackets()) {
            skipToKeyframe(buffer.firstKey() + 1);
        }
        assemble();
    }

    /** {@return the next whole frame in order, or null} */
    public AssembledFrame pollFrame() {
        return ready.poll();
    }

    /** {@return true once after the assembler gave up on the stream and needs a keyframe (send PLI/FIR)} */
    public boolean pollKeyframeRequest() {
        boolean r = keyframeRequest;
        keyframeRequest = false;
        return r;
    }

    /** {@return sequence numbers missing between the next frame's start and the highest packet received} */
    public List<Long> missing() {
        List<Long> out = new ArrayList<>();
        if (next < 0 || buffer.isEmpty()) {
            return out;
        }
        long hi = buffer.lastKey();
        for (long s = next; s < hi && out.size() < config.maxPackets(); s++) {
            if (!buffer.containsKey(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The 16-bit sequence numbers to NACK now: missing ones never NACKed or NACKed at least
     * {@link #retryIntervalNanos()} ago. A hole NACKed {@code maxNacks} times and still missing one
     * more interval later is given up: the assembler skips to the next keyframe (or asks for one).
     *
     * @param now the current time (nanoseconds)
     * @return the sequence numbers to NACK now (possibly none)
     */
    public List<Integer> nacksDue(long now) {
        if (next < 0 && !buffer.isEmpty()) {
            if (holdStart == Long.MIN_VALUE) {
                holdStart = now;
            } else if (now - holdStart >= config.nackIntervalNanos() && !holdExpired) {
                holdExpired = true;
                assemble();
            }
        }
        List<Integer> out = new ArrayList<>();
        List<Long> miss = missing();
        nacks.keySet().retainAll(miss);
        for (long s : miss) {
            NackState st = nacks.get(s);
            if (st != null && st.count() >= config.maxNacks()) {
                if (now - st.lastSent() >= retryInterval) {
                    LOG.log(System.Logger.Level.DEBUG, "[RTP] packet {0} still missing after {1} NACKs: giving up", s & 0xffff, st.count());
                    skipToKeyframe(s + 1);
                    assemble();
                    return nacksDue(now);
                }
                continue;
            }
            if (st == null || now - st.lastSent() >= retryInterval) {
                nacks.put(s, new NackState(now, st == null ? 1 : st.count() + 1));
                out.add((int) (s & 0xffff));
            }
        }
        stats.nacksSent += out.size();
        return out;
    }

    /** Drops buffered frames up to the first keyframe start at or after {@code from}; asks for a keyframe if none. */
    private void skipToKeyframe(long from) {
        Long key = null;
        for (Map.Entry<Long, Entry> e : buffer.tailMap(from, true).entrySet()) {
            if (startsKeyframe(e.getKey(), e.getValue())) {
                key = e.getKey();
                break;
            }
        }
        long cut = key != null ? key : Long.MAX_VALUE;
        Iterator<Map.Entry<Long, Entry>> it = buffer.entrySet().iterator();
        long lastTs = Long.MIN_VALUE;
        while (it.hasNext()) {
            Map.Entry<Long, Entry> e = it.next();
            if (e.getKey() >= cut) {
                break;
            }
            if (e.getValue() != PADDING && e.getValue().timestamp() != lastTs) {
                stats.framesDropped++;
                lastTs = e.getValue().timestamp();
            }
            stats.packetsDropped++;
            it.remove();
        }
        nacks.clear();
        if (key != null) {
            next = key;
        } else {
            next = -1;
            unsyncedPackets = 0;
            holdStart = Long.MIN_VALUE;
            holdExpired = false;
            if (!keyframeRequest) {
                stats.keyframeRequests++;
            }
            keyframeRequest = true;
        }
    }

    private boolean startsKeyframe(long seq, Entry e) {
        if (e == PADDING) {
            return false;
        }
        try {
            Entry prev = buffer.get(seq - 1);
            boolean boundary = prev == null || prev.marker() || prev.timestamp() != e.timestamp();
            return boundary && depacketizer.isFrameStart(e.payload()) && depacketizer.isKeyframe(e.payload());
        } catch (RtpParseException ex) {
            return false;
        }
    }

    private void assemble() {
        while (true) {
            if (next < 0) {
                if (unsyncedPackets < config.syncHoldPackets() && !holdExpired) {
                    return;
                }
                Long start = null;
                for (Map.Entry<Long, Entry> e : buffer.entrySet()) {
                    if (startsKeyframe(e.getKey(), e.getValue())) {
                        start = e.getKey();
                        break;
                    }
                }
                if (start == null) {
                    if (holdExpired) {
                        // waited a whole interval and no keyframe start is here: ask for one, wait again
                        holdExpired = false;
                        holdStart = Long.MIN_VALUE;
                        if (!keyframeRequest) {
                            stats.keyframeRequests++;
                        }
                        keyframeRequest = true;
                    }
                    if (buffer.size() > config.maxPackets() / 2) {
                        stats.packetsDropped += buffer.size();
                        buffer.clear();
                    }
                    return;
                }
                stats.packetsDropped += buffer.headMap(start).size();
                buffer.headMap(start).clear();
                next = start;
                unsyncedPackets = 0;
                holdStart = Long.MIN_VALUE;
                holdExpired = false;
                LOG.log(System.Logger.Level.DEBUG, "[RTP] synchronised on a keyframe at sequence {0}", start & 0xffff);
            }
            Entry first = buffer.get(next);
            if (first == null) {
                return;
            }
            if (first == PADDING) {
                buffer.remove(next);
                next++;
                continue;
            }
            long end = -1;
            for (long s = next; ; s++) {
                Entry e = buffer.get(s);
                if (e == null) {
                    return;
                }
                if (e == PADDING || e.timestamp() != first.timestamp()) {
                    end = s - 1;
                    break;
                }
                if (e.marker() || depacketizer.everyPacketIsAFrame()) {
                    end = s;
                    break;
                }
            }
            List<byte[]> payloads = new ArrayList<>();
            for (long s = next; s <= end; s++) {
                payloads.add(buffer.remove(s).payload());
            }
            long start = next;
            next = end + 1;
            try {
                boolean key = depacketizer.isFrameStart(payloads.get(0)) && depacketizer.isKeyframe(payloads.get(0));
                byte[] data = depacketizer.depacketize(payloads);
                ready.add(new AssembledFrame(first.timestamp() & 0xffffffffL, key, start, end, Bytes.wrap(data)));
                stats.framesOut++;
            } catch (RtpParseException ex) {
                LOG.log(System.Logger.Level.DEBUG, "[RTP] frame at {0} does not depacketize ({1}): skipping to the next keyframe",
                        start & 0xffff, ex.getMessage());
                stats.framesDropped++;
                skipToKeyframe(next);
            }
        }
    }
}
