package io.jrtc.examples.browser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with real browsers' data channels: headless Chromium (dcSCTP, BoringSSL) and Firefox ESR
 * (usrsctp, NSS) each open a data channel to jrtc's {@code browser-datachannel} example, send 50
 * texts and a 64 KiB binary message and check the echoes, with jrtc as DTLS client (setup:active)
 * and as DTLS server (setup:passive) answering the browser's offer, and with jrtc making the offer
 * ({@code Jsep.createOffer}) that the browser answers. Everything runs in a loopback-only network namespace
 * ({@link InLoopbackNamespace}).
 */
class BrowserDataChannelTest {

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"chromium, active", "chromium, passive", "chromium, jrtc-offers",
            "firefox-esr, active", "firefox-esr, passive", "firefox-esr, jrtc-offers"})
    void browserDataChannelEchoesThroughJrtc(String browser, String mode) throws Exception {
        Path exe = InLoopbackNamespace.requireBrowser(browser);
        String flag = browser.startsWith("firefox") ? "--firefox " : "--chromium ";
        boolean offers = mode.equals("jrtc-offers");
        String out = InLoopbackNamespace.runExample("browser-datachannel " + flag + exe
                + (offers ? " --jrtc-offers" : " --setup " + mode) + " --timeout 60", 100);
        for (String s : new String[] {"[ICE] selected pair /127.0.0.1:",
                offers ? "the browser answered setup:active: jrtc is the DTLS server" : "answer: setup:" + mode,
                "[DTLS] handshake complete (jrtc " + (mode.equals("active") ? "client" : "server") + "):",
                "the browser's certificate matches its a=fingerprint", "[SCTP] association established",
                "[DC] the browser opened \"echo\"", "\"texts\":50", "\"inOrder\":true", "\"binaryOk\":true",
                "done: jrtc echoed 51 messages"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
