package io.jrtc.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An external process (a real peer, a compiler, a probe) with a deadline that is enforced: when it
 * passes, the process and all its descendants are killed by PID, whatever the test is doing at that
 * moment (a watchdog thread does it, so a test blocked elsewhere cannot keep a hung peer alive).
 *
 * <p>Output never goes through a pipe that somebody must drain: stdout and stderr are written to
 * files (merged by default), so a chatty child never blocks on a full pipe, and a test reads the
 * output before, during or after the child's life without ever waiting on a stream. The one thing
 * that may be a pipe is stdin ({@link Builder#stdinPipe()}), for peers that take commands there.
 *
 * <pre>
 *   ChildProcess.Result r = ChildProcess.command("ffprobe", "-v", "error", file).run(Duration.ofSeconds(60));
 *   try (ChildProcess server = ChildProcess.command(cmd).stdinPipe().start(Duration.ofMinutes(2))) {
 *       assertTrue(server.awaitOutput("ACCEPT", Duration.ofSeconds(10)), server.output());
 *   }                                    // close(): SIGTERM, then the whole tree killed after 3 s
 * </pre>
 *
 * A JVM shutdown hook kills every child still alive, so an aborted test run leaves no orphans.
 */
public final class ChildProcess implements AutoCloseable {
    /** How long {@link #close()} lets a child exit on SIGTERM before the tree is killed. */
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jrtc-child-process-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ChildProcess c : LIVE) {
                killTree(c.process.toHandle(), Duration.ofSeconds(2));
            }
        }, "jrtc-child-process-reaper"));
    }

    /** What a finished (or killed) process left. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut, long millis) {
        /** stdout followed by stderr (just the output when they were merged). */
        public String output() {
            return stderr.isEmpty() ? stdout : stdout + stderr;
        }

        /** A one-line description for assertion messages: command, exit, time, the output's tail. */
        public String describe() {
            String out = output();
            String tail = out.length() > 4000 ? "…" + out.substring(out.length() - 4000) : out;
            return String.join(" ", command) + (timedOut ? ": KILLED at its deadline" : ": exit " + exitCode)
                    + " after " + millis + " ms\n" + tail;
        }
    }

    /** A command to run; see {@link Builder#run(Duration)} and {@link Builder#start(Duration)}. */
    public static Builder command(String... command) {
        return new Builder(List.of(command));
    }

    public static Builder command(List<String> command) {
        return new Builder(List.copyOf(command));
    }

    public static final class Builder {
        private final List<String> command;
        private boolean merge = true;
        private boolean stdinPipe;
        private Path stdin;
        private Path directory;
        private Path outputFile;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.command = command;
        }

        /** Keeps stderr apart from stdout ({@link Result#stderr()}); by default they are merged. */
        public Builder separateStderr() {
            merge = false;
            return this;
        }

        /** Gives the child a pipe on stdin ({@link #write(String)}); by default stdin is empty. */
        public Builder stdinPipe() {
            stdinPipe = true;
            return this;
        }

        /** Feeds the child this file on stdin. */
        public Builder stdin(Path file) {
            stdin = file;
            return this;
        }

        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /** Writes (merged) output to this file, which is kept; by default a temporary file, deleted on close. */
        public Builder outputFile(Path file) {
            outputFile = file;
            return this;
        }

        /**
         * Starts the child; it is killed (with its descendants) when {@code deadline} passes, and by
         * {@link #close()} at the latest.
         */
        public ChildProcess start(Duration deadline) throws IOException {
            return new ChildProcess(this, deadline);
        }

        /** Runs the child to its end or to {@code deadline} (then it is killed, {@link Result#timedOut()}). */
        public Result run(Duration deadline) throws IOException, InterruptedException {
            try (ChildProcess c = start(deadline)) {
                return c.waitFor(deadline);
            }
        }
    }

    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;
    private final boolean deleteOut;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> watchdog;
    private volatile boolean killedByDeadline;

    private ChildProcess(Builder b, Duration deadline) throws IOException {
        command = b.command;
        out = b.outputFile != null ? b.outputFile : Files.createTempFile("jrtc-child", ".out");
        deleteOut = b.outputFile == null;
        err = b.merge ? null : Files.createTempFile("jrtc-child", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile());
        if (b.merge) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        if (b.stdin != null) {
            pb.redirectInput(b.stdin.toFile());
        } else if (!b.stdinPipe) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        if (b.directory != null) {
            pb.directory(b.directory.toFile());
        }
        process = pb.start();
        LIVE.add(this);
        watchdog = WATCHDOG.schedule(() -> {
            if (process.isAlive()) {
                killedByDeadline = true;
                System.err.println("[child-process] deadline " + deadline + " passed, killing pid " + process.pid()
                        + " and its descendants: " + String.join(" ", command));
                killTree(process.toHandle(), Duration.ofSeconds(5));
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True when the deadline passed and the watchdog killed the child. */
    public boolean killedByDeadline() {
        return killedByDeadline;
    }

    /** Everything the child has written so far (stdout, merged with stderr unless kept apart). */
    public String output() {
        return read(out);
    }

    /** What the child wrote to stderr when it was kept apart; "" when merged. */
    public String errorOutput() {
        return err == null ? "" : read(err);
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to the child's stdin ({@link Builder#stdinPipe()}). */
    public void write(String s) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write(s.getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    /** Closes the child's stdin. */
    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Waits until the output contains {@code text}, the child ends, or {@code timeout} passes (the
     * output file is polled, so nothing here can block on the child). True when the text was seen.
     */
    public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        return awaitOutput(o -> o.contains(text), timeout);
    }

    public boolean awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.test(output())) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.test(output()); // its last words are in the file once it has exited
            }
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits for the child to end, at most {@code timeout}; if it is still running then, it is killed
     * with its descendants and the result says {@link Result#timedOut()}.
     */
    public Result waitFor(Duration timeout) throws InterruptedException {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            killTree(process.toHandle(), Duration.ofSeconds(10));
        }
        return result(!finished || killedByDeadline);
    }

    private Result result(boolean timedOut) {
        int code = process.isAlive() ? -1 : process.exitValue();
        return new Result(command, timedOut ? -1 : code, output(), errorOutput(), timedOut,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Asks the child to exit (SIGTERM), kills the whole tree if it has not after 3 s, and removes temporary files. */
    @Override
    public void close() {
        watchdog.cancel(false);
        List<ProcessHandle> descendants = process.toHandle().descendants().toList(); // before they can be orphaned
        try {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        killTree(process.toHandle(), Duration.ofSeconds(5));
                    }
                } catch (InterruptedException e) {
                    killTree(process.toHandle(), Duration.ofSeconds(5));
                    Thread.currentThread().interrupt();
                }
            }
            // descendants that outlived a parent which exited on SIGTERM
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } finally {
            LIVE.remove(this);
            try {
                if (deleteOut) {
                    Files.deleteIfExists(out);
                }
                if (err != null) {
                    Files.deleteIfExists(err);
                }
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    /**
     * Kills a process and all its descendants with SIGKILL (the descendants are collected before
     * anything is killed, so children that outlive their parent are still found), then waits up to
     * {@code wait} for them to be gone. True when all of them ended.
     */
    public static boolean killTree(ProcessHandle root, Duration wait) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        root.descendants().forEach(h -> { // anything spawned while we were killing
            all.add(h);
            h.destroyForcibly();
        });
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    h.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (Exception e) {
                    // timed out: the loop condition decides
                }
            }
        }
        return all.stream().noneMatch(ProcessHandle::isAlive);
    }
}
