package io.jrtc.examples.dtls;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Process p = new ProcessBuilder(openssl, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert",
                dir.resolve("c.pem").toString(), "-key", dir.resolve("k.pem").toString(), "-use_srtp", "SRTP_AES128_CM_SHA1_80",
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60", "-naccept", "1").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream in = p.getOutputStream();
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                    if (l.contains("hello from jrtc")) {
                        in.write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    }
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        }, "s_server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            for (int i = 0; i < 500; i++) {
                synchronized (lines) {
                    if (lines.contains("ACCEPT")) break;
                }
                Thread.sleep(10);
            }
            DtlsClientExample client = new DtlsClientExample();
            assertEquals(0, client.run(new String[] {"127.0.0.1:" + port, "--fingerprint", cert.fingerprint().toString(),
                    "--message", "hello from jrtc"}));
            String keying;
            synchronized (lines) {
                keying = lines.stream().filter(l -> l.contains("Keying material:")).findFirst().orElse("none");
            }
            assertEquals(client.exporterHex(), keying.substring(keying.indexOf(':') + 1).trim().toLowerCase(java.util.Locale.ROOT));
            assertEquals(120, client.exporterHex().length());
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
