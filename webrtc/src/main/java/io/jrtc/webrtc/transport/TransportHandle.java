package io.jrtc.webrtc.transport;

import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * One engine running on one event loop: what a peer connection facade holds, whether its engine has a
 * socket of its own ({@link UdpTransport}) or shares one ({@link MuxTransport.Registration}).
 *
 * <p>The engine is confined to the loop. Public API calls hop onto it with {@link #execute} or
 * {@link #submit}; after the task the engine is pumped (its transmits sent, the afterPump callback
 * run, its timer re-armed), so a task only has to call the engine.
 */
public interface TransportHandle extends AutoCloseable {

    /**
     * Runs {@code task} on the event loop, then pumps the engine. Called on the loop, it runs at once
     * (inside a pump, e.g. from the afterPump callback, the pump goes round once more instead of
     * nesting); called elsewhere, it is queued, in order. An exception the task throws is caught,
     * logged and counted as an engine error. After {@link #close()} tasks still run but nothing is
     * pumped.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the {@link EventLoops} were closed
     */
    void execute(Runnable task);

    /**
     * Like {@link #execute}, but returns the task's result (or its exception) as a future; the engine
     * is pumped after the task either way. The future is completed on the loop: do not block on it
     * there.
     */
    <T> CompletableFuture<T> submit(Callable<T> task);

    /** Whether the calling thread is this handle's event loop. */
    boolean inLoop();

    /** The event loop the engine runs on (its callbacks come from this thread). */
    EventLoop eventLoop();

    /** The local address of the socket the engine's datagrams use. */
    InetSocketAddress localAddress();

    /**
     * The first exception the engine (or one of its tasks or afterPump callbacks) threw, or
     * {@code null}: for tests to assert on.
     */
    Throwable firstEngineError();

    /**
     * Stops the engine: no more input, timer cancelled, nothing more sent. Idempotent.
     *
     * @throws IllegalStateException only with {@link TransportOptions#rethrowEngineErrors()}, when the
     *                               engine threw (the cause); the handle is closed all the same
     */
    @Override
    void close();
}
