package io.jrtc.ice;

import io.jrtc.core.Datagram;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer restarts ICE the way Chromium does (the bug {@code IceRestartTest} found): its new port
 * pairs itself with our candidate under our old credentials and its new ufrag, before and after we
 * apply the restart offer; our first checks of the new generation reach it before it has our answer
 * and go unanswered until the pair fails; its checks with our new credentials come later. Driven by
 * hand, message by message, against a controlled agent (jrtc answering a browser's offer).
 */
class RemoteRestartChecksTest {
    static final InetSocketAddress LOCAL = addr("127.0.0.2", 6000);
    static final InetSocketAddress OLD_PORT = addr("127.0.0.1", 5000);
    static final InetSocketAddress NEW_PORT = addr("127.0.0.1", 5002);
    static final String A_PWD = "a-password-0123456789xyz";
    static final String A2_PWD = "a-new-password-012345678";
    static final String B_PWD = "b-password-0123456789xyz";
    static final String B2_PWD = "b-new-password-012345678";

    private final SplittableRandom random = new SplittableRandom(7);
    private long now = 1_000_000;

    private byte[] check(String username, String password, boolean useCandidate) {
        IceStun.Builder m = IceStun.request(IceStun.BINDING, IceStun.newTransactionId(random))
                .username(username).priority(1845501695L).iceControlling(42);
        if (useCandidate) {
            m.useCandidate();
        }
        return m.encode(IceStun.shortTermKey(password), true);
    }

    /** The agent's only datagram, parsed; it must go to {@code to}. */
    private static IceStun.Msg reply(IceAgent b, InetSocketAddress to) throws IceParseException {
        Datagram d = b.pollTransmit();
        assertNotNull(d, "a reply");
        assertEquals(to, d.destination());
        return IceStun.parse(d.data());
    }

    /** Answers the agent's check in {@code d} as the peer would, with {@code password}. */
    private static Datagram answer(Datagram d, String password) throws IceParseException {
        IceStun.Msg m = IceStun.parse(d.data());
        byte[] ok = IceStun.success(IceStun.BINDING, m.txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, d.source())
                .encode(IceStun.shortTermKey(password), true);
        return new Datagram(d.destination(), d.source(), ok);
    }

    private static CandidatePair pairTo(IceAgent b, InetSocketAddress remote) {
        for (CandidatePair p : b.checklist()) {
            if (p.remote().address().equals(remote)) {
                return p;
            }
        }
        return null;
    }

    /** Connected on generation 0: OLD_PORT -> LOCAL selected (nominated by the peer). */
    private IceAgent connected() throws IceParseException {
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(5).credentials("bbbb", B_PWD)
                .localAddress(LOCAL).loopbackOnly().build());
        b.startGathering(now);
        b.setRemoteCredentials(now, "aaaa", A_PWD);
        b.addRemoteCandidate(now, new Candidate("1", 1, 2122260223L, OLD_PORT, CandidateType.HOST, null, null));
        b.handleTimeout(now);
        Datagram c = b.pollTransmit();
        assertNotNull(c, "our first check");
        b.handleInput(now, answer(c, A_PWD));
        b.handleInput(now, new Datagram(OLD_PORT, LOCAL, check("bbbb:aaaa", B_PWD, true)));
        assertEquals(IceStun.SUCCESS, reply(b, OLD_PORT).cls);
        assertNotNull(b.selectedPair(), "selected");
        assertEquals(OLD_PORT, b.selectedPair().remote().address());
        drain(b);
        return b;
    }

    private static void drain(IceAgent b) {
        while (b.pollTransmit() != null) {
            // consent and keepalives
        }
        while (b.pollEvent() != null) {
            // events
        }
    }

    @Test
    void theRestartingPeersNewPortWithOurOldCredentialsIsRefusedBeforeAndAfterWeApplyTheRestart() throws Exception {
        IceAgent b = connected();
        CandidatePair old = b.selectedPair();
        // before the offer reaches us: our current ufrag, the peer's new one
        b.handleInput(now, new Datagram(NEW_PORT, LOCAL, check("bbbb:aaa2", B_PWD, false)));
        IceStun.Msg r = reply(b, NEW_PORT);
        assertEquals(IceStun.ERROR, r.cls);
        assertEquals(401, r.errorCode);
        assertNull(pairTo(b, NEW_PORT), "no pair of the old generation for the peer's new port");
        assertEquals(1, b.remoteCandidates().size(), "no peer-reflexive candidate learned from it");
        drain(b);

        // the offer: we restart, the peer's new credentials and candidate
        b.restart(now, "bbb2", B2_PWD);
        b.setRemoteCredentials(now, "aaa2", A2_PWD);
        b.addRemoteCandidate(now, new Candidate("2", 1, 2122260223L, NEW_PORT, CandidateType.HOST, null, null));
        drain(b);
        // after it: still our old ufrag from the new port (either peer ufrag): refused
        b.handleInput(now, new Datagram(NEW_PORT, LOCAL, check("bbbb:aaa2", B_PWD, false)));
        assertEquals(401, reply(b, NEW_PORT).errorCode);
        b.handleInput(now, new Datagram(NEW_PORT, LOCAL, check("bbbb:aaaa", B_PWD, true)));
        assertEquals(401, reply(b, NEW_PORT).errorCode);
        assertEquals(0, pairTo(b, NEW_PORT).requestsReceived());
        // while the old selected pair's consent checks are still answered
        b.handleInput(now, new Datagram(OLD_PORT, LOCAL, check("bbbb:aaaa", B_PWD, false)));
        assertEquals(IceStun.SUCCESS, reply(b, OLD_PORT).cls);
        assertSame(old, b.selectedPair());
    }

    @Test
    void aNewPairThatFailedBeforeThePeerHadOurAnswerRecoversOnThePeersCheckAndIsSelected() throws Exception {
        IceAgent b = connected();
        CandidatePair old = b.selectedPair();
        b.restart(now, "bbb2", B2_PWD);
        b.setRemoteCredentials(now, "aaa2", A2_PWD);
        b.addRemoteCandidate(now, new Candidate("2", 1, 2122260223L, NEW_PORT, CandidateType.HOST, null, null));
        CandidatePair fresh = pairTo(b, NEW_PORT);
        assertNotNull(fresh);
        // the peer does not have our answer yet: our checks on the new pair go unanswered until it fails;
        // the old pair's consent checks are answered all along
        for (int i = 0; i < 10_000 && fresh.state() != PairState.FAILED; i++) {
            now = Math.max(now, b.pollTimeout());
            b.handleTimeout(now);
            for (Datagram d; (d = b.pollTransmit()) != null; ) {
                if (d.destination().equals(OLD_PORT)) {
                    b.handleInput(now, answer(d, A_PWD));
                }
            }
        }
        assertEquals(PairState.FAILED, fresh.state(), "unanswered, the new pair fails");
        assertEquals(0, fresh.responsesReceived());
        assertSame(old, b.selectedPair(), "the old pair carries on meanwhile");
        drain(b);

        // the peer has our answer: its check with our new credentials, nominating (RFC 8445 §7.3.1.4:
        // a Failed pair goes back to Waiting and gets a triggered check)
        b.handleInput(now, new Datagram(NEW_PORT, LOCAL, check("bbb2:aaa2", B2_PWD, true)));
        IceStun.Msg ok = reply(b, NEW_PORT);
        assertEquals(IceStun.SUCCESS, ok.cls);
        assertTrue(ok.integrityOk(IceStun.shortTermKey(B2_PWD)), "answered with the new password");
        assertEquals(1, fresh.requestsReceived(), "counted on the new pair");
        assertEquals(PairState.WAITING, fresh.state());
        now = Math.max(now, b.pollTimeout());
        b.handleTimeout(now);
        Datagram triggered = null;
        for (Datagram d; (d = b.pollTransmit()) != null; ) {
            if (d.destination().equals(NEW_PORT)) {
                triggered = d;
            }
        }
        assertNotNull(triggered, "the triggered check on the new pair");
        IceStun.Msg t = IceStun.parse(triggered.data());
        assertEquals("aaa2:bbb2", t.username);
        b.handleInput(now, answer(triggered, A2_PWD));
        assertEquals(PairState.SUCCEEDED, fresh.state());
        assertSame(fresh, b.selectedPair(), "the nomination taken: the new generation's pair selected");
        assertEquals(1, fresh.responsesReceived());
    }
}
