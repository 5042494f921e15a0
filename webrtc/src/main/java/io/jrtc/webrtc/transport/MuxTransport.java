package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.webrtc.core.DatagramEngine;
import io.netty.channel.EventLoop;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import static io.jrtc.webrtc.transport.EventLoops.LOG;
import static java.lang.System.Logger.Level.DEBUG;

/**
 * One UDP socket shared by many engines: the single "mux port" a server runs thousands of peer
 * connections behind (one firewall rule, one port in every SDP). All the engines and their timers run
 * on the socket's one event loop; each engine has its own timer and its own afterPump callback.
 *
 * <pre>
 *                 one socket, e.g. 0.0.0.0:3478
 *                            │
 *              ┌─────────────┴──────────────┐
 *              │        MuxTransport        │  1. sender an engine sent to      → that engine
 *              │                            │  2. STUN with USERNAME "ufrag:…"  → engine registered as ufrag
 *              │                            │  3. sender a routed STUN came from → that engine
 *              └──┬──────────┬──────────┬───┘  4. otherwise: dropped, counted unroutable
 *              engine     engine     engine …
 * </pre>
 *
 * <p><b>Routing</b> of a datagram from address {@code A}:
 * <ol>
 *   <li>If an engine has transmitted to {@code A} ({@code A} is <i>confirmed</i> for it), it goes to
 *       that engine: STUN responses, DTLS, SRTP, SCTP all follow the ICE checks the engine sent.</li>
 *   <li>Else, if it is a STUN message (first byte 0 or 1, magic cookie 0x2112A442 at bytes 4..7) with a
 *       USERNAME attribute {@code "<ufrag>:<other>"} and an engine is registered under that local
 *       ufrag, it goes to that engine, which also <i>learns</i> {@code A} (unconfirmed). The attributes
 *       are walked by hand with bounds checks, no full parse.</li>
 *   <li>Else, if some engine learned {@code A} from a STUN message, it goes there.</li>
 *   <li>Else it is dropped and counted in {@link TransportStats#unroutable()}.</li>
 * </ol>
 * Without a conflict this is "known address first, then the STUN USERNAME". Two guards against
 * address games: an address confirmed for one engine is never taken over by another (a new engine
 * transmitting to it does not steal it), while a confirmed claim does take over an unconfirmed one; and
 * each engine keeps at most {@link #MAX_UNCONFIRMED_PER_ENGINE} unconfirmed addresses (the oldest is
 * forgotten), so spoofed STUN cannot grow the table without bound. Closing an engine's
 * {@link Registration} forgets its ufrags and addresses.
 *
 * <p><b>DTLS handshakes</b>: at most {@link #maxDtlsHandshakes()} engines (default
 * {@value #DEFAULT_MAX_DTLS_HANDSHAKES}) may be in a DTLS handshake as the server at once. A ClientHello
 * (epoch 0) for an engine that would be one more is dropped before the engine sees it, counted in
 * {@link #dtlsHandshakesRefused()} and in the engine's own stats ({@code jrtcDtlsHandshakesOverLimit}):
 * the client retransmits its ClientHello (RFC 6347 §4.2.4) and gets a place when one is free, so a burst
 * of connections is served in turn instead of all at once. An engine's place is taken by its first
 * ClientHello and given back when its handshake ends (established, failed, closed) or it unregisters.
 * From half the limit on, the port is <i>under load</i>: a PeerConnection whose DTLS server is created
 * then asks for a cookie first (HelloVerifyRequest, RFC 6347 §4.2.1), so ClientHellos without a valid
 * cookie cost it no state.
 *
 * <p>Everything else (reading, batching, the pump, timers, error handling, socket buffers) is as in
 * {@link UdpTransport}.
 */
public final class MuxTransport implements AutoCloseable {
    /** How many addresses an engine may have learned from STUN alone before the oldest is forgotten. */
    public static final int MAX_UNCONFIRMED_PER_ENGINE = 64;
    /** Default of {@link #maxDtlsHandshakes(int)}. */
    public static final int DEFAULT_MAX_DTLS_HANDSHAKES = 128;
    /** STUN's magic cookie (RFC 8489 §5). */
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int USERNAME = 0x0006;
    /** RFC 8489 §14.3: USERNAME is at most 513 bytes. */
    private static final int MAX_USERNAME = 513;

