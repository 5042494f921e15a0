package io.jrtc.testkit;

import io.jrtc.core.Engine;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A seeded point-to-point path in virtual time between two byte engines (two SCTP associations, or
 * two data channel engines): a fixed one-way delay, independent random loss, optionally a bottleneck
 * rate, and FIFO order. Time only moves when {@link #runUntil} jumps it to the next delivery or
 * timer, so a minute of a 50 ms path takes milliseconds. No threads, sockets or clocks.
 *
 * <p>It is the smallest member of the test kit's network family: {@link SimNetwork} with
 * {@link Simulation} is the full model (addresses, NATs, jitter, bursts, duplication, reordering,
 * queues), and what protocol tests use; this class has no addresses and no per-datagram objects
 * beyond the packet itself, so benchmarks measure the engines rather than the network, and examples
 * that narrate one protocol stay short. The SCTP demo and benchmarks use it (they depend on the test
 * kit for it).
 */
public final class VirtualPath {

    /** How a packet enters an engine ({@code engine::handleInput}). */
    @FunctionalInterface
    public interface Input {
        /**
         * Hands a packet to the engine.
         *
         * @param now    the virtual time, nanoseconds
         * @param packet the packet
         */
        void handle(long now, byte[] packet);
    }

    /** Sees every packet handed to the path, before loss is applied. */
    @FunctionalInterface
    public interface Observer {
        /**
         * One packet handed to the path.
         *
         * @param now    the virtual time, nanoseconds
         * @param fromA  whether engine {@code a} sent it
         * @param packet the packet
         * @param lost   whether the path drops it
         */
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
     * @param a                one engine
     * @param inA              how a packet enters {@code a}
     * @param b                the other engine
     * @param inB              how a packet enters {@code b}
     * @param seed             seed of the loss draws
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

    /** Sets the one observer of every packet handed to the path ({@code null}: none). */
    public void setObserver(Observer o) {
        observer = o;
    }

    /** The virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Packets delivered so far, both directions. */
    public long delivered() {
        return delivered;
    }

    /** Packets lost so far, both directions. */
    public long lost() {
        return lost;
    }

    /**
     * Runs until {@code done} holds (checked after every step), {@code limitNanos} of virtual time
     * passed, or nothing is left to happen. The caller drains events inside {@code done}.
     *
     * @param done       checked after every step
     * @param limitNanos virtual time this call may run at most
     * @return whether {@code done} holds at the end
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
