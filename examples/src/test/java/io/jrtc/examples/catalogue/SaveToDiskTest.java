package io.jrtc.examples.catalogue;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code save-to-disk} with headless Chromium in a loopback-only namespace: the page records its (fake)
 * camera and microphone for 3 s, once per video codec. Each IVF and Ogg file jrtc wrote must be read by
 * ffprobe with the right codec, start with a keyframe at time 0, decode without an error from the
 * start, and last what the sender's RTP timestamps say was sent (within 100 ms), audio and video alike
 * (and within 150 ms of each other); and jrtc must have received every frame and packet the browser
 * says it sent (the page stops sending 300 ms before it counts).
 */
class SaveToDiskTest {
    private static String out;
    private static Path dir;
    private static Path ffprobe;
    private static Path ffmpeg;

    @BeforeAll
    static void run(@TempDir Path tmp) throws Exception {
        String chromium = Namespace.chromium().toString();
        ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg");
        ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        dir = tmp;
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class, List.of("--chromium", chromium, "--example",
                "save-to-disk", "--codecs", "VP8,VP9,AV1", "--out", tmp.toString(), "--timeout", "40"), 240);
        out = r.output();
        assertEquals(0, r.exitCode(), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "AV1"})
    void recordsFilesThatPlayFromTheStart(String codec) throws Exception {
        int from = out.indexOf("=== RECORD " + codec + "\n");
        int to = out.indexOf("=== END " + codec);
        assertTrue(from >= 0 && to > from, codec + " did not run:\n" + out);
        String section = out.substring(from, out.indexOf('\n', to));
        assertTrue(section.endsWith("PASS"), section);
        Matcher w = Pattern.compile("JAVA written " + codec + " Written\\[ivf=(\\S+), codec=" + codec + ", frames=(\\d+), "
                + "videoMillis=(\\d+), framesBeforeKeyframe=(\\d+), ogg=(\\S+), packets=(\\d+), audioMillis=(\\d+), "
                + "audioRtpMillis=(\\d+), packetsBeforeStart=(\\d+)\\]").matcher(section);
        assertTrue(w.find(), section);
        Path ivf = Path.of(w.group(1));
        Path ogg = Path.of(w.group(5));
        assertTrue(ivf.startsWith(dir.resolve(codec)) && Files.size(ivf) > 1000, ivf.toString());
        long videoSent = Long.parseLong(w.group(3));
        long audioSent = Long.parseLong(w.group(8));
        assertTrue(videoSent >= 2500, "3 s recorded, " + videoSent + " ms of video timestamps");

        // ffprobe reads them, with the right codec and their durations
        String expected = codec.equals("AV1") ? "av1" : codec.toLowerCase();
        assertEquals(expected, probe(ivf, "stream=codec_name"));
        assertEquals("opus", probe(ogg, "stream=codec_name"));
        long ivfMillis = Math.round(Double.parseDouble(probe(ivf, "format=duration")) * 1000);
        long oggMillis = Math.round(Double.parseDouble(probe(ogg, "format=duration")) * 1000);
        System.out.println("ffprobe " + codec + ": " + ivf.getFileName() + " " + expected + " " + ivfMillis + " ms (video sent "
                + videoSent + " ms), " + ogg.getFileName() + " opus " + oggMillis + " ms (audio sent " + audioSent + " ms)");
        assertTrue(Math.abs(ivfMillis - videoSent) <= 100, "IVF " + ivfMillis + " ms, video sent " + videoSent + " ms");
        assertTrue(Math.abs(oggMillis - audioSent) <= 100, "Ogg " + oggMillis + " ms, audio sent " + audioSent + " ms");
        // together: they start and stop at the same moment, to within what arrival times can tell (the public API
        // gives no RTCP sender report, which would map both streams' RTP timestamps to the sender's clock)
        assertTrue(Math.abs(ivfMillis - oggMillis) <= 150, "video " + ivfMillis + " ms, audio " + oggMillis + " ms");

        // from the start: the first video packet is a keyframe at 0, and both decode without an error
        // ffprobe's own reading of the frames' timestamps: the last starts less than a frame before the end
        List<String> pts = Namespace.run(List.of(ffprobe.toString(), "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", ivf.toString()), 60).output().strip().lines().toList();
        assertEquals(Integer.parseInt(w.group(2)), pts.size(), "frames ffprobe sees");
        long lastPts = Math.round(Double.parseDouble(pts.get(pts.size() - 1)) * 1000);
        assertTrue(lastPts < videoSent && videoSent - lastPts <= 100, "last frame at " + lastPts + " ms of " + videoSent);
        String first = Namespace.run(List.of(ffprobe.toString(), "-v", "error", "-select_streams", "v", "-read_intervals", "%+#1",
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", ivf.toString()), 60).output().strip();
        assertTrue(first.matches("0\\.000000,K_*"), "first packet: " + first);
        for (Path f : List.of(ivf, ogg)) {
            // the frames keep the capture timestamps: without passthrough ffmpeg re-times the null muxer's output to
            // 1/frame rate, and two frames captured less than an interval apart collide there (no decoding error)
            Namespace.Result d = Namespace.run(List.of(ffmpeg.toString(), "-v", "error", "-i", f.toString(), "-fps_mode",
                    "passthrough", "-enc_time_base", "-1", "-f", "null", "-"), 60);
            assertEquals(0, d.exitCode(), d.output());
            assertEquals("", d.output().strip(), "ffmpeg reported errors decoding " + f);
        }

        // nothing lost: the browser's counts against what jrtc received
        Matcher page = Pattern.compile("\\[page\\] stopped: this browser sent (\\d+) video frames and (\\d+) audio packets")
                .matcher(section);
        assertTrue(page.find(), section);
        long framesReceived = Long.parseLong(w.group(2)) + Long.parseLong(w.group(4));
        long packetsReceived = Long.parseLong(w.group(6)) + Long.parseLong(w.group(9));
        long framesSent = Long.parseLong(page.group(1));
        long packetsSent = Long.parseLong(page.group(2));
        // the page stopped sending 300 ms before it counted: everything sent has arrived (loopback loses nothing)
        assertTrue(framesReceived <= framesSent && framesSent - framesReceived <= 2,
                "browser sent " + framesSent + " frames, jrtc received " + framesReceived);
        assertTrue(packetsReceived <= packetsSent && packetsSent - packetsReceived <= 2,
                "browser sent " + packetsSent + " audio packets, jrtc received " + packetsReceived);
        assertTrue(section.contains("JAVA port released"), section);
    }

    private static String probe(Path file, String entries) throws Exception {
        Namespace.Result r = Namespace.run(List.of(ffprobe.toString(), "-v", "error", "-show_entries", entries, "-of",
                "default=nw=1:nk=1", file.toString()), 60);
        assertEquals(0, r.exitCode(), r.output());
        return r.output().strip().lines().findFirst().orElse("");
    }
}
