package io.jrtc.dtls;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Interop with real OpenSSL processes ({@code s_server}/{@code s_client -dtls1_2}) over loopback UDP:
 * handshake, application data both ways, and exported SRTP keying material equal byte for byte.
 */
class OpenSslInteropTest {
    static final DtlsCertificate OURS = DtlsCertificate.selfSignedEcdsa(Pair.seeded(31), java.time.Instant.now());
    static final DtlsCertificate THEIRS = DtlsCertificate.selfSignedEcdsa(Pair.seeded(32), java.time.Instant.now());
    static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

    @TempDir
    Path dir;

    /**
     * An OpenSSL process: its merged output in a file (read at any time), commands on its stdin, killed
     * with its descendants on close or when its two-minute deadline passes, whatever the test is doing.
     */
    static final class Peer implements AutoCloseable {
        final ChildProcess process;

        Peer(List<String> cmd) throws IOException {
            process = ChildProcess.command(cmd).stdinPipe().start(Duration.ofMinutes(2));
        }

        String output() {
            return process.output();
        }

        boolean saw(String s) {
            return output().contains(s);
        }

        void write(String s) throws IOException {
            process.write(s);
        }

        void waitFor(String s, long millis) throws InterruptedException {
            process.awaitOutput(s, Duration.ofMillis(millis));
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private List<String> files(DtlsCertificate c, String name) throws IOException {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        Files.writeString(cert, c.certificatePem());
        Files.writeString(key, c.privateKeyPem());
        return List.of("-cert", cert.toString(), "-key", key.toString());
    }

    static String opensslName(SrtpProfile p) {
        return switch (p) {
            case AES_CM_128_HMAC_SHA1_80 -> "SRTP_AES128_CM_SHA1_80";
            case AES_CM_128_HMAC_SHA1_32 -> "SRTP_AES128_CM_SHA1_32";
            default -> p.dtlsName();
        };
    }

    static String keyingMaterial(String output) {
        Matcher m = KEYING.matcher(output);
        assertTrue(m.find(), "no 'Keying material:' in OpenSSL output:\n" + output);
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest(name = "jrtc client vs openssl s_server: {0}, mtu {1}, {2}, {3}")
    @CsvSource({
            "AEAD_AES_128_GCM, 300, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, X25519",
            "AES_CM_128_HMAC_SHA1_80, 1200, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, SECP256R1",
            "AEAD_AES_256_GCM, 1200, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, SECP384R1",
            "AES_CM_128_HMAC_SHA1_32, 1200, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, X25519",
    })
    void jrtcClientAgainstOpensslServer(SrtpProfile profile, int mtu, CipherSuite suite, NamedGroup group) throws Exception {
        String openssl = RealPeers.require("openssl", "apt-get install openssl").toString();
        if (mtu < 1000) {
            assertTrue(THEIRS.leaf().getEncoded().length + 6 > mtu - 25 && OURS.leaf().getEncoded().length + 6 > mtu - 25,
                    "the certificates do not fit one record at this MTU, so Certificate is fragmented both ways");
        }
        int port = LoopbackPorts.freeUdpPort();
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-use_srtp", opensslName(profile), "-keymatexport", SrtpKeyingMaterial.LABEL,
                "-keymatexportlen", String.valueOf(profile.keyingMaterialLength()), "-verify", "1", "-mtu", String.valueOf(mtu),
                "-naccept", "1"));
        cmd.addAll(files(THEIRS, "server"));
        try (Peer server = new Peer(cmd)) {
            server.waitFor("ACCEPT", 10_000);
            assertTrue(server.saw("ACCEPT"), "s_server did not start:\n" + server.output());
            DtlsEndpoint ep = DtlsEndpoint.client(DtlsConfig.builder().certificate(OURS).random(new java.security.SecureRandom()).mtu(mtu).cipherSuites(suite)
                    // RFC 8422 §5.1: the offered groups also name the curves an ECDSA certificate may use (P-256 here)
                    .groups(group == NamedGroup.SECP256R1 ? List.of(group) : List.of(group, NamedGroup.SECP256R1))
                    .expectedPeerFingerprint(THEIRS.fingerprint("sha-256")).srtpProfiles(profile).build());
            try (UdpDriver d = new UdpDriver(ep, new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", port))) {
                ep.start(System.nanoTime());
                assertTrue(d.runUntil(ep::isEstablished, 15_000), "no handshake; events " + d.events + "\n" + server.output());
                assertEquals(profile, ep.srtpProfile());
                assertEquals(suite, ep.suite());
                assertEquals(group, Pair.of(d.events, DtlsEvent.HandshakeComplete.class).get(0).group());
                assertTrue(ep.stats().cookieExchanges() > 0, "s_server's cookie exchange happened");
                ep.send("hello from jrtc\n".getBytes(StandardCharsets.UTF_8));
                d.flush();
                server.waitFor("hello from jrtc", 5_000);
                assertTrue(server.saw("hello from jrtc"), server.output());
                server.write("hello from openssl\n");
                assertTrue(d.runUntil(() -> d.has(DtlsEvent.ApplicationData.class), 5_000), "no data from s_server");
                var data = Pair.of(d.events, DtlsEvent.ApplicationData.class).get(0).data();
                assertEquals("hello from openssl\n", new String(data, StandardCharsets.UTF_8));
                server.waitFor("Keying material", 5_000);
                assertEquals(keyingMaterial(server.output()),
                        Hex.encode(ep.exportKeyingMaterial(SrtpKeyingMaterial.LABEL, null, profile.keyingMaterialLength())));
                ep.close(System.nanoTime());
                d.flush();
                server.waitFor("CONNECTION CLOSED", 5_000);
                assertTrue(server.saw("CONNECTION CLOSED") || server.saw("DONE"), "s_server saw our close_notify:\n" + server.output());
            }
        }
    }

    @ParameterizedTest(name = "openssl s_client vs jrtc server: {0}, mtu {1}, cookie {2}")
    @CsvSource({"AEAD_AES_128_GCM, 300, true", "AES_CM_128_HMAC_SHA1_80, 1200, false", "AES_CM_128_HMAC_SHA1_32, 1200, true"})
    void opensslClientAgainstJrtcServer(SrtpProfile profile, int mtu, boolean cookie) throws Exception {
        String openssl = RealPeers.require("openssl", "apt-get install openssl").toString();
        DtlsEndpoint ep = DtlsEndpoint.server(DtlsConfig.builder().certificate(OURS).random(new java.security.SecureRandom()).mtu(mtu).helloVerifyRequest(cookie)
                .expectedPeerFingerprint(THEIRS.fingerprint("sha-256")).build());
        try (UdpDriver d = new UdpDriver(ep, new InetSocketAddress("127.0.0.1", 0), null)) {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + d.localPort(),
                    "-use_srtp", opensslName(profile), "-keymatexport", SrtpKeyingMaterial.LABEL,
                    "-keymatexportlen", String.valueOf(profile.keyingMaterialLength()), "-mtu", String.valueOf(mtu)));
            cmd.addAll(files(THEIRS, "client"));
            try (Peer client = new Peer(cmd)) {
                assertTrue(d.runUntil(ep::isEstablished, 15_000), "no handshake; events " + d.events + "\n" + client.output());
                assertEquals(profile, ep.srtpProfile());
                assertEquals(cookie, ep.stats().cookieExchanges() > 0, "a cookie exchange exactly when HelloVerifyRequest is on");
                client.waitFor("Keying material", 5_000);
                assertEquals(keyingMaterial(client.output()),
                        Hex.encode(ep.exportKeyingMaterial(SrtpKeyingMaterial.LABEL, null, profile.keyingMaterialLength())));
                client.write("hello from openssl\n");
                assertTrue(d.runUntil(() -> d.has(DtlsEvent.ApplicationData.class), 5_000), "no data from s_client\n" + client.output());
                var data = Pair.of(d.events, DtlsEvent.ApplicationData.class).get(0).data();
                assertEquals("hello from openssl\n", new String(data, StandardCharsets.UTF_8));
                ep.send("hello from jrtc\n".getBytes(StandardCharsets.UTF_8));
                d.flush();
                client.waitFor("hello from jrtc", 5_000);
                assertTrue(client.saw("hello from jrtc"), client.output());
                client.process.closeStdin(); // EOF on stdin: s_client sends close_notify
                assertTrue(d.runUntil(() -> d.has(DtlsEvent.Closed.class), 5_000), "no close_notify from s_client; events " + d.events);
                assertTrue(d.events.contains(new DtlsEvent.Alert(false, AlertDescription.CLOSE_NOTIFY, true)), d.events.toString());
            }
        }
    }
}
