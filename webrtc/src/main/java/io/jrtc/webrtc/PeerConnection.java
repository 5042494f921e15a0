package io.jrtc.webrtc;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceGatheringState;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.core.CoreChannel;
import io.jrtc.webrtc.core.CoreConfig;
import io.jrtc.webrtc.core.CoreTransceiver;
import io.jrtc.webrtc.core.PeerConnectionCore;
import io.jrtc.webrtc.core.PeerEvent;
import io.jrtc.webrtc.transport.EventLoops;
import io.jrtc.webrtc.transport.MuxTransport;
import io.jrtc.webrtc.transport.TransportHandle;
import io.jrtc.webrtc.transport.UdpTransport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * A WebRTC peer connection (W3C {@code RTCPeerConnection}): ICE, DTLS, SRTP, SCTP data channels and
 * RTP media on one UDP socket, composed by the sans-IO {@link PeerConnectionCore} and driven by one
 * Netty event loop.
 *
 * <pre>{@code
 * PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().build());
 * pc.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));          // an echo
 * pc.setRemoteDescription(offer)
 *   .thenCompose(v -> pc.createAnswer())
 *   .thenCompose(pc::setLocalDescription)
 *   .thenCompose(v -> pc.gatheringComplete())                             // non-trickle
 *   .thenApply(v -> pc.localDescription());                               // send this back
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread: it hops onto the connection's event
 * loop. Every callback, and the completion of every future, happens on that loop; a callback must not
 * block it (calling this connection's methods from a callback is fine). Callbacks set after an event
 * happened do not see it.
 */
public final class PeerConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("jrtc.webrtc");
    private static EventLoops defaultLoops;

    private final PeerConnectionCore core;
    private final TransportHandle transport;
    private final MuxTransport.Registration registration;
    private final RtcIceTransport iceTransport = new RtcIceTransport(this);
    private final RtcDtlsTransport dtlsTransport = new RtcDtlsTransport(this);
    private final RtcSctpTransport sctpTransport = new RtcSctpTransport(this);
    private final List<RtcDataChannel> channels = new ArrayList<>();
    private final List<RtcRtpTransceiver> transceivers = Collections.synchronizedList(new ArrayList<>());
    private final BufferedWriter keyLog;

    private volatile PeerConnectionState connectionState = PeerConnectionState.NEW;
    private volatile IceConnectionState iceConnectionState = IceConnectionState.NEW;
    private volatile IceGatheringState iceGatheringState = IceGatheringState.NEW;
    private volatile SignalingState signalingState = SignalingState.STABLE;
    private CompletableFuture<Void> gathered = new CompletableFuture<>();

    private volatile Consumer<RtcIceCandidate> onIceCandidate = c -> { };
    private volatile Consumer<RtcDataChannel> onDataChannel = c -> { };
    private volatile Consumer<RtcTrackEvent> onTrack = t -> { };
    private volatile Consumer<PeerConnectionState> onConnectionStateChange = s -> { };
    private volatile Consumer<IceConnectionState> onIceConnectionStateChange = s -> { };
    private volatile Consumer<IceGatheringState> onIceGatheringStateChange = s -> { };
    private volatile Consumer<SignalingState> onSignalingStateChange = s -> { };
    private volatile Runnable onNegotiationNeeded = () -> { };

    /** A connection with {@link RtcConfiguration#defaults()}. */
    public PeerConnection() {
        this(RtcConfiguration.defaults());
    }

    /** Binds the connection's UDP socket; ICE starts with the first description. */
    public PeerConnection(RtcConfiguration config) {
        MuxTransport mux = config.muxTransport();
        UdpTransport udp = null;
        InetSocketAddress local;
        if (mux != null) {
            local = mux.localAddress();
        } else {
            EventLoops loops = config.eventLoops() != null ? config.eventLoops() : defaultLoops();
            InetAddress bind = config.bindAddress() != null ? config.bindAddress() : defaultAddress(config);
            try {
                udp = UdpTransport.bind(loops, bind, config.minPort(), config.maxPort());
            } catch (BindException e) {
                throw new UncheckedIOException("cannot bind a UDP socket on " + bind.getHostAddress() + " ports "
                        + config.minPort() + ".." + config.maxPort(), e);
            }
            local = udp.localAddress();
        }
        RandomGenerator random;
        SecureRandom secure;
        if (config.seed() != null) {
            random = new SplittableRandom(config.seed());
            try {
                secure = SecureRandom.getInstance("SHA1PRNG");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            secure.setSeed(config.seed());
        } else {
            secure = new SecureRandom();
            random = new SplittableRandom(secure.nextLong());
        }
        DtlsCertificate certificate = config.certificate() != null ? config.certificate()
                : DtlsCertificate.selfSignedEcdsa(secure, Instant.now()); // the I/O edge: the wall clock is read here
        BufferedWriter writer = null;
        if (config.keyLogFile() != null) {
            try {
                writer = Files.newBufferedWriter(config.keyLogFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                throw new UncheckedIOException("cannot open the key log file " + config.keyLogFile(), e);
            }
        }
        this.keyLog = writer;
        // the NTP time (ns since 1900) at System.nanoTime() == 0, for RTCP sender reports
        long ntpAtZero = System.currentTimeMillis() * 1_000_000L + 2_208_988_800_000_000_000L - System.nanoTime();
        this.core = new PeerConnectionCore(new CoreConfig(config, List.of(local), random, secure, certificate,
                ntpAtZero, writer == null ? null : this::writeKeyLog));
        if (mux != null) {
            this.registration = mux.register(core.localUfrag(), core, this::dispatch);
            this.transport = registration;
        } else {
            this.registration = null;
            this.transport = udp;
            udp.start(core, this::dispatch);
        }
    }

    private static synchronized EventLoops defaultLoops() {
        if (defaultLoops == null) {
            defaultLoops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
        return defaultLoops;
    }

    /** The first usable address that passes the filter (IPv4 first, loopback last). */
    private static InetAddress defaultAddress(RtcConfiguration config) {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                candidates.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list the network interfaces: {0}", e.toString());
        }
        candidates.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (InetAddress a : candidates) {
            boolean usable = config.addressFilter() != null ? config.addressFilter().test(a)
                    : io.jrtc.ice.IceConfig.usableUnicast(a);
            if (usable) {
                return a;
            }
        }
        return InetAddress.getLoopbackAddress();
    }

    private static int rank(InetAddress a) {
        return (a.isLoopbackAddress() ? 4 : 0) + (a instanceof Inet4Address ? 0 : 2) + (a.isLinkLocalAddress() ? 1 : 0);
    }

    private void writeKeyLog(String line) {
        try {
            keyLog.write(line);
            keyLog.newLine();
            keyLog.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "key log: {0}", e.toString());
        }
    }

    // ================================================================== the W3C API

    public CompletableFuture<RtcSessionDescription> createOffer() {
        return call(now -> RtcSessionDescription.offer(core.createOffer(now)));
    }

    public CompletableFuture<RtcSessionDescription> createAnswer() {
        return call(now -> RtcSessionDescription.answer(core.createAnswer(now)));
    }

    public CompletableFuture<Void> setLocalDescription(RtcSessionDescription description) {
        return call(now -> {
            core.setLocalDescription(now, description);
            followUfrag();
            return null;
        });
    }

    /** On a shared mux port, datagrams naming a new local ufrag (ICE restart) must reach us too. */
    private void followUfrag() {
        if (registration != null) {
            registration.addUfrag(core.localUfrag());
        }
    }

    /** The implicit form: an offer in stable, an answer with a remote offer. */
    public CompletableFuture<Void> setLocalDescription() {
        return call(now -> {
            RtcSessionDescription d = core.signalingState() == SignalingState.HAVE_REMOTE_OFFER
                    ? RtcSessionDescription.answer(core.createAnswer(now)) : RtcSessionDescription.offer(core.createOffer(now));
            core.setLocalDescription(now, d);
            followUfrag();
            return null;
        });
    }

    /** Fails with IllegalArgumentException (a one-line reason) when the description cannot be used. */
    public CompletableFuture<Void> setRemoteDescription(RtcSessionDescription description) {
        return call(now -> {
            core.setRemoteDescription(now, description);
            return null;
        });
    }

    /** Adds a trickled remote candidate; null or an empty candidate ends the remote candidates. */
    public CompletableFuture<Void> addIceCandidate(RtcIceCandidate candidate) {
        return call(now -> {
            core.addIceCandidate(now, candidate);
            return null;
        });
    }

    /** Completes when ICE gathering is complete: {@link #localDescription()} then has every candidate. */
    public CompletableFuture<Void> gatheringComplete() {
        return call(now -> null).thenCompose(v -> gathered);
    }

    /** The current or pending local description with every candidate gathered so far, or null. */
    public RtcSessionDescription localDescription() {
        return query(now -> core.localDescription());
    }

    public RtcSessionDescription remoteDescription() {
        return query(now -> core.remoteDescription());
    }

    public RtcDataChannel createDataChannel(String label) {
        return createDataChannel(label, RtcDataChannelInit.defaults());
    }

    public RtcDataChannel createDataChannel(String label, RtcDataChannelInit init) {
        return query(now -> {
            RtcDataChannel ch = new RtcDataChannel(this, core.createDataChannel(now, label, init));
            synchronized (channels) {
                channels.add(ch);
            }
            dispatch();
            return ch;
        });
    }

    public RtcRtpTransceiver addTransceiver(MediaKind kind) {
        return addTransceiver(kind, RtcRtpTransceiverInit.sendrecv());
    }

    public RtcRtpTransceiver addTransceiver(MediaKind kind, RtcRtpTransceiverInit init) {
        return query(now -> {
            RtcRtpTransceiver t = wrap(core.addTransceiver(now, kind, init.direction(), init.streamIds()));
            dispatch();
            return t;
        });
    }

    /** W3C {@code addTrack} without a MediaStreamTrack object: the kind and ids of what the application will send. */
    public RtcRtpSender addTrack(MediaKind kind, String trackId, String streamId) {
        return query(now -> {
            RtcRtpTransceiver t = wrap(core.addTrack(now, kind));
            dispatch();
            return t.sender();
        });
    }

    public List<RtcRtpTransceiver> getTransceivers() {
        synchronized (transceivers) {
            return List.copyOf(transceivers);
        }
    }

    /** The next offer restarts ICE with new credentials. */
    public void restartIce() {
        run(now -> core.restartIce());
    }

    public CompletableFuture<RtcStatsReport> getStats() {
        return call(core::getStats);
    }

    /** Closes the connection: data channels and SCTP, DTLS (close_notify), ICE, then the socket. */
    @Override
    public void close() {
        if (connectionState == PeerConnectionState.CLOSED && signalingState == SignalingState.CLOSED) {
            return;
        }
        try {
            transport.execute(() -> {
                core.close(System.nanoTime());
                dispatch();
            });
            transport.execute(transport::close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            transport.close();
        }
        if (keyLog != null) {
            try {
                keyLog.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    // ------------------------------------------------------------------ states and views

    public PeerConnectionState connectionState() {
        return connectionState;
    }

    public IceConnectionState iceConnectionState() {
        return iceConnectionState;
    }

    public IceGatheringState iceGatheringState() {
        return iceGatheringState;
    }

    public SignalingState signalingState() {
        return signalingState;
    }

    /** The SCTP transport, or null while no data channel section is negotiated. */
    public RtcSctpTransport sctp() {
        return query(now -> core.sctpTransport() == null ? null : sctpTransport);
    }

    public RtcDtlsTransport dtlsTransport() {
        return dtlsTransport;
    }

    public RtcIceTransport iceTransport() {
        return iceTransport;
    }

    /** The UDP socket's address (the host candidate). */
    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** What the core counted (drops and their reasons). */
    public PeerConnectionCore.Counters counters() {
        return query(now -> core.counters());
    }

    /** The first unexpected exception inside the engines, or null (tests assert on it). */
    public Throwable firstEngineError() {
        return transport.firstEngineError();
    }

    // ------------------------------------------------------------------ events

    /** A local candidate to send to the peer; null when gathering is complete. */
    public void onIceCandidate(Consumer<RtcIceCandidate> h) {
        onIceCandidate = h == null ? c -> { } : h;
    }

    public void onDataChannel(Consumer<RtcDataChannel> h) {
        onDataChannel = h == null ? c -> { } : h;
    }

    public void onTrack(Consumer<RtcTrackEvent> h) {
        onTrack = h == null ? t -> { } : h;
    }

    public void onConnectionStateChange(Consumer<PeerConnectionState> h) {
        onConnectionStateChange = h == null ? s -> { } : h;
    }

    public void onIceConnectionStateChange(Consumer<IceConnectionState> h) {
        onIceConnectionStateChange = h == null ? s -> { } : h;
    }

    public void onIceGatheringStateChange(Consumer<IceGatheringState> h) {
        onIceGatheringStateChange = h == null ? s -> { } : h;
    }

    public void onSignalingStateChange(Consumer<SignalingState> h) {
        onSignalingStateChange = h == null ? s -> { } : h;
    }

    public void onNegotiationNeeded(Runnable h) {
        onNegotiationNeeded = h == null ? () -> { } : h;
    }

    // ================================================================== on the loop

    PeerConnectionCore core() {
        return core;
    }

    /** One message waiting for the loop. */
    private record PendingSend(CoreChannel channel, byte[] data, boolean binary) {
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<PendingSend> pendingSends = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean sendsScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Data channel sends from any thread: queued, then handed to the core in one loop task, so a burst of
     * small messages leaves in a few bundled SCTP packets rather than one datagram each (a browser's
     * default 208 KiB socket buffer overflows on a burst of hundreds of datagrams).
     */
    void enqueueSend(CoreChannel channel, byte[] data, boolean binary) {
        if (transport.inLoop()) {
            sendNow(System.nanoTime(), new PendingSend(channel, data, binary), false);
            return;
        }
        pendingSends.add(new PendingSend(channel, data, binary));
        if (sendsScheduled.compareAndSet(false, true)) {
            transport.execute(() -> {
                sendsScheduled.set(false);
                long now = System.nanoTime();
                for (PendingSend p; (p = pendingSends.poll()) != null; ) {
                    sendNow(now, p, true);
                }
                dispatch();
            });
        }
    }

    /**
     * Hands one message to the core. On the loop the caller sees a full send queue as the exception;
     * a message queued from another thread that finds the queue full (past the check in
     * {@link RtcDataChannel#send}) is reported on the channel's onerror instead.
     */
    private void sendNow(long now, PendingSend p, boolean queued) {
        if (p.channel().state() != CoreChannel.State.OPEN) {
            LOG.log(System.Logger.Level.DEBUG, "a message for {0} dropped: the channel is no longer open", p.channel());
            return;
        }
        try {
            core.send(now, p.channel(), p.data(), p.binary());
        } catch (IllegalStateException e) {
            if (!queued || !(p.channel().attachment instanceof RtcDataChannel ch)) {
                throw e;
            }
            ch.fireError(e.getMessage());
        }
    }

    /** Runs an operation on the loop with the current time; the core's events are dispatched right after. */
    void run(LongConsumer op) {
        transport.execute(() -> {
            op.accept(System.nanoTime());
            dispatch();
        });
    }

    /** Runs a query on the loop and waits for it (at once when already on the loop). */
    <T> T query(LongFunction<T> op) {
        if (transport.inLoop()) {
            return op.apply(System.nanoTime());
        }
        try {
            return call(op).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Runs an operation on the loop; events it caused are dispatched (W3C order: {@code ontrack}
     * during setRemoteDescription) before the future completes.
     */
    private <T> CompletableFuture<T> call(LongFunction<T> op) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            transport.execute(() -> {
                T result;
                try {
                    result = op.apply(System.nanoTime());
                } catch (RuntimeException e) {
                    dispatch();
                    f.completeExceptionally(e);
                    return;
                }
                dispatch();
                f.complete(result);
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private RtcRtpTransceiver wrap(CoreTransceiver t) {
        if (t.attachment instanceof RtcRtpTransceiver r) {
            return r;
        }
        RtcRtpTransceiver r = new RtcRtpTransceiver(this, t);
        transceivers.add(r);
        return r;
    }

    private RtcDataChannel wrap(CoreChannel c) {
        if (c.attachment instanceof RtcDataChannel r) {
            return r;
        }
        RtcDataChannel r = new RtcDataChannel(this, c);
        synchronized (channels) {
            channels.add(r);
        }
        return r;
    }

    /** Turns the core's events into callbacks. Runs on the loop after every pump and operation. */
    private void dispatch() {
        for (PeerEvent e; (e = core.pollEvent()) != null; ) {
            try {
                deliver(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "a callback threw (ignored): " + ex, ex);
            }
        }
        synchronized (channels) {
            for (RtcDataChannel c : channels) {
                c.refresh();
            }
        }
    }

    private void deliver(PeerEvent e) {
        if (e instanceof PeerEvent.IceCandidate c) {
            onIceCandidate.accept(c.candidate());
        } else if (e instanceof PeerEvent.IceGatheringStateChanged g) {
            iceGatheringState = g.state();
            onIceGatheringStateChange.accept(g.state());
            if (g.state() == IceGatheringState.COMPLETE) {
                onIceCandidate.accept(null);
                gathered.complete(null);
            } else if (g.state() == IceGatheringState.GATHERING && gathered.isDone()) {
                gathered = new CompletableFuture<>();
            }
        } else if (e instanceof PeerEvent.IceConnectionStateChanged s) {
            iceConnectionState = s.state();
            onIceConnectionStateChange.accept(s.state());
        } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
            connectionState = s.state();
            onConnectionStateChange.accept(s.state());
        } else if (e instanceof PeerEvent.SignalingStateChanged s) {
            signalingState = s.state();
            onSignalingStateChange.accept(s.state());
        } else if (e instanceof PeerEvent.NegotiationNeeded) {
            onNegotiationNeeded.run();
        } else if (e instanceof PeerEvent.DataChannel d) {
            RtcDataChannel ch = wrap(d.channel());
            ch.refresh();
            onDataChannel.accept(ch);
        } else if (e instanceof PeerEvent.ChannelOpen o) {
            wrap(o.channel()).fireOpen();
        } else if (e instanceof PeerEvent.ChannelMessage m) {
            wrap(m.channel()).fireMessage(m.binary(), m.data());
        } else if (e instanceof PeerEvent.ChannelBufferedAmountLow b) {
            wrap(b.channel()).fireBufferedAmountLow();
        } else if (e instanceof PeerEvent.ChannelError err) {
            wrap(err.channel()).fireError(err.message());
        } else if (e instanceof PeerEvent.ChannelClosed c) {
            wrap(c.channel()).fireClose();
        } else if (e instanceof PeerEvent.Track t) {
            RtcRtpTransceiver tr = wrap(t.transceiver());
            onTrack.accept(new RtcTrackEvent(tr, tr.receiver(), t.streamIds(), t.trackId()));
        } else if (e instanceof PeerEvent.Frame f) {
            wrap(f.transceiver()).receiver().fireFrame(f.frame());
        } else if (e instanceof PeerEvent.Rtp r) {
            wrap(r.transceiver()).receiver().fireRtp(r.packet());
        } else if (e instanceof PeerEvent.KeyframeRequested k) {
            wrap(k.transceiver()).sender().fireKeyframeRequest();
        } else if (e instanceof PeerEvent.TargetBitrateChanged tb) {
            wrap(tb.transceiver()).sender().fireTargetBitrate(tb.targetBps());
        }
    }

    @Override
    public String toString() {
        return "PeerConnection[" + transport.localAddress() + ", " + connectionState.w3cName() + "]";
    }
}
