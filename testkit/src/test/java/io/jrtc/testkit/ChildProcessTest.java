package io.jrtc.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deadline of an external process is enforced on the process and on its descendants. */
class ChildProcessTest {
    /** A shell that starts a grandchild and then hangs: both are killed at the deadline, by PID. */
    @Test
    void aHungChildAndItsDescendantsAreKilledAtTheDeadline() throws Exception {
        RealPeers.require("sh", "a POSIX shell");
        long start = System.nanoTime();
        List<ProcessHandle> tree;
        ChildProcess.Result r;
        try (ChildProcess c = ChildProcess.command("sh", "-c", "sleep 300 & echo started; sleep 300").start(Duration.ofMinutes(5))) {
            assertTrue(c.awaitOutput("started", Duration.ofSeconds(10)), c.output());
            tree = new java.util.ArrayList<>(c.handle().descendants().toList());
            tree.add(c.handle());
            assertEquals(3, tree.size(), "the shell and its two sleeps: " + tree);
            r = c.waitFor(Duration.ofMillis(500));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut(), r.describe());
        assertEquals(-1, r.exitCode());
        assertEquals("started\n", r.output());
        assertTrue(ms < 30_000, "the wait ended at its deadline, not with the 300 s sleep: " + ms + " ms");
        for (ProcessHandle h : tree) {
            assertFalse(h.isAlive(), "pid " + h.pid() + " survived");
        }
    }

    /** The watchdog kills a child at its deadline although nobody waits for it. */
    @Test
    void theWatchdogKillsAChildNobodyWaitsFor() throws Exception {
        try (ChildProcess c = ChildProcess.command("sh", "-c", "sleep 300").start(Duration.ofMillis(300))) {
            c.handle().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS); // throws TimeoutException if it is not killed
            assertFalse(c.isAlive());
            assertTrue(c.killedByDeadline());
        }
    }

    /** Megabytes of output cannot block the child: it goes to a file, not a pipe nobody drains. */
    @Test
    void aChattyChildFinishesAndItsOutputIsKept() throws Exception {
        ChildProcess.Result r = ChildProcess.command("sh", "-c", "head -c 4000000 /dev/zero | tr '\\0' x; echo oops >&2; exit 3")
                .separateStderr().run(Duration.ofSeconds(60));
        assertFalse(r.timedOut(), r.describe());
        assertEquals(3, r.exitCode());
        assertEquals(4_000_000, r.stdout().length());
        assertEquals("oops\n", r.stderr());
    }

    @Test
    void stdinPipeAndFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (ChildProcess c = ChildProcess.command("cat").stdinPipe().start(Duration.ofSeconds(60))) {
            c.write("hello\n");
            assertTrue(c.awaitOutput("hello\n", Duration.ofSeconds(10)), c.output());
            c.closeStdin();
            ChildProcess.Result r = c.waitFor(Duration.ofSeconds(10));
            assertEquals(0, r.exitCode(), r.describe());
        }
        java.nio.file.Path in = dir.resolve("in.txt");
        java.nio.file.Files.writeString(in, "from a file\n");
        assertEquals("from a file\n", ChildProcess.command("cat").stdin(in).run(Duration.ofSeconds(10)).stdout());
    }
}
