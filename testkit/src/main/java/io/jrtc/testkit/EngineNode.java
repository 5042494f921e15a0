package io.jrtc.testkit;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Puts an {@link Engine} on the simulated network. Events are drained after every call into
 * {@link #events()}, where the test (or a condition of {@link Simulation#runUntil}) reads them.
 *
 * @param <T> the engine's transmit type
 * @param <E> the engine's event type
 */
public final class EngineNode<T, E> implements SimNode {

    /** How a datagram enters the engine ({@code engine.handleInput(now, …)}). */
    @FunctionalInterface
    public interface Input {
        void handle(long now, Datagram datagram) throws Exception;
    }

    /** How a raw byte input enters an engine that knows no addresses (DTLS, SCTP). */
    @FunctionalInterface
    public interface BytesInput {
        void handle(long now, byte[] data) throws Exception;
    }

    private final Engine<T, E> engine;
    private final Input input;
    private final Function<T, Datagram> toDatagram;
    private final List<E> events = new ArrayList<>();
    private final List<Exception> inputErrors = new ArrayList<>();

    public EngineNode(Engine<T, E> engine, Input input, Function<T, Datagram> toDatagram) {
        this.engine = engine;
        this.input = input;
        this.toDatagram = toDatagram;
    }

    /** An engine whose transmits are already {@link Datagram}s with addresses. */
    public static <E> EngineNode<Datagram, E> ofDatagrams(Engine<Datagram, E> engine, Input input) {
        return new EngineNode<>(engine, input, Function.identity());
    }

    /**
     * An engine that speaks bytes to one peer (DTLS, SCTP): every transmit goes from {@code local} to
     * {@code remote}, and every datagram that arrives is handed in as bytes.
     */
    public static <E> EngineNode<byte[], E> pointToPoint(Engine<byte[], E> engine, InetSocketAddress local,
                                                         InetSocketAddress remote, BytesInput input) {
        return new EngineNode<>(engine, (now, d) -> input.handle(now, d.data()), b -> new Datagram(local, remote, b));
    }

    public Engine<T, E> engine() {
        return engine;
    }

    /** Every event the engine reported so far, in order. */
    public List<E> events() {
        return events;
    }

    /** Exceptions that escaped the engine's input method (an engine should have none for bad input). */
    public List<Exception> inputErrors() {
        return inputErrors;
    }

    @Override
    public void handleInput(long now, Datagram datagram) {
        try {
            input.handle(now, datagram);
        } catch (Exception e) {
            inputErrors.add(e);
        }
        drainEvents();
    }

    @Override
    public void handleTimeout(long now) {
        engine.handleTimeout(now);
        drainEvents();
    }

    @Override
    public Datagram pollTransmit() {
        T t = engine.pollTransmit();
        drainEvents();
        return t == null ? null : toDatagram.apply(t);
    }

    @Override
    public long pollTimeout() {
        return engine.pollTimeout();
    }

    private void drainEvents() {
        for (E e; (e = engine.pollEvent()) != null; ) {
            events.add(e);
        }
    }
}
