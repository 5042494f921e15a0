package io.jrtc.examples.browser;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jrtc's media into real browsers' decoders: ffmpeg encodes a 320x240 test pattern as VP8 into an
 * IVF file; jrtc's {@code browser-play} packetizes it (the rtp module's VP8 packetizer), protects it
 * with SRTP (AES-CM with Chromium, AES-GCM with Firefox in this pairing) and streams it at 30
 * frames/s; the page plays it and its {@code getStats()} must count 60 decoded frames of 320x240.
 * In a loopback-only network namespace ({@link InLoopbackNamespace}).
 */
class BrowserPlayTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"chromium, --chromium", "firefox-esr, --firefox"})
    void browserDecodesJrtcsVp8(String browser, String flag, @TempDir Path dir) throws Exception {
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        Path exe = InLoopbackNamespace.requireBrowser(browser);
        Path ivf = dir.resolve("pattern.ivf");
        InLoopbackNamespace.run(List.of(ffmpeg.toString(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-t", "4", "-c:v", "libvpx", "-g", "30", "-b:v", "400k", "-y", ivf.toString()), 60);
        String out = InLoopbackNamespace.runExample("browser-play " + flag + " " + exe + " --ivf " + ivf
                + " --frames 60 --timeout 60", 100);
        for (String s : new String[] {"VP8 on payload type", "SENDONLY", "[browser] track from jrtc: video",
                "[SRTP] keyed from the DTLS exporter", "[RTP] sending 120 VP8 frames (320x240)",
                "done: the browser decoded", "at 320x240 (file 320x240)"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
