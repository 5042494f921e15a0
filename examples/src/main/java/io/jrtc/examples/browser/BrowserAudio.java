package io.jrtc.examples.browser;

import io.jrtc.core.Bytes;
import io.jrtc.examples.Example;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.sdp.SetupRole;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code browser-audio}: the browser sends its microphone (the browser's fake one when started here)
 * to jrtc as Opus over SRTP; jrtc writes the first {@code --packets} Opus packets to an Ogg Opus file
 * that ffmpeg can play.
 */
public final class BrowserAudio implements Example {

    @Override
    public String name() {
        return "browser-audio";
    }

    @Override
    public String usage() {
        return "--out FILE.opus [--packets N] [--chromium PATH | --firefox PATH] [--timeout SECONDS]";
    }

    @Override
    public String description() {
        return "a browser's microphone to jrtc as Opus over SRTP, written to an Ogg Opus file";
    }

    @Override
    public int run(String[] args) throws Exception {
        BrowserHarness.Args a = BrowserHarness.Args.parse(args, Set.of("--out", "--packets"), Set.of());
        int packets = a == null ? 0 : Integer.parseInt(a.value("--packets", "150"));
        if (a == null || a.value("--out", null) == null || packets < 1) {
            System.err.println("usage: browser-audio " + usage());
            return 2;
        }
        return run(System.out, a.browser, Path.of(a.value("--out", null)), packets, a.timeoutNanos);
    }

    int run(PrintStream out, BrowserHarness.Browser browser, Path outFile, int wanted, long timeoutNanos) throws Exception {
        return BrowserHarness.run(out, browser, SetupRole.ACTIVE, timeoutNanos, new BrowserHarness.Scenario() {
            @Override
            public String page() {
                return "audio.html";
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
                return result.isDone() || answerer.opusPackets().size() >= wanted;
            }

            @Override
            public int finish(PrintStream out, BrowserAnswerer answerer, String result, long elapsedNanos) throws Exception {
                List<byte[]> got = answerer.opusPackets();
                if (got.size() < wanted) {
                    out.printf("FAILED: %d of %d Opus packets, %d SRTP failures%n", got.size(), wanted, answerer.srtpFailures());
                    return 1;
                }
                List<Bytes> packets = new ArrayList<>();
                for (byte[] p : got.subList(0, wanted)) {
                    packets.add(Bytes.wrap(p));
                }
                int channels = (got.get(0)[0] & 0x04) != 0 ? 2 : 1; // the TOC byte's stereo flag (RFC 6716 3.1)
                OggOpusFile ogg = new OggOpusFile(new OggOpusFile.Head(1, channels, 312, 48_000, 0, 0, Bytes.EMPTY),
                        new OggOpusFile.Tags("jrtc browser-audio", List.of()), packets, 0x6a727463L, -1);
                Files.write(outFile, ogg.encode());
                out.printf("done: %d Opus packets (%s) written to %s; %d SRTP failures, in %d ms%n", wanted,
                        channels == 2 ? "stereo" : "mono", outFile, answerer.srtpFailures(), elapsedNanos / 1_000_000);
                return 0;
            }
        });
    }
}
