package io.jrtc.ice;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static io.jrtc.ice.IceAgentSimTest.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every candidate line a browser trickles can be handed to the agent as it comes: Chrome's TCP
 * candidates (RFC 6544, {@code tcptype active|passive|so}) and transports nobody knows yet parse and
 * are ignored by the agent, which still connects over the UDP ones.
 */
@ExtendWith(SeedReporter.class)
class BrowserCandidatesTest {
    /** Lines as Chromium 156 writes them (from its offers in the shared SDP test data). */
    static final String CHROME_UDP = "a=candidate:1877230944 1 udp 2122260223 127.0.0.1 55536 typ host generation 0 network-id 1 network-cost 50";
    static final String CHROME_TCP_ACTIVE = "a=candidate:3450508514 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50";
    static final String CHROME_TCP_PASSIVE = "candidate:3450508515 1 tcp 1518214911 127.0.0.1 50123 typ host tcptype passive generation 0 ufrag EsPd network-id 1";
    static final String CHROME_TCP_SO_SRFLX = "candidate:3450508516 1 TCP 1518149375 203.0.113.9 50124 typ srflx raddr 192.168.1.7 rport 50124 tcptype so generation 0";
    static final String UNKNOWN_TRANSPORT = "candidate:77 1 quic-x 1518149375 127.0.0.1 50125 typ host generation 0";

    @Test
    void chromeTcpLinesParseFully() throws Exception {
        // Given Chrome's TCP candidate lines
        // When they are parsed
        Candidate active = Candidate.parse(CHROME_TCP_ACTIVE);
        Candidate passive = Candidate.parse(CHROME_TCP_PASSIVE);
        Candidate so = Candidate.parse(CHROME_TCP_SO_SRFLX);
        Candidate udp = Candidate.parse(CHROME_UDP);

        // Then every field of the RFC 6544 grammar is there
        assertEquals("tcp", active.transport());
        assertEquals(Candidate.TcpType.ACTIVE, active.tcpType());
        assertEquals(addr("127.0.0.1", 9), active.address(), "active candidates carry the discard port 9");
        assertEquals(1518280447L, active.priority());
        assertEquals("3450508514", active.foundation());
        assertEquals(CandidateType.HOST, active.type());
        assertFalse(active.isUdp());
        assertEquals(Candidate.TcpType.PASSIVE, passive.tcpType());
        assertEquals(50123, passive.address().getPort());
        assertEquals("tcp", so.transport(), "the transport is case-insensitive");
        assertEquals(Candidate.TcpType.SO, so.tcpType());
        assertEquals(CandidateType.SERVER_REFLEXIVE, so.type());
        assertEquals(addr("192.168.1.7", 50124), so.relatedAddress());
        assertTrue(udp.isUdp());
        assertNull(udp.tcpType());

        // And they round-trip through their SDP form, tcptype included
        assertEquals("candidate:3450508514 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active", active.toSdp());
        for (Candidate c : List.of(active, passive, so, udp)) {
            assertEquals(c, Candidate.parse(c.toSdp()));
        }
    }

    @Test
    void unknownTransportsParseAndMalformedTcpIsRejected() throws Exception {
        // Given a transport token nobody implements
        Candidate other = Candidate.parse(UNKNOWN_TRANSPORT);
        // Then it parses, keeps its token, and is not UDP
        assertEquals("quic-x", other.transport());
        assertNull(other.tcpType());
        assertFalse(other.isUdp());

        // But a TCP line without a (valid) tcptype breaks RFC 6544 §4.5 and is refused with a reason
        IceParseException missing = assertThrows(IceParseException.class,
                () -> Candidate.parse("candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host generation 0"));
        assertTrue(missing.getMessage().contains("tcptype"), missing.getMessage());
        IceParseException bogus = assertThrows(IceParseException.class,
                () -> Candidate.parse("candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host tcptype sideways"));
        assertTrue(bogus.getMessage().contains("sideways"), bogus.getMessage());
    }

    @Test
    void agentTakesEveryBrowserLineBlindlyAndConnectsOverUdp() throws Exception {
        // Given two agents, and a signalling channel that also trickles Chrome's TCP lines and an
        // unknown transport to each side before the real candidates
        Simulation sim = new Simulation(Seeds.seed(61));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withLoss(0.1));
        InetSocketAddress a1 = addr("127.0.0.1", 5000);
        InetSocketAddress b1 = addr("127.0.0.2", 6000);
        IceAgent a = agent(true, 11, a1);
        IceAgent b = agent(false, 22, b1);
        List<String> browserExtras = List.of(CHROME_TCP_ACTIVE, CHROME_TCP_PASSIVE, CHROME_TCP_SO_SRFLX, UNKNOWN_TRANSPORT);

        // When every line goes to the agents as it comes, without looking at it
        for (String line : browserExtras) {
            assertFalse(a.addRemoteCandidate(0, line), line);
            assertFalse(b.addRemoteCandidate(0, line), line);
        }
        IceHarness h = new IceHarness(sim, a, new InetSocketAddress[] {a1}, b, new InetSocketAddress[] {b1}).start();
        h.runUntil(() -> a.connectionState() == IceConnectionState.COMPLETED
                && b.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(20), "both completed");

        // Then nothing failed, no pair was formed with a non-UDP candidate, and UDP carried the day
        assertEquals(4, a.stats().nonUdpIgnored());
        assertEquals(4, b.stats().nonUdpIgnored());
        assertEquals(addr("127.0.0.2", 6000), a.selectedPair().remote().address());
        for (IceAgent x : List.of(a, b)) {
            assertTrue(x.remoteCandidates().stream().allMatch(Candidate::isUdp), x.remoteCandidates().toString());
            assertTrue(x.checklist().stream().allMatch(p -> p.remote().isUdp()));
        }
        assertTrue(h.nodeA.inputErrors().isEmpty() && h.nodeB.inputErrors().isEmpty());
    }
}
