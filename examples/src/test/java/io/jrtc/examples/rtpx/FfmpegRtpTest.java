package io.jrtc.examples.rtpx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrtc.examples.rtpx.CrossStack.Frame;
import io.jrtc.examples.rtpx.CrossStack.Media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our packetizers and depacketizers against ffmpeg's RTP muxer ({@code -f rtp}) and its RTP demuxer
 * (an SDP file as input), plain RTP over loopback, both directions:
 * <ul>
 *   <li>ffmpeg sends a file it made ({@code -re}, RTCP sender reports on the same port), {@code rtp-recv}
 *       writes it: ffmpeg decodes the written file to exactly the source's frames;
 *   <li>{@code rtp-send} sends the file to ffmpeg reading the SDP we describe it with, which copies
 *       it into a file: that decodes to the source's frames (Opus: the same compressed packets).
 * </ul>
 * VP9 is tested in the first direction only: ffmpeg 5.1's VP9 depacketizer (rtpdec_vp9.c) still reads
 * the descriptor of draft-ietf-payload-vp9-00 ({@code I|L|F|B|E|V|U|-}), not RFC 9628's
 * ({@code I|P|L|F|B|E|V|Z}) that we (and GStreamer, and browsers) send, so it misreads every packet.
 */
class FfmpegRtpTest {
    @TempDir
    static Path media;

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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Media.class, mode = EnumSource.Mode.EXCLUDE, names = "AV1") // no AV1 payloader here
    void ffmpegRtpMuxerToRtpRecvIsFrameExact(Media m) throws Exception {
        String ffmpeg = CrossStack.ffmpeg();
        Path src = sources.source(m);
        int port = CrossStack.freePortPair();
        Path out = dir.resolve("received" + GstreamerRtpTest.ext(m));
        Future<Integer> recv = stack.startRtpRecv(m, port, out, 1500);

        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-v", "error", "-re", "-i", src.toString(), "-c", "copy"));
        if (m == Media.VP9) {
            cmd.addAll(List.of("-strict", "experimental")); // ffmpeg's VP9 packetizer is marked experimental
        }
        Path sdp = dir.resolve("ffmpeg.sdp");
        cmd.addAll(List.of("-f", "rtp", "-payload_type", String.valueOf(m.pt), "-ssrc", "1234567", "-sdp_file", sdp.toString(),
                "rtp://127.0.0.1:" + port + "?rtcpport=" + port + "&pkt_size=1200"));
        Process p = stack.start(cmd, "ffmpeg-send.log");
        assertEquals(0, stack.waitFor(p, 90, "ffmpeg -f rtp " + m), "ffmpeg: " + stack.log("ffmpeg-send.log"));
        assertEquals(0, CrossStack.await(recv, 60), "rtp-recv's exit code");
        assertTrue(Files.readString(sdp, StandardCharsets.UTF_8).contains("a=rtpmap:" + m.pt + " "), "ffmpeg's SDP names the payload type");

        CrossStack.assertSameFrames(stack.framemd5(src, true), stack.framemd5(out, true), true, m + " from ffmpeg, written by rtp-recv");
        if (m == Media.OPUS) {
            CrossStack.assertSameFrames(stack.framemd5(src, false), stack.framemd5(out, false), true, "Opus packets");
        }
    }

    /** The SDP ffmpeg reads to receive what rtp-send sends. */
    private static String sdp(Media m, int port) {
        String rtpmap = switch (m) {
            case VP8 -> "VP8/90000";
            case VP9 -> "VP9/90000";
            case H264 -> "H264/90000\r\na=fmtp:" + m.pt + " packetization-mode=1";
            case H265 -> "H265/90000";
            case OPUS -> "opus/48000/2";
            case AV1 -> "AV1/90000";
        };
        return "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=jrtc rtp-send\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=" + (m.video ? "video" : "audio") + " " + port + " RTP/AVP " + m.pt + "\r\n"
                + "a=rtpmap:" + m.pt + " " + rtpmap + "\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Media.class, names = {"VP8", "H264", "H265", "OPUS"})
    void rtpSendToFfmpegRtpDemuxerDecodesToTheSameFrames(Media m) throws Exception {
        String ffmpeg = CrossStack.ffmpeg();
        Path src = sources.source(m);
        int port = CrossStack.freePortPair();
        Path sdp = dir.resolve("rtp-send.sdp");
        Files.writeString(sdp, sdp(m, port), StandardCharsets.US_ASCII);
        Path out = dir.resolve("copied" + GstreamerRtpTest.ext(m));
        Process p = stack.start(List.of(ffmpeg, "-nostdin", "-v", "error", "-protocol_whitelist", "file,udp,rtp", "-i", sdp.toString(),
                "-c", "copy", "-y", out.toString()), "ffmpeg-recv.log");
        CrossStack.awaitUdpBound(port, 30, p, "ffmpeg reading the SDP");

        assertEquals(0, CrossStack.rtpSend(m, src, port, true), "rtp-send's exit code");
        Thread.sleep(500);
        if (p.isAlive()) {
            stack.interrupt(p); // ffmpeg ends on SIGINT and finishes the output file
        }
        stack.waitFor(p, 30, "ffmpeg reading RTP " + m); // the exit code of a SIGINT'd ffmpeg is 255: not checked
        String log = stack.log("ffmpeg-recv.log");
        assertTrue(Files.size(out) > 0, "ffmpeg wrote nothing: " + log);

        if (m == Media.OPUS) {
            // the decoded PCM depends on the channel count the SDP gives (opus/48000/2 always) and ffmpeg's
            // Ogg pre-skip; the Opus packets are compared exactly and must decode without error
            CrossStack.assertSameFrames(stack.framemd5(src, false), stack.framemd5(out, false), false, "Opus packets via ffmpeg");
            assertEquals(stack.framemd5(src, true).size(), stack.framemd5(out, true).size(), "decoded Opus frames");
        } else {
            List<Frame> want = stack.framemd5(src, true);
            List<Frame> got = stack.framemd5(out, true);
            CrossStack.assertSameFrames(want, got, true, m + " read by ffmpeg's RTP demuxer");
        }
    }

    @Test
    void rtpSendAsFastAsPossibleToRtpRecv() throws Exception {
        // the unpaced mode of rtp-send (every frame at once) into rtp-recv's 4 MB socket buffer; ffmpeg is the judge
        Path src = sources.source(Media.VP8);
        int port = CrossStack.freePortPair();
        Path out = dir.resolve("fast.ivf");
        Future<Integer> recv = stack.startRtpRecv(Media.VP8, port, out, 500);
        assertEquals(0, CrossStack.rtpSend(Media.VP8, src, port, false));
        assertEquals(0, CrossStack.await(recv, 60));
        CrossStack.assertSameFrames(stack.framemd5(src, true), stack.framemd5(out, true), true, "VP8 unpaced");
    }

    @Test
    void av1FromRtpSendToRtpRecvDecodesToTheSameFrames() throws Exception {
        // Our AV1 packetizer into our depacketizer, through both commands: no independent AV1 RTP stack is
        // installed here (ffmpeg 5.1 has no AV1 RTP muxer or demuxer, GStreamer 1.22's AV1 payloader is
        // in gst-plugins-rs), so this checks the commands and the file, not the payload format; ffmpeg
        // (libdav1d / libaom) is the judge of the written IVF.
        Path src = sources.source(Media.AV1);
        int port = CrossStack.freePortPair();
        Path out = dir.resolve("av1.ivf");
        Future<Integer> recv = stack.startRtpRecv(Media.AV1, port, out, 1000);
        assertEquals(0, CrossStack.rtpSend(Media.AV1, src, port, true));
        assertEquals(0, CrossStack.await(recv, 60));
        CrossStack.assertSameFrames(stack.framemd5(src, true), stack.framemd5(out, true), true, "AV1 through rtp-send and rtp-recv");
    }
}
