package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.codec.Packetizer;
import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.RealPeers;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files our writers produce, from frames that went through packetize / depacketize, are read by
 * ffprobe and decoded by ffmpeg without a single error.
 */
class FfmpegInteropTest {
    @TempDir
    Path dir;

    static byte[] sample(String name) {
        return TestVectors.bytes(FfmpegInteropTest.class, "/media/" + name);
    }

    /** Frames through the codec's packetizer (MTU 500) and back. */
    static byte[] viaRtp(CodecType codec, byte[] frame) throws Exception {
        Packetizer p = codec.packetizer();
        Depacketizer d = codec.depacketizer();
        return d.depacketize(p.packetize(frame, 488));
    }

    /** Runs a command (stdin empty) to its end; killed with its descendants after 60 s, which fails the test. */
    static String run(String... cmd) throws Exception {
        ChildProcess.Result r = ChildProcess.command(cmd).separateStderr().run(Duration.ofSeconds(60));
        assertFalse(r.timedOut(), r.describe());
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + ": " + r.stderr());
        assertEquals("", r.stderr().strip(), String.join(" ", cmd) + " printed errors");
        return r.stdout().strip();
    }

    void check(Path file, int frames, boolean video) throws Exception {
        Path ffprobe = RealPeers.require("ffprobe", "apt-get install ffmpeg");
        Path ffmpeg = RealPeers.require("ffmpeg", "apt-get install ffmpeg");
        run(ffmpeg.toString(), "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        String count = run(ffprobe.toString(), "-v", "error", "-count_packets", "-select_streams", video ? "v:0" : "a:0",
                "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file.toString());
        assertEquals(String.valueOf(frames), count, file + " packet count");
    }

    @Test
    void ivfWriterOutputDecodes() throws Exception {
        for (String[] s : new String[][] {{"vp8.ivf", "VP8"}, {"vp9.ivf", "VP9"}, {"av1.ivf", "AV1"}}) {
            IvfFile in = IvfFile.parse(sample(s[0]));
            List<IvfFile.Frame> frames = new ArrayList<>();
            for (IvfFile.Frame f : in.frames()) {
                frames.add(new IvfFile.Frame(f.timestamp(), Bytes.wrap(viaRtp(CodecType.valueOf(s[1]), f.data().toByteArray()))));
            }
            IvfFile out = new IvfFile(in.fourcc(), in.width(), in.height(), in.timebaseDenominator(), in.timebaseNumerator(), frames);
            Path file = dir.resolve("out-" + s[0]);
            Files.write(file, out.encode());
            check(file, frames.size(), true);
        }
    }

    @Test
    void annexBWriterOutputDecodes() throws Exception {
        for (String name : List.of("h264.h264", "h265.h265")) {
            boolean h265 = name.startsWith("h265");
            List<byte[]> aus = new ArrayList<>();
            for (byte[] au : AnnexBFile.accessUnits(sample(name), h265)) {
                aus.add(viaRtp(h265 ? CodecType.H265 : CodecType.H264, au));
            }
            Path file = dir.resolve("out-" + name);
            Files.write(file, AnnexBFile.write(aus));
            check(file, aus.size(), true);
        }
    }

    @Test
    void oggOpusWriterOutputDecodes() throws Exception {
        OggOpusFile in = OggOpusFile.parse(sample("opus.opus"));
        List<Bytes> packets = new ArrayList<>();
        for (Bytes p : in.packets()) {
            packets.add(Bytes.wrap(viaRtp(CodecType.OPUS, p.toByteArray())));
        }
        OggOpusFile out = new OggOpusFile(in.head(), new OggOpusFile.Tags("jrtc", List.of("TITLE=round trip")), packets, 0x1234, in.finalGranule());
        Path file = dir.resolve("out.opus");
        Files.write(file, out.encode());
        check(file, packets.size(), false);
    }
}
