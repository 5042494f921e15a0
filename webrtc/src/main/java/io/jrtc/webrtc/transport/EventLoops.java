package io.jrtc.webrtc.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The Netty event loops that every {@link UdpTransport} and {@link MuxTransport} runs on: one group,
 * created once and shared, closed last.
 *
 * <p>On Linux, where Netty's native epoll transport loads ({@link Epoll#isAvailable()}), the loops
 * are epoll loops and sockets are {@link EpollDatagramChannel}s; anywhere else (or with
 * {@code -Djrtc.epoll=false}) they are NIO loops with {@link NioDatagramChannel}s. Which one was
 * chosen is logged once at INFO on the {@code jrtc.webrtc} logger.
 *
 * <p>Each socket is bound to one loop of the group ({@link #next()}, round robin) and stays there, so
 * everything that touches one connection's engines happens on one thread. The threads are daemon
 * threads named {@code jrtc-io-N}: a server keeps its main thread alive itself.
 *
 * <pre>{@code
 * try (EventLoops loops = EventLoops.create(4)) {
 *     UdpTransport t = UdpTransport.bind(loops, InetAddress.getLoopbackAddress(), 0, 0);
 *     ...
 * }
 * }</pre>
 */
public final class EventLoops implements AutoCloseable {
    static final System.Logger LOG = System.getLogger("jrtc.webrtc");

    /** How long {@link #close()} waits for the loops to finish. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final MultiThreadIoEventLoopGroup group;
    private final Set<UdpSocket> sockets = ConcurrentHashMap.newKeySet();
    private final boolean epoll;
    private final int threads;
    private volatile boolean closed;

    private EventLoops(int threads, boolean epoll) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("jrtc-io", true), factory);
        this.epoll = epoll;
        this.threads = threads;
    }

    /** One event loop thread (enough for tests and small programs); epoll where available. */
    public static EventLoops create() {
        return create(1);
    }

    /**
     * {@code threads} event loop threads; epoll where available unless {@code -Djrtc.epoll=false}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static EventLoops create(int threads) {
        return create(threads, !"false".equalsIgnoreCase(System.getProperty("jrtc.epoll")));
    }

    /**
     * {@code threads} event loop threads, on epoll if {@code preferEpoll} and it is available, NIO
     * otherwise (tests use {@code false} to cover the NIO path on Linux too).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static EventLoops create(int threads, boolean preferEpoll) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        boolean useEpoll = preferEpoll && Epoll.isAvailable();
        EventLoops loops = new EventLoops(threads, useEpoll);
        if (useEpoll) {
            LOG.log(INFO, "UDP transport: Netty epoll, {0} event loop thread(s)", threads);
        } else if (preferEpoll) {
            Throwable why = Epoll.unavailabilityCause();
            LOG.log(INFO, "UDP transport: Netty NIO, {0} event loop thread(s) (epoll unavailable: {1})", threads,
                    why == null ? "unknown" : why.toString());
        } else {
            LOG.log(INFO, "UDP transport: Netty NIO, {0} event loop thread(s) (epoll not requested)", threads);
        }
        return loops;
    }

    /** Whether the loops are native epoll loops (false: NIO). */
    public boolean isEpoll() {
        return epoll;
    }

    /** How many event loop threads the group has. */
    public int threads() {
        return threads;
    }

    /** The datagram channel class that matches the loops: {@link EpollDatagramChannel} or {@link NioDatagramChannel}. */
    public Class<? extends DatagramChannel> datagramChannelClass() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** The Netty group itself, for callers that need it (the transports use {@link #next()}). */
    public EventLoopGroup group() {
        return group;
    }

    /** The next loop of the group, round robin: where a new socket (and so a new connection) lives. */
    public EventLoop next() {
        return group.next();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    void opened(UdpSocket s) {
        sockets.add(s);
    }

    void closed(UdpSocket s) {
        sockets.remove(s);
    }

    /**
     * Shuts the loops down: transports still open on them are closed first (quietly: an engine error
     * is not rethrown here), queued tasks run, and this waits up
     * to {@link #CLOSE_TIMEOUT} for the threads to finish (it does not wait when called on one of the
     * loops, which cannot wait for itself). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (UdpSocket s : new ArrayList<>(sockets)) {
            s.closeByOwner(); // transports still open: closed as if by their owners (quietly), ports released
        }
        var done = group.shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (var e : group) {
            if (e.inEventLoop()) {
                LOG.log(DEBUG, "EventLoops.close() on an event loop thread: not waiting");
                return;
            }
        }
        if (!done.awaitUninterruptibly(CLOSE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
            LOG.log(WARNING, "event loops did not finish within {0}", CLOSE_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "EventLoops[" + (epoll ? "epoll" : "nio") + ", " + threads + " thread(s)" + (closed ? ", closed" : "") + "]";
    }
}
