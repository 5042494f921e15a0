package io.jrtc.bench.program;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.bench.program.Args.UsageException;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcSctpTransport;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.transport.EventLoops;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code browser}: data-channel throughput with headless Chromium, the browser pair as the reference
 * in the same run. Re-runs itself in a loopback-only network namespace; there it serves a page on
 * 127.0.0.1 and, for each direction and round, starts Chromium twice on it: once with two
 * RTCPeerConnections in the page (Chromium ↔ Chromium) and once with the page's connection answered by
 * a jrtc PeerConnection in this program (Chromium ↔ jrtc). The page sends as fast as
 * bufferedAmount allows; in {@code oneway} the receiver counts (pc2 in the page, or jrtc here between
 * the page's start and end marks), in {@code echo} the receiver sends everything back and the page
 * counts. Each Chromium is killed by PID with its descendants after its result or at its deadline.
 */
final class Browser {
    static final String USAGE = "browser --size B --seconds S [--dir oneway|echo|both] [--rounds R] [--chromium PATH]";
    private static final long HIGH = 4 << 20;
    private static final long LOW = 1 << 20;
    private static final Pattern FIELD = Pattern.compile("\"(counter|bytes|secs)\"\\s*:\\s*\"?([^,\"}]+)\"?");

    private Browser() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--size", "--seconds", "--dir", "--rounds", "--chromium"), Set.of(Netns.INSIDE));
        int size = a.integer("--size", 16384, 1, 256 * 1024);
        int seconds = a.integer("--seconds", 10, 1, 600);
        int rounds = a.integer("--rounds", 1, 1, 100);
        String dir = a.string("--dir", "both");
        if (!Set.of("oneway", "echo", "both").contains(dir)) {
            throw new UsageException("--dir is oneway, echo or both, not " + dir);
        }
        String chromium = a.string("--chromium", Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) ? "/usr/lib/chromium/chromium"
                : "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IOException("Chromium not found at " + chromium + " (scripts/install-peers.sh installs it; or --chromium PATH)");
        }
        List<String> dirs = dir.equals("both") ? List.of("oneway", "echo") : List.of(dir);
        if (!a.flag(Netns.INSIDE)) {
            return Netns.rerunInside("browser", args, 0, 0, (long) rounds * dirs.size() * 2 * (seconds + 60) + 60);
        }
        System.out.printf(Locale.ROOT, "browser: %d-byte messages, %d s per run after 2 s warm-up, %d round(s), %s%n", size, seconds, rounds,
                String.join(" and ", dirs));
        System.out.println("network: loopback-only network namespace, no impairment; Chromium " + chromium);
        try (EventLoops loops = EventLoops.create(1); Site site = new Site(loops)) {
            StringBuilder last = new StringBuilder();
            for (String d : dirs) {
                List<Double> ref = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    ref.add(site.measure(chromium, "chromium", d, size, seconds));
                    ours.add(site.measure(chromium, "jrtc", d, size, seconds));
                }
                double c = median(ref);
                double j = median(ours);
                System.out.printf(Locale.ROOT, "%s: Chromium<->Chromium %.1f Mbit/s, Chromium<->jrtc %.1f Mbit/s, ratio %.2f%n", d, c, j, j / c);
                last.append(String.format(Locale.ROOT, "%s_chromium_mbps=%.1f %s_jrtc_mbps=%.1f %s_ratio=%.2f ", d, c, d, j, d, j / c));
            }
            System.out.println(last.toString().trim());
        }
        return 0;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** The page, the jrtc answerer and the marks. */
    private static final class Site implements AutoCloseable {
        private final HttpServer http;
        private final EventLoops loops;
        private final List<PeerConnection> pcs = new CopyOnWriteArrayList<>();
        private final AtomicLong received = new AtomicLong();
        private volatile long markStartBytes;
        private volatile long markStartNs;
        private volatile long markEndBytes;
        private volatile long markEndNs;
        private volatile CompletableFuture<String> result = new CompletableFuture<>();

        Site(EventLoops loops) throws IOException {
            this.loops = loops;
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            http.createContext("/", this::handle);
            http.start();
        }

        double measure(String chromium, String peer, String dir, int size, int seconds) throws Exception {
            result = new CompletableFuture<>();
            received.set(0);
            markStartNs = 0;
            markEndNs = 0;
            Path profile = Files.createTempDirectory("jrtc-bench-chromium");
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/?peer=" + peer + "&dir=" + dir + "&size=" + size + "&secs=" + seconds;
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--user-data-dir=" + profile,
                    "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-default-apps", "--no-default-browser-check", "--disable-dev-shm-usage", url)
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
            String r;
            try {
                r = result.get(seconds + 60L, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException(peer + " " + dir + ": no result within " + (seconds + 60) + " s (Chromium log in " + profile + ")");
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                pcs.forEach(PeerConnection::close);
                pcs.clear();
            }
            if (r.startsWith("ERROR")) {
                throw new IOException(peer + " " + dir + ": the page failed: " + r.lines().findFirst().orElse(r));
            }
            String counter = field(r, "counter");
            double mbps;
            if (counter.equals("jrtc")) {
                mbps = (markEndBytes - markStartBytes) * 8 / ((markEndNs - markStartNs) / 1e9) / 1e6;
            } else {
                mbps = Double.parseDouble(field(r, "bytes")) * 8 / Double.parseDouble(field(r, "secs")) / 1e6;
            }
            System.out.printf(Locale.ROOT, "  run %-8s %-6s %8.1f Mbit/s (counted by %s)%n", peer, dir, mbps, counter.equals("jrtc") ? "jrtc" : "the page");
            deleteTree(profile);
            return mbps;
        }

        private static String field(String json, String name) throws IOException {
            Matcher m = FIELD.matcher(json);
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    return m.group(2).trim();
                }
            }
            throw new IOException("the page's result has no " + name + ": " + json);
        }

        private void handle(HttpExchange x) throws IOException {
            String path = x.getRequestURI().getPath();
            String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                switch (path) {
                    case "/" -> {
                        byte[] page;
                        try (InputStream in = Browser.class.getResourceAsStream("browser.html")) {
                            page = in.readAllBytes();
                        }
                        reply(x, 200, "text/html; charset=utf-8", page);
                    }
                    case "/offer" -> reply(x, 201, "application/sdp", answer(new String(body, StandardCharsets.UTF_8),
                            query.contains("dir=echo")).getBytes(StandardCharsets.UTF_8));
                    case "/mark" -> {
                        if (query.contains("phase=start")) {
                            markStartBytes = received.get();
                            markStartNs = System.nanoTime();
                        } else {
                            markEndBytes = received.get();
                            markEndNs = System.nanoTime();
                        }
                        reply(x, 204, "text/plain", new byte[0]);
                    }
                    case "/result" -> {
                        result.complete(new String(body, StandardCharsets.UTF_8));
                        reply(x, 204, "text/plain", new byte[0]);
                    }
                    default -> reply(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                reply(x, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        }

        private String answer(String offer, boolean echo) throws Exception {
            PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).build());
            pcs.add(pc);
            int[] congested = {0};
            pc.onDataChannel(ch -> {
                boolean[] full = {false};
                ch.setBufferedAmountLowThreshold(LOW);
                ch.onMessage(m -> {
                    received.addAndGet(m.data().length);
                    if (!echo) {
                        return;
                    }
                    ch.send(m.data());
                    if (!full[0] && ch.bufferedAmount() > HIGH) {
                        full[0] = true;
                        if (congested[0]++ == 0) {
                            pause(pc, true);
                        }
                    }
                });
                ch.onBufferedAmountLow(() -> {
                    if (full[0]) {
                        full[0] = false;
                        if (--congested[0] == 0) {
                            pause(pc, false);
                        }
                    }
                });
            });
            pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
            pc.setLocalDescription().get(10, TimeUnit.SECONDS);
            pc.gatheringComplete().get(10, TimeUnit.SECONDS);
            return pc.localDescription().sdp();
        }

        private static void pause(PeerConnection pc, boolean paused) {
            RtcSctpTransport t = pc.sctp();
            if (t != null) {
                t.pauseReceiving(paused);
            }
        }

        private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                x.getResponseBody().write(body);
            }
            x.close();
        }

        private static void deleteTree(Path p) {
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a renderer may still be writing; the temp directory is best effort
            }
        }

        @Override
        public void close() {
            pcs.forEach(PeerConnection::close);
            http.stop(0);
        }
    }
}
