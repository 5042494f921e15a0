package io.jrtc.examples.webrtc;

import io.jrtc.testkit.ChildProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * External processes with an enforced deadline, for the browser tests: a thin adapter over the test
 * kit's {@link ChildProcess} (output to a file, so a chatty process never blocks on a full pipe while
 * we wait; a process still running at its deadline is killed by its PID together with every
 * descendant).
 */
final class Processes {
    private Processes() {
    }

    /** What a finished (or killed) process left: its exit code, its output, and whether the deadline killed it. */
    record Result(int exitCode, String output, boolean timedOut, long millis) {
    }

    /** Runs {@code command} (stdout and stderr together) for at most {@code seconds}. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        ChildProcess.Result r = ChildProcess.command(command).run(Duration.ofSeconds(seconds));
        return new Result(r.exitCode(), r.output(), r.timedOut(), r.millis());
    }

    /** Kills a process and all its descendants by PID; true when all of them ended within {@code seconds}. */
    static boolean killTree(ProcessHandle root, long seconds) {
        return ChildProcess.killTree(root, Duration.ofSeconds(seconds));
    }
}
