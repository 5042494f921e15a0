package io.jrtc.examples.webrtc;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link io.jrtc.webrtc.PeerConnection} against headless Chromium, all cases in one loopback-only
 * network namespace and one JVM ({@link ChromiumInteropDriver}, which also runs the
 * {@link EchoServer}); each test checks its case's lines of that run. Each case asserts what jrtc did
 * (counted on the Java side) and what the page saw. Skipped locally without chromium or the right to
 * make a namespace; a failure with {@code CI=true}.
 */
class ChromiumInteropTest {
    private static String output = "";
    private static Path dir;
    private static boolean withFiles;

    @BeforeAll
    static void runAllCases(@TempDir Path tmp) throws Exception {
        Path chromium = LoopbackNamespace.chromium();
        LoopbackNamespace.require();
        dir = tmp;
        List<String> cases = new ArrayList<>(List.of("echo-dc", "java-dc", "echo-media", "recv-vp8", "recv-av1", "negotiated",
                "renegotiate"));
        List<String> args = new ArrayList<>(List.of("--chromium", chromium.toString(), "--out", tmp.toString(),
                "--case-timeout", "40"));
        Optional<Path> ffmpeg = RealPeers.find("ffmpeg");
        if (ffmpeg.isPresent()) {
            // the sample files: 2 s of ffmpeg's test pattern, 320x240 at 30 frames/s
            Path vp8 = tmp.resolve("pattern.ivf");
            Path h264 = tmp.resolve("pattern.h264");
            ffmpeg(ffmpeg.get(), "-c:v", "libvpx", "-g", "30", "-b:v", "400k", vp8.toString());
            ffmpeg(ffmpeg.get(), "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-g", "30", "-bf", "0",
                    "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264.toString());
            Path av1 = tmp.resolve("pattern-av1.ivf");
            ffmpeg(ffmpeg.get(), "-c:v", "libaom-av1", "-cpu-used", "8", "-g", "30", "-b:v", "400k", av1.toString());
            args.addAll(List.of("--vp8", vp8.toString(), "--h264", h264.toString(), "--av1", av1.toString()));
            cases.addAll(List.of("play-vp8", "play-h264", "play-av1"));
            withFiles = true;
        }
        args.addAll(List.of("--cases", String.join(",", cases)));
        Processes.Result r = LoopbackNamespace.runJava(ChromiumInteropDriver.class, args, 220);
        output = r.output();
        System.out.println(output);
        System.out.println("driver exit " + r.exitCode() + (r.timedOut() ? " (killed at its deadline)" : "") + " after "
                + r.millis() + " ms");
    }

    private static void ffmpeg(Path ffmpeg, String... encode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=30", "-t", "2"));
        cmd.addAll(List.of(encode));
        Processes.Result r = Processes.run(cmd, 60);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + "\n" + r.output());
    }

    /** The lines of one case, which must have passed. */
    private static String passed(String name) {
        int from = output.indexOf("=== CASE " + name + "\n");
        assertTrue(from >= 0, "case " + name + " did not run:\n" + output);
        Matcher end = Pattern.compile("^CASE " + Pattern.quote(name) + " (PASS|FAIL).*$", Pattern.MULTILINE).matcher(output);
        assertTrue(end.find(from), "case " + name + " did not finish:\n" + output.substring(from));
        String section = output.substring(from, end.end());
        assertEquals("PASS", end.group(1), section);
        return section;
    }

    private static void contains(String section, String... expected) {
        for (String s : expected) {
            assertTrue(section.contains(s), s + " missing in:\n" + section);
        }
    }

    @Test
    void chromiumOffersDataChannelEchoServerEchoesThousandMessages() {
        String s = passed("echo-dc");
        contains(s, "[HTTP] offer from 127.0.0.1:", "[HTTP] 201 answer for session", "channel \"echo\" open",
                "\"received\":1000", "\"firstBad\":-1", " echoed=1000 ");
    }

    @Test
    void javaOffersDataChannelChromiumEchoesThousandMessages() {
        String s = passed("java-dc");
        contains(s, "\"echoed\":1000", "\"label\":\"java-echo\"", "sent=1000 received=1000 firstBad=-1");
    }

