package io.jrtc.examples.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.examples.Example;
import io.jrtc.sdp.SetupRole;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code browser-datachannel}: a real browser opens a data channel to jrtc and gets every message
 * echoed back. The example serves a page and a tiny signalling endpoint on 127.0.0.1 (the JDK's HTTP
 * server): the page creates an {@code RTCPeerConnection} with a data channel, POSTs its complete
 * offer, applies jrtc's answer, then sends 50 texts and one 64 KiB binary message and checks the
 * echoes. jrtc's side is {@link BrowserAnswerer}: ICE, DTLS, SCTP and DCEP composed by hand.
 *
 * <p>With {@code --chromium PATH} it starts headless Chromium on the page itself (with
 * {@code --allow-loopback-in-peer-connection}, so Chromium offers a 127.0.0.1 candidate); without
 * it, open the printed URL in a browser on this machine. The test runs both inside a network
 * namespace whose only interface is loopback ({@code unshare --net}).
 */
public final class BrowserDataChannel implements Example {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    @Override
    public String name() {
        return "browser-datachannel";
    }

    @Override
    public String usage() {
        return "[--chromium PATH] [--setup active|passive] [--timeout SECONDS]";
    }

    @Override
    public String description() {
        return "a browser's data channel to jrtc over 127.0.0.1, every message echoed (ICE, DTLS, SCTP, DCEP by hand)";
    }

    @Override
    public int run(String[] args) throws Exception {
        String chromium = null;
        long timeout = TIMEOUT_NANOS;
        SetupRole setup = SetupRole.ACTIVE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--chromium") && i + 1 < args.length) {
                chromium = args[++i];
            } else if (args[i].equals("--setup") && i + 1 < args.length && args[i + 1].matches("active|passive")) {
                setup = args[++i].equals("active") ? SetupRole.ACTIVE : SetupRole.PASSIVE;
            } else if (args[i].equals("--timeout") && i + 1 < args.length) {
                timeout = Long.parseLong(args[++i]) * 1_000_000_000L;
            } else {
                System.err.println("usage: browser-datachannel " + usage());
                return 64;
            }
        }
        return run(System.out, chromium, setup, timeout);
    }

    int run(PrintStream out, String chromium, SetupRole setup, long timeoutNanos) throws Exception {
        SecureRandom random = new SecureRandom();
        DtlsCertificate certificate = DtlsCertificate.selfSignedEcdsa(random);
        ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        byte[] page;
        try (InputStream in = BrowserDataChannel.class.getResourceAsStream("datachannel.html")) {
            page = in.readAllBytes();
        }
        try (Selector selector = Selector.open();
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            udp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            BrowserAnswerer answerer = new BrowserAnswerer(local, certificate, random, random, setup, out::println);

            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", ex -> {
                if (ex.getRequestURI().getPath().equals("/")) {
                    reply(ex, 200, "text/html; charset=utf-8", page);
                } else {
                    reply(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                }
            });
            http.createContext("/log", ex -> {
                out.println("[browser] " + body(ex));
                reply(ex, 204, "text/plain", new byte[0]);
            });
            http.createContext("/result", ex -> {
                result.complete(body(ex));
                reply(ex, 204, "text/plain", new byte[0]);
            });
            http.createContext("/offer", ex -> {
                String offer = body(ex);
                CompletableFuture<String> answer = new CompletableFuture<>();
                // the engines belong to the loop thread: hand the offer over and wait for the answer
                tasks.add(() -> {
                    try {
                        answer.complete(answerer.answer(System.nanoTime(), offer));
                    } catch (Exception | AssertionError e) {
                        answer.completeExceptionally(e);
                    }
                });
                selector.wakeup();
                try {
                    reply(ex, 200, "application/sdp", answer.get(10, TimeUnit.SECONDS).getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    out.println("[SDP] cannot answer: " + e);
                    reply(ex, 400, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
            });
            http.start();
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
            out.println("[ICE] jrtc listens on udp 127.0.0.1:" + local.getPort() + "; page and signalling at " + url);
            Process browser = null;
            Path profile = null;
            try {
                if (chromium != null) {
                    profile = Files.createTempDirectory("jrtc-chromium");
                    browser = startChromium(chromium, profile, url);
                    out.println("[browser] started " + chromium + " (headless) on the page");
                } else {
                    out.println("open " + url + " in a browser on this machine");
                }
                return loop(out, udp, selector, local, answerer, tasks, result, browser, timeoutNanos);
            } finally {
                http.stop(0);
                if (browser != null) {
                    browser.destroy();
                    if (!browser.waitFor(5, TimeUnit.SECONDS)) {
                        browser.destroyForcibly();
                    }
                }
                if (profile != null) {
                    deleteTree(profile);
                }
            }
        }
    }

    private static int loop(PrintStream out, DatagramChannel udp, Selector selector, InetSocketAddress local,
                            BrowserAnswerer answerer, ConcurrentLinkedQueue<Runnable> tasks, CompletableFuture<String> result,
                            Process browser, long timeoutNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long start = System.nanoTime();
        while (!result.isDone()) {
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run();
            }
            flush(udp, answerer);
            if (!answerer.failures().isEmpty()) {
                out.println("FAILED: " + answerer.failures());
                return 1;
            }
            if (browser != null && !browser.isAlive()) {
                out.println("FAILED: the browser exited with " + browser.exitValue());
                return 1;
            }
            long now = System.nanoTime();
            if (now - start > timeoutNanos) {
                out.println("FAILED: no result from the browser after " + timeoutNanos / 1_000_000_000L + " s (" + answerer.state() + ")");
                return 2;
            }
            long deadline = answerer.pollTimeout();
            long waitMs = deadline == Long.MAX_VALUE ? 100 : Math.max(1, Math.min(100, (deadline - now) / 1_000_000));
            selector.select(waitMs);
            selector.selectedKeys().clear();
            for (InetSocketAddress from; ; ) {
                buffer.clear();
                from = (InetSocketAddress) udp.receive(buffer);
                if (from == null) {
                    break;
                }
                buffer.flip();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                answerer.handleInput(System.nanoTime(), new Datagram(from, local, data));
            }
            now = System.nanoTime();
            if (answerer.pollTimeout() <= now) {
                answerer.handleTimeout(now);
            }
        }
        String r = result.join();
        out.println("[browser] result " + r);
        // give the last echoes' SACKs a moment, then close politely
        long now = System.nanoTime();
        answerer.close(now);
        flush(udp, answerer);
        boolean ok = r.contains("\"texts\":50") && r.contains("\"inOrder\":true") && r.contains("\"binaryOk\":true");
        out.printf("%s: jrtc echoed %d messages (%d bytes) to the browser in %d ms%n", ok ? "done" : "FAILED",
                answerer.messagesEchoed(), answerer.bytesEchoed(), (now - start) / 1_000_000);
        return ok ? 0 : 1;
    }

    /** Writes everything the answerer wants sent (loopback only). */
    private static void flush(DatagramChannel udp, BrowserAnswerer answerer) throws IOException {
        for (Datagram d; (d = answerer.pollTransmit()) != null; ) {
            if (d.destination().getAddress().isLoopbackAddress()) {
                udp.send(ByteBuffer.wrap(d.data()), d.destination());
            }
        }
    }

    private static Process startChromium(String chromium, Path profile, String url) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(chromium,
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
                // let WebRTC use 127.0.0.1 and show it as such (no mDNS name): the only network here
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                url));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
