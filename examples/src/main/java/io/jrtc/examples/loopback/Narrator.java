package io.jrtc.examples.loopback;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The demo's output: one line per step, {@code [LAYER]} then the text, from the main thread and from
 * both connections' event loops (so every line is printed whole, in the order it happened).
 *
 * <p>The layers also log through {@code System.Logger} ({@code jrtc.webrtc}, {@code jrtc.ice}, ...),
 * which is {@code java.util.logging} unless the application chose another backend. While the demo
 * runs, those records come here too, indented under the narration: warnings always, and with
 * {@code --verbose} every INFO line (agent roles, local candidates, ClientHello, INIT, ...), which
 * says the same things in the layers' own words; then every line starts with the milliseconds since
 * the start.
 */
final class Narrator implements AutoCloseable {
    private final PrintStream out;
    private final Logger jrtc = Logger.getLogger("jrtc"); // parent of jrtc.webrtc, jrtc.ice, ...; held strongly
    private final Level oldLevel;
    private final boolean oldUseParentHandlers;
    private final Handler handler;
    private final boolean timestamps;
    private final long start = System.nanoTime();

    Narrator(PrintStream out, boolean verbose) {
        this.out = out;
        this.timestamps = verbose;
        oldLevel = jrtc.getLevel();
        oldUseParentHandlers = jrtc.getUseParentHandlers();
        handler = new Handler() {
            private final SimpleFormatter messages = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                if (!isLoggable(r)) {
                    return;
                }
                String text = messages.formatMessage(r); // {0} parameters, as java.util.logging formats them
                String level = r.getLevel().intValue() >= Level.WARNING.intValue() ? " " + r.getLevel() : "";
                print("    log " + r.getLoggerName() + level + ": " + text
                        + (r.getThrown() != null ? " (" + r.getThrown() + ")" : ""));
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        Level level = verbose ? Level.INFO : Level.WARNING;
        handler.setLevel(level);
        jrtc.setLevel(level);
        jrtc.setUseParentHandlers(false);
        jrtc.addHandler(handler);
    }

    /** {@code [LAYER]  text}, the layer tag padded so the texts line up. */
    void say(String layer, String text) {
        print(String.format("%-8s%s", "[" + layer + "]", text));
    }

    /** A line as it is (with --verbose after the milliseconds since the start, to see where time goes). */
    synchronized void print(String line) {
        if (timestamps && !line.isEmpty()) {
            out.printf("%6.1f ms  %s%n", (System.nanoTime() - start) / 1e6, line);
        } else {
            out.println(line);
        }
    }

    /** Puts java.util.logging back as it was. */
    @Override
    public void close() {
        jrtc.removeHandler(handler);
        jrtc.setLevel(oldLevel);
        jrtc.setUseParentHandlers(oldUseParentHandlers);
        out.flush();
    }
}
