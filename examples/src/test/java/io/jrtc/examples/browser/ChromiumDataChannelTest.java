package io.jrtc.examples.browser;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with a real browser: headless Chromium opens a data channel to jrtc's
 * {@code browser-datachannel} example, sends 50 texts and a 64 KiB binary message and checks the
 * echoes. Both run in a fresh network namespace whose only interface is loopback
 * ({@code unshare --net}, then {@code ip link set lo up}), so nothing can leave the machine, whatever
 * Chromium tries. Needs chromium, unshare and ip (and the right to create a namespace): skipped
 * locally without them, a failure with {@code CI=true}.
 */
class ChromiumDataChannelTest {

    /** active: jrtc is the DTLS client (the usual answer); passive: jrtc is the DTLS server, Chromium the client. */
    @ParameterizedTest
    @ValueSource(strings = {"active", "passive"})
    void chromiumDataChannelEchoesThroughJrtc(String setup) throws Exception {
        Path chromium = RealPeers.require("chromium", "apt-get install chromium");
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        Path ip = RealPeers.require("ip", "apt-get install iproute2");
        Process probe = new ProcessBuilder(unshare.toString(), "--net", "true").redirectErrorStream(true).start();
        boolean namespaces = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        RealPeers.requireThat(namespaces, "cannot create a network namespace here (unshare --net needs CAP_SYS_ADMIN)");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String inside = ip + " link set lo up && exec " + java
                + " -cp '" + System.getProperty("java.class.path") + "'"
                + " io.jrtc.examples.Launcher browser-datachannel --chromium " + chromium + " --setup " + setup + " --timeout 60";
        Process p = new ProcessBuilder(List.of(unshare.toString(), "--net", "sh", "-c", inside))
                .redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "browser-datachannel did not finish");
        String out = new String(output, StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        for (String s : new String[] {"[ICE] selected pair /127.0.0.1:", "setup:" + setup, "[DTLS] handshake complete (jrtc " + (setup.equals("active") ? "client" : "server") + "):",
                "the browser's certificate matches its a=fingerprint", "[SCTP] association established",
                "[DC] the browser opened \"echo\"", "\"texts\":50", "\"inOrder\":true", "\"binaryOk\":true",
                "done: jrtc echoed 51 messages"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
