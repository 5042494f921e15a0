package io.jrtc.examples.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsCertificate;
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
 * What every browser example shares: a page and a signalling endpoint served on 127.0.0.1 by the
 * JDK's HTTP server ({@code GET /} the page, {@code GET /jrtc.js} the signalling code all pages share,
 * {@code POST /offer} returns jrtc's answer, or
 * {@code GET /offer} jrtc's offer and {@code POST /answer} takes the browser's, {@code POST /log}
 * prints a line, {@code POST /result} ends the page's part), one UDP socket on
 * 127.0.0.1 driven by a single loop thread that owns the {@link BrowserAnswerer}, and optionally
 * a headless browser (Chromium or Firefox) started on the page. The HTTP threads only hand work to
 * the loop.
 */
final class BrowserHarness {
    /** A browser to start on the page: which one and its executable. */
    record Browser(Kind kind, String path) {
        enum Kind { CHROMIUM, FIREFOX }

        /** {@code --chromium PATH} or {@code --firefox PATH} at {@code args[i]}, else null. */
        static Browser option(String[] args, int i) {
            if (i + 1 >= args.length) {
                return null;
            }
            return switch (args[i]) {
                case "--chromium" -> new Browser(Kind.CHROMIUM, args[i + 1]);
                case "--firefox" -> new Browser(Kind.FIREFOX, args[i + 1]);
                default -> null;
            };
        }
    }

    /**
     * A browser example's command line: {@code --chromium PATH} or {@code --firefox PATH} and
     * {@code --timeout SECONDS} are common to all; the example names its own options taking a value
     * and its own flags.
     */
    static final class Args {
        Browser browser;
        long timeoutNanos = 60_000_000_000L;
        private final java.util.Map<String, String> values = new java.util.HashMap<>();
        private final java.util.Set<String> flags = new java.util.HashSet<>();

