package io.jrtc.examples.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * External processes with an enforced deadline: the output goes to a file (so a chatty process never
 * blocks on a full pipe while we wait), and a process still running at its deadline is killed by its
 * PID together with every descendant.
 */
final class Processes {
    private Processes() {
    }

    /** What a finished (or killed) process left: its exit code, its output, and whether the deadline killed it. */
    record Result(int exitCode, String output, boolean timedOut, long millis) {
    }

    /** Runs {@code command} (stdout and stderr together) for at most {@code seconds}. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jrtc-process", ".log");
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                killTree(p.toHandle(), 10);
            }
            int code = finished ? p.exitValue() : -1;
            String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            return new Result(code, output, !finished, (System.nanoTime() - start) / 1_000_000);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Kills a process and all its descendants (collected before anything is killed, so children that
     * outlive their parent are still found), then waits up to {@code seconds} for them to be gone.
     * Returns true when all of them ended.
     */
    static boolean killTree(ProcessHandle root, long seconds) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        // one more pass for anything spawned while we were killing
        root.descendants().forEach(h -> {
            all.add(h);
            h.destroyForcibly();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    h.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // timed out or interrupted: checked again by the loop condition
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
        return all.stream().noneMatch(ProcessHandle::isAlive);
    }
}
