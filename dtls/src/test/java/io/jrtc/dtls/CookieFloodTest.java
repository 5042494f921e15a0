package io.jrtc.dtls;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server with cookies on (RFC 6347 §4.2.1) flooded with ClientHellos from many clients: every one is
 * answered with exactly one HelloVerifyRequest and nothing else, and the server keeps no state for
 * any of them (its state, buffers, timers and events are what they were before the flood). A real
 * client then completes its handshake through the same server.
 */
class CookieFloodTest {
    private static final int CLIENTS = 300;
    private static final long T0 = 1_000_000_000L;

    @Test
    void aClientHelloFloodGetsOnlyCookiesAndLeavesNoPerClientState() throws Exception {
        DtlsEndpoint server = DtlsEndpoint.server(DtlsEndpointTest.serverCfg().helloVerifyRequest(true).build());
        DtlsConfig clientCfg = DtlsEndpointTest.clientCfg().build();
        server.start(T0);
        long deadline = server.pollTimeout();
        assertEquals(T0 + 120_000_000_000L, deadline, "only the handshake deadline runs");

        for (int i = 0; i < CLIENTS; i++) {
            DtlsEndpoint client = DtlsEndpoint.client(clientCfg);
            long now = T0 + i * 1_000_000L;
            client.start(now);
            byte[] hello = client.pollTransmit();
            server.handleInput(now, hello);

            byte[] answer = server.pollTransmit();
            assertNull(server.pollTransmit(), "one datagram per ClientHello");
            List<DtlsRecord> records = DtlsRecord.parseAll(answer);
            assertEquals(1, records.size());
            assertEquals(ContentType.HANDSHAKE, records.get(0).contentType());
            assertEquals(0, records.get(0).epoch());
            List<HandshakeFragment> fragments = HandshakeFragment.parseAll(records.get(0).fragment().toByteArray());
            assertEquals(1, fragments.size());
            assertEquals(Handshake.HELLO_VERIFY_REQUEST, fragments.get(0).msgType());
            Handshake.HelloVerifyRequest hvr = Handshake.HelloVerifyRequest.parse(fragments.get(0).body().toByteArray());
            assertEquals(20, hvr.cookie().length());

            assertNull(server.pollEvent(), "no event for an unverified client");
            assertEquals(DtlsEndpoint.State.WAIT_CLIENT_HELLO, server.state());
            DtlsEndpoint.Stats st = server.stats();
            assertEquals(i + 1, st.cookieExchanges());
            assertEquals(0, st.bufferedHandshakeBytes(), "no handshake message kept");
            assertEquals(0, st.queuedRecords());
            assertEquals(0, st.earlyRecords());
            assertEquals(0, st.droppedRecords() + st.droppedDatagrams() + st.internalErrors());
            assertEquals(deadline, server.pollTimeout(), "no retransmission timer for a cookie");
            assertNull(server.suite(), "nothing negotiated");
        }

        // a client that answers its cookie still gets through
        DtlsEndpoint client = DtlsEndpoint.client(clientCfg);
        client.start(T0 + CLIENTS * 1_000_000L);
        long now = T0 + CLIENTS * 1_000_000L;
        for (int round = 0; round < 10 && !(client.isEstablished() && server.isEstablished()); round++) {
            for (byte[] d; (d = client.pollTransmit()) != null; ) server.handleInput(now, d);
            for (byte[] d; (d = server.pollTransmit()) != null; ) client.handleInput(now, d);
        }
        assertTrue(client.isEstablished() && server.isEstablished(), "client " + client.state() + ", server " + server.state());
        assertEquals(CLIENTS + 1, server.stats().cookieExchanges());
        assertArrayEquals(client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56),
                server.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56));
    }

    @Test
    void aForgedClientHelloWithAHighRecordNumberDoesNotLockTheRealClientOut() throws Exception {
        DtlsEndpoint server = DtlsEndpoint.server(DtlsEndpointTest.serverCfg().helloVerifyRequest(true).build());
        DtlsConfig clientCfg = DtlsEndpointTest.clientCfg().build();
        DtlsEndpoint attacker = DtlsEndpoint.client(clientCfg);
        attacker.start(T0);
        byte[] forged = attacker.pollTransmit();
        for (int i = 5; i < 11; i++) forged[i] = (byte) 0xFF; // record sequence number 2^48 - 1
        server.handleInput(T0, forged);
        assertEquals(Handshake.HELLO_VERIFY_REQUEST, HandshakeFragment.parseAll(
                DtlsRecord.parseAll(server.pollTransmit()).get(0).fragment().toByteArray()).get(0).msgType());

        DtlsEndpoint client = DtlsEndpoint.client(clientCfg); // its records are numbered 0, 1, 2, ...
        client.start(T0);
        for (int round = 0; round < 10 && !(client.isEstablished() && server.isEstablished()); round++) {
            for (byte[] d; (d = client.pollTransmit()) != null; ) server.handleInput(T0, d);
            for (byte[] d; (d = server.pollTransmit()) != null; ) client.handleInput(T0, d);
        }
        assertTrue(client.isEstablished() && server.isEstablished(), "client " + client.state() + ", server " + server.state());
        assertEquals(0, server.stats().replayedRecords());
    }
}