        /** The parsed arguments, or null when one is unknown or lacks its value. */
        static Args parse(String[] args, java.util.Set<String> valueOptions, java.util.Set<String> flagOptions) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                Browser b = Browser.option(args, i);
                if (b != null) {
                    a.browser = b;
                    i++;
                } else if (args[i].equals("--timeout") && i + 1 < args.length) {
                    a.timeoutNanos = Long.parseLong(args[++i]) * 1_000_000_000L;
                } else if (valueOptions.contains(args[i]) && i + 1 < args.length) {
                    a.values.put(args[i], args[++i]);
                } else if (flagOptions.contains(args[i])) {
                    a.flags.add(args[i]);
                } else {
                    return null;
                }
            }
            return a;
        }

        String value(String name, String otherwise) {
            return values.getOrDefault(name, otherwise);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }
    }

    /** One browser example: its page, its extra browser settings, when it is done and what it checks. */
    interface Scenario {
        String page();

        List<String> chromiumFlags();

        /** Extra Firefox preferences, as {@code user.js} lines. */
        default List<String> firefoxPrefs() {
            return List.of();
        }

        /** Polled by the loop after each round; the page's result, if any, is in {@code result}. */
        boolean done(BrowserAnswerer answerer, CompletableFuture<String> result);

        /** Prints the outcome and returns the exit code. */
        int finish(PrintStream out, BrowserAnswerer answerer, String result, long elapsedNanos) throws Exception;

        /** The page's query string ({@code ?jrtc-offers} to let jrtc make the offer), or empty. */
        default String query() {
            return "";
        }

        /** Adjusts the answerer before the offer arrives. */
        default void configure(BrowserAnswerer answerer) {
        }
    }

    /** Chromium switches for a fake camera and microphone, granted without asking. */
    static final List<String> FAKE_MEDIA_CHROMIUM = List.of("--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream");
    /** The same for Firefox, as user.js lines. */
    static final List<String> FAKE_MEDIA_FIREFOX = List.of("user_pref(\"media.navigator.streams.fake\", true);",
            "user_pref(\"media.navigator.permission.disabled\", true);");

    private BrowserHarness() {
    }

    static int run(PrintStream out, Browser chosen, SetupRole setup, long timeoutNanos, Scenario scenario) throws Exception {
        SecureRandom random = new SecureRandom();
        DtlsCertificate certificate = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        byte[] page;
        try (InputStream in = BrowserHarness.class.getResourceAsStream(scenario.page())) {
            page = in.readAllBytes();
        }
        byte[] script;
        try (InputStream in = BrowserHarness.class.getResourceAsStream("jrtc.js")) {
            script = in.readAllBytes();
        }
        try (Selector selector = Selector.open();
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            udp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            BrowserAnswerer answerer = new BrowserAnswerer(local, certificate, random, random, setup, out::println);
            scenario.configure(answerer);

            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", ex -> {
                String path = ex.getRequestURI().getPath();
                if (path.equals("/")) {
                    reply(ex, 200, "text/html; charset=utf-8", page);
                } else if (path.equals("/jrtc.js")) {
                    reply(ex, 200, "text/javascript; charset=utf-8", script);
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
                boolean browserOffers = ex.getRequestMethod().equals("POST");
                String offer = browserOffers ? body(ex) : null;
                CompletableFuture<String> answer = new CompletableFuture<>();
                // the engines belong to the loop thread: hand the work over and wait for it
                tasks.add(() -> {
                    try {
                        answer.complete(browserOffers ? answerer.answer(System.nanoTime(), offer)
                                : answerer.offer(System.nanoTime()));
                    } catch (Exception | AssertionError e) {
                        answer.completeExceptionally(e);
                    }
                });
                selector.wakeup();
                try {
                    reply(ex, 200, "application/sdp", answer.get(10, TimeUnit.SECONDS).getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    out.println("[SDP] failed: " + e);
                    reply(ex, 400, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
            });
            http.createContext("/answer", ex -> {
                String answer = body(ex);
                CompletableFuture<Void> done = new CompletableFuture<>();
                tasks.add(() -> {
                    try {
                        answerer.acceptAnswer(System.nanoTime(), answer);
                        done.complete(null);
                    } catch (Exception | AssertionError e) {
                        done.completeExceptionally(e);
                    }
                });
                selector.wakeup();
                try {
                    done.get(10, TimeUnit.SECONDS);
                    reply(ex, 204, "text/plain", new byte[0]);
                } catch (Exception e) {
                    out.println("[SDP] cannot use the answer: " + e);
                    reply(ex, 400, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
            });
            http.start();
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/" + scenario.query();
            out.println("[ICE] jrtc listens on udp 127.0.0.1:" + local.getPort() + "; page and signalling at " + url);
            Process browser = null;
            Path profile = null;
            try {
                if (chosen != null) {
                    profile = Files.createTempDirectory("jrtc-browser");
                    browser = chosen.kind() == Browser.Kind.CHROMIUM
                            ? startChromium(chosen.path(), profile, url, scenario.chromiumFlags())
                            : startFirefox(chosen.path(), profile, url, scenario.firefoxPrefs());
                    out.println("[browser] started " + chosen.path() + " (headless) on the page");
                } else {
                    out.println("open " + url + " in a browser on this machine");
                }
                return loop(out, udp, selector, local, answerer, tasks, result, browser, timeoutNanos, scenario);
            } finally {
                http.stop(0);
                if (browser != null) {
                    // the browser's helper processes (renderer, network, GPU) first: they write into
                    // the profile too, and outlive the main process otherwise
                    List<ProcessHandle> helpers = browser.descendants().toList();
                    browser.destroy();
                    if (!browser.waitFor(5, TimeUnit.SECONDS)) {
                        browser.destroyForcibly();
                    }
                    for (ProcessHandle h : helpers) {
                        h.destroyForcibly();
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
                            Process browser, long timeoutNanos, Scenario scenario) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long start = System.nanoTime();
        while (!scenario.done(answerer, result)) {
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
                out.println("FAILED: not done after " + timeoutNanos / 1_000_000_000L + " s (" + answerer.state() + ")"
                        + (result.isDone() ? ", browser said " + result.getNow(null) : ""));
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
        long now = System.nanoTime();
        answerer.close(now);
        flush(udp, answerer);
        String r = result.getNow(null);
        if (r != null) {
            out.println("[browser] result " + r);
        }
        return scenario.finish(out, answerer, r, now - start);
    }

    /** Writes everything the answerer wants sent (loopback only). */
    private static void flush(DatagramChannel udp, BrowserAnswerer answerer) throws IOException {
        for (Datagram d; (d = answerer.pollTransmit()) != null; ) {
            if (d.destination().getAddress().isLoopbackAddress()) {
                udp.send(ByteBuffer.wrap(d.data()), d.destination());
            }
        }
    }

    private static Process startChromium(String chromium, Path profile, String url, List<String> extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(chromium,
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
                // let WebRTC use 127.0.0.1 and show it as such (no mDNS name): the only network here
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"));
        cmd.addAll(extra);
        cmd.add(url);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    private static Process startFirefox(String firefox, Path profile, String url, List<String> extra) throws IOException {
        List<String> prefs = new ArrayList<>(List.of(
                // let WebRTC use 127.0.0.1 and show it as such: the only network here
                "user_pref(\"media.peerconnection.ice.loopback\", true);",
                "user_pref(\"media.peerconnection.ice.obfuscate_host_addresses\", false);",
                "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
                "user_pref(\"app.update.disabledForTesting\", true);",
                "user_pref(\"browser.aboutwelcome.enabled\", false);"));
        prefs.addAll(extra);
        Files.write(profile.resolve("user.js"), prefs);
        List<String> cmd = List.of(firefox, "--headless", "--no-remote", "--profile", profile.toString(), url);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("firefox.log").toFile());
        pb.environment().put("MOZ_HEADLESS", "1");
        // Firefox refuses to run as (namespace) root with a $HOME someone else owns: give it its own
        pb.environment().put("HOME", profile.toString());
        return pb.start();
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
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temp profile left behind is harmless (a file may vanish while the walk runs: a browser process still exiting)
        }
    }
}
