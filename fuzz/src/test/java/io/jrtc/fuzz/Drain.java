package io.jrtc.fuzz;

import io.jrtc.core.Engine;
import io.jrtc.core.EngineErrors;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.datachannel.DataChannels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains an engine the way a real caller does after every input, and fails on any internal error.
 *
 * <p>An engine's protective catch counts an unexpected exception in its stats ({@code internalErrors})
 * and, with {@value EngineErrors#PROPERTY} set, rethrows it as {@link EngineErrors.InternalEngineError}.
 * The fuzz targets need both: the property so that the exception (with its stack) reaches Jazzer, and the
 * counter check here in case an engine counts without rethrowing. A parse exception of the module's own
 * type is dropped and counted by the engine as malformed input, which is not a finding; everything else is.
 */
final class Drain {
    /** Bounds the drain loops: an engine that never stops producing output is a finding, not a hang. */
    static final int MAX_OUTPUTS = 100_000;

    /**
     * jrtc's loggers at WARNING: every connect of a stateful target logs a few dozen INFO lines, which at
     * these execution rates is hundreds of MB of output and most of the time spent; warnings (an internal
     * error among them) still show. Held here so that the level stays.
     */
    private static final Logger JRTC_LOGS = Logger.getLogger("jrtc");

    static {
        setUp();
    }

    private Drain() {
    }

    /**
     * Turns on {@value EngineErrors#PROPERTY} for engines built from now on (engines read it at construction)
     * and quiets jrtc's INFO logs. The build's surefire configuration and {@code fuzz/fuzz-all.sh} set the
     * property on the command line; this makes a target run from an IDE or any other launcher behave the
     * same. Every target class calls it in its static initializer, before it builds an engine.
     */
    static void setUp() {
        System.setProperty(EngineErrors.PROPERTY, "true");
        JRTC_LOGS.setLevel(Level.WARNING);
    }

    static void engine(Engine<?, ?> engine) {
        int n = 0;
        while (engine.pollTransmit() != null) {
            bounded(engine, ++n, "transmits");
        }
        n = 0;
        while (engine.pollEvent() != null) {
            bounded(engine, ++n, "events");
        }
        engine.pollTimeout();
        noInternalErrors(engine);
    }

    /**
     * Drains only the events (a caller that forwards the transmits itself, to a peer), and checks for
     * internal errors. Returns how many events there were: handling one may queue transmits (DCEP answers).
     */
    static int events(Engine<?, ?> engine) {
        int n = 0;
        while (engine.pollEvent() != null) {
            bounded(engine, ++n, "events");
        }
        noInternalErrors(engine);
        return n;
    }

    /** Fails if the engine has counted an internal error (an unexpected exception it caught). */
    static void noInternalErrors(Engine<?, ?> engine) {
        long errors = 0;
        if (engine instanceof DtlsEndpoint d) {
            errors = d.stats().internalErrors();
        } else if (engine instanceof SctpAssociation a) {
            errors = a.stats().internalErrors();
        } else if (engine instanceof DataChannels d) {
            errors = d.association().stats().internalErrors();
        }
        if (errors != 0) {
            throw new IllegalStateException(engine.getClass().getSimpleName() + " counted " + errors
                    + " internal error(s) without rethrowing them");
        }
    }

    private static void bounded(Engine<?, ?> engine, int n, String what) {
        if (n > MAX_OUTPUTS) {
            throw new IllegalStateException(engine.getClass().getSimpleName() + " produced more than " + MAX_OUTPUTS
                    + " " + what + " for one input");
        }
    }
}
