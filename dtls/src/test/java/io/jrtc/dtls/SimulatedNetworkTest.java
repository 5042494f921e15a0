package io.jrtc.dtls;

import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Handshakes on the simulated network with loss, reordering, duplication and jitter, in virtual time. */
@ExtendWith(SeedReporter.class)
class SimulatedNetworkTest {
    static final DtlsCertificate C = DtlsCertificate.selfSignedEcdsa(Pair.seeded(41), Pair.CERT_TIME);
    static final DtlsCertificate S = DtlsCertificate.selfSignedEcdsa(Pair.seeded(42), Pair.CERT_TIME);
    static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 5000);

    @ParameterizedTest(name = "loss {0}, mtu {1}, cookies {2}, seeds from {3}, limit {4}s")
    @CsvSource({
            "0.0, 1200, false, 100, 3",
            "0.0, 300, true, 200, 3",
            "0.1, 1200, false, 300, 60",
            "0.1, 400, true, 400, 60",
            "0.3, 1200, true, 500, 180",
            "0.3, 400, false, 600, 180",
    })
    void handshakeCompletes(double loss, int mtu, boolean cookies, long firstSeed, int limitSeconds) {
        for (long i = 0; i < 8; i++) {
            long seed = Seeds.seed(firstSeed + i);
            Simulation sim = new Simulation(seed);
            sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(30))
                    .withJitter(Duration.ofMillis(10)).withLoss(loss).withDuplication(0.05)
                    .withReordering(0.1, Duration.ofMillis(40)));
            DtlsEndpoint client = DtlsEndpoint.client(DtlsConfig.builder().certificate(C).random(Pair.seeded(seed))
                    .mtu(mtu).expectedPeerFingerprint(S.fingerprint()).build());
            DtlsEndpoint server = DtlsEndpoint.server(DtlsConfig.builder().certificate(S).random(Pair.seeded(~seed))
                    .mtu(mtu).helloVerifyRequest(cookies).expectedPeerFingerprint(C.fingerprint()).build());
            var cn = sim.add(EngineNode.pointToPoint(client, A, B, client::handleInput), A);
            var sn = sim.add(EngineNode.pointToPoint(server, B, A, server::handleInput), B);
            client.start(sim.now());
            sim.runUntilOrFail(() -> client.isEstablished() && server.isEstablished(), Duration.ofSeconds(limitSeconds),
                    "both established (client " + client.state() + ", server " + server.state() + ")");
            assertTrue(cn.inputErrors().isEmpty() && sn.inputErrors().isEmpty());
            assertEquals(1, Pair.of(cn.events(), DtlsEvent.HandshakeComplete.class).size());
            assertEquals(1, Pair.of(sn.events(), DtlsEvent.HandshakeComplete.class).size());
            assertArrayEquals(client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56),
                    server.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56), "seed " + seed);
            // the server keeps answering a retransmitted client flight; after that everything is quiet
            sim.runFor(Duration.ofSeconds(5));
            assertEquals(DtlsEndpoint.State.ESTABLISHED, client.state());
            assertEquals(DtlsEndpoint.State.ESTABLISHED, server.state());
        }
    }

    @ParameterizedTest(name = "application data at loss {0}: no duplicates, no forgeries")
    @CsvSource({"0.0, 700", "0.3, 701"})
    void applicationDataOverALossyDuplicatingLink(double loss, long defaultSeed) {
        long seed = Seeds.seed(defaultSeed);
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(20))
                .withLoss(loss).withDuplication(0.2).withReordering(0.2, Duration.ofMillis(15)));
        DtlsEndpoint client = DtlsEndpoint.client(DtlsConfig.builder().certificate(C).random(Pair.seeded(seed)).build());
        DtlsEndpoint server = DtlsEndpoint.server(DtlsConfig.builder().certificate(S).random(Pair.seeded(~seed)).build());
        var cn = sim.add(EngineNode.pointToPoint(client, A, B, client::handleInput), A);
        var sn = sim.add(EngineNode.pointToPoint(server, B, A, server::handleInput), B);
        client.start(sim.now());
        sim.runUntilOrFail(() -> client.isEstablished() && server.isEstablished(), Duration.ofSeconds(180), "established");
        // one message every 5 ms each way (sent all at once, 200 records would share a few datagrams and a
        // reordered datagram could fall more than 64 sequence numbers behind: the replay window drops those)
        for (int i = 0; i < 200; i++) {
            client.send(("c" + i).getBytes());
            server.send(("s" + i).getBytes());
            sim.runFor(Duration.ofMillis(5));
        }
        sim.runFor(Duration.ofSeconds(2));
        for (var node : List.of(cn, sn)) {
            List<String> got = new java.util.ArrayList<>();
            for (DtlsEvent e : node.events()) {
                if (e instanceof DtlsEvent.ApplicationData ad) got.add(new String(ad.data()));
            }
            assertEquals(got.size(), new java.util.HashSet<>(got).size(), "a duplicated datagram was delivered twice");
            String prefix = node == cn ? "s" : "c";
            assertTrue(got.stream().allMatch(g -> g.matches(prefix + "\\d+")), got.toString());
            if (loss == 0.0) {
                assertEquals(200, got.size());
            } else {
                assertTrue(got.size() > 100 && got.size() < 200, "about 70 % arrive: " + got.size());
            }
        }
        assertTrue(client.stats().replayedRecords() + server.stats().replayedRecords() > 0, "duplicates were seen and dropped");
    }
}
