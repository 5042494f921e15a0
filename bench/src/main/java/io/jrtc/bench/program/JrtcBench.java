package io.jrtc.bench.program;

import io.jrtc.bench.program.Args.UsageException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The benchmark program: {@code java -jar bench/target/jrtc-bench.jar MODE [options]}. Each mode
 * prints what it did and, as its last line, {@code key=value} pairs that scripts read
 * ({@code bench/run-matrix.sh}). Exit 0 on success, 1 when the run failed (errors, failed setups),
 * 2 for a wrong argument.
 */
public final class JrtcBench {
    private static final String[][] MODES = {
        {"dc-throughput", DcThroughput.USAGE, "data-channel throughput between Java peer connections over loopback sockets"},
        {"connect", Connect.USAGE, "sequential connection setups: offer to channel open to first echo"},
        {"handshakes", Handshakes.USAGE, "concurrent connection setups to one server loop on one port"},
        {"scale", Scale.USAGE, "N connections to one server process on one port, echoing every 100 ms"},
        {"forward", Forward.USAGE, "the SFU forwarding path: SRTP unprotect, rewrite, protect per viewer"},
        {"browser", Browser.USAGE, "headless Chromium: Chromium<->Chromium against Chromium<->jrtc, one run"},
        {"chart", Charts.USAGE, "SVG charts from the matrix's result lines"},
    };

    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    private JrtcBench() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        // jrtc logs each connection's steps at INFO: quiet unless asked (-Djrtc.bench.log=INFO)
        java.util.logging.Level level = java.util.logging.Level.parse(System.getProperty("jrtc.bench.log", "WARNING"));
        ROOT_LOGGER.setLevel(level);
        for (java.util.logging.Handler h : ROOT_LOGGER.getHandlers()) {
            h.setLevel(level);
        }
        String mode = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            System.out.println("usage: java -jar bench/target/jrtc-bench.jar " + usageOf(mode));
            return usageOf(mode).equals(mode) ? 2 : 0;
        }
        try {
            return switch (mode) {
                case "dc-throughput" -> DcThroughput.run(rest);
                case "connect" -> Connect.run(rest);
                case "handshakes" -> Handshakes.run(rest);
                case "scale" -> Scale.run(rest);
                case "scale-server" -> Scale.serve();
                case "forward" -> Forward.run(rest);
                case "browser" -> Browser.run(rest);
                case "chart" -> Charts.run(rest);
                default -> throw new UsageException("unknown mode " + mode);
            };
        } catch (UsageException e) {
            System.err.println("jrtc-bench: " + e.getMessage());
            if (!usageOf(mode).equals(mode)) {
                System.err.println("usage: java -jar bench/target/jrtc-bench.jar " + usageOf(mode));
            } else {
                usage();
            }
            return 2;
        } catch (Exception e) {
            System.err.println("jrtc-bench " + mode + ": " + e);
            if (Boolean.getBoolean("jrtc.bench.debug")) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    private static String usageOf(String mode) {
        for (String[] m : MODES) {
            if (m[0].equals(mode)) {
                return m[1];
            }
        }
        return mode;
    }

    private static void usage() {
        System.out.println("usage: java -jar bench/target/jrtc-bench.jar MODE [options]   (MODE --help for its options)");
        for (String[] m : MODES) {
            System.out.printf(Locale.ROOT, "  %-14s %s%n", m[0], m[2]);
        }
        System.out.println("The last line of every mode is key=value pairs; bench/run-matrix.sh runs them all into BENCHMARKS.md tables.");
    }
}
