package io.jrtc.testkit;

import io.jrtc.core.Datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs nodes on a {@link SimNetwork} in virtual time. Each step drains every node's transmits into
 * the network, then jumps the clock straight to the earliest deadline of any node or datagram, so a
 * thirty-second lossy scenario takes milliseconds of real time.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(Seeds.seed(42));
 * sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(0.3));
 * sim.add(client, clientAddress);
 * sim.add(server, serverAddress);
 * sim.runUntil(() -> client.events().contains(DONE), Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Every failure message names the seed, and {@link SeedReporter} prints it when a test fails; rerun
 * with {@code -Djrtc.seed=N} (or {@code JRTC_SEED=N}) to replay it.
 */
public final class Simulation {
    private static final int MAX_STEPS_AT_ONE_INSTANT = 100_000;

    private final SimNetwork network;
    private final VirtualClock clock = new VirtualClock();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<InetSocketAddress, SimNode> byAddress = new HashMap<>();
    private final Map<InetAddress, SimNode> byHost = new HashMap<>();
    private long unroutable;

    public Simulation(long seed) {
        this.network = new SimNetwork(seed);
        SeedReporter.register(seed);
    }

    public SimNetwork network() {
        return network;
    }

    public VirtualClock clock() {
        return clock;
    }

    public long now() {
        return clock.now();
    }

    public long seed() {
        return network.seed();
    }

    /** Datagrams that arrived for an address no node listens on. */
    public long unroutable() {
        return unroutable;
    }

    /**
     * Adds a node that receives datagrams sent to any of {@code addresses}. An address with port 0
     * takes every port on that host.
     */
    public <N extends SimNode> N add(N node, InetSocketAddress... addresses) {
        nodes.add(node);
        for (InetSocketAddress a : addresses) {
            if (a.getPort() == 0) {
                byHost.put(a.getAddress(), node);
            } else {
                byAddress.put(a, node);
            }
        }
        return node;
    }

    /**
     * Runs until {@code done} holds (checked after every step) or {@code limit} of virtual time has
     * passed or nothing is left to happen. Returns whether {@code done} held.
     */
    public boolean runUntil(BooleanSupplier done, Duration limit) {
        long end = satAdd(clock.now(), limit.toNanos());
        int stepsAtThisInstant = 0;
        long lastInstant = clock.now();
        while (true) {
            flushTransmits();
            if (done.getAsBoolean()) {
                return true;
            }
            long next = network.nextDeliveryTime();
            for (SimNode n : nodes) {
                next = Math.min(next, n.pollTimeout());
            }
            if (next == Long.MAX_VALUE || next > end) {
                if (end != Long.MAX_VALUE) {
                    clock.advanceTo(Math.max(clock.now(), end));
                }
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(next, clock.now()));
            long now = clock.now();
            if (now == lastInstant) {
                if (++stepsAtThisInstant > MAX_STEPS_AT_ONE_INSTANT) {
                    throw new AssertionError("simulation stuck at t=" + Duration.ofNanos(now)
                            + ": a node keeps asking for a timeout that has passed (seed " + seed() + ")");
                }
            } else {
                lastInstant = now;
                stepsAtThisInstant = 0;
            }
            for (Datagram d; (d = network.poll(now)) != null; ) {
                SimNode target = route(d.destination());
                if (target == null) {
                    unroutable++;
                } else {
                    target.handleInput(now, d);
                }
            }
            for (SimNode n : nodes) {
                if (n.pollTimeout() <= now) {
                    n.handleTimeout(now);
                }
            }
        }
    }

    /** Like {@link #runUntil} but fails with the seed and the network's counters when {@code done} never holds. */
    public void runUntilOrFail(BooleanSupplier done, Duration limit, String what) {
        runUntilOrFail(done, limit, () -> what);
    }

    /**
     * Like {@link #runUntilOrFail(BooleanSupplier, Duration, String)}, with the description built only on
     * failure, so it can show the state at the end of the run (events seen, counters, a log).
     */
    public void runUntilOrFail(BooleanSupplier done, Duration limit, Supplier<String> what) {
        if (!runUntil(done, limit)) {
            throw new AssertionError("not reached within " + limit + " of virtual time: " + what.get()
                    + " (seed " + seed() + ", network " + network.stats() + ")");
        }
    }

    /** Runs for {@code d} of virtual time. */
    public void runFor(Duration d) {
        runUntil(() -> false, d);
    }

    private void flushTransmits() {
        long now = clock.now();
        for (SimNode n : nodes) {
            for (Datagram d; (d = n.pollTransmit()) != null; ) {
                network.send(now, d);
            }
        }
    }

    private SimNode route(InetSocketAddress destination) {
        SimNode n = byAddress.get(destination);
        return n != null ? n : byHost.get(destination.getAddress());
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
