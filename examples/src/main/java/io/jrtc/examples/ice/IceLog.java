package io.jrtc.examples.ice;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows the {@code jrtc.ice} logger's narration (every check, pair state, nomination, selected pair,
 * TURN step) on a stream while an example runs. The agent logs through {@code System.Logger}; with
 * no other logging backend that is {@code java.util.logging}, which this hooks into.
 */
final class IceLog implements AutoCloseable {
    private final Logger logger = Logger.getLogger("jrtc.ice");
    private final Handler handler;
    private final Level oldLevel;
    private final boolean oldUseParent;

    IceLog(PrintStream out, boolean verbose) {
        handler = new Handler() {
            private final Formatter formatter = new Formatter() {
                @Override
                public String format(LogRecord r) {
                    return formatMessage(r);
                }
            };

            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    out.println(formatter.format(r));
                }
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
        Level level = verbose ? Level.FINE : Level.INFO;
        handler.setLevel(level);
        oldLevel = logger.getLevel();
        oldUseParent = logger.getUseParentHandlers();
        logger.setLevel(level);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(oldLevel);
        logger.setUseParentHandlers(oldUseParent);
    }
}
