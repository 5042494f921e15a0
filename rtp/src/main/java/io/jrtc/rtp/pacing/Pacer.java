package io.jrtc.rtp.pacing;

import io.jrtc.core.Engine;
import io.jrtc.rtp.cc.ProbeCluster;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The pacer: packets leave in short bursts at the pacing rate (2.5 × the estimator's target) instead
 * of all at once when the encoder hands over a frame, so that the bottleneck queue, and the delay
 * signal the estimator reads, stay small. A sans-IO engine; {@code P} is whatever the caller queues
 * (an RTP packet, a datagram).
 *
 * <pre>
 *   enqueue(now, packet, size, kind) ──► per kind, in order:  AUDIO │ RETRANSMISSION │ VIDEO
 *                                                               (highest first, FIFO within a kind)
 *   budget += rate × elapsed (at most one burst, 5 ms, of it); while budget &gt; 0: send the next packet
 *   then sleep until the debt is paid, and at least 5 ms      ──► pollTransmit: Sent(packet, size, probe)
 *   addProbe(cluster) ──► the next packets go at the probe's rate, tagged with its id; when nothing is
 *                         queued, Sent(null, size, id, padding=true): send padding of that size
 *                         (RTX of an old packet, or a padding-only packet). Padding is sent only to probe.
 * </pre>
 *
 * Audio is not held back by default (it is small and late audio is worse than late video): it
 * leaves when queued and its bytes count against the budget. A queue that would take more than
 * {@link Config#maxQueueNanos()} to drain at the pacing rate is drained faster (the encoder is told
 * the target by the estimator; the pacer just must not build seconds of delay). More than
 * {@link Config#maxQueuedPackets()} packets: the oldest video packet is dropped and reported as
 * {@link Dropped} (the receiver NACKs it or asks for a keyframe). Confined to one thread.
 *
 * @param <P> what is queued: an RTP packet, a datagram, anything the caller sends
 */
public final class Pacer<P> implements Engine<Pacer.Sent<P>, Pacer.Dropped<P>> {

    /** What a packet is, which decides its turn. */
    public enum Kind {
        /** Sent first, and by default as soon as it is queued. */
        AUDIO,
        /** Packets sent again for a NACK: before new video, since the receiver waits for them. */
        RETRANSMISSION,
        /** New video: last. */
        VIDEO
    }

    /**
     * A packet to send now, or a request for padding.
     *
     * @param packet       the queued packet, or {@code null} for padding
     * @param size         its size as queued, or the padding bytes wanted
     * @param probeCluster the probe it is part of, or {@link ProbeCluster#NONE}
     * @param padding      whether this asks for padding
     * @param <P>          what is queued
     */
    public record Sent<P>(P packet, int size, int probeCluster, boolean padding) {
    }

    /**
     * A packet the pacer dropped because its queue was full.
     *
     * @param packet the dropped packet
     * @param kind   its kind (video, unless the queue held nothing else)
     * @param <P>    what is queued
     */
    public record Dropped<P>(P packet, Kind kind) {
    }

    /**
     * The pacer's settings.
     *
     * @param burstNanos          how much sending time one burst holds, and the least time between two (5 ms)
     * @param maxQueueNanos       the longest the queue may take to drain at the pacing rate (2 s)
     * @param maxQueuedPackets    packets held at most
     * @param paceAudio           whether audio waits for the budget like the rest
     * @param maxPaddingBytes     the largest padding one request asks for
     */
    public record Config(long burstNanos, long maxQueueNanos, int maxQueuedPackets, boolean paceAudio, int maxPaddingBytes) {
        /**
         * Checks the values.
         *
         * @param burstNanos       how much sending time one burst holds
         * @param maxQueueNanos    the longest the queue may take to drain
         * @param maxQueuedPackets packets held at most
         * @param paceAudio        whether audio waits for the budget
         * @param maxPaddingBytes  the largest padding one request asks for
         * @throws IllegalArgumentException unless every duration and count is positive
         */
        public Config {
            if (burstNanos <= 0 || maxQueueNanos <= 0 || maxQueuedPackets < 1 || maxPaddingBytes < 1) {
                throw new IllegalArgumentException("pacer config values must be positive");
            }
        }

        /**
         * 5 ms bursts, at most 2 s of queue, 8192 packets, audio unpaced, padding up to 1100 bytes.
         *
         * @return the default settings
         */
        public static Config defaults() {
            return new Config(5_000_000L, 2_000_000_000L, 8192, false, 1100);
        }
    }

    /**
     * Counters.
     *
     * @param packetsSent     queued packets sent
     * @param bytesSent       their sizes as queued
     * @param paddingRequests padding asked for (only while probing)
     * @param paddingBytes    the padding bytes asked for
     * @param probesDone      probes that sent all their packets and bytes
     * @param dropped         packets dropped because the queue was full
     * @param queuedPackets   packets waiting now
     * @param queuedBytes     their bytes
     */
    public record Stats(long packetsSent, long bytesSent, long paddingRequests, long paddingBytes, long probesDone,
            long dropped, int queuedPackets, long queuedBytes) {
    }

    private record Entry<P>(P packet, int size, long enqueuedAt) {
    }

    private final Config config;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<Entry<P>>[] queues = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};
    private final ArrayDeque<Sent<P>> out = new ArrayDeque<>();
    private final ArrayDeque<Dropped<P>> dropped = new ArrayDeque<>();
    private final ArrayDeque<ProbeCluster> probes = new ArrayDeque<>();
    private long rateBps;
    private double budget;
    private long lastProcess = Long.MIN_VALUE;
    private int queued;
    private long queuedBytes;
    private ProbeCluster probe;
    private int probePackets;
    private long probeBytes;
    private long nextProbeAt = Long.MIN_VALUE;

    private long packetsSent;
    private long bytesSent;
    private long paddingRequests;
    private long paddingBytes;
    private long probesDone;
    private long droppedCount;

    /**
     * An empty pacer.
     *
     * @param config         its settings
     * @param initialRateBps the pacing rate until {@link #setPacingRate} changes it
     */
    public Pacer(Config config, long initialRateBps) {
        this.config = Objects.requireNonNull(config, "config");
        setPacingRate(initialRateBps);
    }

    /**
     * The rate to pace at from now on (the estimator's {@code pacingRateBps()}).
     *
     * @param bps the pacing rate, bits per second
     * @throws IllegalArgumentException unless positive
     */
    public void setPacingRate(long bps) {
        if (bps <= 0) {
            throw new IllegalArgumentException("pacing rate must be positive: " + bps);
        }
        this.rateBps = bps;
    }

    /** {@return the pacing rate, bits per second} */
    public long pacingRateBps() {
        return rateBps;
    }

    /**
     * Queues one packet of {@code size} bytes; sends what the budget allows at {@code now}.
     *
     * @param now    the time
     * @param packet what to send
     * @param size   its size on the wire, bytes
     * @param kind   its kind, which decides its turn
     */
    public void enqueue(long now, P packet, int size, Kind kind) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(kind, "kind");
        advance(now);
        if (kind == Kind.AUDIO && !config.paceAudio() && probe == null) {
            emit(new Sent<>(packet, size, ProbeCluster.NONE, false));
            budget -= size;
            return;
        }
        if (queued >= config.maxQueuedPackets()) {
            Entry<P> victim = queues[Kind.VIDEO.ordinal()].poll();
            if (victim == null) {
                droppedCount++;
                dropped.add(new Dropped<>(packet, kind));
                return;
            }
            queued--;
            queuedBytes -= victim.size();
            droppedCount++;
            dropped.add(new Dropped<>(victim.packet(), Kind.VIDEO));
        }
        queues[kind.ordinal()].add(new Entry<>(packet, size, now));
        queued++;
        queuedBytes += size;
        process(now);
    }

    /**
     * Starts a probe (after any probe already running) at the next {@link #handleTimeout}, which
     * {@link #pollTimeout} asks for at once.
     *
     * @param cluster the probe the estimator asked for
     */
    public void addProbe(ProbeCluster cluster) {
        probes.add(Objects.requireNonNull(cluster, "cluster"));
    }

    /** Refills the budget for the time passed and sends what it, or a running probe, allows. */
    @Override
    public void handleTimeout(long now) {
        advance(now);
        process(now);
    }

    private void advance(long now) {
        if (lastProcess == Long.MIN_VALUE) {
            lastProcess = now;
            budget = burstBytes();
            return;
        }
        long dt = now - lastProcess;
        if (dt <= 0) {
            return;
        }
        budget = Math.min(budget + effectiveRate() * (double) dt / 8e9, burstBytes());
        lastProcess = now;
    }

    private double burstBytes() {
        return effectiveRate() * (double) config.burstNanos() / 8e9;
    }

    /** The pacing rate, raised when the queue would otherwise take longer than the limit to drain. */
    private double effectiveRate() {
        double drain = queuedBytes * 8e9 / config.maxQueueNanos();
        return Math.max(rateBps, drain);
    }

    private void process(long now) {
        if (probe == null && !probes.isEmpty()) {
            probe = probes.poll();
            probePackets = 0;
            probeBytes = 0;
            nextProbeAt = now;
        }
        while (probe != null && now >= nextProbeAt) {
            Entry<P> e = next();
            Sent<P> s;
            if (e != null) {
                s = new Sent<>(e.packet(), e.size(), probe.id(), false);
            } else {
                int want = Math.max(1, Math.min(config.maxPaddingBytes(),
                        (probe.minBytes() + probe.minPackets() - 1) / probe.minPackets()));
                s = new Sent<>(null, want, probe.id(), true);
                paddingRequests++;
                paddingBytes += want;
            }
            emit(s);
            probePackets++;
            probeBytes += s.size();
            nextProbeAt += s.size() * 8_000_000_000L / probe.bitrateBps();
            if (probePackets >= probe.minPackets() && probeBytes >= probe.minBytes()) {
                probesDone++;
                probe = probes.poll();
                if (probe != null) {
                    probePackets = 0;
                    probeBytes = 0;
                    nextProbeAt = Math.max(nextProbeAt, now);
                }
            }
        }
        while (budget > 0) {
            Entry<P> e = next();
            if (e == null) {
                break;
            }
            budget -= e.size();
            emit(new Sent<>(e.packet(), e.size(), ProbeCluster.NONE, false));
        }
    }

    private Entry<P> next() {
        for (ArrayDeque<Entry<P>> q : queues) {
            Entry<P> e = q.poll();
            if (e != null) {
                queued--;
                queuedBytes -= e.size();
                return e;
            }
        }
        return null;
    }

    private void emit(Sent<P> s) {
        out.add(s);
        if (s.packet() != null) {
            packetsSent++;
            bytesSent += s.size();
        }
    }

    /** {@return the next packet to send now, or padding to send for a probe, or null} */
    @Override
    public Sent<P> pollTransmit() {
        return out.poll();
    }

    /** {@return the next packet dropped because the queue was full, or null} */
    @Override
    public Dropped<P> pollEvent() {
        return dropped.poll();
    }

    /**
     * {@return when to call {@link #handleTimeout} next: the next probe packet, the end of the pause
     * after a burst while packets wait, or {@link #NO_TIMEOUT} with nothing queued}
     */
    @Override
    public long pollTimeout() {
        long t = NO_TIMEOUT;
        if (probe != null) {
            t = nextProbeAt;
        } else if (!probes.isEmpty()) {
            t = lastProcess;
        }
        if (queued > 0) {
            double rate = effectiveRate();
            long repay = budget >= 0 ? 0 : (long) Math.ceil(-budget * 8e9 / rate);
            t = Math.min(t, lastProcess + Math.max(config.burstNanos(), repay));
        }
        return t;
    }

    /**
     * How long the oldest queued packet has waited.
     *
     * @param now the time
     * @return nanoseconds, 0 when the queue is empty
     */
    public long queueDelayNanos(long now) {
        long oldest = Long.MAX_VALUE;
        for (ArrayDeque<Entry<P>> q : queues) {
            Entry<P> e = q.peek();
            if (e != null) {
                oldest = Math.min(oldest, e.enqueuedAt());
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, now - oldest);
    }

    /** {@return a snapshot of the counters} */
    public Stats stats() {
        return new Stats(packetsSent, bytesSent, paddingRequests, paddingBytes, probesDone, droppedCount, queued, queuedBytes);
    }
}
