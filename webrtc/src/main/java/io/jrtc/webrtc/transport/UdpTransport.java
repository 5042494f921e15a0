package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.webrtc.core.DatagramEngine;
import io.netty.channel.EventLoop;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One UDP socket, one event loop, one engine: how a peer connection with its own port meets the
 * network.
 *
 * <pre>{@code
 * UdpTransport t = UdpTransport.bind(loops, InetAddress.getLoopbackAddress(), 0, 0);
 * t.start(core, () -> { for (PeerEvent e; (e = core.pollEvent()) != null; ) deliver(e); });
 * t.execute(() -> core.send(...));     // from any thread: hops onto the loop, then pumps
 * t.close();
 * }</pre>
 *
 * <p>From {@link #start} on, everything happens on {@link #eventLoop()}:
 * <ul>
 *   <li>each datagram that arrives is copied out of Netty's buffer into a fresh array (the buffer is
 *       released at once) and handed to {@code engine.handleInput(System.nanoTime(),
 *       new Datagram(sender, localAddress(), data))};</li>
 *   <li>then the engine is pumped: every {@code pollTransmit()} is written to its
 *       {@code destination()}, {@code afterPump} runs (the facade drains the engine's events there;
 *       the transport never polls events), and again if that made the engine send more;</li>
 *   <li>writes are flushed once per read batch (Netty reads up to 64 datagrams in a row) or once per
 *       pump outside one, and the one timer is re-armed for {@code pollTimeout()} at the same moment;
 *       when it fires, {@code handleTimeout(now)} and a pump.</li>
 * </ul>
 *
 * <p>Nothing is thrown into Netty. An engine exception is caught, counted
 * ({@link TransportStats#engineErrors()}) and logged, and the socket goes on, so one hostile datagram
 * cannot stop a server; with {@link TransportOptions#rethrowEngineErrors()} (tests,
 * {@code -Djrtc.rethrowEngineErrors=true}) it is also logged at ERROR and {@link #close()} rethrows it.
 * A datagram that cannot be written (channel not writable, or the write failed) is counted in
 * {@link TransportStats#writeFailures()} and logged at DEBUG.
 */
public final class UdpTransport implements TransportHandle {
    private final UdpSocket socket;
    private volatile EngineDriver driver;
    private volatile boolean closed;

    private UdpTransport(EventLoops loops, InetAddress address, int minPort, int maxPort, TransportOptions options)
            throws BindException {
        this.socket = UdpSocket.bind(loops, address, minPort, maxPort, options, false, this::received);
        socket.ownerClose = this::closeQuietly;
    }

    /**
     * Binds a UDP socket with {@link TransportOptions#defaults()}; see
     * {@link #bind(EventLoops, InetAddress, int, int, TransportOptions)}.
     */
    public static UdpTransport bind(EventLoops loops, InetAddress address, int minPort, int maxPort) throws BindException {
        return bind(loops, address, minPort, maxPort, TransportOptions.defaults());
    }

    /**
     * Binds a UDP socket on {@code address} (a wildcard address binds every interface) on one loop of
     * {@code loops}, and returns once it is bound. Datagrams that arrive before {@link #start} wait in
     * the kernel's queue.
     *
     * @param minPort the first port to try; {@code 0} with {@code maxPort} 0: an ephemeral port
     * @param maxPort the last port to try: each port from {@code minPort} on is tried in order until one binds
     * @throws BindException            if no port of the range could be bound
     * @throws IllegalArgumentException if the range is not 0..0 or within 1..65535 with min &lt;= max
     * @throws IllegalStateException    if {@code loops} is closed
     */
    public static UdpTransport bind(EventLoops loops, InetAddress address, int minPort, int maxPort,
                                    TransportOptions options) throws BindException {
        return new UdpTransport(loops, address, minPort, maxPort, options);
    }

    /**
     * Starts driving {@code engine}: pumps it once (what it has to send already, its first timer) and
     * starts reading. Any thread; returns at once, the start itself runs on the loop, before any task
     * given to {@link #execute} afterwards.
     *
     * @param afterPump run on the loop after every pump (after the transmits were written): drain the
     *                  engine's events here
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start(DatagramEngine<?> engine, Runnable afterPump) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(afterPump, "afterPump");
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (driver != null) {
            throw new IllegalStateException("already started");
        }
        EngineDriver d = new EngineDriver(socket, engine, afterPump, null);
        driver = d;
        Runnable begin = () -> {
            d.pump();
            socket.startReading();
        };
        if (socket.loop.inEventLoop()) {
            begin.run();
        } else {
            socket.loop.execute(begin);
        }
    }

    private void received(InetSocketAddress sender, byte[] data) {
        EngineDriver d = driver;
        if (d == null || d.closed) {
            return;
        }
        socket.datagramsIn++;
        socket.bytesIn += data.length;
        d.input(System.nanoTime(), new Datagram(sender, socket.localAddress(), data));
    }

    /** The address the socket is bound to (with the port the kernel chose for an ephemeral bind). */
    @Override
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** The event loop this socket and its engine live on. */
    @Override
    public EventLoop eventLoop() {
        return socket.loop;
    }

    @Override
    public boolean inLoop() {
        return socket.loop.inEventLoop();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Before {@link #start} the task runs on the loop with nothing to pump.
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        EngineDriver d = driver;
        if (d != null) {
            d.execute(task);
            return;
        }
        Runnable guarded = () -> {
            EngineDriver now = driver;
            if (now != null) {
                now.execute(task); // started meanwhile: pump after it too
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                socket.engineError(null, "a task", t);
            }
        };
        if (inLoop()) {
            guarded.run();
        } else {
            socket.loop.execute(guarded);
        }
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        EngineDriver d = driver;
        if (d != null) {
            return d.submit(task);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** A snapshot of the counters (any thread). {@link TransportStats#unroutable()} is always 0 here. */
    public TransportStats stats() {
        return socket.stats();
    }

    @Override
    public Throwable firstEngineError() {
        return socket.firstEngineError();
    }

    /** The SO_RCVBUF the kernel actually gave (Linux reports twice what it grants the payload). */
    public int receiveBufferSize() {
        return socket.receiveBufferSize();
    }

    /** The SO_SNDBUF the kernel actually gave. */
    public int sendBufferSize() {
        return socket.sendBufferSize();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the socket and cancels the timer; the engine gets nothing more. Idempotent. Off the loop
     * it waits (a bounded time) until the port is released, so it can be bound again at once.
     *
     * @throws IllegalStateException on the first call with {@link TransportOptions#rethrowEngineErrors()},
     *                               if an engine error was caught (as the cause); the socket is closed all the same
     */
    @Override
    public void close() {
        if (closeQuietly()) {
            socket.rethrowIfAsked(socket.firstEngineError(), "the engine");
        }
    }

    private boolean closeQuietly() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        EngineDriver d = driver;
        if (d != null) {
            d.close();
        }
        socket.close();
        return true;
    }

    @Override
    public String toString() {
        return "UdpTransport[" + localAddress() + (closed ? ", closed" : "") + "]";
    }
}
