package io.jrtc.core;

/**
 * The shape shared by every protocol engine in jrtc (STUN transactions, ICE, DTLS, SCTP, …).
 *
 * <p>An engine is a state machine with no I/O: no sockets, threads, sleeps, or clock reads. The
 * caller owns all of that and drives the engine like this:
 *
 * <pre>{@code
 * engine.handleInput(now, bytes...);      // module-specific: a datagram, a record, a packet
 * engine.handleTimeout(now);              // when now >= engine.pollTimeout()
 * for (T t; (t = engine.pollTransmit()) != null; ) send(t);
 * for (E e; (e = engine.pollEvent()) != null; ) handle(e);
 * long deadline = engine.pollTimeout();   // sleep/arm a timer until then, or until input arrives
 * }</pre>
 *
 * <p>After every input or timeout the caller drains transmits and events before it computes the next
 * deadline. {@code handleInput} is not part of this interface because what comes in differs per layer
 * (ICE needs addresses, SCTP takes a packet); each engine names it {@code handleInput(long now, ...)}.
 *
 * <p><b>Time.</b> {@code now} is a monotonic instant in nanoseconds on any origin, the scale of
 * {@link System#nanoTime()}. Engines only compare and add to it, so tests run on a virtual clock.
 * Randomness is injected through the engine's configuration, seedable in tests.
 *
 * <p><b>Threads.</b> An engine is confined to one thread; it takes no locks.
 *
 * @param <T> what the engine asks to send (a datagram with addresses, or bare bytes)
 * @param <E> the events the engine reports
 */
public interface Engine<T, E> {

    /** Returned by {@link #pollTimeout()} when the engine has no timer armed. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /**
     * Lets timers that are due at {@code now} fire. Calling it early is harmless.
     *
     * @param now the current time (nanoseconds)
     */
    void handleTimeout(long now);

    /** {@return the next thing to send, or {@code null} when there is none} */
    T pollTransmit();

    /** {@return the next event, or {@code null} when there is none} */
    E pollEvent();

    /** {@return the absolute time (nanoseconds) when {@link #handleTimeout} should next be called, or {@link #NO_TIMEOUT}} */
    long pollTimeout();
}
