package io.jrtc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's rules for every command: --help, usage errors, failures, --debug. */
class LauncherTest {

    /** An example that records whether it ran and fails the way it is told to. */
    static final class Probe implements Example {
        boolean ran;
        final RuntimeException failure;

        Probe(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String usage() {
            return "--thing X";
        }

        @Override
        public String description() {
            return "a probe";
        }

        @Override
        public int run(String[] args) {
            ran = true;
            if (failure != null) {
                throw failure;
            }
            return 0;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run launch(Example e, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(r, true, StandardCharsets.UTF_8));
            int code = Launcher.run(e, args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), r.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpPrintsUsageAndDoesNotRun() {
        Probe p = new Probe(null);
        Run r = launch(p, "--thing", "1", "--help");
        assertEquals(0, r.code());
        assertFalse(p.ran);
        assertEquals("usage: probe --thing X\na probe\n", r.out());
    }

    @Test
    void wrongArgumentIsOneLinePlusUsageExitTwo() {
        Run r = launch(new Probe(new IllegalArgumentException("--thing needs a number")));
        assertEquals(2, r.code());
        assertEquals(List.of("probe: --thing needs a number", "usage: probe --thing X"), r.err().lines().toList());
    }

    @Test
    void failureIsOneLineExitOneWithoutStackTrace() {
        Run r = launch(new Probe(new IllegalStateException("port unreachable", new RuntimeException("ICMP"))));
        assertEquals(1, r.code());
        assertEquals(List.of("probe: port unreachable: ICMP (--debug for the stack trace)"), r.err().lines().toList());
    }

    @Test
    void debugAddsTheStackTrace() {
        Run r = launch(new Probe(new IllegalStateException("boom")), "--debug");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("probe: boom\njava.lang.IllegalStateException: boom\n\tat "), r.err());
    }

    @Test
    void everyDiscoveredExampleAnswersHelpWithoutRunning() {
        for (Example e : Launcher.discover()) {
            Run r = launch(e, "--help");
            assertEquals(0, r.code(), e.name());
            assertTrue(r.out().startsWith("usage: " + e.name() + " "), e.name() + ": " + r.out());
        }
    }
}
