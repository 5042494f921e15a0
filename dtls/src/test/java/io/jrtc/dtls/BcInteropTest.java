package io.jrtc.dtls;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Interop with Bouncy Castle's DTLS 1.2 (bctls) in-process, both roles, every suite both implement. */
class BcInteropTest {
    static final DtlsCertificate EC = DtlsCertificate.selfSignedEcdsa(Pair.seeded(21), java.time.Instant.now());
    static final DtlsCertificate RSA = DtlsCertificate.selfSignedRsa(Pair.seeded(22), java.time.Instant.now());
    static final DtlsCertificate BC_EC = DtlsCertificate.selfSignedEcdsa(Pair.seeded(23), java.time.Instant.now());
    static final DtlsCertificate BC_RSA = DtlsCertificate.selfSignedRsa(Pair.seeded(24), java.time.Instant.now());

    /** Drives our endpoint against the BC thread in real time until it has the reply or fails. */
    static List<DtlsEvent> drive(DtlsEndpoint ep, BcPeer.QueueTransport t, BcPeer.Result r, Thread bc) throws Exception {
        List<DtlsEvent> events = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean sent = false;
        ep.start(System.nanoTime());
        while (System.nanoTime() < end) {
            byte[] in = t.out.poll(5, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (in != null) ep.handleInput(now, in);
            if (now >= ep.pollTimeout()) ep.handleTimeout(now);
            for (byte[] d; (d = ep.pollTransmit()) != null; ) t.in.add(d);
            for (DtlsEvent e; (e = ep.pollEvent()) != null; ) events.add(e);
            if (!sent && ep.isEstablished()) {
                ep.send("ping".getBytes(StandardCharsets.UTF_8));
                for (byte[] d; (d = ep.pollTransmit()) != null; ) t.in.add(d);
                sent = true;
            }
            if (events.stream().anyMatch(e -> e instanceof DtlsEvent.Closed)) {
                break;
            }
            if (!bc.isAlive() && r.error != null) break;
        }
        ep.close(System.nanoTime());
        for (byte[] d; (d = ep.pollTransmit()) != null; ) t.in.add(d);
        bc.join(10_000);
        if (r.error != null) throw new AssertionError("BC side failed; jrtc events " + events, r.error);
        return events;
    }

    static void check(DtlsEndpoint ep, List<DtlsEvent> events, BcPeer.Result r, CipherSuite suite, SrtpProfile profile,
                      DtlsCertificate bcCert, DtlsCertificate ours, NamedGroup group) {
        var hc = Pair.of(events, DtlsEvent.HandshakeComplete.class);
        if (group != null && !hc.isEmpty()) assertEquals(group, hc.get(0).group());
        assertEquals(1, hc.size(), "events " + events);
        assertEquals(suite, hc.get(0).suite());
        assertEquals(suite.id(), r.selectedSuite);
        assertEquals(profile, hc.get(0).srtpProfile());
        assertEquals(profile.dtlsId(), r.srtpProfile);
        assertTrue(hc.get(0).extendedMasterSecret());
        assertEquals(bcCert.fingerprint(), hc.get(0).peerFingerprint());
        assertTrue(ours.fingerprint().matches(r.peerCertDer));
        assertEquals(new DtlsEvent.Closed("close_notify from peer"), events.get(events.size() - 1), "BC's close_notify closes us");
        assertEquals("ping", new String(r.received, StandardCharsets.UTF_8));
        assertEquals("bc:ping", new String(Pair.of(events, DtlsEvent.ApplicationData.class).get(0).data(), StandardCharsets.UTF_8));
        byte[] ours2 = ep.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, profile.keyingMaterialLength());
        assertEquals(Hex.encode(r.exported), Hex.encode(ours2));
    }

    @ParameterizedTest(name = "jrtc client, BC server: {0} {1} pss={2} group={3}")
    @CsvSource({
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, false,",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, false, SECP256R1",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, AEAD_AES_256_GCM, false, SECP384R1",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, AES_CM_128_HMAC_SHA1_80, false,",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, AES_CM_128_HMAC_SHA1_32, false,",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, true,",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, AEAD_AES_128_GCM, true,",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, AEAD_AES_128_GCM, false,",
    })
    void jrtcClientBcServer(CipherSuite suite, SrtpProfile profile, boolean pss, NamedGroup group) throws Exception {
        DtlsCertificate bcCert = suite.ecdsa() ? BC_EC : BC_RSA;
        DtlsCertificate ours = suite.ecdsa() ? EC : RSA;
        var t = new BcPeer.QueueTransport(1200);
        var r = new BcPeer.Result();
        Thread bc = BcPeer.server(t, bcCert, new int[] {suite.id()}, new int[] {profile.dtlsId()}, pss, true, r, profile.keyingMaterialLength());
        DtlsEndpoint ep = DtlsEndpoint.client(DtlsConfig.builder().certificate(ours).random(Pair.seeded(5))
                .groups(group == null ? List.of(NamedGroup.X25519, NamedGroup.SECP256R1) : List.of(group))
                .expectedPeerFingerprint(bcCert.fingerprint("sha-512"))
                .signatureSchemes(pss ? List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256)
                        : List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256))
                .build());
        check(ep, drive(ep, t, r, bc), r, suite, profile, bcCert, ours, group);
    }

    @ParameterizedTest(name = "BC client, jrtc server: {0} {1} pss={2} cookie={3} group={4}")
    @CsvSource({
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, false, true,",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, AES_CM_128_HMAC_SHA1_80, false, false, SECP256R1",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, AEAD_AES_256_GCM, false, false,",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, AES_CM_128_HMAC_SHA1_32, false, true,",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, false, false,",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, AEAD_AES_128_GCM, true, false,",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, AEAD_AES_128_GCM, true, false,",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, AEAD_AES_128_GCM, false, false,",
    })
    void bcClientJrtcServer(CipherSuite suite, SrtpProfile profile, boolean pss, boolean cookie, NamedGroup group) throws Exception {
        DtlsCertificate bcCert = suite.ecdsa() ? BC_EC : BC_RSA;
        DtlsCertificate ours = suite.ecdsa() ? EC : RSA;
        var t = new BcPeer.QueueTransport(1200);
        var r = new BcPeer.Result();
        Thread bc = BcPeer.client(t, bcCert, new int[] {suite.id()}, new int[] {profile.dtlsId()}, pss, r, profile.keyingMaterialLength());
        DtlsEndpoint ep = DtlsEndpoint.server(DtlsConfig.builder().certificate(ours).random(Pair.seeded(6))
                .expectedPeerFingerprint(bcCert.fingerprint("sha-384")).helloVerifyRequest(cookie)
                .groups(group == null ? List.of(NamedGroup.X25519, NamedGroup.SECP256R1) : List.of(group))
                .signatureSchemes(pss ? List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256)
                        : List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256))
                .build());
        check(ep, drive(ep, t, r, bc), r, suite, profile, bcCert, ours, group);
    }
}