    @Test
    void chromiumCameraAndMicrophoneReflectedAndDecoded() {
        String s = passed("echo-media");
        contains(s, "reflecting it back", "\"videoCodec\":\"video/VP8\"");
        assertTrue(number(s, "audioForwarded=(\\d+)") > 0, s);
        assertTrue(number(s, "videoForwarded=(\\d+)") > 0, s);
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
        assertTrue(number(s, "\"audioPackets\":(\\d+)") > 0, s);
    }

    @Test
    void chromiumDecodesJavasVp8() {
        RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        assertTrue(withFiles);
        String s = passed("play-vp8");
        contains(s, "\"codec\":\"video/VP8\"", "\"width\":320", "\"height\":240");
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
    }

    @Test
    void chromiumDecodesJavasH264() {
        RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        assertTrue(withFiles);
        String s = passed("play-h264");
        contains(s, "\"codec\":\"video/H264\"", "\"width\":320", "\"height\":240");
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
    }

    @Test
    void javaReceivesChromiumsCameraAndWritesIvfThatFfprobeCounts() throws Exception {
        Path ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg");
        String s = passed("recv-vp8");
        int written = (int) number(s, "java frames=(\\d+)");
        assertEquals(ChromiumInteropDriver.RECEIVED_FRAMES, written, s);
        Path ivf = dir.resolve("from-chromium.ivf");
        assertTrue(Files.size(ivf) > 0, s);
        Processes.Result probe = Processes.run(List.of(ffprobe.toString(), "-v", "error", "-count_frames", "-select_streams",
                "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "default=nw=1", ivf.toString()), 60);
        System.out.println(probe.output());
        assertEquals(0, probe.exitCode(), probe.output());
        contains(probe.output(), "codec_name=vp8", "nb_read_frames=" + written);
        assertFalse(probe.output().contains("width=0"), probe.output());
    }

    @Test
    void negotiatedChannelWithIdSevenAndUnorderedChannelWithoutRetransmissions() {
        String s = passed("negotiated");
        contains(s, "\"negId\":7", "\"negNegotiated\":true", "\"negGot\":100", "\"negInOrder\":true", "\"unrelGot\":100",
                "\"unrelOrdered\":false", "\"unrelMaxRetransmits\":0", "neg[id=7 negotiated=true", "negGot=100",
                "negOutOfOrder=0", "ordered=false maxRetransmits=0", "unrelGot=100");
    }

    @Test
    void renegotiationAddsAVideoTrackThatIsReflectedWhileTheChannelKeepsEchoing() {
        String s = passed("renegotiate");
        contains(s, "(renegotiation, ", "\"before\":500", "\"after\":500", "\"firstBad\":-1", " echoed=1000 ");
        assertTrue(number(s, "videoForwarded=(\\d+)") > 0, s);
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
    }

    private static long number(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void chromiumDecodesJavasAv1() {
        // AV1 has no payloader in GStreamer (plugins-good) or ffmpeg 5.1 here: Chromium is the independent AV1 RTP stack
        RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        assertTrue(withFiles);
        String s = passed("play-av1");
        contains(s, "\"codec\":\"video/AV1\"", "\"width\":320", "\"height\":240");
        assertTrue(number(s, "\"framesDecoded\":(\\d+)") > 0, s);
    }

    @Test
    void javaReceivesChromiumsAv1AndWritesIvfThatFfmpegDecodes() throws Exception {
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        String s = passed("recv-av1");
        contains(s, "\"codec\":\"video/AV1\"");
        int written = (int) number(s, "java frames=(\\d+)");
        assertEquals(ChromiumInteropDriver.RECEIVED_FRAMES, written, s);
        Path ivf = dir.resolve("from-chromium-av1.ivf");
        Processes.Result r = Processes.run(List.of(ffmpeg.toString(), "-nostdin", "-v", "error", "-i", ivf.toString(), "-fps_mode",
                "passthrough", "-f", "framemd5", "-"), 60);
        assertEquals(0, r.exitCode(), r.output());
        long decoded = 0;
        for (String line : r.output().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertTrue(line.startsWith("0,"), "ffmpeg printed something other than a frame: " + line);
            decoded++;
        }
        assertEquals(written, decoded, "frames ffmpeg decodes from the IVF written from Chromium's AV1");
    }
}
