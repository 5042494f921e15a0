package io.jrtc.examples.rtpx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrtc.examples.rtpx.CrossStack.Frame;
import io.jrtc.examples.rtpx.CrossStack.Media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our packetizers and depacketizers against GStreamer's RTP payloaders and depayloaders
 * (gst-plugins-good: rtpvp8pay/depay, rtpvp9pay/depay, rtph264pay/depay, rtph265pay/depay,
 * rtpopuspay/depay), plain RTP over loopback, both directions:
 * <ul>
 *   <li>GStreamer payloads a file made by ffmpeg, {@code rtp-recv} writes it: ffmpeg decodes the
 *       written file to exactly the source's frames (framemd5: count, size, MD5 and time of each);
 *   <li>{@code rtp-send} sends the file, GStreamer depayloads it into a file (Matroska for VP8/VP9,
 *       Annex B for H.264/H.265, Ogg for Opus): ffmpeg decodes that to the source's frames (Opus: the
 *       same compressed packets, see below).
 * </ul>
 * Locally a missing GStreamer or ffmpeg skips, in CI ({@code CI=true}) it fails.
 */
class GstreamerRtpTest {
    @TempDir
    static Path media; // the source files, made once for the class

    @TempDir
    Path dir;

    private CrossStack stack;
    private CrossStack sources;

    @BeforeEach
    void setUp() {
        stack = new CrossStack(dir);
        sources = new CrossStack(media);
    }

    @AfterEach
    void tearDown() {
        stack.close();
        sources.close();
    }

    /** The GStreamer elements that take a file of this codec to RTP payloads, up to (not including) the udpsink. */
    private static List<String> payloader(Media m, Path src) {
        String loc = "location=" + src;
        String pay = "pt=" + m.pt;
        return switch (m) {
            case VP8 -> List.of("filesrc", loc, "!", "ivfparse", "!", "rtpvp8pay", pay, "mtu=1200");
            case VP9 -> List.of("filesrc", loc, "!", "ivfparse", "!", "rtpvp9pay", pay, "mtu=1200");
            case H264 -> List.of("filesrc", loc, "!", "h264parse", "!", "rtph264pay", pay, "mtu=1200");
            case H265 -> List.of("filesrc", loc, "!", "h265parse", "!", "rtph265pay", pay, "mtu=1200");
            // opusparse keeps the OpusHead/OpusTags packets out of the stream: rtpopuspay fed straight from
            // oggdemux sends them as two RTP packets that are not Opus audio
            case OPUS -> List.of("filesrc", loc, "!", "oggdemux", "!", "opusparse", "!", "rtpopuspay", pay);
            case AV1 -> throw new IllegalArgumentException("GStreamer 1.22 has no AV1 payloader here (it is in gst-plugins-rs)");
        };
    }

