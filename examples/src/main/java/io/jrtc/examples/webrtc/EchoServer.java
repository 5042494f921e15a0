package io.jrtc.examples.webrtc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcRtpReceiver;
import io.jrtc.webrtc.RtcRtpSender;
import io.jrtc.webrtc.RtcRtpTransceiver;
import io.jrtc.webrtc.RtcSctpTransport;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.RtcTrackEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An echo peer on {@link PeerConnection}: a page at {@code GET /}, and {@code POST /offer} (a complete,
 * non-trickle offer as {@code application/sdp}) answered with {@code 201 Created} and the complete
 * answer. Every data channel the offerer opens is echoed (same channel, same message type, in order
 * on ordered channels, with backpressure), and every audio and video track is reflected back on its
 * own transceiver, which becomes sendrecv. {@code Location: /sessions/ID} names the session;
 * {@code DELETE /sessions/ID} closes it, {@link #renegotiate} takes a new offer for it.
 *
 * <p>Only loopback: the HTTP server and every connection's UDP socket are on 127.0.0.1.
 */
public final class EchoServer implements AutoCloseable {
    /** Above this many bytes queued on one channel the server stops reading from the association. */
    static final long HIGH_WATER = 1 << 20;
    /** A paused association reads again once every congested channel has drained below this. */
    static final long LOW_WATER = 256 << 10;
    /** Offers larger than this are refused. */
    static final int MAX_OFFER = 256 << 10;

    private final HttpServer http;
    private final boolean ownsHttp;
    private final ExecutorService httpThreads;
    private final PrintStream log;
    private final Duration idleLimit;
    private final byte[] page;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "echo-server-janitor");
        t.setDaemon(true);
        return t;
    });
    private volatile Consumer<Session> sessionListener = s -> { };
    private volatile boolean closed;

    /**
     * Starts an echo server with its own HTTP server on {@code address} (a loopback address; port 0
     * picks a free one). {@code idleLimit}: a session without a message or an RTP packet for that
     * long is closed.
     */
    public static EchoServer start(InetSocketAddress address, PrintStream log, Duration idleLimit) throws IOException {
        requireLoopback(address.getAddress());
        HttpServer http = HttpServer.create(address, 0);
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "echo-server-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        EchoServer server = new EchoServer(http, true, threads, log, idleLimit);
        http.start();
        return server;
    }

    /**
     * Adds the echo server's endpoints ({@code /}, {@code /offer}, {@code /sessions/}) to an HTTP
     * server someone else owns and starts (which should have an executor with a few threads: the
     * handlers block while a connection answers).
     */
    public static EchoServer attach(HttpServer http, PrintStream log, Duration idleLimit) {
        requireLoopback(http.getAddress().getAddress());
        return new EchoServer(http, false, null, log, idleLimit);
    }

    private EchoServer(HttpServer http, boolean ownsHttp, ExecutorService httpThreads, PrintStream log, Duration idleLimit) {
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.httpThreads = httpThreads;
        this.log = log;
        this.idleLimit = idleLimit;
        try (InputStream in = EchoServer.class.getResourceAsStream("echo.html")) {
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::servePage);
        http.createContext("/offer", this::serveOffer);
        http.createContext("/sessions/", this::serveSession);
        long period = Math.max(100, Math.min(1000, idleLimit.toMillis() / 4));
        janitor.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private static void requireLoopback(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(address.getHostAddress() + " is not a loopback address: jrtc's examples "
                    + "only listen on loopback (127.0.0.0/8)");
        }
    }

    /** The page's URL. */
    public String url() {
        InetSocketAddress a = http.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/";
    }

    /** Called with each new session once its answer is made (on an HTTP thread). */
    public void onSession(Consumer<Session> listener) {
        sessionListener = listener == null ? s -> { } : listener;
    }

    /** The sessions that are open now. */
    public Collection<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    public Session session(String id) {
        return sessions.get(id);
    }

    /**
     * A new offer for an existing session (renegotiation): applied to its connection, answered, and
     * the complete answer returned. Tracks the new offer adds are reflected like the first ones.
     */
    public String renegotiate(String id, String offer) throws Exception {
        Session s = sessions.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no session " + id);
        }
        log.println("[HTTP] new offer for session " + id + " (renegotiation, " + mediaSummary(offer) + ")");
        return s.answer(offer);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        janitor.shutdownNow();
        for (Session s : sessions()) {
            s.close("the server stops");
        }
        if (ownsHttp) {
            http.stop(0);
            httpThreads.shutdownNow();
        }
    }

    // --- HTTP ---

    private void servePage(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            reply(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
        } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            reply(ex, 405, "text/plain; charset=utf-8", "only GET here\n");
        } else {
            reply(ex, 200, "text/html; charset=utf-8", page);
        }
    }

    private void serveOffer(HttpExchange ex) throws IOException {
        String from = ex.getRemoteAddress().getAddress().getHostAddress() + ":" + ex.getRemoteAddress().getPort();
        if (!ex.getRequestURI().getPath().equals("/offer")) {
            reply(ex, 404, "text/plain; charset=utf-8", "not found: " + ex.getRequestURI().getPath() + "\n");
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            refuse(ex, from, 405, "POST an offer (Content-Type: application/sdp) to /offer");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/sdp")) {
            refuse(ex, from, 415, "Content-Type must be application/sdp, not " + (type == null ? "missing" : type));
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_OFFER + 1);
        }
        if (body.length > MAX_OFFER) {
            refuse(ex, from, 413, "an offer of more than " + MAX_OFFER + " bytes");
            return;
        }
        String offer = new String(body, StandardCharsets.UTF_8);
        if (!offer.startsWith("v=0")) {
            refuse(ex, from, 400, "not an SDP offer (it must start with v=0)");
            return;
        }
        if (closed) {
            refuse(ex, from, 503, "the server is stopping");
            return;
        }
        log.println("[HTTP] offer from " + from + " (" + mediaSummary(offer) + ")");
        Session s;
        try {
            s = new Session(Integer.toString(ids.incrementAndGet()));
        } catch (RuntimeException e) {
            refuse(ex, from, 503, "cannot make a PeerConnection: " + oneLine(e));
            return;
        }
        String answer;
        try {
            answer = s.answer(offer);
        } catch (Exception e) {
            s.close("its offer was refused");
            refuse(ex, from, 400, "cannot answer this offer: " + oneLine(e));
            return;
        }
        sessions.put(s.id, s);
        if (closed) {
            s.close("the server stops");
        }
        sessionListener.accept(s);
        log.println("[HTTP] 201 answer for session " + s.id + " (" + mediaSummary(answer) + ", "
                + count(answer, "a=candidate:") + " candidate(s))");
        ex.getResponseHeaders().set("Location", "/sessions/" + s.id);
        reply(ex, 201, "application/sdp", answer);
    }

    private void serveSession(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getPath().substring("/sessions/".length());
        Session s = sessions.get(id);
        if (s == null) {
            reply(ex, 404, "text/plain; charset=utf-8", "no session " + id + "\n");
        } else if (!ex.getRequestMethod().equals("DELETE")) {
            reply(ex, 405, "text/plain; charset=utf-8", "DELETE a session to close it\n");
        } else {
            s.close("the offerer deleted it");
            reply(ex, 204, "text/plain", new byte[0]);
        }
    }

    private void refuse(HttpExchange ex, String from, int status, String reason) throws IOException {
        log.println("[HTTP] " + status + " to " + from + ": " + reason);
        reply(ex, status, "text/plain; charset=utf-8", reason + "\n");
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        reply(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
            if (body.length > 0 && !head) {
                ex.getResponseBody().write(body);
            }
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Session s : sessions()) {
            if (now - s.lastActivity > idleLimit.toNanos()) {
                s.close("idle for " + idleLimit.toSeconds() + " s");
            }
        }
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** "audio, video, data channel" from the m= lines of an SDP; a rejected section (port 0) is marked. */
    static String mediaSummary(String sdp) {
        List<String> parts = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                String[] f = line.substring(2).split(" ");
                String what = f[0].equals("application") ? "data channel" : f[0];
                parts.add(f.length > 1 && f[1].equals("0") ? what + " (rejected)" : what);
            }
        }
        return parts.isEmpty() ? "no media" : String.join(", ", parts);
    }

    /** The m= sections of an SDP that are not rejected (port other than 0). */
    static int acceptedSections(String sdp) {
        int n = 0;
        for (String line : sdp.split("\r?\n")) {
            String[] f = line.split(" ");
            if (line.startsWith("m=") && f.length > 1 && !f[1].equals("0")) {
                n++;
            }
        }
        return n;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** One offerer: its connection, what it echoed and reflected. */
    public final class Session {
        private final String id;
        private final PeerConnection pc;
        private final AtomicLong messages = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong audioPackets = new AtomicLong();
        private final AtomicLong videoPackets = new AtomicLong();
        private final AtomicLong keyframeRequests = new AtomicLong();
        private final Map<String, AtomicLong> perChannel = new ConcurrentHashMap<>();
        private final Set<RtcDataChannel> congested = new HashSet<>();
        private final AtomicLong pauses = new AtomicLong();
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean closed;

        private Session(String id) {
            this.id = id;
            this.pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("echo-" + id).build());
            pc.onConnectionStateChange(this::connectionState);
            pc.onDataChannel(this::echo);
            pc.onTrack(this::reflect);
        }

        public String id() {
            return id;
        }

        public PeerConnection peerConnection() {
            return pc;
        }

        /** Messages echoed, over all channels. */
        public long messagesEchoed() {
            return messages.get();
        }

        public long bytesEchoed() {
            return bytes.get();
        }

        /** Messages echoed on the channel with this label. */
        public long messagesEchoed(String label) {
            AtomicLong n = perChannel.get(label);
            return n == null ? 0 : n.get();
        }

        /** RTP packets received and sent back, of one kind. */
        public long rtpForwarded(MediaKind kind) {
            return kind == MediaKind.AUDIO ? audioPackets.get() : videoPackets.get();
        }

        /** Keyframe requests from the offerer passed on to its sender. */
        public long keyframeRequests() {
            return keyframeRequests.get();
        }

        /** How often reading was paused because an echo could not be sent fast enough. */
        public long pauses() {
            return pauses.get();
        }

        public boolean isClosed() {
            return closed;
        }

        /** Applies an offer and returns the complete answer (every candidate in it). */
        String answer(String offer) throws Exception {
            try {
                pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
                RtcSessionDescription answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
                pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
                pc.gatheringComplete().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the connection did not answer within 10 s", e);
            }
            String sdp = pc.localDescription().sdp();
            if (acceptedSections(sdp) == 0) {
                throw new IllegalArgumentException("nothing in the offer can be answered (" + mediaSummary(sdp) + ")");
            }
            lastActivity = System.nanoTime();
            return sdp;
        }

        private void connectionState(PeerConnectionState state) {
            log.println("[PC] session " + id + " connection state " + state);
            if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                close("its connection is " + state.name().toLowerCase(Locale.ROOT));
            }
        }

        private void echo(RtcDataChannel channel) {
            String label = channel.label();
            AtomicLong count = perChannel.computeIfAbsent(label, l -> new AtomicLong());
            channel.setBufferedAmountLowThreshold(LOW_WATER);
            boolean[] logged = {false};
            Runnable opened = () -> {
                if (!logged[0]) {
                    logged[0] = true;
                    log.println("[DC] session " + id + " channel \"" + label + "\" open (id " + channel.id() + ", "
                            + (channel.ordered() ? "ordered" : "unordered")
                            + (channel.maxRetransmits() != null ? ", maxRetransmits " + channel.maxRetransmits() : "")
                            + (channel.maxPacketLifeTime() != null ? ", maxPacketLifeTime " + channel.maxPacketLifeTime() : "")
                            + "), echoing");
                }
            };
            channel.onOpen(opened);
            if (channel.readyState() == RtcDataChannel.ReadyState.OPEN) {
                opened.run();
            }
            channel.onMessage(m -> {
                lastActivity = System.nanoTime();
                try {
                    if (m.binary()) {
                        channel.send(m.data());
                    } else {
                        channel.send(m.text());
                    }
                } catch (IllegalStateException e) {
                    log.println("[DC] session " + id + " channel \"" + label + "\": cannot echo (" + oneLine(e) + ")");
                    return;
                }
                if (count.incrementAndGet() == 1) {
                    log.println("[DC] session " + id + " channel \"" + label + "\" first message ("
                            + (m.binary() ? "binary" : "text") + ", " + m.data().length + " bytes)");
                }
                messages.incrementAndGet();
                bytes.addAndGet(m.data().length);
                if (channel.bufferedAmount() > HIGH_WATER) {
                    congested(channel, true);
                }
            });
            channel.onBufferedAmountLow(() -> congested(channel, false));
            channel.onClose(() -> {
                congested(channel, false);
                log.println("[DC] session " + id + " channel \"" + label + "\" closed after " + count.get()
                        + " message(s) echoed");
            });
            channel.onError(e -> log.println("[DC] session " + id + " channel \"" + label + "\" error: " + e));
        }

        /** Backpressure: reading stops while any channel has more than HIGH_WATER queued. */
        private void congested(RtcDataChannel channel, boolean full) {
            boolean pause;
            boolean resume;
            synchronized (congested) {
                boolean wasEmpty = congested.isEmpty();
                if (full) {
                    congested.add(channel);
                } else {
                    congested.remove(channel);
                }
                pause = wasEmpty && !congested.isEmpty();
                resume = !wasEmpty && congested.isEmpty();
            }
            RtcSctpTransport sctp = pc.sctp();
            if (sctp == null) {
                return;
            }
            if (pause) {
                pauses.incrementAndGet();
                sctp.pauseReceiving(true);
            } else if (resume) {
                sctp.pauseReceiving(false);
            }
        }

        private void reflect(RtcTrackEvent event) {
            RtcRtpTransceiver transceiver = event.transceiver();
            RtcRtpReceiver receiver = event.receiver();
            RtcRtpSender sender = transceiver.sender();
            MediaKind kind = transceiver.kind();
            AtomicLong counter = kind == MediaKind.AUDIO ? audioPackets : videoPackets;
            log.println("[PC] session " + id + " track " + kind.token() + " (mid " + transceiver.mid()
                    + "): reflecting it back, transceiver now sendrecv");
            transceiver.setDirection(Direction.SENDRECV);
            receiver.onRtp(packet -> {
                lastActivity = System.nanoTime();
                sender.sendRtp(packet);
                if (counter.incrementAndGet() == 1) {
                    log.println("[RTP] session " + id + " first " + kind.token() + " packet (payload type "
                            + packet.payloadType() + ", " + packet.payload().length() + " bytes), forwarding");
                }
            });
            sender.onKeyframeRequest(() -> {
                keyframeRequests.incrementAndGet();
                log.println("[RTP] session " + id + " keyframe request on mid " + transceiver.mid()
                        + ", asking the offerer for one");
                receiver.requestKeyframe();
            });
        }

        /** Closes the connection (once) and forgets the session. */
        public void close(String why) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            sessions.remove(id);
            log.println("[PC] session " + id + " closed: " + why + " (" + messages.get() + " message(s) echoed, "
                    + audioPackets.get() + " audio and " + videoPackets.get() + " video RTP packet(s) reflected)");
            pc.close();
        }
    }
}
