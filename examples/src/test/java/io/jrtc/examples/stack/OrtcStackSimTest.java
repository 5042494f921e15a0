package io.jrtc.examples.stack;

import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SimNetwork;
import io.jrtc.testkit.SimNode;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ORTC composition (ICE, DTLS, SRTP, SCTP data channel) on the simulated network, in virtual
 * time: one composite {@link SimNode} per peer around a {@link StackPeer}.
 */
@ExtendWith(SeedReporter.class)
class OrtcStackSimTest {

    static final String ALICE_TEXT = "hello bob, alice here \u00e9\u20ac";
    static final String BOB_TEXT = "hi alice, this is bob";

    /** A peer on the simulated network: the stack's datagrams in and out, its deadline. */
    static final class PeerNode implements SimNode {
        final StackPeer peer;

        PeerNode(StackPeer peer) {
            this.peer = peer;
        }

        @Override
        public void handleInput(long now, Datagram datagram) {
            peer.handleInput(now, datagram);
        }

        @Override
        public void handleTimeout(long now) {
            peer.handleTimeout(now);
        }

        @Override
        public Datagram pollTransmit() {
            return peer.pollTransmit();
        }

        @Override
        public long pollTimeout() {
            return peer.pollTimeout();
        }
    }

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static SecureRandom seeded(long seed) {
        return io.jrtc.testkit.Seeds.secureRandom(seed);
    }

