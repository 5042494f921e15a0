package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.core.Hex;
import io.jrtc.stun.StunAttribute.*;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The Binding responder: answers, error responses, and hostile datagrams dropped and counted. */
class StunServerTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress CLIENT6 = new InetSocketAddress("2001:db8::7", 50000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 3478);

    private static StunMessage request(long seed, StunAttribute... attributes) {
        return StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SplittableRandom(seed)).addAll(List.of(attributes)).build();
    }

    /** Feeds one datagram; returns the parsed answer, or null when there was none. */
    private static StunMessage exchange(StunServer server, InetSocketAddress from, byte[] data) throws StunParseException {
        server.handleInput(0, new Datagram(from, SERVER, data));
        Datagram out = server.pollTransmit();
        assertNull(server.pollTransmit());
        if (out == null) {
            return null;
        }
        assertEquals(from, out.destination());
        assertEquals(SERVER, out.source());
        return StunMessage.parse(out.data(), 0, out.data().length, true);
    }

    @Test
    void answersBindingWithXorMappedAddressSoftwareAndFingerprint() throws Exception {
        StunServer server = new StunServer(new StunServer.Config("jrtc test", null));
        StunMessage req = request(1);
        StunMessage resp = exchange(server, CLIENT, req.encode());
        assertTrue(resp.isSuccessResponse());
        assertEquals(req.transactionId(), resp.transactionId());
        assertEquals(CLIENT, resp.attribute(XorMappedAddress.class).orElseThrow().address());
        assertEquals("jrtc test", resp.attribute(Software.class).orElseThrow().value());
        assertTrue(resp.verifyFingerprint());
        assertFalse(resp.hasIntegrity());
        assertEquals(CLIENT6, exchange(server, CLIENT6, request(2).encode()).attribute(XorMappedAddress.class)
                .orElseThrow().address());
        assertEquals(2, server.answered());
        assertEquals(Engine.NO_TIMEOUT, server.pollTimeout());
        var answered = assertInstanceOf(StunServer.Answered.class, server.pollEvent());
        assertEquals(CLIENT, answered.from());
        assertEquals(req, answered.request());
    }

    @Test
    void dropsAndCountsEveryBadDatagramAndAnswersTheNextValidOne() throws Exception {
        StunServer server = new StunServer();
        byte[] valid = request(3, new Software("abc")).encodeWithFingerprint();
        List<byte[]> bad = new ArrayList<>();
        bad.add(java.util.Arrays.copyOf(valid, 12));                       // truncated header
        byte[] notMultiple = valid.clone();
        notMultiple[3] = 7;
        bad.add(notMultiple);                                               // length not a multiple of 4
        byte[] pastEnd = valid.clone();
        pastEnd[23] = 64;
        bad.add(pastEnd);                                                   // attribute past the end
        byte[] cookie = valid.clone();
        cookie[5] = 0;
        cookie[6] = 0;
        bad.add(cookie);                                                    // wrong cookie (but not RFC 3489-shaped: FINGERPRINT fails)
        byte[] fingerprint = valid.clone();
        fingerprint[valid.length - 1] ^= 1;
        bad.add(fingerprint);                                               // FINGERPRINT mismatch
        byte[] garbage = new byte[65536];
        new SplittableRandom(7).nextBytes(garbage);
        bad.add(garbage);                                                   // 64 KiB of garbage
        bad.add(new byte[0]);

        for (byte[] b : bad) {
            assertNull(exchange(server, CLIENT, b));
            var dropped = assertInstanceOf(StunServer.Dropped.class, server.pollEvent());
            assertTrue(dropped.malformed());
            assertFalse(dropped.reason().isBlank());
        }
        assertEquals(bad.size(), server.malformed());
        assertEquals(0, server.answered());

        StunMessage resp = exchange(server, CLIENT, valid);
        assertTrue(resp.isSuccessResponse());
        assertEquals(1, server.answered());
    }

    @Test
    void indicationsAndResponsesAreIgnored() throws Exception {
        StunServer server = new StunServer();
        byte[] indication = StunMessage.builder(MessageClass.INDICATION, Method.BINDING)
                .randomTransactionId(new SplittableRandom(4)).build().encode();
        assertNull(exchange(server, CLIENT, indication));
        byte[] response = StunMessage.responseTo(request(5), MessageClass.SUCCESS_RESPONSE).build().encode();
        assertNull(exchange(server, CLIENT, response));
        assertEquals(2, server.ignored());
        assertEquals(0, server.malformed());
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420() throws Exception {
        StunServer server = new StunServer();
        StunMessage resp = exchange(server, CLIENT,
                request(6, new Opaque(0x7001, Bytes.fromHex("00")), new Opaque(0xC057, Bytes.fromHex("00010000"))).encode());
        assertTrue(resp.isErrorResponse());
        assertEquals(420, resp.attribute(ErrorCode.class).orElseThrow().code());
        assertEquals(List.of(0x7001), resp.attribute(UnknownAttributes.class).orElseThrow().types());
    }

    @Test
    void otherMethodsGet400() throws Exception {
        StunServer server = new StunServer();
        byte[] allocate = StunMessage.builder(MessageClass.REQUEST, Method.ALLOCATE)
                .randomTransactionId(new SplittableRandom(8)).add(new RequestedTransport(17)).build().encode();
        StunMessage resp = exchange(server, CLIENT, allocate);
        assertEquals(Method.ALLOCATE, resp.method());
        assertEquals(400, resp.attribute(ErrorCode.class).orElseThrow().code());
    }

    @Test
    void shortTermIntegrity() throws Exception {
        IntegrityKey key = IntegrityKey.shortTerm("server-password");
        StunServer server = new StunServer(new StunServer.Config("jrtc", key));

        StunMessage ok = exchange(server, CLIENT, request(9, new Username("srv:cli")).encode(key));
        assertTrue(ok.isSuccessResponse());
        assertTrue(ok.verifyIntegrity(key), "the success response is signed");

        StunMessage unsigned = exchange(server, CLIENT, request(10, new Username("srv:cli")).encode());
        assertEquals(400, unsigned.attribute(ErrorCode.class).orElseThrow().code());

        StunMessage wrong = exchange(server, CLIENT, request(11, new Username("srv:cli")).encode(IntegrityKey.shortTerm("guess")));
        assertEquals(401, wrong.attribute(ErrorCode.class).orElseThrow().code());
        assertFalse(wrong.hasIntegrity());
    }

    @Test
    void classicRfc3489RequestGetsMappedAddress() throws Exception {
        StunServer server = new StunServer();
        byte[] classic = Hex.decode("0001 0000 00112233445566778899aabbccddeeff");
        StunMessage resp = exchange(server, CLIENT, classic);
        assertTrue(resp.isClassic());
        assertEquals(Bytes.fromHex("00112233445566778899aabbccddeeff"), resp.transactionId());
        assertEquals(CLIENT, resp.attribute(MappedAddress.class).orElseThrow().address());
        assertFalse(resp.hasFingerprint());
    }

    @Test
    void aRequestOverTheAttributeLimitIsDroppedAndCountedNotAnswered() throws Exception {
        StunServer server = new StunServer();
        assertNull(exchange(server, CLIENT, StunMessageTest.requestWithAttributes(StunMessage.MAX_ATTRIBUTES + 1)));
        var dropped = assertInstanceOf(StunServer.Dropped.class, server.pollEvent());
        assertTrue(dropped.malformed());
        assertTrue(dropped.reason().contains("more than 64 attributes"), dropped.reason());
        assertEquals(new StunServer.Stats(0, 1, 0), server.stats());
        // at the limit it is an ordinary request
        StunMessage resp = exchange(server, CLIENT, StunMessageTest.requestWithAttributes(StunMessage.MAX_ATTRIBUTES));
        assertTrue(resp.isSuccessResponse());
        assertEquals(new StunServer.Stats(1, 1, 0), server.stats());
    }
}
