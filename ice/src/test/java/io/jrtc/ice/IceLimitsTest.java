package io.jrtc.ice;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.stun.StunMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The agent's documented limits (issue 17), each hit on purpose: what is over the limit is ignored the
 * way RFC 8445 lets an agent ignore it, counted in {@link IceAgent.Stats}, and never an exception.
 * Also the exact outcome of forged MESSAGE-INTEGRITY on a response.
 */
class IceLimitsTest {
    private static final InetSocketAddress LOCAL = addr("127.0.0.2", 6000);
    private static final String PASSWORD = "b-password-0123456789xyz";

    private static IceAgent agent(int maxRemoteCandidates, int maxPairs) {
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(5).credentials("bbbb", PASSWORD)
                .localAddress(LOCAL).loopbackOnly().maxRemoteCandidates(maxRemoteCandidates).maxPairs(maxPairs).build());
        b.setRemoteCredentials(0, "aaaa", "a-password-0123456789xyz");
        b.startGathering(0);
        while (b.pollEvent() != null) {
            // drain
        }
        return b;
    }

    private static Candidate remoteHost(int i) {
        return new Candidate("f" + i, 1, 2130706431L - i, addr("127.0.1." + (1 + i % 250), 10000 + i), CandidateType.HOST,
                null, null);
    }

    private static byte[] check(long seed, String password) {
        return IceStun.request(IceStun.BINDING, IceStun.newTransactionId(new SplittableRandom(seed)))
                .username("bbbb:aaaa").priority(1845501695L).iceControlling(42).encode(IceStun.shortTermKey(password), true);
    }

    @Test
    void defaultsAreDocumentedValues() {
        IceConfig c = IceConfig.builder().seed(1).build();
        assertEquals(64, c.maxRemoteCandidates());
        assertEquals(100, c.maxPairs());
    }

    @Test
    void signalledCandidatesBeyondTheLimitAreIgnoredAndCounted() {
        IceAgent b = agent(8, 100);
        int added = 0;
        for (int i = 0; i < 20; i++) {
            added += b.addRemoteCandidate(0, remoteHost(i)) ? 1 : 0;
        }
        assertEquals(8, added);
        assertEquals(8, b.remoteCandidates().size());
        assertEquals(12, b.stats().remoteCandidatesRefused());
        assertEquals(8, b.checklist().size(), "one local candidate: one pair per accepted remote candidate");
        // the first eight are the ones kept
        for (int i = 0; i < 8; i++) {
            assertEquals(remoteHost(i).address(), b.remoteCandidates().get(i).address());
        }
    }

    @Test
    void checksFromUnknownAddressesBeyondTheLimitAreAnsweredButLearnNothing() throws Exception {
        IceAgent b = agent(2, 100);
        for (int i = 0; i < 5; i++) {
            InetSocketAddress from = addr("127.0.2." + (i + 1), 20000 + i);
            b.handleInput(i, new Datagram(from, LOCAL, check(i, PASSWORD)));
            Datagram reply = b.pollTransmit();
            assertNotNull(reply, "every authenticated check is answered (RFC 8445 §7.3)");
            IceStun.Msg m = IceStun.parse(reply.data());
            assertEquals(IceStun.SUCCESS, m.cls);
            assertEquals(from, m.xorMapped);
        }
        assertEquals(2, b.remoteCandidates().size(), "only two peer-reflexive candidates learned");
        assertEquals(3, b.stats().remoteCandidatesRefused());
        assertEquals(2, b.checklist().size());
    }

    @Test
    void theChecklistNeverGrowsPastMaxPairs() {
        IceAgent b = agent(64, 5);
        for (int i = 0; i < 30; i++) {
            assertTrue(b.addRemoteCandidate(0, remoteHost(i)));
            assertTrue(b.checklist().size() <= 5, "pairs: " + b.checklist().size());
        }
        assertEquals(5, b.checklist().size());
        assertEquals(30, b.remoteCandidates().size());
    }

    @Test
    void aResponseWithForgedIntegrityIsIgnoredAndTheGenuineOneStillCompletesTheCheck() throws Exception {
        IceAgent b = agent(64, 100);
        InetSocketAddress peer = addr("127.0.0.66", 4444);
        b.addRemoteCandidate(0, new Candidate("1", 1, 2130706431L, peer, CandidateType.HOST, null, null));
        while (b.pollEvent() != null) {
            // drain the pair's Frozen/Waiting events
        }
        b.handleTimeout(1);
        Datagram sent = b.pollTransmit();
        assertNotNull(sent, "a check");
        assertNull(b.pollTransmit());
        CandidatePair pair = b.checklist().get(0);
        assertEquals(PairState.IN_PROGRESS, pair.state());
        assertEquals(new IceEvent.PairStateChanged(pair.local(), pair.remote(), PairState.IN_PROGRESS), b.pollEvent());
        assertNull(b.pollEvent());
        Bytes txid = StunMessage.parse(sent.data()).transactionId();

        // forged: the right transaction id, signed with a guessed password
        byte[] forged = IceStun.success(IceStun.BINDING, txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, LOCAL)
                .encode(IceStun.shortTermKey("guessed"), true);
        b.handleInput(2, new Datagram(peer, LOCAL, forged));
        // unsigned
        byte[] unsigned = IceStun.success(IceStun.BINDING, txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, LOCAL)
                .encode(null, true);
        b.handleInput(3, new Datagram(peer, LOCAL, unsigned));
        assertNull(b.pollTransmit(), "nothing sent in reply");
        assertNull(b.pollEvent(), "no event");
        assertEquals(PairState.IN_PROGRESS, pair.state());
        assertFalse(pair.isValid());
        assertEquals(0, pair.responsesReceived());
        assertEquals(2, b.stats().unauthenticated());
        assertEquals(1, b.pendingTransactions(), "the check is still waiting for its answer");

        // the genuine answer, signed with the peer's password (the one our check was signed with)
        byte[] genuine = IceStun.success(IceStun.BINDING, txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, LOCAL)
                .encode(IceStun.shortTermKey("a-password-0123456789xyz"), true);
        b.handleInput(4, new Datagram(peer, LOCAL, genuine));
        assertEquals(PairState.SUCCEEDED, pair.state());
        assertTrue(pair.isValid());
        assertEquals(1, pair.responsesReceived());
        assertEquals(0, b.pendingTransactions());
    }
}
