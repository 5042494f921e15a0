package io.jrtc.ice;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateTest {

    @Test
    void priorityFormulaOfRfc8445Section5_1_2_1() {
        // type preference 126, local preference 65535, component 1: the familiar 2130706431
        assertEquals(2130706431L, Candidate.priority(CandidateType.HOST, 65535, 1));
        assertEquals((110L << 24) + (65535L << 8) + 255, Candidate.priority(CandidateType.PEER_REFLEXIVE, 65535, 1));
        assertEquals((100L << 24) + (65535L << 8) + 255, Candidate.priority(CandidateType.SERVER_REFLEXIVE, 65535, 1));
        assertEquals((65535L << 8) + 255, Candidate.priority(CandidateType.RELAYED, 65535, 1));
        assertEquals(254, Candidate.priority(CandidateType.RELAYED, 0, 2));
        assertEquals(65535, Candidate.localPreference(2130706431L));
        assertThrows(IllegalArgumentException.class, () -> Candidate.priority(CandidateType.HOST, 65536, 1));
    }

    @Test
    void pairPriorityOfRfc8445Section6_1_2_3() {
        long g = 2130706431L;
        long d = 1694498815L;
        assertEquals((d << 32) + 2 * g + 1, CandidatePair.pairPriority(g, d));
        assertEquals((d << 32) + 2 * g, CandidatePair.pairPriority(d, g));
        Candidate local = Candidate.host(addr("127.0.0.1", 1), 65535);
        Candidate remote = new Candidate("2", 1, d, addr("127.0.0.2", 2), CandidateType.SERVER_REFLEXIVE, null, null);
        CandidatePair p = new CandidatePair(local, remote, null);
        assertEquals(CandidatePair.pairPriority(g, d), p.priority(IceRole.CONTROLLING));
        assertEquals(CandidatePair.pairPriority(d, g), p.priority(IceRole.CONTROLLED));
        assertEquals(PairState.FROZEN, p.state());
    }

    @Test
    void foundationsFollowTypeBaseAndServer() {
        var base = addr("127.0.0.1", 0).getAddress();
        var other = addr("127.0.0.3", 0).getAddress();
        var server = addr("127.0.0.9", 0).getAddress();
        assertEquals(Candidate.foundation(CandidateType.HOST, base, null), Candidate.foundation(CandidateType.HOST, base, null));
        assertNotEquals(Candidate.foundation(CandidateType.HOST, base, null), Candidate.foundation(CandidateType.HOST, other, null));
        assertNotEquals(Candidate.foundation(CandidateType.HOST, base, null), Candidate.foundation(CandidateType.SERVER_REFLEXIVE, base, server));
        assertNotEquals(Candidate.foundation(CandidateType.SERVER_REFLEXIVE, base, server),
                Candidate.foundation(CandidateType.SERVER_REFLEXIVE, base, other));
        // two host candidates on the same IP share a foundation whatever the port
        assertEquals(Candidate.host(addr("127.0.0.1", 1000), 1).foundation(), Candidate.host(addr("127.0.0.1", 2000), 1).foundation());
    }

    @Test
    void sdpRoundTripsIpv4Ipv6AndRelated() throws Exception {
        Candidate c = Candidate.parse("a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.168.1.5 rport 61665 generation 0 network-cost 999");
        assertEquals("842163049", c.foundation());
        assertEquals(1677729535L, c.priority());
        assertEquals(CandidateType.SERVER_REFLEXIVE, c.type());
        assertEquals(addr("203.0.113.7", 61665), c.address());
        assertEquals(addr("192.168.1.5", 61665), c.relatedAddress());
        assertNull(c.base());
        assertEquals(c, Candidate.parse(c.toSdp()));

        Candidate v6 = Candidate.parse("candidate:1 1 UDP 2122262783 ::1 5000 typ host");
        assertTrue(v6.isIpv6());
        assertEquals(v6, Candidate.parse(v6.toSdp()));

        Candidate mdns = Candidate.parse("candidate:3 1 udp 2122260223 4b7c9d3e-88f0-4b8a-9a2c-0a9d2e7c1f55.local 54321 typ host");
        assertTrue(mdns.isUnresolved());
        assertEquals("4b7c9d3e-88f0-4b8a-9a2c-0a9d2e7c1f55.local", mdns.address().getHostString());
    }

    @Test
    void badLinesAreRejectedWithReasons() {
        String[] bad = {
            "", "candidate:", "candidate:1 1 udp", "candidate:1 1 tcp 1 127.0.0.1 1 typ host",
            "candidate:1 1 tcp 1 127.0.0.1 9 typ host tcptype bogus", "candidate:1 1 u/dp 1 127.0.0.1 1 typ host",
            "candidate:1 1 udp 0 127.0.0.1 1 typ host", "candidate:1 1 udp 4294967296 127.0.0.1 1 typ host",
            "candidate:1 1 udp 1 127.0.0.1 65536 typ host", "candidate:1 1 udp 1 example.com 1 typ host",
            "candidate:1 1 udp 1 127.0.0.1 1 typ bogus", "candidate:1 1 udp 1 127.0.0.1 1 tip host",
            "candidate:1 0 udp 1 127.0.0.1 1 typ host", "candidate:1 1 udp 1 256.0.0.1 1 typ host",
            "candidate:1 1 udp -5 127.0.0.1 1 typ host",
        };
        for (String s : bad) {
            IceParseException e = assertThrows(IceParseException.class, () -> Candidate.parse(s), s);
            assertTrue(e.getMessage().startsWith("candidate:"), e.getMessage());
        }
    }

    @Test
    void hostCandidateIsItsOwnBase() {
        InetSocketAddress a = addr("::1", 9);
        Candidate h = Candidate.host(a, 100);
        assertEquals(a, h.base());
        assertEquals(CandidateType.HOST, h.type());
    }
}
