package io.jrtc.dtls;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DtlsEndpointTest {
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.selfSignedEcdsa(Pair.seeded(1), Pair.CERT_TIME);
    static final DtlsCertificate SERVER_CERT = DtlsCertificate.selfSignedEcdsa(Pair.seeded(2), Pair.CERT_TIME);

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
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, hc.srtpProfile());
        assertTrue(hc.extendedMasterSecret());
        assertEquals(SERVER_CERT.fingerprint(), hc.peerFingerprint());
        var hs = Pair.of(p.serverEvents, DtlsEvent.HandshakeComplete.class).get(0);
        assertEquals(CLIENT_CERT.fingerprint(), hs.peerFingerprint());
        assertArrayEquals(p.client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56),
                p.server.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56));
        assertEquals(p.client.srtpKeyingMaterial(), p.server.srtpKeyingMaterial());
        assertEquals(1, keyLog.size());
        assertTrue(keyLog.get(0).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), keyLog.get(0));

        assertEquals(CLIENT_CERT.fingerprint(), p.client.localFingerprint());
        byte[] big = new byte[p.client.maxApplicationDataPerDatagram()];
        p.client.send(big);
        byte[] one = p.client.pollTransmit();
        assertEquals(1200, one.length, "a full-MTU record fills exactly one datagram");
        p.server.handleInput(p.now, one);
        p.client.send("hello".getBytes(StandardCharsets.UTF_8));
        p.server.send("world".getBytes(StandardCharsets.UTF_8));
        p.pump();
        assertEquals(big.length, Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).get(0).data().length);
        assertEquals("hello", new String(Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).get(1).data(), StandardCharsets.UTF_8));
        assertEquals("world", new String(Pair.of(p.clientEvents, DtlsEvent.ApplicationData.class).get(0).data(), StandardCharsets.UTF_8));
    }

    @Test
    void applicationDataIsOpenedFromTheCallersSliceIntoAnArrayHandedToTheReceiver() {
        Pair p = new Pair(clientCfg().build(), serverCfg().build()).handshake();
        p.client.send("hello".getBytes(StandardCharsets.UTF_8));
        p.client.send("world".getBytes(StandardCharsets.UTF_8));
        List<byte[]> datagrams = new ArrayList<>();
        for (byte[] d; (d = p.client.pollTransmit()) != null; ) datagrams.add(d);
        int total = datagrams.stream().mapToInt(d -> d.length).sum();
        // the records back to back in a slice of a bigger receive buffer, junk on both sides
        byte[] buf = new byte[3 + total + 2];
        Arrays.fill(buf, (byte) 0x5a);
        int at = 3;
        for (byte[] d : datagrams) {
            System.arraycopy(d, 0, buf, at, d.length);
            at += d.length;
        }
        p.server.handleInput(p.now, buf, 3, total);
        Arrays.fill(buf, (byte) 0);   // the caller reuses its buffer at once
        p.drain();
        List<DtlsEvent.ApplicationData> got = Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class);
        assertEquals(2, got.size(), p.serverEvents.toString());
        assertEquals("hello", new String(got.get(0).data(), StandardCharsets.UTF_8));
        assertEquals("world", new String(got.get(1).data(), StandardCharsets.UTF_8));
        assertNotSame(got.get(0).data(), got.get(1).data());
        assertEquals(new DtlsEvent.ApplicationData("world".getBytes(StandardCharsets.UTF_8)), got.get(1), "equal by contents");
        assertEquals("ApplicationData[data=776f726c64]", got.get(1).toString());
        assertEquals(0, p.server.stats().authFailures());
    }

    static final DtlsCertificate RSA_CLIENT = DtlsCertificate.selfSignedRsa(Pair.seeded(3), Pair.CERT_TIME);
    static final DtlsCertificate RSA_SERVER = DtlsCertificate.selfSignedRsa(Pair.seeded(4), Pair.CERT_TIME);

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void everySuiteInMemory(CipherSuite suite) {
        DtlsCertificate cc = suite.ecdsa() ? CLIENT_CERT : RSA_CLIENT;
        DtlsCertificate sc = suite.ecdsa() ? SERVER_CERT : RSA_SERVER;
        Pair p = new Pair(clientCfg().certificate(cc).expectedPeerFingerprint(sc.fingerprint()).cipherSuites(suite).build(),
                serverCfg().certificate(sc).expectedPeerFingerprint(cc.fingerprint()).build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished(), p.clientEvents + " " + p.serverEvents);
        assertEquals(suite, p.client.suite());
        p.client.send(new byte[1000]);
        p.pump();
        assertEquals(1000, Pair.of(p.serverEvents, DtlsEvent.ApplicationData.class).get(0).data().length);
    }

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"RSA_PKCS1_SHA256", "RSA_PSS_RSAE_SHA256", "RSA_PKCS1_SHA384", "RSA_PSS_RSAE_SHA384"})
    void rsaSignatureSchemes(SignatureScheme scheme) {
        Pair p = new Pair(clientCfg().certificate(RSA_CLIENT).expectedPeerFingerprint(RSA_SERVER.fingerprint()).signatureSchemes(scheme).build(),
                serverCfg().certificate(RSA_SERVER).expectedPeerFingerprint(RSA_CLIENT.fingerprint()).build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished(), p.clientEvents + " " + p.serverEvents);
        assertEquals(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, p.client.suite());
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void everyGroup(NamedGroup group) {
        Pair p = new Pair(clientCfg().groups(group).build(), serverCfg().build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        assertEquals(group, Pair.of(p.clientEvents, DtlsEvent.HandshakeComplete.class).get(0).group());
    }

    @Test
    void cookieExchange() {
        Pair p = new Pair(clientCfg().build(), serverCfg().helloVerifyRequest(true).build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        assertEquals(1, p.client.stats().cookieExchanges());
        assertEquals(1, p.server.stats().cookieExchanges());
    }

    @Test
    void withoutExtendedMasterSecretOrSrtp() {
        Pair p = new Pair(clientCfg().extendedMasterSecret(false).srtpProfiles(List.of()).build(), serverCfg().build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        var hc = Pair.of(p.clientEvents, DtlsEvent.HandshakeComplete.class).get(0);
        assertFalse(hc.extendedMasterSecret());
        assertNull(hc.srtpProfile());
        assertNull(p.client.srtpKeyingMaterial());
        assertArrayEquals(p.client.exportKeyingMaterial("label", new byte[] {1, 2}, 32), p.server.exportKeyingMaterial("label", new byte[] {1, 2}, 32));
    }

    @Test
    void dtls13ClientHelloWithBigKeyShareIsAnsweredWithDtls12() {
        // supported_versions: DTLS 1.3 (0xFEFC) and 1.2; key_share: X25519MLKEM768 (0x11EC, 1216 bytes) and x25519
        byte[] versions = {4, (byte) 0xfe, (byte) 0xfc, (byte) 0xfe, (byte) 0xfd};
        int pqLen = 1216;
        byte[] ks = new byte[2 + 4 + pqLen + 4 + 32];
        int total = ks.length - 2;
        ks[0] = (byte) (total >>> 8);
        ks[1] = (byte) total;
        ks[2] = 0x11;
        ks[3] = (byte) 0xEC;
        ks[4] = (byte) (pqLen >>> 8);
        ks[5] = (byte) pqLen;
        ks[6 + pqLen] = 0;
        ks[7 + pqLen] = 29;
        ks[8 + pqLen] = 0;
        ks[9 + pqLen] = 32;
        Pair p = new Pair(clientCfg().extraClientHelloExtensions(List.of(new Extension(Extension.SUPPORTED_VERSIONS, Bytes.wrap(versions)),
                new Extension(Extension.KEY_SHARE, Bytes.wrap(ks)))).build(), serverCfg().helloVerifyRequest(true).build());
        p.client.start(p.now);
        List<byte[]> first = new ArrayList<>();
        for (byte[] d; (d = p.client.pollTransmit()) != null; ) first.add(d);
        assertTrue(first.size() >= 2, "the ClientHello spans datagrams");
        for (byte[] d : first) {
            assertTrue(d.length <= 1200);
            p.server.handleInput(p.now, d);
        }
        p.pump();
        assertTrue(p.client.isEstablished() && p.server.isEstablished(), p.clientEvents + " " + p.serverEvents);
    }

    @Test
    void lostLastFlightIsRetransmittedWhenTheClientRetransmits() {
        Pair p = new Pair(clientCfg().build(), serverCfg().build());
        p.client.start(p.now);
        p.server.handleInput(p.now, p.client.pollTransmit());
        for (byte[] d; (d = p.server.pollTransmit()) != null; ) p.client.handleInput(p.now, d);
        for (byte[] d; (d = p.client.pollTransmit()) != null; ) p.server.handleInput(p.now, d);
        assertTrue(p.server.isEstablished());
        int lost = 0;
        for (byte[] d; (d = p.server.pollTransmit()) != null; ) lost++; // flight 6 lost
        assertTrue(lost > 0);
        assertFalse(p.client.isEstablished());
        p.now = p.client.pollTimeout();
        p.client.handleTimeout(p.now);
        p.pump();
        assertTrue(p.client.isEstablished());
        assertEquals(1, p.client.stats().retransmissions());
        assertEquals(1, p.server.stats().retransmissions(), "server answered the retransmitted flight with its last flight");
    }

    @Test
    void closeNotifyBothWays() {
        Pair p = new Pair(clientCfg().build(), serverCfg().build()).handshake();
        p.client.close(p.now);
        p.pump();
        assertEquals(new DtlsEvent.Closed("closed locally"), p.clientEvents.get(p.clientEvents.size() - 1));
        assertTrue(p.serverEvents.contains(new DtlsEvent.Alert(false, AlertDescription.CLOSE_NOTIFY, true)));
        assertEquals(new DtlsEvent.Closed("close_notify from peer"), p.serverEvents.get(p.serverEvents.size() - 1));
        Pair q = new Pair(clientCfg().build(), serverCfg().build()).handshake();
        q.server.close(q.now);
        q.pump();
        assertEquals(new DtlsEvent.Closed("close_notify from peer"), q.clientEvents.get(q.clientEvents.size() - 1));
        assertThrows(IllegalStateException.class, () -> q.client.send(new byte[1]));
    }

    @Test
    void sendBeforeEstablishedIsRefused() {
        DtlsEndpoint c = DtlsEndpoint.client(clientCfg().build());
        assertThrows(IllegalStateException.class, () -> c.send(new byte[1]));
    }

    @Test
    void fingerprintsInSdpFormat() {
        Fingerprint f = SERVER_CERT.fingerprint("sha-256");
        assertTrue(f.toString().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"), f.toString());
        assertEquals(f, Fingerprint.parse(f.toString()));
        assertEquals(48, SERVER_CERT.fingerprint("sha-384").digest().length());
        assertEquals(64, SERVER_CERT.fingerprint("sha-512").digest().length());
        assertTrue(SERVER_CERT.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals("RSA", RSA_SERVER.keyAlgorithm());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) RSA_SERVER.leaf().getPublicKey()).getModulus().bitLength());
    }

    @Test
    void serverWithoutClientAuthentication() {
        Pair p = new Pair(clientCfg().build(), serverCfg().requireClientCertificate(false).build()).handshake();
        assertTrue(p.client.isEstablished() && p.server.isEstablished());
        assertTrue(p.server.peerCertificates().isEmpty());
        assertNull(Pair.of(p.serverEvents, DtlsEvent.HandshakeComplete.class).get(0).peerFingerprint());
    }

    @Test
    void noCommonSuiteIsAHandshakeFailure() {
        Pair p = new Pair(clientCfg().cipherSuites(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256).build(), serverCfg().build()).handshake();
        assertTrue(p.serverEvents.contains(new DtlsEvent.Alert(true, AlertDescription.HANDSHAKE_FAILURE, false)), p.serverEvents.toString());
        assertTrue(p.clientEvents.contains(new DtlsEvent.Alert(true, AlertDescription.HANDSHAKE_FAILURE, true)), p.clientEvents.toString());
    }
}
