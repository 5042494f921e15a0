package io.jrtc.stun;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.stun.StunAttribute.XorMappedAddress;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.Nat;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The client transaction's timers (RFC 8489 §6.2.1), alone and against the server on a simulated network. */
@ExtendWith(SeedReporter.class)
class StunClientTransactionTest {
    // Simulated hosts: these addresses exist only inside the simulation.
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 3478);
    private static final long MS = 1_000_000L;
    private static final Duration LATENCY = Duration.ofMillis(25);

    private static StunMessage bindingRequest(long seed) {
        return StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SplittableRandom(seed)).build();
    }

    // ---------------------------------------------------------------- timers alone

    @Test
    void lostRequestIsSentSevenTimesAndTimesOutAt39_5Seconds() {
        long t0 = 1_000 * MS; // any origin
        StunClientTransaction tx = new StunClientTransaction(t0, bindingRequest(1), SERVER);
        List<Long> sends = new ArrayList<>();
        long now = t0;
        StunClientTransaction.Event outcome = null;
        while (outcome == null) {
            for (Datagram d; (d = tx.pollTransmit()) != null; ) {
                assertEquals(SERVER, d.destination());
                sends.add((now - t0) / MS);
            }
            outcome = tx.pollEvent();
            if (outcome == null) {
                now = tx.pollTimeout();
                assertNotEquals(Engine.NO_TIMEOUT, now);
                tx.handleTimeout(now - 1); // early: nothing happens
                assertNull(tx.pollTransmit());
                tx.handleTimeout(now);
            }
        }
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), sends);
        StunClientTransaction.Timeout timeout = assertInstanceOf(StunClientTransaction.Timeout.class, outcome);
        assertEquals(39_500 * MS, timeout.elapsedNanos());
        assertEquals(39_500 * MS, now - t0);
        assertEquals(7, timeout.transmissions());
        assertEquals(Engine.NO_TIMEOUT, tx.pollTimeout());
        assertEquals(39_500 * MS, StunTimers.DEFAULT.timeoutNanos());
        assertNull(tx.pollEvent(), "one outcome only");
    }

    @Test
    void rtoAndCountsAreConfigurable() {
        var config = StunTimers.DEFAULT.withRto(Duration.ofMillis(100)).withMaxTransmissions(3)
                .withFinalWaitFactor(4);
        StunClientTransaction tx = StunClientTransaction.builder(bindingRequest(2), SERVER).timers(config).start(0);
        List<Long> sends = new ArrayList<>();
        long now = 0;
        while (!tx.isDone()) {
            while (tx.pollTransmit() != null) {
                sends.add(now / MS);
            }
            now = tx.pollTimeout();
            tx.handleTimeout(now);
        }
        assertEquals(List.of(0L, 100L, 300L), sends);
        assertEquals(700 * MS, now); // 300 + 4 x 100
        assertEquals(700 * MS, config.timeoutNanos());
    }

    @Test
    void answerStopsRetransmissionsAndLateDuplicatesAreIgnored() throws Exception {
        StunMessage request = bindingRequest(3);
        StunClientTransaction tx = new StunClientTransaction(0, request, SERVER);
        assertNotNull(tx.pollTransmit());
        tx.handleTimeout(500 * MS);
        assertNotNull(tx.pollTransmit());
        byte[] response = StunMessage.responseTo(request, MessageClass.SUCCESS_RESPONSE)
                .add(new XorMappedAddress(CLIENT)).build().encodeWithFingerprint();
        // another transaction's response is not ours
        byte[] other = StunMessage.builder(MessageClass.SUCCESS_RESPONSE, Method.BINDING)
                .randomTransactionId(new SplittableRandom(99)).build().encode();
        assertFalse(tx.handleInput(600 * MS, new Datagram(SERVER, CLIENT, other)));
        assertFalse(tx.handleInput(600 * MS, new Datagram(SERVER, CLIENT, new byte[] {(byte) 0x80, 1, 2})));
        assertTrue(tx.handleInput(700 * MS, new Datagram(SERVER, CLIENT, response)));
        var success = assertInstanceOf(StunClientTransaction.Success.class, tx.pollEvent());
        assertEquals(700 * MS, success.rttNanos());
        assertEquals(2, success.transmissions());
        assertEquals(CLIENT, success.response().attribute(XorMappedAddress.class).orElseThrow().address());
        assertEquals(Engine.NO_TIMEOUT, tx.pollTimeout());
        tx.handleTimeout(10_000 * MS);
        assertNull(tx.pollTransmit());
        assertTrue(tx.handleInput(800 * MS, new Datagram(SERVER, CLIENT, response)));
        assertNull(tx.pollEvent());
    }

    @Test
    void malformedResponseIsCountedAndIgnored() {
        StunMessage request = bindingRequest(4);
        StunClientTransaction tx = new StunClientTransaction(0, request, SERVER);
        byte[] response = StunMessage.responseTo(request, MessageClass.SUCCESS_RESPONSE)
                .add(new XorMappedAddress(CLIENT)).build().encodeWithFingerprint();
        response[response.length - 1] ^= 1; // FINGERPRINT now wrong
        assertFalse(tx.handleInput(10 * MS, new Datagram(SERVER, CLIENT, response)));
        assertEquals(1, tx.malformed());
        assertNull(tx.pollEvent());
        assertFalse(tx.isDone());
    }

    @Test
    void signedTransactionRejectsUnsignedSuccess() throws Exception {
        IntegrityKey key = IntegrityKey.shortTerm("password");
        StunMessage request = bindingRequest(5);
        StunClientTransaction tx = StunClientTransaction.builder(request, SERVER).key(key).start(0);
        StunMessage sent = StunMessage.parse(tx.pollTransmit().data());
        assertTrue(sent.verifyIntegrity(key));
        assertTrue(sent.verifyFingerprint());
        StunMessage ok = StunMessage.responseTo(request, MessageClass.SUCCESS_RESPONSE).add(new XorMappedAddress(CLIENT)).build();
        assertTrue(tx.handleInput(1, new Datagram(SERVER, CLIENT, ok.encodeWithFingerprint())));
        assertTrue(tx.handleInput(2, new Datagram(SERVER, CLIENT, ok.encode(IntegrityKey.shortTerm("other")))));
        assertEquals(2, tx.unauthenticated());
        assertNull(tx.pollEvent());
        assertTrue(tx.handleInput(3, new Datagram(SERVER, CLIENT, ok.encode(key))));
        assertInstanceOf(StunClientTransaction.Success.class, tx.pollEvent());
    }

    // ---------------------------------------------------------------- on the simulated network

    private record Run(StunClientTransaction.Event outcome, long endNanos, StunServer server) {
    }

    private static Run run(long seed, double loss) {
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(LATENCY).withLoss(loss));
        StunServer server = new StunServer();
        StunClientTransaction tx = StunClientTransaction.builder(bindingRequest(seed), SERVER).from(CLIENT).start(sim.now());
        EngineNode<Datagram, StunClientTransaction.Event> client = sim.add(EngineNode.ofDatagrams(tx, tx::handleInput), CLIENT);
        EngineNode<Datagram, StunServer.Event> srv = sim.add(EngineNode.ofDatagrams(server, server::handleInput), SERVER);
        sim.runUntilOrFail(() -> !client.events().isEmpty(), Duration.ofSeconds(60), "an outcome of the transaction");
        assertEquals(1, client.events().size());
        assertTrue(client.inputErrors().isEmpty());
        assertTrue(srv.inputErrors().isEmpty());
        return new Run(client.events().get(0), sim.now(), server);
    }

    @Test
    void noLossAnsweredAtOnce() {
        Run r = run(Seeds.seed(11), 0.0);
        var success = assertInstanceOf(StunClientTransaction.Success.class, r.outcome());
        assertEquals(1, success.transmissions());
        assertEquals(2 * LATENCY.toNanos(), success.rttNanos());
        assertEquals(CLIENT, success.response().attribute(XorMappedAddress.class).orElseThrow().address());
        assertEquals(SERVER, success.from());
        assertEquals(1, r.server().answered());
    }

    @Test
    void thirtyPercentLossAnsweredAfterRetransmissions() {
        long base = Seeds.seed(300);
        long[] sendTimesMs = {0, 500, 1500, 3500, 7500, 15500, 31500};
        int answered = 0;
        int afterRetransmission = 0;
        for (long seed = base; seed < base + 30; seed++) {
            Run r = run(seed, 0.3);
            if (r.outcome() instanceof StunClientTransaction.Success s) {
                answered++;
                if (s.transmissions() > 1) {
                    afterRetransmission++;
                }
                // the answer is to one of the transmissions so far: rtt = its send time + 2 x latency
                boolean matches = false;
                for (int k = 0; k < s.transmissions(); k++) {
                    matches |= s.rttNanos() == sendTimesMs[k] * MS + 2 * LATENCY.toNanos();
                }
                assertTrue(matches, "seed " + seed + ": rtt " + s.rttNanos() + " ns fits no transmission");
                assertEquals(CLIENT, s.response().attribute(XorMappedAddress.class).orElseThrow().address());
            } else {
                var t = assertInstanceOf(StunClientTransaction.Timeout.class, r.outcome());
                assertEquals(39_500 * MS, t.elapsedNanos(), "seed " + seed);
            }
        }
        // per transmission a round trip survives with p = 0.49; seven tries fail together with p < 1 %
        assertTrue(answered >= 26, "answered " + answered + " of 30");
        assertTrue(afterRetransmission >= 5, "only " + afterRetransmission + " runs needed a retransmission");
    }

    @Test
    void totalLossTimesOutAtExactly39_5Seconds() {
        Run r = run(Seeds.seed(100), 1.0);
        var timeout = assertInstanceOf(StunClientTransaction.Timeout.class, r.outcome());
        assertEquals(7, timeout.transmissions());
        assertEquals(39_500 * MS, timeout.elapsedNanos());
        assertEquals(39_500 * MS, r.endNanos());
        assertEquals(0, r.server().answered());
    }

    @Test
    void duplicationAndReorderingGiveExactlyOneAnswer() {
        Simulation sim = new Simulation(Seeds.seed(5));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(LATENCY).withJitter(Duration.ofMillis(400))
                .withDuplication(0.5).withReordering(0.3, Duration.ofMillis(700)));
        StunServer server = new StunServer();
        StunClientTransaction tx = StunClientTransaction.builder(bindingRequest(5), SERVER).from(CLIENT).start(sim.now());
        var client = sim.add(EngineNode.ofDatagrams(tx, tx::handleInput), CLIENT);
        sim.add(EngineNode.ofDatagrams(server, server::handleInput), SERVER);
        sim.runFor(Duration.ofSeconds(45));
        assertEquals(1, client.events().size());
        assertInstanceOf(StunClientTransaction.Success.class, client.events().get(0));
        assertTrue(server.answered() >= 1);
    }

    @Test
    void behindANatTheServerReportsTheNatsMapping() throws Exception {
        // What STUN is for: a client at 10.0.0.2 behind a NAT learns its public (server-reflexive)
        // address. With endpoint-independent mapping two servers see the same mapping; with
        // address-and-port-dependent ("symmetric") mapping each server sees another port.
        for (Nat.Mapping mapping : new Nat.Mapping[] {Nat.Mapping.ENDPOINT_INDEPENDENT, Nat.Mapping.ADDRESS_AND_PORT_DEPENDENT}) {
            Simulation sim = new Simulation(Seeds.seed(21));
            sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(LATENCY));
            InetAddress publicIp = InetAddress.getByName("203.0.113.1");
            InetSocketAddress inside = new InetSocketAddress("10.0.0.2", 5000);
            sim.network().addNat(new Nat(publicIp, mapping, Nat.Filtering.ADDRESS_AND_PORT_DEPENDENT)
                    .addInside(inside.getAddress()));
            InetSocketAddress server2 = new InetSocketAddress("198.51.100.2", 3478);
            StunServer s1 = new StunServer();
            StunServer s2 = new StunServer();
            sim.add(EngineNode.ofDatagrams(s1, s1::handleInput), SERVER);
            sim.add(EngineNode.ofDatagrams(s2, s2::handleInput), server2);
            List<InetSocketAddress> mapped = new ArrayList<>();
            for (InetSocketAddress server : List.of(SERVER, server2)) {
                StunClientTransaction tx = StunClientTransaction.builder(bindingRequest(mapped.size()), server).from(inside).start(sim.now());
                var client = sim.add(EngineNode.ofDatagrams(tx, tx::handleInput), inside);
                sim.runUntilOrFail(() -> !client.events().isEmpty(), Duration.ofSeconds(5), "an answer through the NAT");
                var success = assertInstanceOf(StunClientTransaction.Success.class, client.events().get(0));
                mapped.add(success.response().attribute(XorMappedAddress.class).orElseThrow().address());
            }
            assertEquals(publicIp, mapped.get(0).getAddress(), mapping.toString());
            assertEquals(publicIp, mapped.get(1).getAddress(), mapping.toString());
            assertNotEquals(inside.getPort(), mapped.get(0).getPort());
            assertEquals(mapping == Nat.Mapping.ENDPOINT_INDEPENDENT, mapped.get(0).equals(mapped.get(1)), mapping.toString());
        }
    }
}
