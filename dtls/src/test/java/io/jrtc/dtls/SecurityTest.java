package io.jrtc.dtls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SecurityTest {
    static final DtlsCertificate OTHER = DtlsCertificate.selfSignedEcdsa(Pair.seeded(99), Pair.CERT_TIME);

    static Pair established() {
        Pair p = new Pair(DtlsEndpointTest.clientCfg().build(), DtlsEndpointTest.serverCfg().build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        return p;
    }

    @Test
    void fingerprintMismatchOnTheClientIsFatalBadCertificate() {
        Pair p = new Pair(DtlsEndpointTest.clientCfg().expectedPeerFingerprint(OTHER.fingerprint()).build(),
                DtlsEndpointTest.serverCfg().build()).handshake();
        assertFalse(p.client.isEstablished());
        assertFalse(p.server.isEstablished());
        assertTrue(p.clientEvents.contains(new DtlsEvent.Alert(true, AlertDescription.BAD_CERTIFICATE, false)), p.clientEvents.toString());
        assertTrue(p.serverEvents.contains(new DtlsEvent.Alert(true, AlertDescription.BAD_CERTIFICATE, true)), p.serverEvents.toString());
        assertEquals(DtlsEndpoint.State.CLOSED, p.client.state());
        assertEquals(DtlsEndpoint.State.CLOSED, p.server.state());
        assertThrows(IllegalStateException.class, () -> p.client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60));
    }

    @Test
    void fingerprintMismatchOnTheServerIsFatalBadCertificate() {
        Pair p = new Pair(DtlsEndpointTest.clientCfg().build(),
                DtlsEndpointTest.serverCfg().expectedPeerFingerprint(OTHER.fingerprint("sha-512")).build()).handshake();
        assertFalse(p.server.isEstablished());
        assertFalse(p.client.isEstablished());
        assertTrue(p.serverEvents.contains(new DtlsEvent.Alert(true, AlertDescription.BAD_CERTIFICATE, false)), p.serverEvents.toString());
        assertTrue(p.clientEvents.contains(new DtlsEvent.Alert(true, AlertDescription.BAD_CERTIFICATE, true)), p.clientEvents.toString());
    }

    @Test
    void replayedRecordsAreDropped() {
        Pair p = established();
        p.client.send(new byte[] {1, 2, 3});
        byte[] d = p.client.pollTransmit();
        p.server.handleInput(p.now, d);
        p.server.handleInput(p.now, d);
        p.server.handleInput(p.now, d.clone());
        p.drain();
        assertEquals(1, Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).size());
        assertEquals(2, p.server.stats().replayedRecords());
    }

    @Test
    void aFlippedBitInAnApplicationDataRecordFailsAndIsDropped() {
        Pair p = established();
        p.client.send("attack at dawn".getBytes());
        byte[] d = p.client.pollTransmit();
        for (int bit = 0; bit < d.length * 8; bit++) {
            byte[] bad = d.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            p.server.handleInput(p.now, bad);
        }
        p.drain();
        assertTrue(Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).isEmpty(), "no tampered record was delivered");
        assertTrue(p.server.isEstablished());
        assertTrue(p.server.stats().authFailures() > 0);
        p.server.handleInput(p.now, d);
        p.drain();
        assertEquals("attack at dawn", new String(Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).get(0).data()));
    }

    @Test
    void aFlippedBitInTheEncryptedFinishedFailsAndIsDropped() throws Exception {
        Pair p = new Pair(DtlsEndpointTest.clientCfg().build(), DtlsEndpointTest.serverCfg().build());
        p.client.start(p.now);
        p.server.handleInput(p.now, p.client.pollTransmit());
        for (byte[] d; (d = p.server.pollTransmit()) != null; ) p.client.handleInput(p.now, d);
        List<DtlsRecord> flight5 = new ArrayList<>();
        for (byte[] d; (d = p.client.pollTransmit()) != null; ) flight5.addAll(DtlsRecord.parseAll(d));
        DtlsRecord finished = flight5.remove(flight5.size() - 1);
        assertEquals(1, finished.epoch());
        for (DtlsRecord r : flight5) p.server.handleInput(p.now, r.encode());
        byte[] fin = finished.encode();
        for (int bit = 0; bit < fin.length * 8; bit++) {
            byte[] bad = fin.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            p.server.handleInput(p.now, bad);
            assertEquals(DtlsEndpoint.State.SERVER_HELLO_SENT, p.server.state(), "bit " + bit);
        }
        p.server.handleInput(p.now, fin);
        assertTrue(p.server.isEstablished());
    }

    @Test
    void renegotiationIsRefusedBothWays() {
        Pair p = established();
        p.client.requestRenegotiationForTest(p.now);
        p.pump();
        assertTrue(p.clientEvents.contains(new DtlsEvent.Alert(false, AlertDescription.NO_RENEGOTIATION, true)), p.clientEvents.toString());
        p.server.requestRenegotiationForTest(p.now);
        p.pump();
        assertTrue(p.serverEvents.contains(new DtlsEvent.Alert(false, AlertDescription.NO_RENEGOTIATION, true)), p.serverEvents.toString());
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        p.client.send(new byte[] {42});
        p.pump();
        assertEquals(1, Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).size(), "still usable after refusing");
    }

    @Test
    void retransmissionDoublesIsCappedAndGivesUpAtTheDeadline() {
        DtlsEndpoint c = DtlsEndpoint.client(DtlsEndpointTest.clientCfg()
                .initialRetransmitTimeout(java.time.Duration.ofSeconds(1)).maxRetransmitTimeout(java.time.Duration.ofSeconds(4))
                .handshakeTimeout(java.time.Duration.ofSeconds(20)).build());
        long t0 = 5_000_000_000L;
        c.start(t0);
        List<Long> sends = new ArrayList<>();
        List<DtlsEvent> events = new ArrayList<>();
        long now = t0;
        for (int i = 0; i < 100 && c.pollTimeout() != DtlsEndpoint.NO_TIMEOUT; i++) {
            for (byte[] d; (d = c.pollTransmit()) != null; ) sends.add((now - t0) / 1_000_000_000L);
            now = c.pollTimeout();
            c.handleTimeout(now);
            for (DtlsEvent e; (e = c.pollEvent()) != null; ) events.add(e);
        }
        assertEquals(List.of(0L, 1L, 3L, 7L, 11L, 15L, 19L), sends);
        assertEquals(new DtlsEvent.Closed("handshake timeout"), events.get(events.size() - 1));
        assertEquals(20_000_000_000L, now - t0);
    }

    @Test
    void garbageNeverEscapes() {
        Pair p = established();
        byte[][] junk = {new byte[0], new byte[] {22}, new byte[13], Arrays.copyOf(new byte[] {23, (byte) 0xfe, (byte) 0xfd, 0, 1}, 60),
                Arrays.copyOf(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 99, 0, 12, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 25)};
        for (byte[] j : junk) {
            p.server.handleInput(p.now, j);
            p.client.handleInput(p.now, j);
        }
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
    }
}
