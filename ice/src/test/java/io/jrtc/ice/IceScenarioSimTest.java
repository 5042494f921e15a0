package io.jrtc.ice;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.Nat;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class IceScenarioSimTest {
    static final InetSocketAddress A = addr("127.0.0.1", 5000);
    static final InetSocketAddress B = addr("127.0.0.2", 6000);

    static IceHarness pair(Simulation sim, IceConfig.Builder ca, IceConfig.Builder cb) {
        IceAgent a = new IceAgent(ca.localAddress(A).loopbackOnly().build());
        IceAgent b = new IceAgent(cb.localAddress(B).loopbackOnly().build());
        return new IceHarness(sim, a, new InetSocketAddress[] {A}, b, new InetSocketAddress[] {B}).start();
    }

    private static void assertSamePath(IceHarness h) {
        assertEquals(h.a.selectedPair().local().base(), h.b.selectedPair().remote().address());
        assertEquals(h.b.selectedPair().local().base(), h.a.selectedPair().remote().address());
    }

    private static void assertDataBothWays(IceHarness h, String tag) {
        int beforeA = IceHarness.dataCount(h.nodeA);
        int beforeB = IceHarness.dataCount(h.nodeB);
        for (int attempt = 0; attempt < 50; attempt++) {
            // keep sending until one arrives each way: the network may lose some
            if (IceHarness.dataCount(h.nodeA) == beforeA) {
                h.b.send(h.sim.now(), ("b:" + tag).getBytes(StandardCharsets.UTF_8));
            }
            if (IceHarness.dataCount(h.nodeB) == beforeB) {
                h.a.send(h.sim.now(), ("a:" + tag).getBytes(StandardCharsets.UTF_8));
            }
            h.runFor(Duration.ofMillis(100));
            if (IceHarness.dataCount(h.nodeA) > beforeA && IceHarness.dataCount(h.nodeB) > beforeB) {
                return;
            }
        }
        throw new AssertionError("no data both ways (" + tag + ", seed " + h.sim.seed() + ")");
    }

    @Test
    void connectsThroughLossDuplicationAndReordering() {
        for (long seed : new long[] {Seeds.seed(2), Seeds.seed(3), Seeds.seed(4)}) {
            Simulation sim = new Simulation(seed);
            sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(30))
                    .withLoss(0.3).withDuplication(0.1).withReordering(0.2, Duration.ofMillis(40)));
            IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(seed), IceConfig.builder().controlling(false).seed(seed + 1));
            h.runUntil(h::bothConnected, Duration.ofSeconds(30), "both connected at 30% loss");
            h.runUntil(() -> h.a.selectedPair() != null && h.b.selectedPair() != null, Duration.ofSeconds(10), "both selected");
            assertSamePath(h);
            assertDataBothWays(h, "lossy");
            assertTrue(h.a.stats().checksSent() > 1);
        }
    }

    @Test
    void controllingSideThatLostEveryAnswerRecovers() {
        // found by IceProperties: at this seed every answer to the controlling side's 7 transmissions
        // is lost; the controlled side's re-checks while it waits for a nomination revive the pair
        long seed = -7423431063742740225L;
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(1)).withLoss(0.24)
                .withDuplication(0.05).withReordering(0.1, Duration.ofMillis(20)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(false).seed(seed), IceConfig.builder().controlling(true).seed(seed + 1));
        h.runUntil(h::bothConnected, Duration.ofSeconds(60), "connected");
        assertFalse(h.statesB.contains(IceConnectionState.FAILED), h.statesB.toString());
    }

    @Test
    void natsMakeServerReflexiveAndPeerReflexiveCandidatesMatter() {
        Simulation sim = new Simulation(Seeds.seed(5));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(20)));
        InetSocketAddress stun = addr("198.51.100.1", 3478);
        InetSocketAddress aPriv = addr("192.168.1.10", 5000);
        InetSocketAddress bPriv = addr("10.0.0.10", 6000);
        // A: endpoint-independent mapping, address-dependent filtering; B: address-dependent mapping
        sim.network().addNat(new Nat(addr("203.0.113.1", 0).getAddress(), Nat.Mapping.ENDPOINT_INDEPENDENT,
                Nat.Filtering.ADDRESS_DEPENDENT).addInside(aPriv.getAddress()));
        sim.network().addNat(new Nat(addr("203.0.113.2", 0).getAddress(), Nat.Mapping.ADDRESS_DEPENDENT,
                Nat.Filtering.ADDRESS_DEPENDENT).addInside(bPriv.getAddress()));
        StunServerNode server = sim.add(new StunServerNode(), stun);
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(51).localAddress(aPriv).stunServer(stun).build());
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(52).localAddress(bPriv).stunServer(stun).build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {aPriv}, b, new InetSocketAddress[] {bPriv}).start();
        h.runUntil(() -> a.connectionState() == IceConnectionState.COMPLETED && b.connectionState() == IceConnectionState.COMPLETED,
                Duration.ofSeconds(90), "both completed behind NATs (checks towards the other side's private"
                        + " address are filtered by its NAT while its own reach us: they run until both give up)");

        assertEquals(2, server.answered, "one Binding per agent");
        Candidate aSrflx = a.localCandidates().stream().filter(c -> c.type() == CandidateType.SERVER_REFLEXIVE).findFirst().orElseThrow();
        assertEquals("203.0.113.1", aSrflx.address().getAddress().getHostAddress());
        assertEquals(aPriv, aSrflx.relatedAddress());
        // A reaches B's srflx address only through the mapping B made for A: A learns B as peer-reflexive
        assertEquals(CandidateType.PEER_REFLEXIVE, a.selectedPair().remote().type());
        assertEquals("203.0.113.2", a.selectedPair().remote().address().getAddress().getHostAddress());
        // and B learns its own new mapping as a local peer-reflexive candidate from A's response
        assertTrue(b.localCandidates().stream().anyMatch(c -> c.type() == CandidateType.PEER_REFLEXIVE), b.localCandidates().toString());
        assertEquals(aSrflx.address(), b.selectedPair().remote().address());
        // valid pairs carry the local candidate as the peer sees it (RFC 8445 §7.2.5.3.2)
        assertEquals(CandidateType.SERVER_REFLEXIVE, a.selectedPair().local().type(), a.selectedPair().toString());
        assertEquals(CandidateType.PEER_REFLEXIVE, b.selectedPair().local().type(), b.selectedPair().toString());
        assertEquals(aPriv, a.selectedPair().local().base());
        assertDataBothWays(h, "nat");

        // a restart asks the STUN server again and finds the way through the NATs again
        int selections = IceHarness.eventsOf(h.nodeA, IceEvent.SelectedPairChanged.class).size();
        long now = sim.now();
        a.restart(now);
        b.restart(now);
        a.setRemoteCredentials(now, b.localUfrag(), b.localPassword());
        b.setRemoteCredentials(now, a.localUfrag(), a.localPassword());
        h.runUntil(() -> IceHarness.eventsOf(h.nodeA, IceEvent.SelectedPairChanged.class).size() > selections
                && a.connectionState() == IceConnectionState.COMPLETED && a.gatheringState() == IceGatheringState.COMPLETE,
                Duration.ofSeconds(90), "selected again after the restart");
        assertEquals(4, server.answered, "each agent asked the STUN server again");
        assertEquals(1, a.localCandidates().stream().filter(c -> c.type() == CandidateType.SERVER_REFLEXIVE).count(),
                "the unchanged mapping is not added twice");
        assertDataBothWays(h, "nat after restart");
    }

    @Test
    void roleConflictBothControllingIsResolvedByTieBreaker() {
        Simulation sim = new Simulation(Seeds.seed(6));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(61), IceConfig.builder().controlling(true).seed(62));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED && h.b.connectionState() == IceConnectionState.COMPLETED,
                Duration.ofSeconds(10), "completed despite the role conflict");
        assertNotEquals(h.a.role(), h.b.role(), "one controlling, one controlled");
        IceAgent winner = Long.compareUnsigned(h.a.tieBreaker(), h.b.tieBreaker()) >= 0 ? h.a : h.b;
        assertEquals(IceRole.CONTROLLING, winner.role(), "the larger tie-breaker stays controlling");
        assertTrue(h.a.stats().roleConflicts() + h.b.stats().roleConflicts() > 0);
        assertSamePath(h);
        assertDataBothWays(h, "conflict");
    }

    @Test
    void roleConflictBothControlledIsResolvedByTieBreaker() {
        Simulation sim = new Simulation(Seeds.seed(7));
        IceHarness h = pair(sim, IceConfig.builder().controlling(false).seed(71), IceConfig.builder().controlling(false).seed(72));
        h.runUntil(h::bothConnected, Duration.ofSeconds(10), "connected despite both controlled");
        assertNotEquals(h.a.role(), h.b.role());
        IceAgent winner = Long.compareUnsigned(h.a.tieBreaker(), h.b.tieBreaker()) >= 0 ? h.a : h.b;
        assertEquals(IceRole.CONTROLLING, winner.role());
        assertSamePath(h);
    }

    @Test
    void restartKeepsTheOldPairUntilTheNewOneIsSelected() {
        Simulation sim = new Simulation(Seeds.seed(8));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(15)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(81), IceConfig.builder().controlling(false).seed(82));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED && h.b.connectionState() == IceConnectionState.COMPLETED,
                Duration.ofSeconds(5), "completed");
        String oldUfrag = h.a.localUfrag();
        CandidatePair oldA = h.a.selectedPair();
        int selectionsA = IceHarness.eventsOf(h.nodeA, IceEvent.SelectedPairChanged.class).size();
        int selectionsB = IceHarness.eventsOf(h.nodeB, IceEvent.SelectedPairChanged.class).size();

        long now = sim.now();
        h.a.restart(now, "newAufrg", "a-new-password-0123456789");
        h.b.restart(now, "newBufrg", "b-new-password-0123456789");
        assertSame(oldA, h.a.selectedPair(), "the old pair stays selected during the restart");
        assertTrue(h.a.send(now, "during restart".getBytes(StandardCharsets.UTF_8)), "data still flows during the restart");
        h.a.setRemoteCredentials(now, h.b.localUfrag(), h.b.localPassword());
        h.b.setRemoteCredentials(now, h.a.localUfrag(), h.a.localPassword());
        h.runUntil(() -> IceHarness.eventsOf(h.nodeA, IceEvent.SelectedPairChanged.class).size() > selectionsA
                && IceHarness.eventsOf(h.nodeB, IceEvent.SelectedPairChanged.class).size() > selectionsB, Duration.ofSeconds(5), "new pair selected");
        assertNotEquals(oldUfrag, h.a.localUfrag());
        assertTrue(h.a.selectedPair() != oldA);
        assertFalse(h.statesA.contains(IceConnectionState.FAILED) || h.statesB.contains(IceConnectionState.FAILED));
        assertFalse(h.statesA.contains(IceConnectionState.DISCONNECTED));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(5), "completed again");
        assertDataBothWays(h, "after restart");
        // the old credentials are no longer accepted once the new pair is selected
        h.runFor(Duration.ofSeconds(40));
        assertTrue(IceHarness.connected(h.a) && IceHarness.connected(h.b), "consent holds with the new credentials");
    }

    private static void assertSame(Object expected, Object actual, String message) {
        assertTrue(expected == actual, message);
    }

    @Test
    void silentPeerLosesConsentAfterThirtySeconds() {
        Simulation sim = new Simulation(Seeds.seed(9));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(91), IceConfig.builder().controlling(false).seed(92));
        h.runUntil(h::bothConnected, Duration.ofSeconds(5), "connected");
        h.runFor(Duration.ofSeconds(12));
        assertTrue(IceHarness.connected(h.a));
        // B goes silent: nothing it sends reaches A any more
        long silentFrom = sim.now();
        sim.network().setConditions(B.getAddress(), A.getAddress(), LinkConditions.perfect().withLoss(1.0));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(40), "A fails");
        long failedAfter = sim.now() - silentFrom;
        assertTrue(failedAfter >= Duration.ofSeconds(24).toNanos() && failedAfter <= Duration.ofSeconds(31).toNanos(),
                "consent lost 30 s after the last answer (the last answer came 0-6 s before the silence): "
                        + Duration.ofNanos(failedAfter));
        assertTrue(h.statesA.contains(IceConnectionState.DISCONNECTED), "disconnected before failed: " + h.statesA);
        assertFalse(h.a.send(sim.now(), new byte[] {1, 2, 3}), "no data after consent is lost");
        long delivered = sim.network().stats().delivered;
        h.runFor(Duration.ofSeconds(30));
        // A is quiet now: it answers nothing because nothing reaches it; its own consent checks stopped
        // (only A's datagrams can be delivered: everything from B is lost)
        long fromA = sim.network().stats().delivered - delivered;
        assertTrue(fromA < 3, "A stopped sending after consent loss: " + fromA);
    }

    @Test
    void briefSilenceIsDisconnectedThenConnectedAgain() {
        Simulation sim = new Simulation(Seeds.seed(18));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(181), IceConfig.builder().controlling(false).seed(182));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(5), "completed");
        sim.network().setConditions(B.getAddress(), A.getAddress(), LinkConditions.perfect().withLoss(1.0));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.DISCONNECTED, Duration.ofSeconds(20), "disconnected");
        sim.network().setConditions(B.getAddress(), A.getAddress(), LinkConditions.perfect().withLatency(Duration.ofMillis(10)));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(10), "back to completed");
        List<IceConnectionState> tail = h.statesA.subList(h.statesA.size() - 2, h.statesA.size());
        assertEquals(List.of(IceConnectionState.DISCONNECTED, IceConnectionState.COMPLETED), tail);
        assertFalse(h.statesA.contains(IceConnectionState.FAILED));
        assertDataBothWays(h, "after the silence");
    }

    @Test
    void keepalivesWhenNothingElseIsSent() {
        Simulation sim = new Simulation(Seeds.seed(17));
        // consent checks made rare, so only keepalives keep the NAT bindings warm
        IceConfig.Builder ca = IceConfig.builder().controlling(true).seed(171).consentInterval(Duration.ofSeconds(100))
                .consentTimeout(Duration.ofSeconds(300)).disconnectedTimeout(Duration.ofSeconds(250));
        IceConfig.Builder cb = IceConfig.builder().controlling(false).seed(172).consentInterval(Duration.ofSeconds(100))
                .consentTimeout(Duration.ofSeconds(300)).disconnectedTimeout(Duration.ofSeconds(250));
        IceHarness h = pair(sim, ca, cb);
        h.runUntil(h::bothConnected, Duration.ofSeconds(5), "connected");
        h.runFor(Duration.ofSeconds(70));
        assertTrue(h.a.stats().keepalivesSent() >= 3 && h.b.stats().keepalivesSent() >= 3,
                "a Binding indication every 15 s of silence: " + h.a.stats().keepalivesSent() + ", " + h.b.stats().keepalivesSent());
        long before = h.a.stats().keepalivesSent();
        for (int i = 0; i < 30; i++) {
            h.a.send(sim.now(), new byte[] {42});
            h.runFor(Duration.ofSeconds(1));
        }
        assertEquals(before, h.a.stats().keepalivesSent(), "no keepalive while data flows");
    }

    @Test
    void liteAgentAgainstFullAgent() {
        Simulation sim = new Simulation(Seeds.seed(10));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withLoss(0.1));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(101), IceConfig.builder().lite(true).seed(102));
        assertEquals(IceRole.CONTROLLED, h.b.role());
        h.runUntil(h::bothConnected, Duration.ofSeconds(10), "full and lite connected");
        assertEquals(0, h.b.stats().checksSent(), "a lite agent never checks");
        assertEquals(0, h.b.stats().consentChecksSent());
        assertSamePath(h);
        assertDataBothWays(h, "lite");
        h.runFor(Duration.ofSeconds(40));
        assertTrue(IceHarness.connected(h.a) && IceHarness.connected(h.b), "the full agent's consent checks keep both up");
        // the full side goes away: the lite side notices 30 s without checks
        sim.network().setConditions(A.getAddress(), B.getAddress(), LinkConditions.perfect().withLoss(1.0));
        h.runUntil(() -> h.b.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(35), "lite fails without checks");
    }

    @Test
    void mdnsCandidateWithoutResolverIsIgnoredAndPeerReflexiveSaves() {
        Simulation sim = new Simulation(Seeds.seed(11));
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(111).localAddress(A).loopbackOnly().build());
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(112).localAddress(B).loopbackOnly().build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {A}, b, new InetSocketAddress[] {B});
        h.signalling = false;
        long now = sim.now();
        a.setRemoteCredentials(now, b.localUfrag(), b.localPassword());
        b.setRemoteCredentials(now, a.localUfrag(), a.localPassword());
        a.startGathering(now);
        b.startGathering(now);
        // B's host candidate reaches A as an mDNS name A cannot resolve; A's reaches B as an IP
        assertFalse(a.addRemoteCandidate(now, new Candidate("1", 1, 2130706431L,
                InetSocketAddress.createUnresolved("8c1e2d7a-1b9e-4c63-9a0c-4b1f8e2c9d11.local", B.getPort()), CandidateType.HOST, null, null)));
        assertEquals(1, a.stats().mdnsIgnored());
        b.addRemoteCandidate(now, a.localCandidates().get(0));
        h.runUntil(h::bothConnected, Duration.ofSeconds(10), "connected through a peer-reflexive candidate");
        assertEquals(CandidateType.PEER_REFLEXIVE, a.selectedPair().remote().type());
        assertEquals(B, a.selectedPair().remote().address());
        // B's candidate arrives late as an IP: it replaces the learned peer-reflexive one on the same pair
        var selectedBefore = a.selectedPair();
        assertFalse(a.addRemoteCandidate(sim.now(), b.localCandidates().get(0)), "not a new candidate");
        assertEquals(CandidateType.HOST, a.selectedPair().remote().type());
        assertEquals(b.localCandidates().get(0).priority(), a.selectedPair().remote().priority());
        assertTrue(selectedBefore == a.selectedPair(), "the same pair stays selected");
        assertEquals(1, a.remoteCandidates().size());
        assertEquals(CandidateType.HOST, a.remoteCandidates().get(0).type());

        // with a resolver the name is used
        IceAgent c = new IceAgent(IceConfig.builder().seed(113).localAddress(A).loopbackOnly()
                .mdnsResolver(name -> name.equals("peer.local") ? B.getAddress() : null).build());
        assertTrue(c.addRemoteCandidate(0, new Candidate("1", 1, 2130706431L,
                InetSocketAddress.createUnresolved("peer.local", 6000), CandidateType.HOST, null, null)));
        assertEquals(B, c.remoteCandidates().get(0).address());
    }

    @Test
    void lateTrickleAndFailureWhenNothingWorks() {
        Simulation sim = new Simulation(Seeds.seed(12));
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(121).localAddress(A).loopbackOnly()
                .maxCheckTransmissions(4).build());
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {A}, new IceAgent(IceConfig.builder().seed(122).build()),
                new InetSocketAddress[0]);
        h.signalling = false;
        a.setRemoteCredentials(0, "abcd", "0123456789012345678901");
        a.startGathering(0);
        // a candidate nobody listens on, then end-of-candidates: checks time out and ICE fails
        assertTrue(a.addRemoteCandidate(0, new Candidate("9", 1, 2130706431L, addr("127.0.0.9", 7000), CandidateType.HOST, null, null)));
        a.endOfRemoteCandidates(0);
        h.runUntil(() -> a.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(20), "failed");
        assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.FAILED), h.statesA);
        assertEquals(PairState.FAILED, a.checklist().get(0).state());
        assertNotNull(a.checklist().get(0));
    }
}
