package io.jrtc.ice;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class IceAgentSimTest {

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static IceAgent agent(boolean controlling, long seed, InetSocketAddress... local) {
        return new IceAgent(IceConfig.builder().controlling(controlling).seed(seed).loopbackOnly()
                .localAddresses(List.of(local)).build());
    }

    @Test
    void twoAgentsConnectDirectlyAndCarryData() {
        Simulation sim = new Simulation(Seeds.seed(1));
        InetSocketAddress a1 = addr("127.0.0.1", 5000);
        InetSocketAddress b1 = addr("127.0.0.2", 6000);
        // 192.0.2.1 is on A's interface list but not loopback: the filter keeps it out
        IceAgent a = agent(true, 11, a1, addr("192.0.2.1", 5000));
        IceAgent b = agent(false, 22, b1);
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {a1}, b, new InetSocketAddress[] {b1}).start();
        assertEquals(1, a.localCandidates().size(), "only the loopback address becomes a host candidate");

        h.runUntil(() -> a.connectionState() == IceConnectionState.COMPLETED
                && b.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(5), "both completed");

        assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.CONNECTED, IceConnectionState.COMPLETED), h.statesA);
        assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.CONNECTED, IceConnectionState.COMPLETED), h.statesB);
        assertEquals(a1, a.selectedPair().local().address());
        assertEquals(b1, a.selectedPair().remote().address());
        assertEquals(b1, b.selectedPair().local().address());
        assertEquals(a1, b.selectedPair().remote().address());
        assertTrue(a.selectedPair().isNominated() && b.selectedPair().isNominated());
        assertEquals(List.of(IceGatheringState.GATHERING, IceGatheringState.COMPLETE),
                IceHarness.eventsOf(h.nodeA, IceEvent.GatheringStateChanged.class).stream().map(IceEvent.GatheringStateChanged::state).toList());

        assertTrue(a.send(sim.now(), "hello b".getBytes(StandardCharsets.UTF_8)));
        assertTrue(b.send(sim.now(), "hello a".getBytes(StandardCharsets.UTF_8)));
        h.runUntil(() -> IceHarness.dataCount(h.nodeA) == 1 && IceHarness.dataCount(h.nodeB) == 1, Duration.ofSeconds(1), "data both ways");
        assertEquals("hello b", new String(IceHarness.eventsOf(h.nodeB, IceEvent.DataReceived.class).get(0).data(), StandardCharsets.UTF_8));
        assertEquals("hello a", new String(IceHarness.eventsOf(h.nodeA, IceEvent.DataReceived.class).get(0).data(), StandardCharsets.UTF_8));

        // consent keeps it up for a long quiet minute
        h.runFor(Duration.ofSeconds(60));
        assertEquals(IceConnectionState.COMPLETED, a.connectionState());
        assertEquals(IceConnectionState.COMPLETED, b.connectionState());
        assertTrue(a.stats().consentChecksSent() >= 9, "consent checks every ~5 s: " + a.stats());
        assertTrue(h.nodeA.inputErrors().isEmpty() && h.nodeB.inputErrors().isEmpty());
    }
}