    private static SimNetwork.Stats run(long seed, LinkConditions conditions) {
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(conditions);
        InetSocketAddress aAddr = addr("127.0.0.1", 5000);
        InetSocketAddress bAddr = addr("127.0.0.2", 6000);
        SecureRandom dtlsRandomA = seeded(seed * 2 + 1);
        SecureRandom dtlsRandomB = seeded(seed * 2 + 2);
        DtlsCertificate certA = DtlsCertificate.selfSignedEcdsa(dtlsRandomA, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        DtlsCertificate certB = DtlsCertificate.selfSignedEcdsa(dtlsRandomB, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        List<String> log = new ArrayList<>();
        StackPeer alice = new StackPeer("alice", true, aAddr, true, certA, certB.fingerprint("sha-256"), dtlsRandomA,
                new SplittableRandom(seed + 10), ALICE_TEXT, 0x11111111L, log::add);
        StackPeer bob = new StackPeer("bob", false, bAddr, true, certB, certA.fingerprint("sha-256"), dtlsRandomB,
                new SplittableRandom(seed + 20), BOB_TEXT, 0x22222222L, log::add);
        sim.add(new PeerNode(alice), aAddr);
        sim.add(new PeerNode(bob), bAddr);
        StackPeer.signal(sim.now(), alice, bob);

        boolean done = sim.runUntil(() -> {
            if (!alice.rtpReceived().isEmpty()) {
                bob.stopMedia();
            }
            if (!bob.rtpReceived().isEmpty()) {
                alice.stopMedia();
            }
            return alice.done() && bob.done();
        }, Duration.ofSeconds(60));
        assertTrue(done, "seed " + seed + ": no chat and RTP both ways within 60 s of virtual time ("
                + sim.network().stats() + "); log:\n" + String.join("\n", log));

        assertTrue(alice.failures().isEmpty(), alice.failures().toString());
        assertTrue(bob.failures().isEmpty(), bob.failures().toString());
        // data channel: byte-exact, exactly once, both ways
        assertEquals(List.of(BOB_TEXT), alice.chatReceived());
        assertEquals(List.of(ALICE_TEXT), bob.chatReceived());
        // RTP round trip through SRTP: each received packet equals what the sender built
        for (var p : bob.rtpReceived()) {
            assertEquals(StackPeer.mediaPacket(0x11111111L, p.sequenceNumber() - 1000), p);
        }
        for (var p : alice.rtpReceived()) {
            assertEquals(StackPeer.mediaPacket(0x22222222L, p.sequenceNumber() - 1000), p);
        }
        assertTrue(alice.dtls().isEstablished() && bob.dtls().isEstablished());
        assertTrue(log.stream().anyMatch(l -> l.contains("matches the signalled one")));
        System.out.println("seed " + seed + ": " + sim.network().stats() + ", virtual " + sim.now() / 1_000_000 + " ms");
        return sim.network().stats();
    }

    @Test
    void perfectNetwork() {
        run(Seeds.seed(1), LinkConditions.perfect().withLatency(Duration.ofMillis(20)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.10})
    void lossReorderingAndDuplication(double loss) {
        SimNetwork.Stats stats = run(Seeds.seed(2 + (long) (loss * 100)), LinkConditions.perfect().withLatency(Duration.ofMillis(20))
                .withJitter(Duration.ofMillis(5)).withLoss(loss).withReordering(0.05, Duration.ofMillis(15))
                .withDuplication(0.05));
        assertTrue(stats.lost > 0, "the network did lose datagrams: " + stats);
    }

    @Test
    void twentySeedsAtEightPercentLoss() {
        long base = Seeds.seed(100);
        long lost = 0;
        long duplicated = 0;
        for (long s = base; s < base + 20; s++) {
            SimNetwork.Stats stats = run(s, LinkConditions.perfect().withLatency(Duration.ofMillis(30)).withLoss(0.08)
                    .withReordering(0.1, Duration.ofMillis(20)).withDuplication(0.05));
            lost += stats.lost;
            duplicated += stats.duplicated;
        }
        assertTrue(lost > 20 && duplicated > 10, "the network did lose and duplicate: lost " + lost + ", duplicated " + duplicated);
    }

    @Test
    void wrongSignalledFingerprintStopsTheStackAtDtls() {
        Simulation sim = new Simulation(Seeds.seed(3));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(20)));
        InetSocketAddress aAddr = addr("127.0.0.1", 5000);
        InetSocketAddress bAddr = addr("127.0.0.2", 6000);
        SecureRandom r = seeded(33);
        DtlsCertificate certA = DtlsCertificate.selfSignedEcdsa(r, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        DtlsCertificate certB = DtlsCertificate.selfSignedEcdsa(r, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        DtlsCertificate mallory = DtlsCertificate.selfSignedEcdsa(r, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        List<String> log = new ArrayList<>();
        // bob was told (by a tampered signalling channel) to expect mallory's certificate
        StackPeer alice = new StackPeer("alice", true, aAddr, true, certA, certB.fingerprint("sha-256"), r,
                new SplittableRandom(1), ALICE_TEXT, 0x11111111L, log::add);
        StackPeer bob = new StackPeer("bob", false, bAddr, true, certB, mallory.fingerprint("sha-256"), r,
                new SplittableRandom(2), BOB_TEXT, 0x22222222L, log::add);
        sim.add(new PeerNode(alice), aAddr);
        sim.add(new PeerNode(bob), bAddr);
        StackPeer.signal(sim.now(), alice, bob);
        sim.runFor(Duration.ofSeconds(30));

        assertTrue(!bob.failures().isEmpty(), "bob reports the DTLS failure; log:\n" + String.join("\n", log));
        assertTrue(!bob.dtls().isEstablished(), "bob never accepts alice's certificate");
        assertTrue(alice.chatReceived().isEmpty() && bob.chatReceived().isEmpty(), "no data channel without DTLS");
        assertTrue(alice.rtpReceived().isEmpty() && bob.rtpReceived().isEmpty(), "no media without DTLS keys on both sides");
    }

    @Test
    void demultiplexerFollowsRfc7983() {
        assertEquals(StackPeer.Demux.STUN, StackPeer.classify((byte) 0));
        assertEquals(StackPeer.Demux.STUN, StackPeer.classify((byte) 3));
        assertEquals(StackPeer.Demux.DROP, StackPeer.classify((byte) 4));
        assertEquals(StackPeer.Demux.ZRTP, StackPeer.classify((byte) 16));
        assertEquals(StackPeer.Demux.ZRTP, StackPeer.classify((byte) 19));
        assertEquals(StackPeer.Demux.DTLS, StackPeer.classify((byte) 20));
        assertEquals(StackPeer.Demux.DTLS, StackPeer.classify((byte) 23));
        assertEquals(StackPeer.Demux.DTLS, StackPeer.classify((byte) 63));
        assertEquals(StackPeer.Demux.TURN_CHANNEL, StackPeer.classify((byte) 64));
        assertEquals(StackPeer.Demux.TURN_CHANNEL, StackPeer.classify((byte) 79));
        assertEquals(StackPeer.Demux.DROP, StackPeer.classify((byte) 80));
        assertEquals(StackPeer.Demux.DROP, StackPeer.classify((byte) 127));
        assertEquals(StackPeer.Demux.RTP_RTCP, StackPeer.classify((byte) 128));
        assertEquals(StackPeer.Demux.RTP_RTCP, StackPeer.classify((byte) 191));
        assertEquals(StackPeer.Demux.DROP, StackPeer.classify((byte) 192));
        assertEquals(StackPeer.Demux.DROP, StackPeer.classify((byte) 255));
    }
}
