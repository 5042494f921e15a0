package io.jrtc.examples.dtls;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DtlsExamplesTest {
    @Test
    void clientAgainstServerInProcess() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        DtlsServerExample server = new DtlsServerExample();
        AtomicInteger serverExit = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                serverExit.set(server.run(new String[] {"--listen", "127.0.0.1:" + port, "--mtu", "400"}));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "dtls-server-example");
        t.start();
        Thread.sleep(300); // let it bind
        DtlsClientExample client = new DtlsClientExample();
        assertEquals(0, client.run(new String[] {"127.0.0.1:" + port, "--mtu", "400"}));
        t.join(20_000);
        assertEquals(0, serverExit.get(), "server finished after the client's close_notify");
        assertNotNull(client.exporterHex());
        assertEquals(112, client.exporterHex().length(), "56 bytes for SRTP_AEAD_AES_128_GCM");
        assertEquals(client.exporterHex(), server.exporterHex());
    }

    @Test
    void clientAgainstOpensslServer(@TempDir Path dir) throws Exception {
        String openssl = RealPeers.require("openssl", "apt-get install openssl").toString();
        DtlsCertificate cert = DtlsCertificate.selfSignedEcdsa(new SecureRandom(), java.time.Instant.now());
        Files.writeString(dir.resolve("c.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("k.pem"), cert.privateKeyPem());
        int port = LoopbackPorts.freeUdpPort();
        // s_server is killed with its descendants when the test ends, or by the watchdog after 2 minutes
        try (ChildProcess p = ChildProcess.command(openssl, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert",
                dir.resolve("c.pem").toString(), "-key", dir.resolve("k.pem").toString(), "-use_srtp", "SRTP_AES128_CM_SHA1_80",
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60", "-naccept", "1")
                .stdinPipe().start(Duration.ofMinutes(2))) {
            assertTrue(p.awaitOutput("ACCEPT", Duration.ofSeconds(10)), "s_server did not start: " + p.output());
            Thread answer = new Thread(() -> { // s_server answers the client's line with one of its own
                try {
                    if (p.awaitOutput("hello from jrtc", Duration.ofSeconds(30))) {
                        p.write("hello from openssl\n");
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the process ended; the client's run then fails with its own message
                }
            }, "s_server-answer");
            answer.setDaemon(true);
            answer.start();
            DtlsClientExample client = new DtlsClientExample();
            assertEquals(0, client.run(new String[] {"127.0.0.1:" + port, "--fingerprint", cert.fingerprint().toString(),
                    "--message", "hello from jrtc"}), p.output());
            assertTrue(p.awaitOutput("Keying material:", Duration.ofSeconds(5)), p.output());
            String keying = p.output().lines().filter(l -> l.contains("Keying material:")).findFirst().orElseThrow();
            assertEquals(client.exporterHex(), keying.substring(keying.indexOf(':') + 1).trim().toLowerCase(java.util.Locale.ROOT));
            assertEquals(120, client.exporterHex().length());
        }
    }
}
