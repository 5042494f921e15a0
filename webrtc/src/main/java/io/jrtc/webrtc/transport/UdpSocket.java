package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.jrtc.webrtc.transport.EventLoops.LOG;
import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One bound Netty datagram channel with its counters, what {@link UdpTransport} and
 * {@link MuxTransport} share: reads copy each datagram into a fresh array and hand it to the
 * {@link Receiver}; writes are batched (one flush per read batch or per pump); errors are counted,
 * never thrown into Netty. Everything but {@link #bind}, {@link #close()} and the counters' reads runs
 * on {@link #loop}.
 */
final class UdpSocket {
    /** Gets every datagram, on the loop. */
    interface Receiver {
        void datagram(InetSocketAddress sender, byte[] data);
    }

    /** How long {@link #close()} waits off the loop for the socket to be closed. */
    static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int MAX_MESSAGES_PER_READ = 64;
    /**
     * With epoll, one read takes up to this many bytes of datagram slots (each {@code maxDatagramSize}
     * long, 1 to 32 of them) in one {@code recvmmsg} call instead of one {@code recvmsg} per datagram.
     */
    private static final int READ_BATCH_BYTES = 1 << 20;
    private static final int MAX_READ_SLOTS = 32;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 2 << 20);
    private static final AtomicBoolean WARNED_RCVBUF = new AtomicBoolean();
    private static final AtomicBoolean WARNED_SNDBUF = new AtomicBoolean();

    final EventLoops loops;
    final EventLoop loop;
    final TransportOptions options;
    private final Receiver receiver;
    private DatagramChannel channel;
    private InetSocketAddress local;
    private volatile boolean closed;
    /** How the owner (a transport) closes itself when the {@link EventLoops} close under it. */
    volatile Runnable ownerClose = this::close;

    // Written on the loop only (single writer); volatile so that stats() can read them anywhere.
    volatile long datagramsIn;
    volatile long bytesIn;
    volatile long datagramsOut;
    volatile long bytesOut;
    volatile long writeFailures;
    volatile long engineErrors;
    volatile long unroutable;
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    // loop-confined
    private boolean inReadBatch;
    private boolean flushPending;
    private final List<EngineDriver> dirty = new ArrayList<>();

    private UdpSocket(EventLoops loops, TransportOptions options, Receiver receiver) {
        this.loops = loops;
        this.loop = loops.next();
        this.options = options;
        this.receiver = receiver;
    }

    /**
     * Binds a socket on {@code address}, trying {@code minPort..maxPort} in order (0..0: an ephemeral
     * port). Blocks until bound; must not be called on an event loop.
     *
     * @param autoRead whether reading starts at once (false: the kernel queues datagrams until {@link #startReading()})
     */
    static UdpSocket bind(EventLoops loops, InetAddress address, int minPort, int maxPort, TransportOptions options,
                          boolean autoRead, Receiver receiver) throws BindException {
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(receiver, "receiver");
        if (minPort < 0 || maxPort > 65_535 || minPort > maxPort || (minPort == 0 && maxPort != 0)) {
            throw new IllegalArgumentException("port range must be 0..0 (ephemeral) or 1 <= min <= max <= 65535, got "
                    + minPort + ".." + maxPort);
        }
        if (loops.isClosed()) {
            throw new IllegalStateException("the event loops are closed");
        }
        UdpSocket s = new UdpSocket(loops, options, receiver);
        s.bind(address, minPort, maxPort, autoRead);
        return s;
    }

    private void bind(InetAddress address, int minPort, int maxPort, boolean autoRead) throws BindException {
        Inbound inbound = new Inbound();
        // epoll: a read buffer of several datagram slots makes Netty read them with one recvmmsg
        // (MAX_DATAGRAM_PAYLOAD_SIZE is the slot: nothing up to maxDatagramSize is cut); NIO reads one
        int slots = loops.isEpoll() ? readSlots(options.maxDatagramSize()) : 1;
        FixedRecvByteBufAllocator allocator = new FixedRecvByteBufAllocator(options.maxDatagramSize() * slots);
        allocator.maxMessagesPerRead(MAX_MESSAGES_PER_READ);
        Throwable last = null;
        for (int port = minPort; port <= maxPort; port++) {
            Bootstrap b = new Bootstrap()
                    .group(loop)
                    .channel(loops.datagramChannelClass())
                    .option(ChannelOption.SO_RCVBUF, options.receiveBufferSize())
                    .option(ChannelOption.SO_SNDBUF, options.sendBufferSize())
                    .option(ChannelOption.RECVBUF_ALLOCATOR, allocator)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .option(ChannelOption.AUTO_READ, autoRead)
                    .handler(inbound);
            if (slots > 1) {
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, options.maxDatagramSize());
            }
            ChannelFuture f = b.bind(new InetSocketAddress(address, port)).awaitUninterruptibly();
            if (f.isSuccess()) {
                channel = (DatagramChannel) f.channel();
                local = channel.localAddress();
                checkBuffers();
                loops.opened(this);
                return;
            }
            last = f.cause();
            LOG.log(DEBUG, "bind {0}:{1} failed: {2}", address.getHostAddress(), port, String.valueOf(last));
            if (!worthTryingNextPort(last)) {
                break;
            }
        }
        String range = minPort == maxPort ? String.valueOf(minPort) : minPort + ".." + maxPort;
        BindException e = new BindException("could not bind UDP " + address.getHostAddress() + " port " + range
                + (last == null ? "" : ": " + last.getMessage()));
        if (last != null) {
            e.initCause(last);
        }
        throw e;
    }

    /** How many datagram slots of {@code maxDatagramSize} bytes one epoll read offers the kernel. */
    static int readSlots(int maxDatagramSize) {
        return Math.max(1, Math.min(MAX_READ_SLOTS, READ_BATCH_BYTES / maxDatagramSize));
    }

    /** A port that is in use (or privileged) says nothing about the next one; an address we do not have does. */
    private static boolean worthTryingNextPort(Throwable cause) {
        if (!(cause instanceof java.io.IOException)) {
            return false;
        }
        String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return !m.contains("cannot assign requested address");
    }

    private void checkBuffers() {
        int rcv = channel.config().getReceiveBufferSize();
        int snd = channel.config().getSendBufferSize();
        LOG.log(DEBUG, "UDP {0} bound ({1}): SO_RCVBUF {2} (asked {3}), SO_SNDBUF {4} (asked {5})", local,
                loops.isEpoll() ? "epoll" : "nio", rcv, options.receiveBufferSize(), snd, options.sendBufferSize());
        if (rcv < options.receiveBufferSize() && WARNED_RCVBUF.compareAndSet(false, true)) {
            LOG.log(WARNING, "the kernel gave SO_RCVBUF {0} bytes, {1} were asked for: a burst may overflow it "
                    + "(raise it with sysctl net.core.rmem_max={1})", rcv, options.receiveBufferSize());
        }
        if (snd < options.sendBufferSize() && WARNED_SNDBUF.compareAndSet(false, true)) {
            LOG.log(WARNING, "the kernel gave SO_SNDBUF {0} bytes, {1} were asked for "
                    + "(raise it with sysctl net.core.wmem_max={1})", snd, options.sendBufferSize());
        }
    }

    /** Starts reading (for a socket bound with autoRead false). On the loop. */
    void startReading() {
        if (!closed) {
            channel.config().setAutoRead(true);
        }
    }

    InetSocketAddress localAddress() {
        return local;
    }

    int receiveBufferSize() {
        return channel.config().getReceiveBufferSize();
    }

    int sendBufferSize() {
        return channel.config().getSendBufferSize();
    }

    boolean isClosed() {
        return closed;
    }

    // =============================== sending ===============================

    /** Queues one datagram to {@code d.destination()} (flushed at the end of the pump or read batch). On the loop. */
    void send(Datagram d) {
        InetSocketAddress to = d.destination();
        byte[] data = d.data();
        if (closed || !channel.isActive()) {
            writeFailed(to, data.length, "the socket is closed");
            return;
        }
        if (!channel.isWritable()) {
            channel.flush();
            flushPending = false;
            if (!channel.isWritable()) {
                writeFailed(to, data.length, "the channel is not writable (outbound queue full)");
                return;
            }
        }
        int n = data.length;
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(data), to)).addListener(f -> {
            if (f.isSuccess()) {
                datagramsOut++;
                bytesOut += n;
            } else {
                writeFailed(to, n, String.valueOf(f.cause()));
            }
        });
        flushPending = true;
    }

    private void writeFailed(InetSocketAddress to, int length, String why) {
        writeFailures++;
        if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "UDP {0}: {1} bytes to {2} not sent: {3}", local, length, to, why);
        }
    }

    void flush() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }

    /**
     * Called by a driver at the end of its pump: inside a read batch its flush and timer wait for the
     * end of the batch, otherwise they happen now.
     */
    void pumped(EngineDriver driver) {
        if (inReadBatch) {
            if (!driver.dirty) {
                driver.dirty = true;
                dirty.add(driver);
            }
        } else {
            flush();
            driver.arm();
        }
    }

    private void endReadBatch() {
        inReadBatch = false;
        flush();
        for (int i = 0; i < dirty.size(); i++) {
            EngineDriver d = dirty.get(i);
            d.dirty = false;
            d.arm();
        }
        dirty.clear();
    }

    // =============================== errors ===============================

    /** Counts and logs an exception from an engine, a task or an afterPump callback; on the loop. */
    void engineError(EngineDriver driver, String where, Throwable t) {
        long n = ++engineErrors;
        firstError.compareAndSet(null, t);
        if (driver != null) {
            driver.firstError.compareAndSet(null, t);
        }
        if (options.rethrowEngineErrors()) {
            LOG.log(ERROR, "UDP " + local + ": " + where + " threw (engine error " + n + ")", t);
        } else if (n <= 10) {
            LOG.log(WARNING, "UDP " + local + ": " + where + " threw (engine error " + n + "; caught, the socket goes on)", t);
        } else if (n % 1000 == 0) {
            LOG.log(WARNING, "UDP {0}: {1} engine errors so far; the last, in {2}: {3}", local, n, where, t.toString());
        } else if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "UDP " + local + ": " + where + " threw (engine error " + n + ")", t);
        }
    }

    Throwable firstEngineError() {
        return firstError.get();
    }

    /** With {@code rethrowEngineErrors}: throws if {@code first} is set. */
    void rethrowIfAsked(Throwable first, String what) {
        if (first != null && options.rethrowEngineErrors()) {
            throw new IllegalStateException(what + " on " + local + " threw (jrtc.rethrowEngineErrors): " + first, first);
        }
    }

    TransportStats stats() {
        return new TransportStats(datagramsIn, bytesIn, datagramsOut, bytesOut, writeFailures, engineErrors, unroutable);
    }

    // =============================== closing ===============================

    /**
     * Closes the channel (idempotent); off the loop, waits a bounded time until the port is released.
     * On the loop it cannot wait: with NIO the port is then free after the loop's next iteration.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        DatagramChannel ch = channel;
        if (ch == null) {
            return;
        }
        loops.closed(this);
        try {
            Promise<Void> released = loop.newPromise();
            ch.close().addListener(f -> {
                if (loops.isEpoll()) {
                    released.trySuccess(null);
                } else {
                    // NIO: the JDK releases a channel registered with a selector only when that selector
                    // next runs (and deregisters its key), after the close future completed. A task
                    // scheduled from here runs in a later loop iteration, after that select.
                    loop.schedule(() -> released.trySuccess(null), 1, TimeUnit.MILLISECONDS);
                }
            });
            if (!loop.inEventLoop() && !released.awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(WARNING, "UDP {0}: the socket did not close within {1} ms", local, CLOSE_WAIT_MILLIS);
            }
        } catch (RejectedExecutionException e) {
            // the loops are shut down, which closed the channel already
            LOG.log(DEBUG, "UDP {0}: closed after its event loop", local);
        }
    }

    /** Called by {@link EventLoops#close()} on a socket still open. */
    void closeByOwner() {
        try {
            ownerClose.run();
        } catch (RuntimeException e) {
            LOG.log(DEBUG, "UDP {0}: closing with the event loops: {1}", local, String.valueOf(e));
            close();
        }
    }

    // =============================== reading ===============================

    @ChannelHandler.Sharable // only because a port range binds several channels in turn; one stays
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            DatagramPacket p = (DatagramPacket) msg;
            byte[] data;
            InetSocketAddress sender;
            try {
                ByteBuf b = p.content();
                data = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), data);
                sender = p.sender();
            } finally {
                p.release();
            }
            if (closed || sender == null) {
                return;
            }
            inReadBatch = true;
            try {
                receiver.datagram(sender, data);
            } catch (RuntimeException e) {
                // the receivers catch engine errors themselves; this is a bug of ours, still not Netty's problem
                engineError(null, "datagram routing", e);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            endReadBatch();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. an ICMP error surfacing on a read: UDP goes on
            LOG.log(DEBUG, "UDP {0}: socket error: {1}", local, String.valueOf(cause));
        }
    }
}
