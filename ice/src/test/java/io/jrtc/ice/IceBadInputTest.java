package io.jrtc.ice;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class IceBadInputTest {
    static final InetSocketAddress LOCAL = addr("127.0.0.2", 6000);
    static final InetSocketAddress ATTACKER = addr("127.0.0.66", 4444);

    private static IceAgent victim() {
        IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(5).credentials("bbbb", "b-password-0123456789xyz")
                .localAddress(LOCAL).loopbackOnly().build());
        b.setRemoteCredentials(0, "aaaa", "a-password-0123456789xyz");
        b.startGathering(0);
        while (b.pollEvent() != null) {
            // drain
        }
        return b;
    }

    private static byte[] check(String username, String password, boolean integrity) {
        IceStun.Builder m = IceStun.request(IceStun.BINDING, IceStun.newTransactionId(new SplittableRandom(1)))
                .username(username).priority(1845501695L).iceControlling(42);
        return m.encode(integrity ? IceStun.shortTermKey(password) : null, true);
    }

    private static IceStun.Msg onlyReply(IceAgent b) throws IceParseException {
        Datagram d = b.pollTransmit();
        assertTrue(d != null, "a reply");
        assertNull(b.pollTransmit());
        assertEquals(ATTACKER, d.destination());
        return IceStun.parse(d.data());
    }

    private static void assertUntouched(IceAgent b) {
        assertEquals(IceConnectionState.NEW, b.connectionState());
        assertEquals(0, b.remoteCandidates().size());
        assertEquals(0, b.checklist().size());
        assertEquals(0, b.pendingTransactions());
        assertNull(b.pollEvent(), "no event");
        assertEquals(IceRole.CONTROLLED, b.role());
    }

    @Test
    void wrongPasswordGets401AndChangesNothing() throws Exception {
        IceAgent b = victim();
        b.handleInput(1, new Datagram(ATTACKER, LOCAL, check("bbbb:aaaa", "not-the-password", true)));
        IceStun.Msg r = onlyReply(b);
        assertEquals(IceStun.ERROR, r.cls);
        assertEquals(401, r.errorCode);
        assertUntouched(b);
        assertEquals(1, b.stats().unauthenticated());
    }

    @Test
    void unknownUfragGets401() throws Exception {
        IceAgent b = victim();
        b.handleInput(1, new Datagram(ATTACKER, LOCAL, check("zzzz:aaaa", "b-password-0123456789xyz", true)));
        assertEquals(401, onlyReply(b).errorCode);
        assertUntouched(b);
    }

    @Test
    void missingIntegrityGets400() throws Exception {
        IceAgent b = victim();
        b.handleInput(1, new Datagram(ATTACKER, LOCAL, check("bbbb:aaaa", null, false)));
        assertEquals(400, onlyReply(b).errorCode);
        assertUntouched(b);
    }

    @Test
    void corruptedCheckIsDroppedSilently() {
        IceAgent b = victim();
        byte[] good = check("bbbb:aaaa", "b-password-0123456789xyz", true);
        good[30] ^= 1; // inside USERNAME: FINGERPRINT no longer matches
        b.handleInput(1, new Datagram(ATTACKER, LOCAL, good));
        assertNull(b.pollTransmit());
        assertUntouched(b);
        assertEquals(1, b.stats().malformed());
    }

    @Test
    void goodCheckIsAnsweredAndLearnsPeerReflexive() throws Exception {
        IceAgent b = victim();
        b.handleInput(1, new Datagram(ATTACKER, LOCAL, check("bbbb:aaaa", "b-password-0123456789xyz", true)));
        IceStun.Msg r = onlyReply(b);
        assertEquals(IceStun.SUCCESS, r.cls);
        assertEquals(ATTACKER, r.xorMapped);
        assertTrue(r.integrityOk(IceStun.shortTermKey("b-password-0123456789xyz")));
        assertEquals(CandidateType.PEER_REFLEXIVE, b.remoteCandidates().get(0).type());
        assertEquals(1845501695L, b.remoteCandidates().get(0).priority());
    }

    @Test
    void forgedResponseDoesNotCompleteACheck() {
        IceAgent b = victim();
        b.addRemoteCandidate(0, new Candidate("1", 1, 2130706431L, ATTACKER, CandidateType.HOST, null, null));
        b.handleTimeout(1);
        Datagram sent = b.pollTransmit();
        assertTrue(sent != null);
        Bytes txid = Bytes.of(sent.data(), 8, 12);
        byte[] forged = IceStun.success(IceStun.BINDING, txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, LOCAL)
                .encode(IceStun.shortTermKey("guessed"), true);
        b.handleInput(2, new Datagram(ATTACKER, LOCAL, forged));
        assertEquals(PairState.IN_PROGRESS, b.checklist().get(0).state());
        assertEquals(1, b.stats().unauthenticated());
        assertNull(b.selectedPair());
    }

    @Test
    void floodOfRandomDatagramsDoesNotGrowState() {
        Simulation sim = new Simulation(Seeds.seed(13));
        SplittableRandom r = new SplittableRandom(sim.seed());
        IceAgent b = victim();
        long replies = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] d = new byte[r.nextInt(0, 200)];
            r.nextBytes(d);
            if (i % 2 == 0 && d.length >= 20) {
                // shaped like STUN so it gets past the first test
                d[0] &= 0x01;
                d[2] = 0;
                d[3] = (byte) ((d.length - 20) & ~3);
                d[4] = 0x21;
                d[5] = 0x12;
                d[6] = (byte) 0xA4;
                d[7] = 0x42;
            }
            InetSocketAddress from = addr("127.0." + r.nextInt(256) + "." + r.nextInt(1, 255), r.nextInt(1, 65536));
            b.handleInput(i, new Datagram(from, r.nextBoolean() ? LOCAL : ATTACKER, d));
            for (Datagram t; (t = b.pollTransmit()) != null; ) {
                replies++;
            }
            if (i % 1000 == 0) {
                b.handleTimeout(i);
            }
        }
        assertEquals(0, b.remoteCandidates().size());
        assertEquals(0, b.checklist().size());
        assertEquals(0, b.pendingTransactions());
        assertNull(b.pollEvent());
        assertEquals(IceConnectionState.NEW, b.connectionState());
        IceAgent.Stats s = b.stats();
        assertTrue(s.malformed() + s.ignored() + s.droppedData() + s.unauthenticated() >= 50_000 - replies, s.toString());
        // and it still connects afterwards
        IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(6).credentials("aaaa", "a-password-0123456789xyz")
                .localAddress(ATTACKER).loopbackOnly().build());
        Simulation sim2 = new Simulation(sim.seed());
        IceHarness h = new IceHarness(sim2, a, new InetSocketAddress[] {ATTACKER}, b, new InetSocketAddress[] {LOCAL});
        a.setRemoteCredentials(0, "bbbb", "b-password-0123456789xyz");
        a.startGathering(0);
        a.addRemoteCandidate(0, b.localCandidates().get(0));
        h.runUntil(h::bothConnected, Duration.ofSeconds(10), "connected after the flood");
    }
}
