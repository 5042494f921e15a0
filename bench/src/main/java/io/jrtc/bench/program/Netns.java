package io.jrtc.bench.program;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Delay and loss on loopback, without touching the machine's own network: the program re-runs itself
 * inside a new network namespace whose only interface is {@code lo} ({@code unshare --net}, with
 * {@code --map-root-user} when not root), where {@code tc qdisc add dev lo root netem} adds half the
 * round-trip time to every packet (each datagram crosses {@code lo} once, so both directions together
 * make the RTT) and drops the given share at random.
 */
final class Netns {
    /** The flag the re-run carries so that it does not re-run itself again. */
    static final String INSIDE = "--inside-netns";

    private Netns() {
    }

    /** A description of the impairment for the output, e.g. {@code netem delay 25ms each way (RTT 50 ms), loss 1%}. */
    static String describe(double rttMs, double lossPercent) {
        return String.format(Locale.ROOT, "loopback-only network namespace, netem delay %.1fms each way (RTT %.0f ms), loss %.2f%%",
                rttMs / 2, rttMs, lossPercent);
    }

    /**
     * Re-runs this program's {@code mode} with {@code args} (plus {@link #INSIDE}) in a loopback-only namespace (with
     * netem when {@code rttMs} or {@code lossPercent} is above 0), streaming its output, and returns its exit code. Killed with its descendants at {@code deadlineSeconds}.
     */
    static int rerunInside(String mode, String[] args, double rttMs, double lossPercent, long deadlineSeconds) throws IOException, InterruptedException {
        boolean netem = rttMs > 0 || lossPercent > 0;
        for (String tool : netem ? new String[] {"unshare", "ip", "tc"} : new String[] {"unshare", "ip"}) {
            if (!onPath(tool)) {
                throw new IOException(tool + " is not installed (needed for --rtt-ms/--loss: util-linux and iproute2)");
            }
        }
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                java.add(a);
            }
        }
        java.add("--add-opens");
        java.add("java.base/com.sun.crypto.provider=ALL-UNNAMED");
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(JrtcBench.class.getName());
        java.add(mode);
        for (String a : args) {
            java.add(a);
        }
        java.add(INSIDE);
        StringBuilder script = new StringBuilder("set -e; ip link set lo up");
        if (netem) {
            script.append("; tc qdisc add dev lo root netem limit 100000");
        }
        if (rttMs > 0) {
            script.append(String.format(Locale.ROOT, " delay %.3fms", rttMs / 2));
        }
        if (lossPercent > 0) {
            script.append(String.format(Locale.ROOT, " loss %.4f%%", lossPercent));
        }
        script.append("; exec");
        for (String a : java) {
            script.append(' ').append(quote(a));
        }
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net"));
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.add("--map-root-user");
        }
        cmd.addAll(List.of("sh", "-c", script.toString()));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(deadlineSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("the run inside the namespace passed its deadline of " + deadlineSeconds + " s and was killed (pid " + p.pid() + ")");
        }
        return p.exitValue();
    }

    private static Boolean netem;

    /** Whether this kernel has netem (tried once, in a throw-away namespace). */
    static synchronized boolean netemAvailable() {
        if (netem == null) {
            netem = false;
            if (onPath("unshare") && onPath("tc") && onPath("ip")) {
                try {
                    List<String> cmd = new ArrayList<>(List.of("unshare", "--net"));
                    if (!"root".equals(System.getProperty("user.name"))) {
                        cmd.add("--map-root-user");
                    }
                    cmd.addAll(List.of("sh", "-c", "ip link set lo up && tc qdisc add dev lo root netem delay 1ms"));
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(10, TimeUnit.SECONDS)) {
                        netem = p.exitValue() == 0;
                    } else {
                        p.destroyForcibly();
                    }
                } catch (IOException e) {
                    netem = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return netem;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
