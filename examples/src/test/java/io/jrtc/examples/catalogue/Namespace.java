package io.jrtc.examples.catalogue;

import io.jrtc.testkit.RealPeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The catalogue tests' outer half: a JVM with this test's classpath in a fresh network namespace whose
 * only interface is loopback ({@code unshare --net}, with {@code --map-root-user} when not root;
 * {@code ip link set lo up}; a default route over {@code lo} with source 127.0.0.1), so nothing can
 * leave the machine; every process has a deadline and is killed by PID with its descendants. Locally
 * a missing Chromium, tool or namespace right skips the test with its reason; with {@code CI=true}
 * it fails. (The same idea as {@code webrtc.LoopbackNamespace}, kept here so the two can change apart.)
 */
final class Namespace {
    private static List<String> options;

    private Namespace() {
    }

    /** What a finished (or killed) process left. */
    record Result(int exitCode, String output, boolean timedOut) {
    }

    /** Headless Chromium (Debian's binary itself when there, no wrapper script), or a skip / CI failure. */
    static Path chromium() {
        Path direct = Path.of("/usr/lib/chromium/chromium");
        if (Files.isExecutable(direct)) {
            return direct;
        }
        return RealPeers.require("chromium", "apt-get install chromium (scripts/install-peers.sh)");
    }

    /** Checks unshare, ip and the right to create a namespace. */
    static synchronized void require() throws Exception {
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        RealPeers.require("ip", "apt-get install iproute2");
        if (options == null) {
            for (List<String> o : List.of(List.of("--net"), List.of("--net", "--map-root-user"))) {
                List<String> probe = new ArrayList<>(List.of(unshare.toString()));
                probe.addAll(o);
                probe.add("true");
                if (run(probe, 10).exitCode() == 0) {
                    options = o;
                    break;
                }
            }
        }
        RealPeers.requireThat(options != null, "cannot create a network namespace here: unshare --net needs "
                + "CAP_SYS_ADMIN, unshare --net --map-root-user needs unprivileged user namespaces");
    }

    /** Runs {@code mainClass ARGS} inside a new loopback-only namespace for at most {@code seconds}. */
    static Result runJava(Class<?> mainClass, List<String> args, long seconds) throws Exception {
        require();
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        Path ip = RealPeers.require("ip", "apt-get install iproute2");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder inside = new StringBuilder(ip + " link set lo up && " + ip
                + " route add default dev lo src 127.0.0.1 && exec " + quote(java) + " -Djrtc.rethrowEngineErrors=true -cp "
                + quote(System.getProperty("java.class.path")) + " " + mainClass.getName());
        for (String a : args) {
            inside.append(' ').append(quote(a));
        }
        List<String> command = new ArrayList<>(List.of(unshare.toString()));
        command.addAll(options);
        command.addAll(List.of("sh", "-c", inside.toString()));
        Result r = run(command, seconds);
        System.out.println(r.output());
        System.out.println("exit " + r.exitCode() + (r.timedOut() ? " (killed at its deadline of " + seconds + " s)" : ""));
        return r;
    }

    /** Runs a command (stdout and stderr to a file, so it never blocks on a pipe) for at most {@code seconds}. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jrtc-catalogue", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                killTree(p.toHandle());
            }
            return new Result(finished ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8), !finished);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Kills a process and every descendant (collected before anything is killed, then once more for
     * any spawned meanwhile), by PID; waits up to 10 s; true when all ended.
     */
    static boolean killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        root.descendants().forEach(h -> {
            all.add(h);
            h.destroyForcibly();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // still alive at the deadline: reported by the return value
            }
        }
        return all.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
