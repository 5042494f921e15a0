package io.jrtc.dtls;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DtlsEndpointTest {
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.selfSignedEcdsa(Pair.seeded(1));
    static final DtlsCertificate SERVER_CERT = DtlsCertificate.selfSignedEcdsa(Pair.seeded(2));

    static DtlsConfig.Builder clientCfg() {
        return DtlsConfig.builder().certificate(CLIENT_CERT).random(Pair.seeded(11))
                .expectedPeerFingerprint(SERVER_CERT.fingerprint());
    }

    static DtlsConfig.Builder serverCfg() {
        return DtlsConfig.builder().certificate(SERVER_CERT).random(Pair.seeded(12))
                .expectedPeerFingerprint(CLIENT_CERT.fingerprint());
    }

    @Test
    void fullHandshakeAndDataBothWays() {
        List<String> keyLog = new ArrayList<>();
        Pair p = new Pair(clientCfg().keyLog(keyLog::add).build(), serverCfg().build()).handshake();
        assertTrue(p.client.isEstablished(), "client " + p.client.state() + " " + p.clientEvents);
        assertTrue(p.server.isEstablished(), "server " + p.server.state() + " " + p.serverEvents);
        var hc = Pair.of(p.clientEvents, DtlsEvent.HandshakeComplete.class).get(0);
        assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, hc.suite());
        assertEquals(NamedGroup.X25519, hc.group());
        assertEquals(SrtpProfile.SRTP_AEAD_AES_128_GCM, hc.srtpProfile());
        assertTrue(hc.extendedMasterSecret());
        assertEquals(SERVER_CERT.fingerprint(), hc.peerFingerprint());
        var hs = Pair.of(p.serverEvents, DtlsEvent.HandshakeComplete.class).get(0);
        assertEquals(CLIENT_CERT.fingerprint(), hs.peerFingerprint());
        assertArrayEquals(p.client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56),
                p.server.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56));
        assertEquals(p.client.srtpKeyingMaterial(), p.server.srtpKeyingMaterial());
        assertEquals(1, keyLog.size());
        assertTrue(keyLog.get(0).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), keyLog.get(0));

        p.client.send("hello".getBytes(StandardCharsets.UTF_8));
        p.server.send("world".getBytes(StandardCharsets.UTF_8));
        p.pump();
        assertEquals("hello", new String(Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).get(0).data().toByteArray(), StandardCharsets.UTF_8));
        assertEquals("world", new String(Pair.of(p.clientEvents, DtlsEvent.ApplicationData.class).get(0).data().toByteArray(), StandardCharsets.UTF_8));
    }
}
