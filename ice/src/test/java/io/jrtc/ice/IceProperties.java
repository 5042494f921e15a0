package io.jrtc.ice;

import io.jrtc.core.Datagram;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IceProperties {

    @Property(tries = 300)
    void candidateLinesRoundTrip(@ForAll @IntRange(min = 1, max = 255) int a, @ForAll @IntRange(min = 1, max = 65535) int port,
                                 @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int priority,
                                 @ForAll("types") CandidateType type) throws Exception {
        InetSocketAddress address = addr("10.1.2." + a, port);
        Candidate c = new Candidate("f" + a, 1, priority, address, type,
                type == CandidateType.HOST ? null : addr("192.168.0." + a, port), null);
        assertEquals(c, Candidate.parse(c.toSdp()));
    }

    @Property(tries = 200)
    void tcpCandidateLinesRoundTrip(@ForAll @IntRange(min = 1, max = 65535) int port,
                                    @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int priority,
                                    @ForAll Candidate.TcpType tcpType) throws Exception {
        Candidate c = new Candidate("t" + port, 1, priority, addr("10.1.2.3", port), CandidateType.HOST, null, null, "tcp", tcpType);
        assertEquals(c, Candidate.parse(c.toSdp()));
    }

    @Provide
    Arbitrary<CandidateType> types() {
        return Arbitraries.of(CandidateType.class);
    }

    @Property(tries = 1000)
    void randomCandidateLinesOnlyRaiseIceParseException(@ForAll @Size(max = 120) String line) {
        try {
            Candidate.parse(line);
        } catch (IceParseException expected) {
            // fine
        }
    }

    @Property(tries = 500)
    void mutatedCandidateLinesOnlyRaiseIceParseException(@ForAll @IntRange(min = 0, max = 80) int at, @ForAll char c) {
        String good = "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.168.1.5 rport 61665";
        String s = good.substring(0, Math.min(at, good.length())) + c + good.substring(Math.min(at + 1, good.length()));
        try {
            Candidate.parse(s);
        } catch (IceParseException expected) {
            // fine
        }
    }

    @Property(tries = 300)
    void checksRoundTripThroughTheStunModule(@ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int priority,
                                             @ForAll long tieBreaker, @ForAll boolean useCandidate, @ForAll long seed) throws Exception {
        IceStun.Builder b = IceStun.request(IceStun.BINDING, IceStun.newTransactionId(new SplittableRandom(seed)))
                .username("remote:local").priority(priority).iceControlling(tieBreaker);
        if (useCandidate) {
            b.useCandidate();
        }
        byte[] wire = b.encode(IceStun.shortTermKey("pass-word-0123456789abcd"), true);
        IceStun.Msg m = IceStun.parse(wire);
        assertEquals("remote:local", m.username);
        assertEquals(priority, m.priority);
        assertEquals(tieBreaker, m.controlling);
        assertEquals(useCandidate, m.useCandidate);
        assertTrue(m.integrityOk(IceStun.shortTermKey("pass-word-0123456789abcd")));
        assertTrue(!m.integrityOk(IceStun.shortTermKey("pass-word-0123456789abce")));
    }

    /**
     * Random networks and roles. The generator seed is fixed so the run is the same every time (a
     * connection over a lossy path succeeds with high probability, not certainty); -7423431063742740225
     * with 24 % loss was once a failure: the controlling side gave up after 7 lost answers, fixed by
     * the controlled side re-checking while it waits for a nomination.
     */
    @Property(tries = 40, seed = "20261125")
    void anyLossyNetworkStillConnects(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int lossPercent,
                                      @ForAll @IntRange(min = 1, max = 150) int latencyMs, @ForAll boolean aControlling,
                                      @ForAll boolean bLite) {
        io.jrtc.testkit.Simulation sim = new io.jrtc.testkit.Simulation(seed);
        sim.network().setDefaultConditions(io.jrtc.testkit.LinkConditions.perfect()
                .withLatency(java.time.Duration.ofMillis(latencyMs)).withLoss(lossPercent / 100.0)
                .withDuplication(0.05).withReordering(0.1, java.time.Duration.ofMillis(20)));
        InetSocketAddress a1 = addr("127.0.0.1", 5000);
        InetSocketAddress b1 = addr("127.0.0.2", 6000);
        IceAgent a = new IceAgent(IceConfig.builder().controlling(aControlling || bLite).seed(seed).localAddress(a1).loopbackOnly().build());
        IceAgent b = new IceAgent(IceConfig.builder().controlling(!aControlling).lite(bLite).seed(seed + 1)
                .localAddress(b1).loopbackOnly().build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {a1}, b, new InetSocketAddress[] {b1}).start();
        h.runUntil(() -> IceHarness.connected(a) && IceHarness.connected(b), java.time.Duration.ofSeconds(60),
                "connected at " + lossPercent + "% loss, " + latencyMs + " ms");
        assertEquals(a.selectedPair().remote().address(), b1);
        assertEquals(b.selectedPair().remote().address(), a1);
    }

    @Property(tries = 500)
    void agentSurvivesAnyBytes(@ForAll @Size(max = 300) byte[] data, @ForAll boolean stunShaped) {
        IceAgent agent = new IceAgent(IceConfig.builder().seed(1).credentials("u", "p-0123456789012345678901")
                .localAddress(addr("127.0.0.1", 1)).loopbackOnly().build());
        agent.setRemoteCredentials(0, "r", "q-0123456789012345678901");
        agent.startGathering(0);
        if (stunShaped && data.length >= 20) {
            data[0] &= 0x01;
            data[4] = 0x21;
            data[5] = 0x12;
            data[6] = (byte) 0xA4;
            data[7] = 0x42;
        }
        agent.handleInput(1, new Datagram(addr("127.0.0.2", 2), addr("127.0.0.1", 1), data));
        agent.handleTimeout(2);
        assertEquals(0, agent.remoteCandidates().size());
    }
}
