package io.jrtc.examples.catalogue;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code play-from-disk} with headless Chromium in a loopback-only namespace. The test makes its media
 * with ffmpeg (lavfi test pattern and a sine tone, 2 s each; nothing is committed): VP8, VP9 and AV1 in
 * IVF, H.264 as Annex B, Opus in Ogg. For each video file the page plays it with the audio until it
 * decoded more frames than the file has. jrtc must have sent more than one pass of the file (a loop),
 * never more than one frame ahead of the clock (the pacing), and the page must have decoded that
 * codec and received Opus samples.
 */
class PlayFromDiskTest {
    private static String out;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        String chromium = Namespace.chromium().toString();
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        List<String> videos = new ArrayList<>();
        for (String[] v : List.of(new String[] {"vp8.ivf", "-c:v", "libvpx", "-b:v", "300k"},
                new String[] {"vp9.ivf", "-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8"},
                new String[] {"av1.ivf", "-c:v", "libaom-av1", "-b:v", "300k", "-usage", "realtime", "-cpu-used", "8"},
                new String[] {"h264.h264", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-bf", "0",
                        "-bsf:v", "h264_mp4toannexb", "-f", "h264"})) {
            Path file = dir.resolve(v[0]);
            List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=30", "-t", "2", "-g", "30"));
            cmd.addAll(List.of(v).subList(1, v.length));
            cmd.add(file.toString());
            ffmpeg(cmd);
            videos.add(file.toString());
        }
        Path ogg = dir.resolve("tone.ogg");
        ffmpeg(List.of(ffmpeg.toString(), "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                "-c:a", "libopus", "-b:a", "48k", ogg.toString()));
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class, List.of("--chromium", chromium, "--example",
                "play-from-disk", "--videos", String.join(",", videos), "--audio", ogg.toString(), "--timeout", "40"), 240);
        out = r.output();
        assertEquals(0, r.exitCode(), out);
    }

    private static void ffmpeg(List<String> cmd) throws Exception {
        Namespace.Result r = Namespace.run(cmd, 120);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + "\n" + r.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "AV1", "H264"})
    void thePagePlaysTheFilesLooping(String codec) {
        int from = out.indexOf("=== VIDEO " + codec + "\n");
        int to = out.indexOf("=== END " + codec);
        assertTrue(from >= 0 && to > from, codec + " did not run:\n" + out);
        String section = out.substring(from, out.indexOf('\n', to));
        assertTrue(section.endsWith("PASS"), section);
        Matcher page = Pattern.compile("\\[page\\] played: video video/" + codec + " (\\d+) frames decoded 320x240, \\d+ dropped; "
                + "audio audio/opus (\\d+) samples").matcher(section);
        assertTrue(page.find(), section);
        Matcher java = Pattern.compile("JAVA " + codec + " frames and packets sent (\\d+), loops (\\d+), file (\\d+) frames "
                + "(\\d+) ms, audio (\\d+) packets (\\d+) ms, most ahead of the clock (-?\\d+) ms").matcher(section);
        assertTrue(java.find(), section);
        int fileFrames = Integer.parseInt(java.group(3));
        assertEquals(60, fileFrames, "2 s at 30 frames/s");
        assertTrue(Integer.parseInt(page.group(1)) > fileFrames, "the page must have decoded past the end of the file");
        assertTrue(Long.parseLong(page.group(2)) > 0, "no audio samples");
        assertTrue(Long.parseLong(java.group(2)) >= 1, "jrtc must have started the file again");
        // paced: right after each send the media sent is at most one frame (33 ms) ahead of the wall clock
        assertTrue(Long.parseLong(java.group(7)) <= 34, "sent ahead of its timestamps: " + java.group());
        assertTrue(section.contains("JAVA port released"), section);
    }
}
