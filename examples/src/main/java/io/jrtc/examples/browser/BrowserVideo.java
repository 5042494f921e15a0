package io.jrtc.examples.browser;

import io.jrtc.core.Bytes;
import io.jrtc.examples.Example;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.SetupRole;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code browser-video}: the browser sends its camera (Chromium's fake one when started here) to
 * jrtc as VP8; jrtc decrypts SRTP, assembles frames (asking for retransmissions and keyframes,
 * sending receiver reports), answers every packet's transport-wide sequence number with transport-cc
 * feedback so the browser's bandwidth estimator can ramp up ({@code --no-feedback} to watch it
 * without), and writes the first {@code --frames} frames to an IVF file that ffmpeg can play.
 */
public final class BrowserVideo implements Example {

    @Override
    public String name() {
        return "browser-video";
    }

    @Override
    public String usage() {
        return "--out FILE.ivf [--frames N] [--chromium PATH | --firefox PATH] [--no-feedback] [--timeout SECONDS]";
    }

    @Override
    public String description() {
        return "a browser's camera to jrtc as VP8 over SRTP, with transport-cc feedback, written to an IVF file";
    }

    @Override
    public int run(String[] args) throws Exception {
        BrowserHarness.Args a = BrowserHarness.Args.parse(args, Set.of("--out", "--frames"), Set.of("--no-feedback"));
        int frames = a == null ? 0 : Integer.parseInt(a.value("--frames", "150"));
        if (a == null || a.value("--out", null) == null || frames < 1) {
            System.err.println("usage: browser-video " + usage());
            return 2;
        }
        return run(System.out, a.browser, Path.of(a.value("--out", null)), frames, !a.flag("--no-feedback"), a.timeoutNanos);
    }

    int run(PrintStream out, BrowserHarness.Browser browser, Path outFile, int wanted, boolean feedback, long timeoutNanos) throws Exception {
        return BrowserHarness.run(out, browser, SetupRole.ACTIVE, timeoutNanos, new BrowserHarness.Scenario() {
            @Override
            public void configure(BrowserAnswerer answerer) {
                if (!feedback) {
                    answerer.withoutTransportCcFeedback();
                }
            }

            @Override
            public String page() {
                return "video.html";
            }

            @Override
            public List<String> chromiumFlags() {
                return BrowserHarness.FAKE_MEDIA_CHROMIUM;
            }

            @Override
            public List<String> firefoxPrefs() {
                return BrowserHarness.FAKE_MEDIA_FIREFOX;
            }

            @Override
            public boolean done(BrowserAnswerer answerer, CompletableFuture<String> result) {
                return result.isDone() || answerer.frames().size() >= wanted;
            }

            @Override
            public int finish(PrintStream out, BrowserAnswerer answerer, String result, long elapsedNanos) throws Exception {
                List<AssembledFrame> got = answerer.frames();
                if (got.size() < wanted || got.isEmpty() || !got.get(0).keyframe()) {
                    out.printf("FAILED: %d of %d frames (first a keyframe: %s), %d RTP packets, %d SRTP failures%n", got.size(),
                            wanted, !got.isEmpty() && got.get(0).keyframe(), answerer.rtpPackets(), answerer.srtpFailures());
                    return 1;
                }
                int[] size = vp8Size(got.get(0).data().toByteArray());
                List<IvfFile.Frame> ivf = new ArrayList<>();
                long first = got.get(0).timestamp();
                for (AssembledFrame f : got.subList(0, wanted)) {
                    // IVF timestamps in the RTP clock (90 kHz), from 0
                    ivf.add(new IvfFile.Frame(f.timestamp() - first, Bytes.wrap(f.data().toByteArray())));
                }
                Files.write(outFile, new IvfFile("VP80", size[0], size[1], 90_000, 1, ivf).encode());
                long keyframes = got.stream().limit(wanted).filter(AssembledFrame::keyframe).count();
                out.printf("done: %d VP8 frames (%dx%d, %d keyframe(s)) from %d RTP packets written to %s; "
                                + "%d transport-cc feedback packets sent, %d SRTP failures, in %d ms%n",
                        wanted, size[0], size[1], keyframes, answerer.rtpPackets(), outFile, answerer.feedbackSent(),
                        answerer.srtpFailures(), elapsedNanos / 1_000_000);
                return 0;
            }
        });
    }

    /** Width and height from a VP8 keyframe header (RFC 6386 §9.1): start code 9d 01 2a, then 14-bit sizes. */
    static int[] vp8Size(byte[] frame) {
        if (frame.length < 10 || (frame[0] & 1) != 0 || (frame[3] & 0xff) != 0x9d || (frame[4] & 0xff) != 0x01
                || (frame[5] & 0xff) != 0x2a) {
            throw new IllegalArgumentException("not a VP8 keyframe");
        }
        int w = ((frame[6] & 0xff) | (frame[7] & 0xff) << 8) & 0x3fff;
        int h = ((frame[8] & 0xff) | (frame[9] & 0xff) << 8) & 0x3fff;
        return new int[] {w, h};
    }
}