    private final UdpSocket socket;
    private final Map<String, Registration> byUfrag = new ConcurrentHashMap<>();
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private final Map<InetSocketAddress, Registration> byAddress = new HashMap<>(); // loop-confined
    private volatile boolean closed;
    private volatile int maxDtlsHandshakes = DEFAULT_MAX_DTLS_HANDSHAKES;
    // loop-confined
    private int dtlsHandshakes;
    private volatile long dtlsHandshakesRefused;

    private MuxTransport(EventLoops loops, InetAddress address, int minPort, int maxPort, TransportOptions options)
            throws BindException {
        this.socket = UdpSocket.bind(loops, address, minPort, maxPort, options, true, this::received);
        socket.ownerClose = this::closeQuietly;
    }

    /** Binds the shared socket with {@link TransportOptions#defaults()}. */
    public static MuxTransport bind(EventLoops loops, InetAddress address, int minPort, int maxPort) throws BindException {
        return bind(loops, address, minPort, maxPort, TransportOptions.defaults());
    }

    /**
     * Binds the shared socket on {@code address}, trying {@code minPort..maxPort} in order (0..0: an
     * ephemeral port), and starts reading at once (datagrams before the first registration are
     * unroutable). Blocks until bound.
     *
     * @throws BindException            if no port of the range could be bound
     * @throws IllegalArgumentException if the range is not 0..0 or within 1..65535 with min &lt;= max
     * @throws IllegalStateException    if {@code loops} is closed
     */
    public static MuxTransport bind(EventLoops loops, InetAddress address, int minPort, int maxPort,
                                    TransportOptions options) throws BindException {
        return new MuxTransport(loops, address, minPort, maxPort, options);
    }

    /**
     * Registers an engine under its local ICE ufrag and starts driving it: it is pumped once on the
     * loop (its first transmits and timer), then gets every datagram routed to it. Any thread.
     *
     * @param localIceUfrag the ufrag of the engine's local ICE credentials: STUN checks from peers carry
     *                      USERNAME {@code "localIceUfrag:theirUfrag"}
     * @param afterPump     run on the loop after each of this engine's pumps: drain its events here
     * @throws IllegalArgumentException if the ufrag is empty, contains ':', or is registered already
     * @throws IllegalStateException    if the mux is closed
     */
    public Registration register(String localIceUfrag, DatagramEngine<?> engine, Runnable afterPump) {
        checkUfrag(localIceUfrag);
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(afterPump, "afterPump");
        if (closed) {
            throw new IllegalStateException("the mux is closed");
        }
        Registration r = new Registration(localIceUfrag, engine, afterPump);
        if (byUfrag.putIfAbsent(localIceUfrag, r) != null) {
            throw new IllegalArgumentException("ufrag " + localIceUfrag + " is registered already");
        }
        registrations.add(r);
        r.driver.execute(() -> engine.dtlsLoadSignal(this::dtlsUnderLoad)); // and the first pump, on the loop
        return r;
    }

