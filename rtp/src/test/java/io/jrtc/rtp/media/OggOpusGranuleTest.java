package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * RFC 7845 section 4: a page's granule position counts the 48 kHz samples of every packet completed
 * on it or before it, from the start of the stream, the pre-skip samples among them. Checked on the
 * pages themselves, and against ffmpeg: a file written from Opus packets as they arrive over RTP (no
 * end trimming known) starts at time 0 and lists every packet, the last one included.
 */
class OggOpusGranuleTest {
    private static final OggOpusFile.Head HEAD = new OggOpusFile.Head(1, 1, 312, 48000, 0, 0, Bytes.EMPTY);
    private static final OggOpusFile.Tags TAGS = new OggOpusFile.Tags("jrtc test", List.of());

    @TempDir
    Path dir;

    /** A page as written: its granule position and the number of packets completed on it. */
    private record Page(long granule, int packetsCompleted, int flags) {
    }

    private static List<Page> pages(byte[] b) {
        List<Page> out = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            long granule = IvfFile.le32(b, p + 6) | (IvfFile.le32(b, p + 10) << 32);
            int segments = b[p + 26] & 0xff;
            int body = 0;
            int completed = 0;
            for (int i = 0; i < segments; i++) {
                int lace = b[p + 27 + i] & 0xff;
                body += lace;
                if (lace < 255) {
                    completed++;
                }
            }
            out.add(new Page(granule, completed, b[p + 5] & 0xff));
            p += 27 + segments + body;
        }
        return out;
    }

    @Test
    void granuleCountsSamplesFromTheStartWithThePreSkipInsideNotOnTop() throws Exception {
        // 130 packets of mixed durations: 20 ms SILK (config 1: 960 samples), 10 ms SILK (config 0:
        // 480), 2.5 ms CELT (config 16: 120), and two-frame 20 ms CELT (config 31, code 1: 1920)
        SplittableRandom r = new SplittableRandom(5);
        int[] tocs = {0x08, 0x00, 0x80, 0xf9};
        int[] samples = {960, 480, 120, 1920};
        List<Bytes> packets = new ArrayList<>();
        List<Integer> sampleCounts = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            int k = r.nextInt(tocs.length);
            byte[] d = new byte[1 + r.nextInt(300)];
            r.nextBytes(d);
            d[0] = (byte) tocs[k];
            packets.add(Bytes.wrap(d));
            sampleCounts.add(samples[k]);
        }
        List<Page> pages = pages(new OggOpusFile(HEAD, TAGS, packets, 77, -1).encode());
        assertEquals(0, pages.get(0).granule(), "OpusHead page");
        assertEquals(0, pages.get(1).granule(), "OpusTags page");
        assertTrue(pages.size() >= 5, "130 packets span several audio pages: " + pages.size());
        int done = 0;
        long total = 0;
        for (int i = 2; i < pages.size(); i++) {
            for (int k = 0; k < pages.get(i).packetsCompleted(); k++) {
                total += sampleCounts.get(done++);
            }
            assertEquals(total, pages.get(i).granule(), "audio page " + i + ": samples of the " + done + " packets completed so far");
        }
        assertEquals(130, done);
        assertEquals(0x04, pages.get(pages.size() - 1).flags() & 0x04, "end of stream flag on the last page");

        // a known end trim (fewer samples on the last page) is kept, and read back
        OggOpusFile trimmed = new OggOpusFile(HEAD, TAGS, packets, 77, total - 100);
        List<Page> tp = pages(trimmed.encode());
        assertEquals(total - 100, tp.get(tp.size() - 1).granule());
        assertEquals(total - 100, OggOpusFile.parse(trimmed.encode()).finalGranule());
    }

    // ---- against ffmpeg ----

    private record Result(int code, String out, String err) {
    }

    /** Runs a command with a deadline; on timeout the process and its descendants are killed by PID. */
    private Result run(long seconds, String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            List<ProcessHandle> all = new ArrayList<>(p.toHandle().descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            fail(String.join(" ", cmd) + " still running after " + seconds + " s: killed");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result ok(long seconds, String... cmd) throws Exception {
        Result res = run(seconds, cmd);
        assertEquals(0, res.code(), String.join(" ", cmd) + ": " + res.err());
        return res;
    }

    /** framemd5 rows (comment lines dropped), split at the commas and trimmed. */
    private static List<String[]> rows(String framemd5) {
        List<String[]> out = new ArrayList<>();
        for (String line : framemd5.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split(",");
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].strip();
                }
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void fileWrittenFromReceivedPacketsStartsAtZeroAndKeepsTheLastPacketInFfmpeg() throws Exception {
        String ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg").toString();
        String ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg").toString();
        Path src = dir.resolve("src.opus");
        ok(60, ffmpeg, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1.3", "-c:a", "libopus",
                "-b:a", "32k", src.toString());
        OggOpusFile in = OggOpusFile.parse(Files.readAllBytes(src));
        assertTrue(in.packets().size() >= 60, "1.3 s of 20 ms packets: " + in.packets().size());

        // as from RTP: the packets in order, the end trim unknown
        Path written = dir.resolve("written.opus");
        Files.write(written, new OggOpusFile(in.head(), TAGS, in.packets(), 0x6a72, -1).encode());

        String start = ok(30, ffprobe, "-v", "error", "-show_entries", "stream=start_time", "-of", "csv=p=0", written.toString())
                .out().strip();
        assertEquals("0.000000", start, "start time of the written file");

        // the packets ffmpeg reads back (-c copy): every one sent, in order, the last included, with the source's times
        List<String[]> want = rows(ok(30, ffmpeg, "-nostdin", "-v", "error", "-i", src.toString(), "-c", "copy", "-f", "framemd5", "-")
                .out());
        List<String[]> got = rows(ok(30, ffmpeg, "-nostdin", "-v", "error", "-i", written.toString(), "-c", "copy", "-f", "framemd5", "-")
                .out());
        assertEquals(in.packets().size(), want.size(), "ffmpeg's packet count of the source");
        assertEquals(want.size(), got.size(), "packets ffmpeg reads from the written file");
        assertEquals("-312", got.get(0)[2], "first packet's pts: minus the pre-skip, so audio starts at 0");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i)[2], got.get(i)[2], "pts of packet " + i);
            assertEquals(want.get(i)[4], got.get(i)[4], "size of packet " + i);
            assertEquals(want.get(i)[5], got.get(i)[5], "md5 of packet " + i);
        }

        // decoded: the same audio frames; only the last one differs, decoded whole (its trim was not known)
        List<String[]> wantPcm = rows(ok(60, ffmpeg, "-nostdin", "-v", "error", "-i", src.toString(), "-f", "framemd5", "-").out());
        List<String[]> gotPcm = rows(ok(60, ffmpeg, "-nostdin", "-v", "error", "-i", written.toString(), "-f", "framemd5", "-").out());
        assertEquals(wantPcm.size(), gotPcm.size(), "decoded frames");
        for (int i = 0; i < wantPcm.size() - 1; i++) {
            assertArrayEquals(wantPcm.get(i), gotPcm.get(i), "decoded frame " + i);
        }
        assertEquals("960", gotPcm.get(gotPcm.size() - 1)[3], "the last frame decoded whole");

        // with the source's end trim kept, the decoded audio is identical, the last frame too
        Path trimmed = dir.resolve("trimmed.opus");
        Files.write(trimmed, new OggOpusFile(in.head(), TAGS, in.packets(), 0x6a72, in.finalGranule()).encode());
        List<String[]> trimmedPcm = rows(ok(60, ffmpeg, "-nostdin", "-v", "error", "-i", trimmed.toString(), "-f", "framemd5", "-").out());
        assertEquals(wantPcm.size(), trimmedPcm.size());
        for (int i = 0; i < wantPcm.size(); i++) {
            assertArrayEquals(wantPcm.get(i), trimmedPcm.get(i), "decoded frame " + i + " of the trimmed file");
        }
    }
}
