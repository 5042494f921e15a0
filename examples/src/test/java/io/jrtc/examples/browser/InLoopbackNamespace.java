package io.jrtc.examples.browser;

import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.RealPeers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs an example in a fresh network namespace whose only interface is loopback, with the browser it
 * starts: {@code unshare --net} (with {@code --map-root-user} when not root), {@code ip link set lo up},
 * and a default route over {@code lo} with
 * source 127.0.0.1. Nothing can leave the machine from there. (The route is for Firefox: without a
 * camera permission it only uses the interface of its default route, and finds none otherwise.)
 * Locally a missing tool or namespace right skips the test; with {@code CI=true} it fails.
 */
final class InLoopbackNamespace {
    private InLoopbackNamespace() {
    }

    /** The unshare options that work here: as root a network namespace; otherwise inside a user namespace. */
    private static List<String> options;

    /** Checks unshare, ip and the right to create a namespace; skips or fails when one is missing. */
    static void require() throws Exception {
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        RealPeers.require("ip", "apt-get install iproute2");
        if (options == null) {
            for (List<String> o : List.of(List.of("--net"), List.of("--net", "--map-root-user"))) {
                List<String> probe = new java.util.ArrayList<>(List.of(unshare.toString()));
                probe.addAll(o);
                probe.add("true");
                ChildProcess.Result r = ChildProcess.command(probe).run(Duration.ofSeconds(10));
                if (!r.timedOut() && r.exitCode() == 0) {
                    options = o;
                    break;
                }
            }
        }
        RealPeers.requireThat(options != null, "cannot create a network namespace here: unshare --net needs "
                + "CAP_SYS_ADMIN, unshare --net --map-root-user needs unprivileged user namespaces");
    }

    /** Runs {@code io.jrtc.examples.Launcher ARGS} with this test's classpath inside the namespace; returns its output. */
    static String runExample(String args, int seconds) throws Exception {
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        Path ip = RealPeers.require("ip", "apt-get install iproute2");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String inside = ip + " link set lo up && " + ip + " route add default dev lo src 127.0.0.1 && exec " + java
                + " -cp '" + System.getProperty("java.class.path") + "' io.jrtc.examples.Launcher " + args;
        List<String> command = new java.util.ArrayList<>(List.of(unshare.toString()));
        command.addAll(options);
        command.addAll(List.of("sh", "-c", inside));
        return run(command, seconds);
    }

    /**
     * Runs a command, requires exit code 0 within {@code seconds}, returns stdout and stderr. The
     * output goes to a file while the command runs, so the deadline holds however much it prints; at
     * the deadline the command and all its descendants are killed by PID.
     */
    static String run(List<String> command, int seconds) throws Exception {
        ChildProcess.Result r = ChildProcess.command(command).run(Duration.ofSeconds(seconds));
        System.out.println(r.output());
        assertFalse(r.timedOut(), String.join(" ", command) + " did not finish within " + seconds
                + " s and was killed with its descendants; its output:\n" + r.output());
        assertEquals(0, r.exitCode(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    /** ffmpeg decodes {@code file} to nowhere and prints nothing at level error. */
    static void assertDecodesClean(Path ffmpeg, Path file) throws Exception {
        // frames keep the capture timestamps the browser gave them, in the file's own time base: by default
        // ffmpeg re-times the null muxer's output to 1/frame rate, and two frames captured less than a frame
        // interval apart (a camera warming up) then collide as "non monotonically increasing dts", which
        // is no decoding error
        String decode = run(List.of(ffmpeg.toString(), "-v", "error", "-i", file.toString(), "-fps_mode", "passthrough",
                "-enc_time_base", "-1", "-f", "null", "-"), 60);
        assertEquals("", decode.strip(), "ffmpeg reported errors decoding " + file);
    }

    /** The browser's executable and the namespace, or a skip (locally) / failure (CI) naming what is missing. */
    static Path requireBrowser(String browser) throws Exception {
        Path exe = RealPeers.require(browser, "apt-get install " + browser);
        require();
        return exe;
    }
}