    private static void checkUfrag(String ufrag) {
        Objects.requireNonNull(ufrag, "ufrag");
        if (ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an ICE ufrag is not empty and has no ':': \"" + ufrag + "\"");
        }
    }

    // =============================== routing (on the loop) ===============================

    private void received(InetSocketAddress from, byte[] data) {
        Registration r = byAddress.get(from);
        if (r == null || !r.confirmed.contains(from)) {
            String ufrag = stunUsernameUfrag(data);
            if (ufrag != null) {
                Registration named = byUfrag.get(ufrag);
                if (named != null && !named.driver.closed) {
                    if (named != r) {
                        learnUnconfirmed(named, from);
                    }
                    r = named;
                }
            }
        }
        if (r == null || r.driver.closed) {
            socket.unroutable++;
            if (LOG.isLoggable(DEBUG)) {
                LOG.log(DEBUG, "UDP mux {0}: no engine for {1} bytes from {2}", socket.localAddress(), data.length, from);
            }
            return;
        }
        if (!r.handshakeSlot && isClientHello(data) && r.engine.dtlsHandshaking() && !takeHandshakeSlot(r)) {
            dtlsHandshakesRefused++;
            r.engine.dtlsHandshakeRefused();
            if (LOG.isLoggable(DEBUG)) {
                LOG.log(DEBUG, "UDP mux {0}: ClientHello from {1} dropped, {2} DTLS handshakes in progress",
                        socket.localAddress(), from, dtlsHandshakes);
            }
            return;
        }
        socket.datagramsIn++;
        socket.bytesIn += data.length;
        r.driver.input(System.nanoTime(), new Datagram(from, socket.localAddress(), data));
        if (r.handshakeSlot && !r.engine.dtlsHandshaking()) {
            releaseHandshakeSlot(r);
        }
    }

    /** A DTLS 1.x record of epoch 0 carrying a ClientHello (record header 13 bytes, then msg_type 1). */
    static boolean isClientHello(byte[] d) {
        return d.length >= 25 && d[0] == 22 && d[1] == (byte) 0xFE && d[3] == 0 && d[4] == 0 && d[13] == 1;
    }

    /** A handshake place for {@code r}, if one is free (after giving back the places of finished handshakes). */
    private boolean takeHandshakeSlot(Registration r) {
        if (dtlsHandshakes >= maxDtlsHandshakes) {
            for (Registration other : registrations) {
                if (other.handshakeSlot && !other.engine.dtlsHandshaking()) {
                    releaseHandshakeSlot(other);
                }
            }
        }
        if (dtlsHandshakes >= maxDtlsHandshakes) {
            return false;
        }
        r.handshakeSlot = true;
        dtlsHandshakes++;
        return true;
    }

    private void releaseHandshakeSlot(Registration r) {
        if (r.handshakeSlot) {
            r.handshakeSlot = false;
            dtlsHandshakes--;
        }
    }

    /**
     * Sets how many engines may be in a DTLS handshake as the server at once (see the class comment).
     * Any thread; places already taken are kept.
     */
    public MuxTransport maxDtlsHandshakes(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxDtlsHandshakes must be at least 1: " + max);
        }
        maxDtlsHandshakes = max;
        return this;
    }

    public int maxDtlsHandshakes() {
        return maxDtlsHandshakes;
    }

    /**
     * Whether the port is under load: at least half of {@link #maxDtlsHandshakes()} handshakes in
     * progress. A PeerConnection whose DTLS server is created then starts its handshake with a cookie
     * exchange (HelloVerifyRequest, RFC 6347 §4.2.1), keeping no state for ClientHellos without a valid
     * cookie. On the loop.
     */
    boolean dtlsUnderLoad() {
        return dtlsHandshakes >= Math.max(1, maxDtlsHandshakes / 2);
    }

    /** ClientHellos dropped because {@link #maxDtlsHandshakes()} engines were in a handshake (any thread). */
    public long dtlsHandshakesRefused() {
        return dtlsHandshakesRefused;
    }

    /** {@code r} learned {@code from} from a STUN message it was routed by USERNAME (only for addresses nobody confirmed). */
    private void learnUnconfirmed(Registration r, InetSocketAddress from) {
        Registration previous = byAddress.put(from, r);
        if (previous != null && previous != r) {
            previous.unconfirmed.remove(from);
        }
        r.unconfirmed.add(from);
        if (r.unconfirmed.size() > MAX_UNCONFIRMED_PER_ENGINE) {
            Iterator<InetSocketAddress> oldest = r.unconfirmed.iterator();
            InetSocketAddress gone = oldest.next();
            oldest.remove();
            byAddress.remove(gone, r);
        }
    }

    /** {@code r} is about to send to {@code d.destination()}: that address is now confirmed for it, unless another engine's. */
    private void learnFromTransmit(Registration r, Datagram d) {
        InetSocketAddress to = d.destination();
        if (to.equals(r.lastSentTo)) {
            return;
        }
        Registration owner = byAddress.get(to);
        if (owner == r) {
            if (r.unconfirmed.remove(to) || !r.confirmed.contains(to)) {
                r.confirmed.add(to);
            }
            r.lastSentTo = to;
        } else if (owner == null || !owner.confirmed.contains(to)) {
            if (owner != null) {
                owner.unconfirmed.remove(to);
            }
            byAddress.put(to, r);
            r.confirmed.add(to);
            r.lastSentTo = to;
        } else if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "UDP mux {0}: engine {1} sends to {2}, which belongs to engine {3}; not re-routed",
                    socket.localAddress(), r.ufrags, to, owner.ufrags);
        }
    }

    /**
     * The local ufrag a STUN message names: the part of its USERNAME before the first ':' (the whole
     * USERNAME if it has none), or null if the datagram is not STUN with a USERNAME. Bounds-checked
     * against both the datagram and the message length.
     */
    static String stunUsernameUfrag(byte[] d) {
        int n = d.length;
        if (n < 20 || (d[0] & 0xFE) != 0 || i32(d, 4) != MAGIC_COOKIE) {
            return null;
        }
        int end = Math.min(n, 20 + u16(d, 2));
        int p = 20;
        while (end - p >= 4) {
            int type = u16(d, p);
            int length = u16(d, p + 2);
            if (length > end - p - 4) {
                return null;
            }
            if (type == USERNAME) {
                if (length == 0 || length > MAX_USERNAME) {
                    return null;
                }
                int start = p + 4;
                int stop = start + length;
                for (int i = start; i < stop; i++) {
                    if (d[i] == ':') {
                        stop = i;
                        break;
                    }
                }
                return stop == start ? null : new String(d, start, stop - start, StandardCharsets.UTF_8);
            }
            p += 4 + ((length + 3) & ~3);
        }
        return null;
    }

    private static int u16(byte[] d, int i) {
        return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
    }

    private static int i32(byte[] d, int i) {
        return (d[i] & 0xFF) << 24 | (d[i + 1] & 0xFF) << 16 | (d[i + 2] & 0xFF) << 8 | (d[i + 3] & 0xFF);
    }

    private void unregister(Registration r) {
        for (String u : r.ufrags) {
            byUfrag.remove(u, r);
        }
        registrations.remove(r);
        Runnable forget = () -> {
            releaseHandshakeSlot(r);
            for (InetSocketAddress a : r.confirmed) {
                byAddress.remove(a, r);
            }
            for (InetSocketAddress a : r.unconfirmed) {
                byAddress.remove(a, r);
            }
            r.confirmed.clear();
            r.unconfirmed.clear();
            r.lastSentTo = null;
        };
        if (socket.loop.inEventLoop()) {
            forget.run();
        } else {
            try {
                socket.loop.execute(forget);
            } catch (RejectedExecutionException e) {
                // the loop is gone, and the table with it
            }
        }
    }

    // =============================== the socket ===============================

    /** The address the shared socket is bound to. */
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** The event loop the socket and all its engines live on. */
    public EventLoop eventLoop() {
        return socket.loop;
    }

    /** Whether the calling thread is the socket's event loop. */
    public boolean inLoop() {
        return socket.loop.inEventLoop();
    }

    /** How many engines are registered. */
    public int registrations() {
        return registrations.size();
    }

    /** A snapshot of the socket's counters, over all engines (any thread). */
    public TransportStats stats() {
        return socket.stats();
    }

    /** The first exception any engine on this socket threw, or null. */
    public Throwable firstEngineError() {
        return socket.firstEngineError();
    }

    /** The SO_RCVBUF the kernel actually gave. */
    public int receiveBufferSize() {
        return socket.receiveBufferSize();
    }

    /** The SO_SNDBUF the kernel actually gave. */
    public int sendBufferSize() {
        return socket.sendBufferSize();
    }

    /**
     * Closes every registration and the socket (off the loop, waits a bounded time for the port to be
     * released). Idempotent.
     *
     * @throws IllegalStateException on the first call with {@link TransportOptions#rethrowEngineErrors()},
     *                               if any engine error was caught (as the cause); everything is closed all the same
     */
    @Override
    public void close() {
        if (closeQuietly()) {
            socket.rethrowIfAsked(socket.firstEngineError(), "an engine");
        }
    }

    private boolean closeQuietly() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        List<Registration> all = new ArrayList<>(registrations);
        for (Registration r : all) {
            r.closeQuietly();
        }
        socket.close();
        return true;
    }

    @Override
    public String toString() {
        return "MuxTransport[" + localAddress() + ", " + registrations.size() + " engine(s)" + (closed ? ", closed" : "") + "]";
    }

    /**
     * One engine on the shared socket: hop onto the loop with {@link #execute}, stop it with
     * {@link #close()} (which unregisters it: its ufrags and addresses are forgotten).
     */
    public final class Registration implements TransportHandle {
        final EngineDriver driver;
        final Set<String> ufrags = ConcurrentHashMap.newKeySet();
        // loop-confined
        final Set<InetSocketAddress> confirmed = new HashSet<>();
        final LinkedHashSet<InetSocketAddress> unconfirmed = new LinkedHashSet<>();
        InetSocketAddress lastSentTo;
        /** Holds one of the mux's DTLS handshake places (loop-confined). */
        boolean handshakeSlot;
        final DatagramEngine<?> engine;
        private final String ufrag;
        private volatile boolean closed;

        private Registration(String ufrag, DatagramEngine<?> engine, Runnable afterPump) {
            this.ufrag = ufrag;
            this.engine = engine;
            this.ufrags.add(ufrag);
            this.driver = new EngineDriver(socket, engine, afterPump, d -> learnFromTransmit(this, d));
        }

        /** The ufrag it was registered under. */
        public String localIceUfrag() {
            return ufrag;
        }

        /**
         * Routes STUN naming {@code ufrag} to this engine as well: after an ICE restart, register the new
         * local ufrag (addresses already known keep routing either way). Any thread.
         *
         * @throws IllegalArgumentException if the ufrag is empty, contains ':', or belongs to another engine
         * @throws IllegalStateException    if this registration is closed
         */
        public void addUfrag(String ufrag) {
            checkUfrag(ufrag);
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Registration other = byUfrag.putIfAbsent(ufrag, this);
            if (other != null && other != this) {
                throw new IllegalArgumentException("ufrag " + ufrag + " is registered to another engine");
            }
            ufrags.add(ufrag);
        }

        /** The mux this engine is registered on. */
        public MuxTransport mux() {
            return MuxTransport.this;
        }

        @Override
        public void execute(Runnable task) {
            driver.execute(task);
        }

        @Override
        public <T> CompletableFuture<T> submit(Callable<T> task) {
            return driver.submit(task);
        }

        @Override
        public boolean inLoop() {
            return socket.loop.inEventLoop();
        }

        @Override
        public EventLoop eventLoop() {
            return socket.loop;
        }

        /** The shared socket's address. */
        @Override
        public InetSocketAddress localAddress() {
            return socket.localAddress();
        }

        /** The first exception this engine (or its tasks or afterPump) threw, or null. */
        @Override
        public Throwable firstEngineError() {
            return driver.firstError.get();
        }

        /** Whether {@link #close()} was called (or the mux was closed). */
        public boolean isClosed() {
            return closed;
        }

        /**
         * Unregisters the engine: no more input (from the moment this returns), its timer cancelled,
         * its ufrags and addresses forgotten. The socket stays open for the others. Idempotent.
         *
         * @throws IllegalStateException on the first call with {@link TransportOptions#rethrowEngineErrors()},
         *                               if this engine threw (as the cause)
         */
        @Override
        public void close() {
            if (closeQuietly()) {
                socket.rethrowIfAsked(driver.firstError.get(), "engine " + ufrag);
            }
        }

        private boolean closeQuietly() {
            synchronized (this) {
                if (closed) {
                    return false;
                }
                closed = true;
            }
            driver.close();
            unregister(this);
            return true;
        }

        @Override
        public String toString() {
            return "MuxTransport.Registration[" + ufrags + " on " + localAddress() + (closed ? ", closed" : "") + "]";
        }
    }
}
