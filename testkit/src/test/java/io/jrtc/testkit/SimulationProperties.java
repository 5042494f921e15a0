package io.jrtc.testkit;

import io.jrtc.core.Datagram;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ping node that retransmits until it hears a pong: the loop must finish in virtual time, always. */
class SimulationProperties {
    static final InetSocketAddress PINGER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    static final InetSocketAddress PONGER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);

    static final class Pinger implements SimNode {
        long next = 0;
        boolean answered;
        int sent;
        final Deque<Datagram> out = new ArrayDeque<>();

        @Override public void handleInput(long now, Datagram d) { answered = true; next = Long.MAX_VALUE; }
        @Override public void handleTimeout(long now) {
            if (!answered) {
                out.add(new Datagram(PINGER, PONGER, new byte[] {1}));
                sent++;
                next = now + 100_000_000L;
            }
        }
        @Override public Datagram pollTransmit() { return out.poll(); }
        @Override public long pollTimeout() { return next; }
    }

    static final class Ponger implements SimNode {
        final Deque<Datagram> out = new ArrayDeque<>();
        @Override public void handleInput(long now, Datagram d) { out.add(new Datagram(PONGER, d.source(), d.data())); }
        @Override public void handleTimeout(long now) { }
        @Override public Datagram pollTransmit() { return out.poll(); }
        @Override public long pollTimeout() { return Long.MAX_VALUE; }
    }

    @Property(tries = 200)
    void retransmittingPingIsAnsweredUnderLoss(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                              @ForAll @DoubleRange(min = 0, max = 0.5) double loss) {
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(loss).withLatency(Duration.ofMillis(10))
                .withJitter(Duration.ofMillis(5)).withDuplication(0.1));
        Pinger pinger = sim.add(new Pinger(), PINGER);
        sim.add(new Ponger(), PONGER);
        sim.runUntilOrFail(() -> pinger.answered, Duration.ofMinutes(10), "pong");
        assertTrue(sim.now() >= 20_000_000L, "a round trip takes at least 20 ms");
    }

    @Property(tries = 50)
    void totalLossNeverAnswersAndTimeStopsAtTheLimit(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(1.0));
        Pinger pinger = sim.add(new Pinger(), PINGER);
        sim.add(new Ponger(), PONGER);
        assertTrue(!sim.runUntil(() -> pinger.answered, Duration.ofSeconds(30)));
        assertTrue(sim.now() == 30_000_000_000L, "clock at the limit: " + sim.now());
        assertTrue(pinger.sent == 301, "one ping per 100 ms from 0 s to 30 s inclusive: " + pinger.sent);
    }
}
