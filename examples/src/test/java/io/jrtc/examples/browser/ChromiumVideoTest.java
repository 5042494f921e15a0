package io.jrtc.examples.browser;

import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with a real browser's media: headless Chromium sends its fake camera as VP8 to jrtc's
 * {@code browser-video} example (ICE, DTLS-SRTP, RTP frame assembly, RTCP and transport-cc feedback
 * back), which writes 90 frames to an IVF file; ffprobe then reads 90 VP8 frames of 640x480 and
 * ffmpeg decodes them without an error; and the browser's bandwidth estimate rises above its
 * 300 kbit/s start, which it does only with transport-cc feedback it understands. Both run in a loopback-only network namespace, as in
 * {@link ChromiumDataChannelTest}.
 */
class ChromiumVideoTest {

    @Test
    void chromiumCameraArrivesAsPlayableVp8(@TempDir Path dir) throws Exception {
        Path chromium = RealPeers.require("chromium", "apt-get install chromium");
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        Path ip = RealPeers.require("ip", "apt-get install iproute2");
        Path ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg");
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        Process probe = new ProcessBuilder(unshare.toString(), "--net", "true").redirectErrorStream(true).start();
        boolean namespaces = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        RealPeers.requireThat(namespaces, "cannot create a network namespace here (unshare --net needs CAP_SYS_ADMIN)");

        Path ivf = dir.resolve("chromium.ivf");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String inside = ip + " link set lo up && exec " + java
                + " -cp '" + System.getProperty("java.class.path") + "'"
                + " io.jrtc.examples.Launcher browser-video --chromium " + chromium + " --frames 90 --timeout 60 --out " + ivf;
        String out = run(List.of(unshare.toString(), "--net", "sh", "-c", inside), 100);
        System.out.println(out);
        for (String s : new String[] {"video section 0: VP8 on payload type", "[DTLS] handshake complete",
                "[SRTP] keyed from the DTLS exporter", "[RTP] first VP8 frame", "keyframe true",
                "[RTCP] first transport-cc feedback", "done: 90 VP8 frames (640x480", " 0 SRTP failures"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }

        // the browser's own bandwidth estimate (getStats availableOutgoingBitrate) leaves its 300 kbit/s
        // start only when it gets transport-cc feedback: jrtc's feedback is understood by GoogCC
        // (without it, --no-feedback, it stays near 300 kbit/s; see the README)
        Matcher m = Pattern.compile("estimated (\\d+) kbit/s").matcher(out);
        int best = 0;
        while (m.find()) {
            best = Math.max(best, Integer.parseInt(m.group(1)));
        }
        assertTrue(best >= 450, "the browser's estimate never passed 450 kbit/s, 1.5x its start (best " + best + "):\n" + out);

        String info = run(List.of(ffprobe.toString(), "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "default=nw=1", ivf.toString()), 60);
        assertEquals("codec_name=vp8\nwidth=640\nheight=480\nnb_read_frames=90", info.strip(), info);
        String decode = run(List.of(ffmpeg.toString(), "-v", "error", "-i", ivf.toString(), "-f", "null", "-"), 60);
        assertEquals("", decode.strip(), "ffmpeg reported errors decoding the browser's frames");
    }

    private static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), command.get(0) + " did not finish");
        String out = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
