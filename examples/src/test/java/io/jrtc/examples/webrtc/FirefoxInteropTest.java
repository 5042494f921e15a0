package io.jrtc.examples.webrtc;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link io.jrtc.webrtc.PeerConnection} against headless Firefox ESR (usrsctp, NSS, its own ICE and
 * media engine: an implementation independent of Chromium's at every layer), the same page and
 * driver as {@link ChromiumInteropTest} in {@code --firefox} mode, all cases in one loopback-only
 * network namespace and one JVM. Each case asserts what jrtc did (counted on the Java side) and what
 * the page saw. Skipped locally without firefox-esr, ffmpeg or the right to make a namespace; a
 * failure with {@code CI=true}.
 */
class FirefoxInteropTest {
    private static String output = "";

    @BeforeAll
    static void runAllCases(@TempDir Path tmp) throws Exception {
        Path firefox = RealPeers.require("firefox-esr", "apt-get install firefox-esr (scripts/install-peers.sh)");
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg (scripts/install-peers.sh)");
        LoopbackNamespace.require();
        // the sample file: 2 s of ffmpeg's test pattern, 320x240 at 30 frames/s, VP8 in IVF
        Path vp8 = tmp.resolve("pattern.ivf");
        List<String> encode = List.of(ffmpeg.toString(), "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=30", "-t", "2", "-c:v", "libvpx", "-g", "30", "-b:v", "400k", vp8.toString());
        Processes.Result made = Processes.run(encode, 60);
        assertEquals(0, made.exitCode(), String.join(" ", encode) + "\n" + made.output());
        List<String> args = new ArrayList<>(List.of("--firefox", firefox.toString(), "--out", tmp.toString(),
                "--case-timeout", "30", "--vp8", vp8.toString(), "--cases", "echo-dc,java-dc,echo-media,play-vp8"));
        Processes.Result r = LoopbackNamespace.runJava(ChromiumInteropDriver.class, args, 170);
        output = r.output();
        System.out.println(output);
        System.out.println("driver exit " + r.exitCode() + (r.timedOut() ? " (killed at its deadline)" : "") + " after "
                + r.millis() + " ms");
    }

    /** The lines of one case, which must have passed. */
    private static String passed(String name) {
        int from = output.indexOf("=== CASE " + name + "\n");
        assertTrue(from >= 0, "case " + name + " did not run:\n" + output);
        Matcher end = Pattern.compile("^CASE " + Pattern.quote(name) + " (PASS|FAIL).*$", Pattern.MULTILINE).matcher(output);
        assertTrue(end.find(from), "case " + name + " did not finish:\n" + output.substring(from));
        String section = output.substring(from, end.end());
        assertEquals("PASS", end.group(1), section);
        assertTrue(section.contains("[browser] killed pid "), section);
        return section;
    }

    private static void contains(String section, String... expected) {
        for (String s : expected) {
            assertTrue(section.contains(s), s + " missing in:\n" + section);
        }
    }

    private static long number(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void firefoxOffersDataChannelEchoServerEchoesThousandMessages() {
        String s = passed("echo-dc");
        contains(s, "[HTTP] offer from 127.0.0.1:", "[HTTP] 201 answer for session", "channel \"echo\" open",
                "\"received\":1000", "\"firstBad\":-1", " echoed=1000 ");
    }

    @Test
    void javaOffersDataChannelFirefoxEchoesThousandMessages() {
        String s = passed("java-dc");
        contains(s, "\"echoed\":1000", "\"label\":\"java-echo\"", "sent=1000 received=1000 firstBad=-1");
    }

    @Test
    void firefoxCameraAndMicrophoneReflectedAndDecoded() {
        String s = passed("echo-media");
        contains(s, "reflecting it back", "\"videoCodec\":\"video/VP8\"", "\"audioCodec\":\"audio/opus\"");
        assertTrue(number(s, "audioForwarded=(\\d+)") > 0, s);
        assertTrue(number(s, "videoForwarded=(\\d+)") > 0, s);
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
        assertTrue(number(s, "\"audioPackets\":(\\d+)") > 0, s);
    }

    @Test
    void firefoxDecodesJavasVp8() {
        String s = passed("play-vp8");
        contains(s, "\"codec\":\"video/VP8\"", "\"width\":320", "\"height\":240");
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
        assertTrue(number(s, "framesSent=(\\d+)") > 0, s);
    }
}
