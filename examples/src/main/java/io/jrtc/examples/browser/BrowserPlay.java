package io.jrtc.examples.browser;

import io.jrtc.examples.Example;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.sdp.SetupRole;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code browser-play}: jrtc sends the VP8 frames of an IVF file to the browser (packetized by the
 * rtp module's VP8 packetizer, SRTP-protected, 30 frames/s in a loop, sender reports, answers to NACK
 * and PLI), and the page plays them in a video element and reports its decoder's counts from
 * {@code getStats()}.
 */
public final class BrowserPlay implements Example {

    @Override
    public String name() {
        return "browser-play";
    }

    @Override
    public String usage() {
        return "--ivf FILE.ivf [--frames N] [--chromium PATH | --firefox PATH] [--timeout SECONDS]";
    }

    @Override
    public String description() {
        return "jrtc streams a VP8 IVF file to a browser over SRTP; the browser decodes and plays it";
    }

    @Override
    public int run(String[] args) throws Exception {
        BrowserHarness.Args a = BrowserHarness.Args.parse(args, Set.of("--ivf", "--frames"), Set.of());
        int frames = a == null ? 0 : Integer.parseInt(a.value("--frames", "60"));
        if (a == null || a.value("--ivf", null) == null || frames < 1) {
            System.err.println("usage: browser-play " + usage());
            return 2;
        }
        return run(System.out, a.browser, IvfFile.parse(Files.readAllBytes(Path.of(a.value("--ivf", null)))), frames,
                a.timeoutNanos);
    }

    int run(PrintStream out, BrowserHarness.Browser browser, IvfFile file, int wanted, long timeoutNanos) throws Exception {
        return BrowserHarness.run(out, browser, SetupRole.ACTIVE, timeoutNanos, new BrowserHarness.Scenario() {
            @Override
            public String page() {
                return "play.html";
            }

            @Override
            public String query() {
                return "?frames=" + wanted;
            }

            @Override
            public List<String> chromiumFlags() {
                return List.of("--autoplay-policy=no-user-gesture-required");
            }

            @Override
            public void configure(BrowserAnswerer answerer) {
                answerer.sendVideo(file);
            }

            @Override
            public boolean done(BrowserAnswerer answerer, CompletableFuture<String> result) {
                return result.isDone();
            }

            @Override
            public int finish(PrintStream out, BrowserAnswerer answerer, String r, long elapsedNanos) {
                int decoded = number(r, "framesDecoded");
                boolean sizeOk = number(r, "width") == file.width() && number(r, "height") == file.height();
                boolean ok = decoded >= wanted && sizeOk;
                out.printf("%s: the browser decoded %d of jrtc's frames at %dx%d (file %dx%d); jrtc sent %d frames, "
                                + "%d keyframe request(s), in %d ms%n", ok ? "done" : "FAILED", decoded, number(r, "width"),
                        number(r, "height"), file.width(), file.height(), answerer.framesSent(), answerer.keyframeRequests(),
                        elapsedNanos / 1_000_000);
                return ok ? 0 : 1;
            }
        });
    }

    private static int number(String json, String key) {
        if (json == null) {
            return -1;
        }
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
