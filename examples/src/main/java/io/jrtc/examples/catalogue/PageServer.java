package io.jrtc.examples.catalogue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcSessionDescription;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every catalogue example shares, and nothing else: an HTTP server on a loopback address that
 * serves the example's page at {@code GET /} and its signalling endpoints, the non-trickle
 * offer/answer step on a {@link PeerConnection}, the {@code --http 127.0.0.1:PORT} option, and
 * "serve until Ctrl-C, then release the port".
 *
 * <p>Signalling is plain HTTP: the page POSTs its complete offer (every candidate in it, the browser
 * waited for ICE gathering to complete) as {@code application/sdp} and gets the complete answer
 * back. No WebSocket, no trickle: the smallest signalling that works between a page and a server.
 */
public final class PageServer implements AutoCloseable {
    /** Request bodies (offers, page log lines) larger than this are refused. */
    static final int MAX_BODY = 256 << 10;

    /** One request: its method, decoded query parameters and body text. */
    public record Request(String method, Map<String, String> query, String body) {
        public String param(String name) {
            String v = query.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing query parameter " + name);
            }
            return v;
        }
    }

    /** One reply. */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        public static Reply sdp(String sdp) {
            return new Reply(200, "application/sdp", sdp.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply json(String json) {
            return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply empty() {
            return new Reply(204, "text/plain", new byte[0]);
        }

        /** The same reply with one more header (e.g. {@code X-Session}, the session's id for later offers). */
        public Reply with(String header, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(header, value);
            return new Reply(status, contentType, body, Map.copyOf(h));
        }
    }

    /** An endpoint. An {@link IllegalArgumentException} becomes a 400 with its message. */
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    private final HttpServer http;
    private final ExecutorService threads;
    private final PrintStream log;

    private PageServer(HttpServer http, ExecutorService threads, PrintStream log) {
        this.http = http;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Starts serving {@code page} (a resource next to {@code owner}) at {@code GET /} on
     * {@code address}, which must be a loopback address (port 0 picks a free port). Lines the page
     * POSTs to {@code /log} are printed as {@code [page] ...}.
     */
    public static PageServer start(InetSocketAddress address, Class<?> owner, String page, PrintStream log)
            throws IOException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(address.getAddress().getHostAddress()
                    + " is not a loopback address: the examples only listen on 127.0.0.0/8");
        }
        byte[] html = resource(owner, page);
        byte[] script = resource(PageServer.class, "catalogue.js");
        HttpServer http = HttpServer.create(address, 0);
        // a few threads: an offer's handler waits while its PeerConnection gathers
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "page-server-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        PageServer server = new PageServer(http, threads, log);
        server.handle("/", r -> new Reply(200, "text/html; charset=utf-8", html));
        server.handle("/catalogue.js", r -> new Reply(200, "text/javascript; charset=utf-8", script));
        server.handle("/log", r -> {
            log.println("[page] " + r.body().strip());
            return Reply.empty();
        });
        http.start();
        return server;
    }

    private static byte[] resource(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name + " next to " + owner.getName());
            }
            return in.readAllBytes();
        }
    }

    /** Adds an endpoint at exactly {@code path}. */
    public void handle(String path, Handler handler) {
        http.createContext(path, ex -> serve(ex, path, handler));
    }

    /** The page's URL. */
    public String url() {
        InetSocketAddress a = http.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/";
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** Stops serving and releases the port. */
    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpExchange ex, String path, Handler handler) throws IOException {
        Reply reply;
        try (InputStream in = ex.getRequestBody()) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                reply = Reply.text(404, "not found: " + ex.getRequestURI().getPath() + "\n");
            } else {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    reply = Reply.text(413, "a request body of more than " + MAX_BODY + " bytes\n");
                } else {
                    reply = handler.handle(new Request(ex.getRequestMethod(), query(ex),
                            new String(body, StandardCharsets.UTF_8)));
                }
            }
        } catch (IllegalArgumentException e) {
            log.println("[HTTP] 400 for " + ex.getRequestURI() + ": " + oneLine(e));
            reply = Reply.text(400, oneLine(e) + "\n");
        } catch (Exception e) {
            log.println("[HTTP] 500 for " + ex.getRequestURI() + ": " + oneLine(e));
            reply = Reply.text(500, oneLine(e) + "\n");
        }
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                ex.getResponseBody().write(reply.body());
            }
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                } else if (!kv.isEmpty()) {
                    q.put(kv, "");
                }
            }
        }
        return q;
    }

    /**
     * Applies the browser's complete offer to {@code pc} and returns jrtc's complete answer (every
     * candidate in it: the page does not trickle either). Used for the first offer and for every
     * later one (an ICE restart, a track added).
     */
    public static String answer(PeerConnection pc, String offer) throws Exception {
        return answer(pc, offer, () -> { });
    }

    /**
     * The same, with {@code beforeAnswer} run between {@code setRemoteDescription} and
     * {@code createAnswer}: where an answerer looks at the transceivers the offer made and chooses
     * their directions (to send on a transceiver the offer made recvonly, for instance).
     */
    public static String answer(PeerConnection pc, String offer, Runnable beforeAnswer) throws Exception {
        if (!offer.startsWith("v=0")) {
            throw new IllegalArgumentException("not an SDP offer (it must start with v=0)");
        }
        try {
            pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
            beforeAnswer.run();
            pc.setLocalDescription(pc.createAnswer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
            pc.gatheringComplete().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the PeerConnection did not answer within 10 s", e);
        }
        return pc.localDescription().sdp();
    }

    /**
     * {@code --http 127.0.0.1:PORT} from the arguments ({@code 127.0.0.1:0}, a free port, without
     * it). Only address literals and {@code localhost}: no name lookup that could leave the machine.
     */
    public static InetSocketAddress httpOption(String[] args) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--http") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            String s = args[++i];
            int colon = s.lastIndexOf(':');
            String host = colon > 0 ? s.substring(0, colon) : "";
            if (!host.equals("localhost") && !host.matches("[0-9.]+")) {
                throw new IllegalArgumentException("--http needs 127.0.0.1:PORT, not " + s);
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--http: no port " + port);
                }
                address = new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (NumberFormatException | UnknownHostException e) {
                throw new IllegalArgumentException("--http needs 127.0.0.1:PORT, not " + s);
            }
            if (!address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException(host + " is not loopback: the examples only listen on 127.0.0.0/8");
            }
        }
        return address;
    }

    /**
     * Prints the URL to open and blocks until Ctrl-C (or any orderly JVM shutdown), which closes
     * {@code example}: its connections and then its port.
     */
    public static int serveUntilCtrlC(PrintStream out, String url, AutoCloseable example) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[HTTP] stopping: closing the connections and the port");
            try {
                example.close();
            } catch (Exception e) {
                out.println("[HTTP] while stopping: " + oneLine(e));
            }
            out.println("[HTTP] stopped");
            out.flush();
            stopped.countDown();
        }, "catalogue-shutdown"));
        out.println("[HTTP] open " + url + " in a browser on this machine; Ctrl-C stops the example");
        stopped.await();
        return 0;
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException || t instanceof UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).replace('\n', ' ').strip();
    }
}