    private static String[] payloaderElements(Media m) {
        return switch (m) {
            case VP8 -> new String[] {"ivfparse", "rtpvp8pay", "udpsink"};
            case VP9 -> new String[] {"ivfparse", "rtpvp9pay", "udpsink"};
            case H264 -> new String[] {"h264parse", "rtph264pay", "udpsink"};
            case H265 -> new String[] {"h265parse", "rtph265pay", "udpsink"};
            case OPUS -> new String[] {"oggdemux", "opusparse", "rtpopuspay", "udpsink"};
            case AV1 -> throw new IllegalArgumentException("GStreamer 1.22 has no AV1 payloader here (it is in gst-plugins-rs)");
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Media.class, mode = EnumSource.Mode.EXCLUDE, names = "AV1") // no AV1 payloader here
    void gstreamerPayloaderToRtpRecvIsFrameExact(Media m) throws Exception {
        String gst = CrossStack.gstLaunch(payloaderElements(m));
        Path src = sources.source(m);
        int port = CrossStack.freePortPair();
        Path out = dir.resolve("received" + ext(m));
        Future<Integer> recv = stack.startRtpRecv(m, port, out, 1500);

        List<String> cmd = new ArrayList<>(List.of(gst, "-q"));
        cmd.addAll(payloader(m, src));
        // udpsink's default sync=true sends each buffer at its time: the pace of the source
        cmd.addAll(List.of("!", "udpsink", "host=127.0.0.1", "port=" + port));
        Process p = stack.start(cmd, "gst-send.log");
        assertEquals(0, stack.waitFor(p, 90, "gst-launch-1.0 payloading " + m), "gst-launch-1.0: " + stack.log("gst-send.log"));
        assertEquals(0, CrossStack.await(recv, 60), "rtp-recv's exit code");

        List<Frame> want = stack.framemd5(src, true);
        List<Frame> got = stack.framemd5(out, true);
        CrossStack.assertSameFrames(want, got, true, m + " from GStreamer, written by rtp-recv");
        if (m == Media.OPUS) {
            CrossStack.assertSameFrames(stack.framemd5(src, false), stack.framemd5(out, false), true, "Opus packets");
        }
    }

    /** The GStreamer elements that take RTP from the udpsrc to a file. */
    private static List<String> depayloader(Media m, Path out) {
        String loc = "location=" + out;
        return switch (m) {
            case VP8 -> List.of("rtpvp8depay", "!", "matroskamux", "!", "filesink", loc);
            case VP9 -> List.of("rtpvp9depay", "!", "matroskamux", "!", "filesink", loc);
            case H264 -> List.of("rtph264depay", "!", "h264parse", "!", "video/x-h264,stream-format=byte-stream,alignment=au", "!",
                    "filesink", loc);
            case H265 -> List.of("rtph265depay", "!", "h265parse", "!", "video/x-h265,stream-format=byte-stream,alignment=au", "!",
                    "filesink", loc);
            case OPUS -> List.of("rtpopusdepay", "!", "opusparse", "!", "oggmux", "!", "filesink", loc);
            case AV1 -> throw new IllegalArgumentException("GStreamer 1.22 has no AV1 payloader here (it is in gst-plugins-rs)");
        };
    }

    private static String[] depayloaderElements(Media m) {
        return switch (m) {
            case VP8 -> new String[] {"udpsrc", "rtpvp8depay", "matroskamux", "filesink"};
            case VP9 -> new String[] {"udpsrc", "rtpvp9depay", "matroskamux", "filesink"};
            case H264 -> new String[] {"udpsrc", "rtph264depay", "h264parse", "filesink"};
            case H265 -> new String[] {"udpsrc", "rtph265depay", "h265parse", "filesink"};
            case OPUS -> new String[] {"udpsrc", "rtpopusdepay", "opusparse", "oggmux", "filesink"};
            case AV1 -> throw new IllegalArgumentException("GStreamer 1.22 has no AV1 payloader here (it is in gst-plugins-rs)");
        };
    }

    private static String caps(Media m) {
        String name = switch (m) {
            case VP8 -> "VP8";
            case VP9 -> "VP9";
            case H264 -> "H264";
            case H265 -> "H265";
            case OPUS -> "OPUS";
            case AV1 -> "AV1";
        };
        return "caps=application/x-rtp,media=" + (m.video ? "video" : "audio") + ",clock-rate=" + (m.video ? 90000 : 48000)
                + ",encoding-name=" + name + ",payload=" + m.pt;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Media.class, mode = EnumSource.Mode.EXCLUDE, names = "AV1") // no AV1 payloader here
    void rtpSendToGstreamerDepayloaderDecodesToTheSameFrames(Media m) throws Exception {
        String gst = CrossStack.gstLaunch(depayloaderElements(m));
        Path src = sources.source(m);
        int port = CrossStack.freePortPair();
        Path out = dir.resolve("depayloaded" + (m.video && (m == Media.VP8 || m == Media.VP9) ? ".mkv" : ext(m)));
        List<String> cmd = new ArrayList<>(List.of(gst, "-e", "-q", "udpsrc", "address=127.0.0.1", "port=" + port, caps(m), "!"));
        cmd.addAll(depayloader(m, out));
        Process p = stack.start(cmd, "gst-recv.log");
        CrossStack.awaitUdpBound(port, 30, p, "gst-launch-1.0 udpsrc");

        assertEquals(0, CrossStack.rtpSend(m, src, port, true), "rtp-send's exit code");
        Thread.sleep(500); // the last datagrams through the pipeline
        stack.interrupt(p); // -e: EOS, so the muxer and parser write out the last frame
        assertEquals(0, stack.waitFor(p, 30, "gst-launch-1.0 depayloading " + m), "gst-launch-1.0: " + stack.log("gst-recv.log"));

        if (m == Media.OPUS) {
            // RTP carries neither the channel count of the source (GStreamer's Ogg says stereo without
            // sprop-stereo) nor its pre-skip, so the decoded PCM differs in layout; the Opus packets are
            // what the payload format carries, and they are compared exactly, and decoded without error.
            CrossStack.assertSameFrames(stack.framemd5(src, false), stack.framemd5(out, false), false, "Opus packets via GStreamer");
            assertEquals(stack.framemd5(src, true).size(), stack.framemd5(out, true).size(), "decoded Opus frames");
        } else {
            // times: GStreamer stamps depayloaded frames with their arrival, so only content and order are compared
            CrossStack.assertSameFrames(stack.framemd5(src, true), stack.framemd5(out, true), false, m + " depayloaded by GStreamer");
        }
    }

    static String ext(Media m) {
        return switch (m) {
            case VP8, VP9, AV1 -> ".ivf";
            case H264 -> ".h264";
            case H265 -> ".h265";
            case OPUS -> ".opus";
        };
    }
}
