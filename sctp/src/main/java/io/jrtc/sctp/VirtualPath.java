package io.jrtc.sctp;

import io.jrtc.core.Engine;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A tiny seeded, virtual-time path between two byte engines (two associations, or two
 * {@code DataChannels}), for examples and benchmarks that cannot use the test kit: a fixed one-way
 * delay, independent random loss, optionally a bottleneck rate, and FIFO order. Time only moves when
 * {@link #runUntil} jumps it to the next delivery or timer, so a minute of a 50 ms path takes
 * milliseconds. No threads, sockets or clocks.
 */
public final class VirtualPath {

    /** How a packet enters an engine ({@code engine::handleInput}). */
    @FunctionalInterface
    public interface Input {
        void handle(long now, byte[] packet);
    }

    /** Sees every packet handed to the path, before loss is applied. */
    @FunctionalInterface
    public interface Observer {
        void packet(long now, boolean fromA, byte[] packet, boolean lost);
    }

    private record InFlight(long at, byte[] packet) {
    }

    private final Engine<byte[], ?> a;
    private final Input inA;
    private final Engine<byte[], ?> b;
    private final Input inB;
    private final SplittableRandom random;
    private final long delay;
    private final double loss;
    private final long nanosPerByte;
    private final ArrayDeque<InFlight> toA = new ArrayDeque<>();
    private final ArrayDeque<InFlight> toB = new ArrayDeque<>();
    private long busyUntilToA;
    private long busyUntilToB;
    private long now;
    private long delivered;
    private long lost;
    private Observer observer;

    /**
     * @param oneWayDelayNanos delay of each direction
     * @param loss             probability that a packet is lost, each direction
     * @param bitsPerSecond    bottleneck rate of each direction, or {@code 0} for none
     */
    public VirtualPath(Engine<byte[], ?> a, Input inA, Engine<byte[], ?> b, Input inB, long seed,
                       long oneWayDelayNanos, double loss, long bitsPerSecond) {
        this.a = a;
        this.inA = inA;
        this.b = b;
        this.inB = inB;
        this.random = new SplittableRandom(seed);
        this.delay = oneWayDelayNanos;
        this.loss = loss;
        this.nanosPerByte = bitsPerSecond == 0 ? 0 : 8_000_000_000L / bitsPerSecond;
    }

    public void setObserver(Observer o) {
        observer = o;
    }

    /** The virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    public long delivered() {
        return delivered;
    }

    public long lost() {
        return lost;
    }

    /**
     * Runs until {@code done} holds (checked after every step), {@code limitNanos} of virtual time
     * passed, or nothing is left to happen. The caller drains events inside {@code done}.
     */
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        long end = now + limitNanos;
        while (true) {
            drain(a, true);
            drain(b, false);
            if (done.getAsBoolean()) return true;
            if (drain(a, true) + drain(b, false) > 0) continue; // done() may have queued sends
            long next = Math.min(a.pollTimeout(), b.pollTimeout());
            if (!toA.isEmpty()) next = Math.min(next, toA.peek().at);
            if (!toB.isEmpty()) next = Math.min(next, toB.peek().at);
            if (next == Engine.NO_TIMEOUT || next > end) {
                now = Math.max(now, Math.min(end, Long.MAX_VALUE / 2));
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            while (!toB.isEmpty() && toB.peek().at <= now) {
                delivered++;
                inB.handle(now, toB.poll().packet);
            }
            while (!toA.isEmpty() && toA.peek().at <= now) {
                delivered++;
                inA.handle(now, toA.poll().packet);
            }
            if (a.pollTimeout() <= now) a.handleTimeout(now);
            if (b.pollTimeout() <= now) b.handleTimeout(now);
        }
    }

    private int drain(Engine<byte[], ?> from, boolean fromA) {
        int n = 0;
        for (byte[] p; (p = from.pollTransmit()) != null; n++) {
            boolean drop = loss > 0 && random.nextDouble() < loss;
            if (observer != null) observer.packet(now, fromA, p, drop);
            if (drop) {
                lost++;
                continue;
            }
            long depart = now;
            if (nanosPerByte > 0) {
                long start = Math.max(now, fromA ? busyUntilToB : busyUntilToA);
                depart = start + nanosPerByte * p.length;
                if (fromA) busyUntilToB = depart; else busyUntilToA = depart;
            }
            (fromA ? toB : toA).add(new InFlight(depart + delay, p));
        }
        return n;
    }
}
