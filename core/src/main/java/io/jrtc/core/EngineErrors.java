package io.jrtc.core;

/**
 * The rule for unexpected exceptions inside an engine.
 *
 * <p>An engine's {@code handleInput}, {@code handleTimeout} and {@code pollTransmit} catch any
 * {@link RuntimeException} that is not the module's own parse exception, so that one hostile datagram
 * cannot stop a server: the error is counted in the engine's stats ({@code internalErrors}) and logged.
 * Such an exception is always a bug. In tests and fuzzing it must not stay hidden: with the system
 * property {@value #PROPERTY} set to {@code true} (the build's tests and the fuzz targets set it), the
 * engine counts it and then rethrows it wrapped in {@link InternalEngineError}.
 */
public final class EngineErrors {

    /** The system property that turns rethrowing on: {@code -Djrtc.rethrowEngineErrors=true}. */
    public static final String PROPERTY = "jrtc.rethrowEngineErrors";

    private EngineErrors() {
    }

    /** {@return whether engines created now rethrow internal errors (read once per engine, at construction)} */
    public static boolean rethrowByDefault() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Called from an engine's protective catch after it has counted {@code e}: logs it, and rethrows it
     * when {@code rethrow} is set.
     *
     * @param log     the engine's logger
     * @param engine  a short name for the log line ("DTLS", "SCTP", …)
     * @param where   what the engine was doing ("handleInput", "handleTimeout", …)
     * @param e       the unexpected exception
     * @param rethrow whether to rethrow (see {@link #rethrowByDefault()})
     * @throws InternalEngineError wrapping {@code e} when {@code rethrow} is set
     */
    public static void caught(System.Logger log, String engine, String where, RuntimeException e, boolean rethrow) {
        log.log(System.Logger.Level.WARNING, "[" + engine + "] internal error in " + where + " (counted, input dropped)", e);
        if (rethrow) {
            throw new InternalEngineError(engine + " internal error in " + where + ": " + e, e);
        }
    }

    /** An unexpected exception inside an engine, rethrown because {@value #PROPERTY} is set. */
    public static final class InternalEngineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InternalEngineError(String message, RuntimeException cause) {
            super(message, cause);
        }
    }
}
