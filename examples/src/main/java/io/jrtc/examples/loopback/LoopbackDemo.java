package io.jrtc.examples.loopback;

import io.jrtc.examples.Example;

import java.io.PrintStream;

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
        return "[--timeout SECONDS] [--frames N] [--non-trickle] [--verbose]";
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
                case "--non-trickle" -> o.trickle = false;
                case "--verbose", "-v" -> o.verbose = true;
                default -> {
                    return usageError(out, "unknown argument " + args[i]);
                }
            }
        }
        try (Narrator narrator = new Narrator(out, o.verbose)) {
            return new Walkthrough(o, narrator).run();
        }
    }

    /** What the command line chose. */
    static final class Options {
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        int frames = DEFAULT_FRAMES;
        boolean trickle = true;
        boolean verbose;
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
        out.println("  --verbose          also show the layers' own INFO log lines (jrtc.webrtc, jrtc.ice, ...)");
        out.println();
        out.println("Exit code 0 when every check passed, 1 on a failure or timeout (the reason is printed), 2 on bad arguments.");
    }

    private int usageError(PrintStream out, String why) {
        out.println("loopback: " + why);
        out.println("usage: loopback " + usage() + "   (--help for more)");
        return 2;
    }
}
