package io.jrtc.core;

import java.util.ArrayDeque;

/**
 * The output side an {@link Engine} usually needs: what it produces while handling input or a timeout
 * waits in two queues, things to send and events to report, until the caller polls them (oldest
 * first). A subclass adds to {@link #transmits} and {@link #events} and implements
 * {@link #handleTimeout} and {@link #pollTimeout}.
 *
 * @param <T> what the engine sends (a {@link Datagram}, or bare bytes)
 * @param <E> the engine's event type
 */
public abstract class QueuedEngine<T, E> implements Engine<T, E> {
    /** Things waiting for {@link #pollTransmit()}, oldest first. */
    protected final ArrayDeque<T> transmits = new ArrayDeque<>();
    /** Events waiting for {@link #pollEvent()}, oldest first. */
    protected final ArrayDeque<E> events = new ArrayDeque<>();

    /** For subclasses. */
    protected QueuedEngine() {
    }

    @Override
    public final T pollTransmit() {
        return transmits.poll();
    }

    @Override
    public final E pollEvent() {
        return events.poll();
    }
}
