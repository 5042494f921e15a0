package io.jrtc.testkit;

import io.jrtc.core.Datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded datagram network in virtual time. Datagrams go in with {@link #send}; they come out of
 * {@link #poll} once their delivery time has come, after the link's conditions (loss, bursty loss,
 * duplication, delay, jitter, reordering, MTU, bandwidth) and any {@link Nat} on the way have acted on
 * them. The same seed and the same sends give the same deliveries.
 *
 * <p>Conditions are per direction between two hosts (IP addresses); a pair without its own uses the
 * default.
 */
public final class SimNetwork {

    /** Counters, for assertions and for printing after a run. */
    public static final class Stats {
        /** All counters at zero. */
        public Stats() {
        }

        public long sent;
        public long delivered;
        public long lost;
        public long duplicated;
        public long droppedMtu;
        public long droppedQueue;
        public long droppedNat;

        @Override
        public String toString() {
            return "sent=" + sent + " delivered=" + delivered + " lost=" + lost + " duplicated=" + duplicated
                    + " droppedMtu=" + droppedMtu + " droppedQueue=" + droppedQueue + " droppedNat=" + droppedNat;
        }
    }

    private record Pending(long time, long order, Datagram datagram) {
    }

    private record HostPair(InetAddress from, InetAddress to) {
    }

    /** Per-direction state: the Gilbert-Elliott state and the bandwidth queue. */
    private static final class LinkState {
        boolean bad;
        long queueFreeAt;
        long lastArrival;
    }

    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> inFlight = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private final Map<HostPair, LinkConditions> conditions = new HashMap<>();
    private final Map<HostPair, LinkState> states = new HashMap<>();
    private final List<Nat> nats = new ArrayList<>();
    private final Stats stats = new Stats();
    private LinkConditions defaults = LinkConditions.perfect();
    private long order;

    public SimNetwork(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    public Stats stats() {
        return stats;
    }

    /** Conditions for every pair of hosts that has none of its own. */
    public SimNetwork setDefaultConditions(LinkConditions c) {
        this.defaults = c;
        return this;
    }

    /** Conditions for datagrams from host {@code from} to host {@code to} (one direction). */
    public SimNetwork setConditions(InetAddress from, InetAddress to, LinkConditions c) {
        conditions.put(new HostPair(from, to), c);
        return this;
    }

    /** Conditions in both directions between two hosts. */
    public SimNetwork setConditionsBothWays(InetAddress a, InetAddress b, LinkConditions c) {
        return setConditions(a, b, c).setConditions(b, a, c);
    }

    /** Puts a NAT on the network: datagrams from its inside hosts leave with its public address. */
    public SimNetwork addNat(Nat nat) {
        nats.add(nat);
        return this;
    }

    /** Sends a datagram at virtual time {@code now}. Its source must be set. */
    public void send(long now, Datagram datagram) {
        if (datagram.source() == null) {
            throw new IllegalArgumentException("a simulated datagram needs a source address: " + datagram);
        }
        stats.sent++;
        Datagram d = datagram;
        Nat outbound = natInside(d.source().getAddress());
        if (outbound != null && !outbound.isInside(d.destination().getAddress())) {
            d = outbound.translateOutbound(d);
        }
        HostPair pair = new HostPair(d.source().getAddress(), d.destination().getAddress());
        LinkConditions c = conditions.getOrDefault(pair, defaults);
        LinkState state = states.computeIfAbsent(pair, k -> new LinkState());

        if (c.mtu() > 0 && d.data().length > c.mtu()) {
            stats.droppedMtu++;
            return;
        }
        if (lost(c, state)) {
            stats.lost++;
            return;
        }
        long departure = now;
        if (c.bandwidthBitsPerSecond() > 0) {
            long start = Math.max(now, state.queueFreeAt);
            long queuedNanos = start - now;
            long queuedBytes = queuedNanos * c.bandwidthBitsPerSecond() / 8 / 1_000_000_000L;
            if (c.queueLimitBytes() > 0 && queuedBytes + d.data().length > c.queueLimitBytes()) {
                stats.droppedQueue++;
                return;
            }
            long serialisation = d.data().length * 8L * 1_000_000_000L / c.bandwidthBitsPerSecond();
            state.queueFreeAt = start + serialisation;
            departure = state.queueFreeAt;
        }
        schedule(departure, c, d);
        if (c.duplicateRate() > 0 && random.nextDouble() < c.duplicateRate()) {
            stats.duplicated++;
            schedule(departure, c, new Datagram(d.source(), d.destination(), d.data().clone()));
        }
    }

    private boolean lost(LinkConditions c, LinkState state) {
        boolean lost = c.lossRate() > 0 && random.nextDouble() < c.lossRate();
        LinkConditions.GilbertElliott ge = c.burstLoss();
        if (ge != null) {
            double p = state.bad ? ge.lossInBad() : ge.lossInGood();
            lost |= p > 0 && random.nextDouble() < p;
            state.bad = state.bad ? random.nextDouble() >= ge.badToGood() : random.nextDouble() < ge.goodToBad();
        }
        return lost;
    }

    private void schedule(long departure, LinkConditions c, Datagram d) {
        long delay = c.latencyNanos();
        if (c.jitterNanos() > 0) {
            delay += random.nextLong(c.jitterNanos());
        }
        if (c.reorderRate() > 0 && random.nextDouble() < c.reorderRate()) {
            delay += c.reorderDelayNanos();
        }
        inFlight.add(new Pending(departure + delay, order++, d));
    }

    /** When the next datagram arrives, or {@link Long#MAX_VALUE} when none is in flight. */
    public long nextDeliveryTime() {
        Pending p = inFlight.peek();
        return p == null ? Long.MAX_VALUE : p.time;
    }

    /** The next datagram that has arrived by {@code now}, or {@code null}. */
    public Datagram poll(long now) {
        while (true) {
            Pending p = inFlight.peek();
            if (p == null || p.time > now) {
                return null;
            }
            inFlight.poll();
            Datagram d = p.datagram;
            for (Nat nat : nats) {
                if (nat.publicAddress().equals(d.destination().getAddress())) {
                    d = nat.translateInbound(d);
                    break;
                }
            }
            if (d == null) {
                stats.droppedNat++;
                continue;
            }
            stats.delivered++;
            return d;
        }
    }

    /** The number of datagrams in flight. */
    public int inFlight() {
        return inFlight.size();
    }

    private Nat natInside(InetAddress host) {
        for (Nat nat : nats) {
            if (nat.isInside(host)) {
                return nat;
            }
        }
        return null;
    }

    /** Seeded randomness for things that belong to the simulation (engine seeds, payloads). */
    public SplittableRandom random() {
        return random;
    }

}
