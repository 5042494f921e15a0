package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The TURN client against a scripted server, no sockets: the Allocate exchange with long-term
 * credentials, forged and unsigned answers ignored, and its requests' timers (those of stun's
 * {@code StunTransactions}). The real server is in {@link TurnCoturnTest}.
 */
class TurnClientTest {
    private static final InetSocketAddress LOCAL = addr("127.0.0.1", 40000);
    private static final InetSocketAddress SERVER = addr("127.0.0.1", 3478);
    private static final InetSocketAddress RELAYED = addr("127.0.0.1", 50000);
    private static final String REALM = "jrtc.test";
    private static final String NONCE = "nonce-0123456789";
    private static final long MS = 1_000_000L;

    private static TurnClient client() {
        return TurnClient.builder(LOCAL, SERVER).credentials("user", "secret").random(new SplittableRandom(3)).build();
    }

    private static StunMessage sent(TurnClient c) throws Exception {
        Datagram d = c.pollTransmit();
        assertNotNull(d, "a request");
        assertNull(c.pollTransmit(), "one request");
        assertEquals(LOCAL, d.source());
        assertEquals(SERVER, d.destination());
        return StunMessage.parse(d.data());
    }

    private static byte[] allocated(StunMessage request, IntegrityKey key) {
        return StunMessage.responseTo(request, MessageClass.SUCCESS_RESPONSE)
                .add(new StunAttribute.XorRelayedAddress(RELAYED)).add(new StunAttribute.XorMappedAddress(LOCAL))
                .add(new StunAttribute.Lifetime(600)).build().encode(key);
    }

    /** The first Allocate, answered 401 with realm and nonce; returns the second, signed Allocate. */
    private static StunMessage authenticatedAllocate(TurnClient c) throws Exception {
        c.allocate(0);
        StunMessage first = sent(c);
        assertEquals(Method.ALLOCATE, first.method());
        assertFalse(first.hasIntegrity(), "no credentials before the 401");
        byte[] unauthorized = StunMessage.responseTo(first, MessageClass.ERROR_RESPONSE)
                .add(new StunAttribute.ErrorCode(401, "Unauthorized")).add(new StunAttribute.Realm(REALM))
                .add(new StunAttribute.Nonce(NONCE)).build().encode();
        c.handleInput(10 * MS, unauthorized);
        StunMessage second = sent(c);
        assertTrue(second.verifyIntegrity(IntegrityKey.longTermMd5("user", REALM, "secret")));
        return second;
    }

    @Test
    void allocateWithLongTermCredentials() throws Exception {
        TurnClient c = client();
        StunMessage request = authenticatedAllocate(c);
        c.handleInput(20 * MS, allocated(request, IntegrityKey.longTermMd5("user", REALM, "secret")));
        assertEquals(new TurnClient.Event.Allocated(RELAYED, LOCAL, 600), c.pollEvent());
        assertEquals(RELAYED, c.relayedAddress());
        assertEquals(1, c.stats().unauthorized());
        assertEquals(0, c.stats().unauthenticated());
    }

    @Test
    void forgedAndUnsignedSuccessResponsesAreIgnoredAndTheRequestRetransmitted() throws Exception {
        TurnClient c = client();
        StunMessage request = authenticatedAllocate(c);
        // an attacker who saw the request answers it, signed with a guessed password, or not at all
        c.handleInput(20 * MS, allocated(request, IntegrityKey.longTermMd5("user", REALM, "guessed")));
        c.handleInput(21 * MS, allocated(request, null));
        assertNull(c.pollEvent(), "no Allocated event");
        assertNull(c.pollTransmit());
        assertNull(c.relayedAddress());
        assertTrue(c.isAllocating());
        assertEquals(2, c.stats().unauthenticated());
        // the transaction goes on: retransmitted at its RTO (500 ms after it was sent at 10 ms)
        assertEquals(510 * MS, c.pollTimeout());
        c.handleTimeout(510 * MS);
        assertEquals(request.transactionId(), sent(c).transactionId());
        // the genuine answer still completes it
        c.handleInput(600 * MS, allocated(request, IntegrityKey.longTermMd5("user", REALM, "secret")));
        assertInstanceOf(TurnClient.Event.Allocated.class, c.pollEvent());
        assertEquals(RELAYED, c.relayedAddress());
    }

    @Test
    void aSignedErrorResponseWithAForgedSignatureIsIgnored() throws Exception {
        TurnClient c = client();
        StunMessage request = authenticatedAllocate(c);
        byte[] forged = StunMessage.responseTo(request, MessageClass.ERROR_RESPONSE)
                .add(new StunAttribute.ErrorCode(486, "Allocation Quota Reached")).build()
                .encode(IntegrityKey.longTermMd5("user", REALM, "guessed"));
        c.handleInput(20 * MS, forged);
        assertNull(c.pollEvent(), "no Failed event");
        assertFalse(c.hasFailed());
        assertEquals(1, c.stats().unauthenticated());
    }

    @Test
    void anUnansweredAllocateIsSentSevenTimesThenFails() throws Exception {
        TurnClient c = client();
        c.allocate(0);
        List<Long> sends = new ArrayList<>();
        long now = 0;
        while (true) {
            for (Datagram d; (d = c.pollTransmit()) != null; ) {
                sends.add(now / MS);
            }
            TurnClient.Event e = c.pollEvent();
            if (e != null) {
                assertEquals(new TurnClient.Event.Failed("ALLOCATE failed: error 408"), e);
                break;
            }
            now = c.pollTimeout();
            assertNotEquals(Engine.NO_TIMEOUT, now);
            c.handleTimeout(now);
        }
        // RTO 500 ms doubling to a 4 s ceiling, 7 sends, then one more ceiling of waiting
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L), sends);
        assertEquals(19_500 * MS, now);
        assertTrue(c.hasFailed());
    }
}
