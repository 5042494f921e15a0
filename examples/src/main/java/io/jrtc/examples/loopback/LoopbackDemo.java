package io.jrtc.examples.loopback;

import io.jrtc.examples.Example;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code loopback}, the main demo: two {@link io.jrtc.webrtc.PeerConnection}s, alice and bob, in one
 * process, talking over real UDP sockets on 127.0.0.1, written against the public API of the
 * {@code webrtc} module only. Alice opens a data channel and a video transceiver; every layer is
 * narrated as it comes up: [SDP] offer and answer, [ICE] trickled candidates, checks and the selected
 * pair, [DTLS] roles, suite and fingerprints, [SRTP] keys from the exporter, [SCTP]/[DC] the channel
 * and its echoed messages, [RTP]/[RTCP] VP8 frames, a keyframe request and the reflected video,
 * [STATS] both {@code getStats()}, then both connections close. The steps are in {@link Walkthrough}.
 *
 * <p>Exit code 0 when every check passed, 1 on a failure or after the timeout (with the reason), 2 on
 * bad arguments.
 */
public final class LoopbackDemo implements Example {
    static final int DEFAULT_TIMEOUT_SECONDS = 15;
    static final int DEFAULT_FRAMES = 30;

    @Override
    public String name() {
        return "loopback";
    }

    @Override
    public String usage() {
        return "[--timeout SECONDS] [--frames N] [--non-trickle] [--verbose] [--repeat N]";
    }

    @Override
    public String description() {
        return "the main demo: two PeerConnections on 127.0.0.1, SDP, ICE, DTLS, SRTP, data channel and VP8 video narrated";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** Runs the demo, narrating on {@code out}; returns the exit code. */
    public int run(String[] args, PrintStream out) throws Exception {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    help(out);
                    return 0;
                }
                case "--timeout" -> {
                    Integer v = number(args, ++i);
                    if (v == null || v < 1) {
                        return usageError(out, "--timeout needs a number of seconds (at least 1)");
                    }
                    o.timeoutSeconds = v;
                }
                case "--frames" -> {
                    Integer v = number(args, ++i);
                    if (v == null || v < 3 || v > 3000) {
                        return usageError(out, "--frames needs a number from 3 to 3000");
                    }
                    o.frames = v;
                }
                case "--repeat" -> {
                    Integer v = number(args, ++i);
                    if (v == null || v < 1 || v > 1000) {
                        return usageError(out, "--repeat needs a number from 1 to 1000");
                    }
                    o.repeat = v;
                }
                case "--non-trickle" -> o.trickle = false;
                case "--verbose", "-v" -> o.verbose = true;
                default -> {
                    return usageError(out, "unknown argument " + args[i]);
                }
            }
        }
        if (o.repeat > 1) {
            return repeat(o, out);
        }
        try (Narrator narrator = new Narrator(out, o.verbose)) {
            return new Walkthrough(o, narrator).run();
        }
    }

    /**
     * {@code --repeat N}: the whole walkthrough N times in this JVM, each run's narration kept back
     * (printed only if the run fails), one timing line per run, then the medians. The first run pays
     * for class loading and a cold JIT; the later ones show what a running server sees.
     */
    private int repeat(Options o, PrintStream out) throws Exception {
        long[] connect = new long[o.repeat];
        long[] open = new long[o.repeat];
        for (int i = 0; i < o.repeat; i++) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            Walkthrough w;
            int rc;
            try (Narrator narrator = new Narrator(new PrintStream(buffer, true, StandardCharsets.UTF_8), o.verbose)) {
                w = new Walkthrough(o, narrator);
                rc = w.run();
            }
            if (rc != 0) {
                out.print(buffer.toString(StandardCharsets.UTF_8));
                out.println("run " + (i + 1) + " of " + o.repeat + " failed");
                return rc;
            }
            connect[i] = w.connectNanos();
            open[i] = w.openNanos();
            out.printf(Locale.ROOT, "run %3d: createOffer -> both connected %6.1f ms, -> \"chat\" open %6.1f ms%n", i + 1,
                    connect[i] / 1e6, open[i] / 1e6);
        }
        out.printf(Locale.ROOT, "%d runs: connected median %.1f ms (min %.1f, max %.1f); \"chat\" open median %.1f ms"
                        + " (min %.1f, max %.1f)%n", o.repeat, median(connect) / 1e6, min(connect) / 1e6, max(connect) / 1e6,
                median(open) / 1e6, min(open) / 1e6, max(open) / 1e6);
        if (o.repeat > 2) {
            long[] warm = Arrays.copyOfRange(connect, 1, connect.length);
            out.printf(Locale.ROOT, "without the first (cold JVM) run: connected median %.1f ms%n", median(warm) / 1e6);
        }
        return 0;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long min(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static long max(long[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    /** What the command line chose. */
    static final class Options {
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        int frames = DEFAULT_FRAMES;
        boolean trickle = true;
        boolean verbose;
        int repeat = 1;
    }

    private static Integer number(String[] args, int i) {
        if (i >= args.length) {
            return null;
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void help(PrintStream out) {
        out.println("usage: loopback " + usage());
        out.println();
        out.println("Two PeerConnections, alice and bob, in this process on 127.0.0.1: alice offers a data channel");
        out.println("\"chat\" and a video transceiver, bob answers; every layer is narrated as it comes up (SDP, ICE,");
        out.println("DTLS, SRTP, SCTP and the data channel, RTP/RTCP), messages are echoed and VP8 frames reflected,");
        out.println("both getStats() are summarised, and both connections close.");
        out.println();
        out.println("  --timeout SECONDS  give up after this long, exit code 1 (default " + DEFAULT_TIMEOUT_SECONDS + ")");
        out.println("  --frames N         how many VP8 frames alice sends at 30 frames/s (default " + DEFAULT_FRAMES + ", 3..3000)");
        out.println("  --non-trickle      wait for ICE gathering and send complete descriptions instead of trickling");
        out.println("  --verbose          also show the layers' own INFO log lines (jrtc.webrtc, jrtc.ice, ...), and the");
        out.println("                     milliseconds since the start before every line");
        out.println("  --repeat N         run it all N times in this JVM, quietly: one timing line per run, then the");
        out.println("                     median time from createOffer to connected and to the channel open");
        out.println();
        out.println("Exit code 0 when every check passed, 1 on a failure or timeout (the reason is printed), 2 on bad arguments.");
    }

    private int usageError(PrintStream out, String why) {
        out.println("loopback: " + why);
        out.println("usage: loopback " + usage() + "   (--help for more)");
        return 2;
    }
}
