package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A controlling jrtc agent against a hand-made controlled peer that never checks on its own and only
 * answers (as ICE-lite peers do, and as a renomination-capable peer that keeps the selection on
 * the highest nomination, treating USE-CANDIDATE without NOMINATION as a regular nomination).
 */
class ControllingAgainstAnswerOnlyPeerTest {
    static final InetSocketAddress LOCAL = addr("127.0.0.2", 6000);
    static final InetSocketAddress PEER = addr("127.0.0.11", 7001);
    static final String PEER_PWD = "peer-password-0123456789";

    @Test
    void controllingAgentNominatesOnAPeerThatOnlyAnswers() throws Exception {
        // Given a controlling agent that knows the peer's credentials and its one host candidate
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(41).credentials("aaaa", "a-password-0123456789xyz")
                .localAddress(LOCAL).loopbackOnly().build());
        long now = 0;
        a.setRemoteCredentials(now, "pppp", PEER_PWD);
        a.startGathering(now);
        a.addRemoteCandidate(now, "candidate:1 1 udp 2130706431 127.0.0.11 7001 typ host generation 0");
        a.endOfRemoteCandidates(now);

        // When the peer answers every check (success, signed with its password) and nothing else,
        // selecting the pair whose check carried USE-CANDIDATE
        int checks = 0;
        List<Integer> nominations = new ArrayList<>();
        InetSocketAddress peerSelected = null;
        for (int step = 0; step < 200 && a.connectionState() != IceConnectionState.COMPLETED; step++) {
            for (Datagram d; (d = a.pollTransmit()) != null; ) {
                IceStun.Msg m = IceStun.parse(d.data());
                if (m.cls != IceStun.REQUEST) {
                    continue;
                }
                checks++;
                assertEquals(PEER, d.destination());
                assertEquals("pppp:aaaa", m.username);
                assertTrue(m.integrityOk(IceStun.shortTermKey(PEER_PWD)), "checks are signed with the peer's password");
                assertTrue(m.controlling != null && m.controlled == null, "the agent says it is controlling");
                if (m.useCandidate) {
                    nominations.add(m.nomination);
                    peerSelected = d.source();
                }
                byte[] r = IceStun.success(IceStun.BINDING, m.txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, d.source())
                        .encode(IceStun.shortTermKey(PEER_PWD), true);
                a.handleInput(now + 1_000_000, new Datagram(d.destination(), d.source(), r));
            }
            long next = a.pollTimeout();
            if (next == Engine.NO_TIMEOUT) {
                break;
            }
            now = Math.max(now + 1_000_000, next);
            a.handleTimeout(now);
        }

        // Then the agent completes on that pair, having nominated it once, the regular way
        // (USE-CANDIDATE, no NOMINATION value), and the peer agrees on the path
        assertEquals(IceConnectionState.COMPLETED, a.connectionState());
        assertEquals(PEER, a.selectedPair().remote().address());
        assertEquals(LOCAL, a.selectedPair().local().base());
        assertEquals(List.of(-1), nominations, "one regular nomination");
        assertEquals(LOCAL, peerSelected);
        assertTrue(checks >= 2, "an ordinary check, then the nominating one: " + checks);
        while (a.pollTransmit() != null) {
            // whatever was still queued
        }
        assertTrue(a.send(now, new byte[] {1, 2, 3}));
        Datagram data = a.pollTransmit();
        assertEquals(PEER, data.destination());
        assertEquals(LOCAL, data.source());
        assertArrayEquals(new byte[] {1, 2, 3}, data.data());
    }
}
