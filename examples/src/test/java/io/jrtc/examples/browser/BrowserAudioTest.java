package io.jrtc.examples.browser;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with real browsers' audio: Chromium's and Firefox's fake microphones (a beep, a sine) reach
 * jrtc's {@code browser-audio} as Opus over SRTP; 100 packets go to an Ogg Opus file that ffprobe
 * reads as 2 s of 48 kHz Opus, that ffmpeg decodes without a message, and whose loudest sample is far
 * above silence. In a loopback-only network namespace ({@link InLoopbackNamespace}).
 */
class BrowserAudioTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"chromium, --chromium", "firefox-esr, --firefox"})
    void browserMicrophoneArrivesAsPlayableOpus(String browser, String flag, @TempDir Path dir) throws Exception {
        Path ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg");
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        Path exe = InLoopbackNamespace.requireBrowser(browser);
        Path ogg = dir.resolve(browser + ".opus");
        String out = InLoopbackNamespace.runExample("browser-audio " + flag + " " + exe
                + " --packets 100 --timeout 60 --out " + ogg, 100);
        for (String s : new String[] {"audio section 0: Opus on payload type", "[SRTP] keyed from the DTLS exporter",
                "[RTP] first Opus packet", "done: 100 Opus packets", " 0 SRTP failures"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
        String info = InLoopbackNamespace.run(List.of(ffprobe.toString(), "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate:format=duration", "-of", "default=nw=1", ogg.toString()), 60);
        assertTrue(info.contains("codec_name=opus") && info.contains("sample_rate=48000"), info);
        Matcher d = Pattern.compile("duration=([0-9.]+)").matcher(info);
        assertTrue(d.find(), info);
        double seconds = Double.parseDouble(d.group(1));
        assertTrue(seconds > 1.9 && seconds < 2.1, "100 packets of 20 ms, not " + seconds + " s");
        String volume = InLoopbackNamespace.run(List.of(ffmpeg.toString(), "-v", "info", "-i", ogg.toString(),
                "-af", "volumedetect", "-f", "null", "-"), 60);
        Matcher v = Pattern.compile("max_volume: (-?[0-9.]+) dB").matcher(volume);
        assertTrue(v.find(), volume);
        assertTrue(Double.parseDouble(v.group(1)) > -40, "the browser's tone should be far above silence: " + v.group(1) + " dB");
        InLoopbackNamespace.assertDecodesClean(ffmpeg, ogg);
    }
}
