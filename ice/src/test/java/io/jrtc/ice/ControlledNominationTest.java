package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A controlled agent driven by hand-made checks, the way browsers nominate: aggressive (USE-CANDIDATE
 * on the first check, before the pair is valid) and renomination (a later NOMINATION value moves the
 * selected pair). Also IPv6, mixed families and redundant server-reflexive pruning.
 */
@ExtendWith(SeedReporter.class)
class ControlledNominationTest {
    static final InetSocketAddress LOCAL = addr("127.0.0.2", 6000);
    static final InetSocketAddress R1 = addr("127.0.0.11", 7001);
    static final InetSocketAddress R2 = addr("127.0.0.12", 7002);
    static final String REMOTE_PWD = "a-password-0123456789xyz";
    static final String LOCAL_PWD = "b-password-0123456789xyz";
    private final SplittableRandom random = new SplittableRandom(3);

    private IceAgent controlled() {
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(5).credentials("bbbb", LOCAL_PWD)
                .localAddress(LOCAL).loopbackOnly().build());
        b.setRemoteCredentials(0, "aaaa", REMOTE_PWD);
        b.startGathering(0);
        return b;
    }

    private byte[] check(boolean useCandidate, int nomination) {
        IceStun.Builder m = IceStun.request(IceStun.BINDING, IceStun.newTransactionId(random))
                .username("bbbb:aaaa").priority(1845501695L).iceControlling(Long.MAX_VALUE);
        if (useCandidate) {
            m.useCandidate();
        }
        if (nomination >= 0) {
            m.nomination(nomination);
        }
        return m.encode(IceStun.shortTermKey(LOCAL_PWD), true);
    }

    /** Answers every check the agent sent to {@code from} with a valid success response. */
    private static void answerChecks(IceAgent b, long now, List<Datagram> sent) throws Exception {
        for (Datagram d : sent) {
            IceStun.Msg m = IceStun.parse(d.data());
            if (m.cls == IceStun.REQUEST) {
                assertTrue(m.integrityOk(IceStun.shortTermKey(REMOTE_PWD)), "checks are signed with the remote password");
                assertEquals("aaaa:bbbb", m.username);
                assertTrue(m.controlled != null && m.controlling == null);
                byte[] r = IceStun.success(IceStun.BINDING, m.txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, LOCAL)
                        .encode(IceStun.shortTermKey(REMOTE_PWD), true);
                b.handleInput(now, new Datagram(d.destination(), LOCAL, r));
            }
        }
    }

    private static List<Datagram> drain(IceAgent b) {
        List<Datagram> out = new ArrayList<>();
        for (Datagram d; (d = b.pollTransmit()) != null; ) {
            out.add(d);
        }
        return out;
    }

    private static List<IceEvent.SelectedPairChanged> selections(List<IceEvent> events) {
        List<IceEvent.SelectedPairChanged> s = new ArrayList<>();
        for (IceEvent e : events) {
            if (e instanceof IceEvent.SelectedPairChanged x) {
                s.add(x);
            }
        }
        return s;
    }

    @Test
    void aggressiveNominationThenRenomination() throws Exception {
        IceAgent b = controlled();
        List<IceEvent> events = new ArrayList<>();
        // aggressive: the very first check from R1 carries USE-CANDIDATE
        b.handleInput(1, new Datagram(R1, LOCAL, check(true, -1)));
        assertNull(b.selectedPair(), "not selected before its own check succeeds");
        drain(b);
        b.handleTimeout(2);
        answerChecks(b, 3, drain(b));
        for (IceEvent e; (e = b.pollEvent()) != null; ) {
            events.add(e);
        }
        assertEquals(R1, b.selectedPair().remote().address());
        assertEquals(CandidateType.PEER_REFLEXIVE, b.selectedPair().remote().type());
        assertEquals(1, selections(events).size());
        assertTrue(IceHarness.connected(b));

        // a plain USE-CANDIDATE on another pair of equal priority does not move the selection
        b.handleInput(10, new Datagram(R2, LOCAL, check(true, -1)));
        drain(b);
        b.handleTimeout(100_000_000L);
        answerChecks(b, 100_000_001L, drain(b));
        assertEquals(R1, b.selectedPair().remote().address());

        // renomination: a higher NOMINATION value on R2 moves it there
        b.handleInput(200_000_000L, new Datagram(R2, LOCAL, check(true, 2)));
        for (IceEvent e; (e = b.pollEvent()) != null; ) {
            events.add(e);
        }
        assertEquals(R2, b.selectedPair().remote().address(), "the pair was valid already: renominated at once");
        assertEquals(2, selections(events).size());
        // and back to R1 with a higher value still
        b.handleInput(300_000_000L, new Datagram(R1, LOCAL, check(true, 3)));
        assertEquals(R1, b.selectedPair().remote().address());
        // a stale (lower) nomination value is ignored
        b.handleInput(400_000_000L, new Datagram(R2, LOCAL, check(true, 1)));
        assertEquals(R1, b.selectedPair().remote().address());
    }

    @Test
    void ipv6AndMixedFamilies() {
        Simulation sim = new Simulation(Seeds.seed(15));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(5)));
        InetSocketAddress a4 = addr("127.0.0.1", 5000);
        InetSocketAddress a6 = addr("::1", 5000);
        InetSocketAddress b4 = addr("127.0.0.2", 6000);
        InetSocketAddress b6 = addr("::1", 6000);
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(151).localAddress(a4).localAddress(a6).loopbackOnly().build());
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(152).localAddress(b4).localAddress(b6).loopbackOnly().build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {a4, a6}, b, new InetSocketAddress[] {b4, b6}).start();
        h.runUntil(() -> a.connectionState() == IceConnectionState.COMPLETED && b.connectionState() == IceConnectionState.COMPLETED,
                Duration.ofSeconds(5), "completed");
        for (CandidatePair p : a.checklist()) {
            assertEquals(p.local().isIpv6(), p.remote().isIpv6(), "pairs only within one address family: " + p);
        }
        assertTrue(a.checklist().size() <= 2);
        assertTrue(a.selectedPair().local().isIpv6(), "IPv6 host candidates are preferred: " + a.selectedPair());
        assertEquals(b6, a.selectedPair().remote().address());
    }

    @Test
    void serverReflexiveEqualToHostIsPrunedAsRedundant() {
        Simulation sim = new Simulation(Seeds.seed(16));
        InetSocketAddress stun = addr("127.0.0.53", 3478);
        StunServerNode server = sim.add(new StunServerNode(), stun);
        InetSocketAddress a1 = addr("127.0.0.1", 5000);
        IceAgent a = new IceAgent(IceConfig.builder().seed(161).localAddress(a1).loopbackOnly().stunServer(stun).build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {a1}, new IceAgent(IceConfig.builder().seed(162).build()),
                new InetSocketAddress[0]);
        h.signalling = false;
        a.startGathering(0);
        h.runUntil(() -> a.gatheringState() == IceGatheringState.COMPLETE, Duration.ofSeconds(5), "gathering complete");
        assertEquals(1, server.answered);
        assertEquals(1, a.localCandidates().size(), "no NAT: the server-reflexive address is the host address");
        assertEquals(CandidateType.HOST, a.localCandidates().get(0).type());
    }
}
