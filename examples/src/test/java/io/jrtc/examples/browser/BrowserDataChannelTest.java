package io.jrtc.examples.browser;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with real browsers' data channels: headless Chromium (dcSCTP, BoringSSL) and Firefox ESR
 * (usrsctp, NSS) each open a data channel to jrtc's {@code browser-datachannel} example, send 50
 * texts and a 64 KiB binary message and check the echoes, with jrtc as DTLS client (setup:active)
 * and as DTLS server (setup:passive). Everything runs in a loopback-only network namespace
 * ({@link InLoopbackNamespace}).
 */
class BrowserDataChannelTest {

    @ParameterizedTest(name = "{0}, jrtc setup:{1}")
    @CsvSource({"chromium, active", "chromium, passive", "firefox-esr, active", "firefox-esr, passive"})
    void browserDataChannelEchoesThroughJrtc(String browser, String setup) throws Exception {
        Path exe = RealPeers.require(browser, "apt-get install " + browser);
        InLoopbackNamespace.require();
        String flag = browser.startsWith("firefox") ? "--firefox " : "--chromium ";
        String out = InLoopbackNamespace.runExample("browser-datachannel " + flag + exe + " --setup " + setup
                + " --timeout 60", 100);
        for (String s : new String[] {"[ICE] selected pair /127.0.0.1:", "setup:" + setup,
                "[DTLS] handshake complete (jrtc " + (setup.equals("active") ? "client" : "server") + "):",
                "the browser's certificate matches its a=fingerprint", "[SCTP] association established",
                "[DC] the browser opened \"echo\"", "\"texts\":50", "\"inOrder\":true", "\"binaryOk\":true",
                "done: jrtc echoed 51 messages"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
