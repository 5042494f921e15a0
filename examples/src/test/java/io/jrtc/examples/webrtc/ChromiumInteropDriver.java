package io.jrtc.examples.webrtc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcDataChannelInit;
import io.jrtc.webrtc.RtcRtpSender;
import io.jrtc.webrtc.RtcRtpTransceiver;
import io.jrtc.webrtc.RtcRtpTransceiverInit;
import io.jrtc.webrtc.RtcSessionDescription;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The inside of {@link ChromiumInteropTest}, run in a loopback-only network namespace (a JVM outside
 * it could not reach the browser): starts the {@link EchoServer} in process on 127.0.0.1 with this
 * driver's endpoints next to it, and for each case starts headless Chromium on the test page, waits
 * for the page's result (and the Java side's), kills Chromium and its descendants by PID, and prints:
 *
 * <pre>
 * === CASE name
 * ... the echo server's, the page's and the Java side's log lines ...
 * RESULT name page {json}
 * RESULT name java key=value ...
 * CASE name PASS in N ms            (or CASE name FAIL: why)
 * </pre>
 *
 * {@code --chromium PATH --cases a,b,c [--vp8 FILE.ivf] [--h264 FILE.h264] [--av1 FILE.ivf] [--out DIR] [--case-timeout S]}
 *
 * <p>With {@code --firefox PATH} instead of {@code --chromium PATH} the browser is headless Firefox
 * ({@link HeadlessFirefox}, for {@link FirefoxInteropTest}); the cases and the page are the same.
 */
public final class ChromiumInteropDriver {
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 256 << 10;
    /** Frames of the browser's camera that case recv-vp8 writes to IVF. */
    static final int RECEIVED_FRAMES = 60;

    private final PrintStream out;
    private final String chromium;
    /** Headless Firefox instead of Chromium when not null. */
    private final String firefox;
    private final Path vp8;
    private final Path h264;
    /** An AV1 IVF file for case play-av1, or null. */
    private final Path av1;
    private final Path outDir;
    private final long caseTimeoutMs;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "driver-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Case> cases = new ConcurrentHashMap<>();
    private EchoServer echo;
    private volatile Case current;

    private ChromiumInteropDriver(PrintStream out, String chromium, String firefox, Path vp8, Path h264, Path av1, Path outDir,
                                  long caseTimeoutMs) {
        this.out = out;
        this.chromium = chromium;
        this.firefox = firefox;
        this.vp8 = vp8;
        this.h264 = h264;
        this.av1 = av1;
        this.outDir = outDir;
        this.caseTimeoutMs = caseTimeoutMs;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$-7s %5$s%6$s%n");
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ChromiumInteropDriver d = new ChromiumInteropDriver(out, a.get("--chromium"), a.get("--firefox"),
                a.containsKey("--vp8") ? Path.of(a.get("--vp8")) : null, a.containsKey("--h264") ? Path.of(a.get("--h264")) : null,
                a.containsKey("--av1") ? Path.of(a.get("--av1")) : null,
                Path.of(a.getOrDefault("--out", System.getProperty("java.io.tmpdir"))),
                Long.parseLong(a.getOrDefault("--case-timeout", "45")) * 1000);
        int failed = d.runAll(List.of(a.getOrDefault("--cases", "").split(",")));
        out.println("DRIVER done, " + failed + " case(s) failed");
        out.flush();
        // the PeerConnections' event loops may keep non-daemon threads: end here
        System.exit(failed == 0 ? 0 : 1);
    }

    private int runAll(List<String> names) throws Exception {
        byte[] page;
        try (InputStream in = ChromiumInteropDriver.class.getResourceAsStream("interop.html")) {
            page = in.readAllBytes();
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "driver-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        echo = EchoServer.attach(http, out, Duration.ofSeconds(60));
        echo.onSession(s -> {
            Case c = current;
            if (c != null) {
                c.sessions.add(s);
            }
        });
        http.createContext("/interop", ex -> reply(ex, 200, "text/html; charset=utf-8", page));
        http.createContext("/log", ex -> {
            out.println("[page " + query(ex, "case") + "] " + body(ex));
            reply(ex, 204, "text/plain", new byte[0]);
        });
        http.createContext("/result", ex -> {
            String r = body(ex);
            Case c = cases.get(query(ex, "case"));
            if (c != null) {
                c.page.complete(r);
            }
            reply(ex, c == null ? 404 : 204, "text/plain", new byte[0]);
        });
        http.createContext("/java-offer", ex -> handle(ex, () -> caseOf(ex).javaOffer(), 200));
        http.createContext("/java-answer", ex -> {
            String sdp = body(ex);
            handle(ex, () -> {
                caseOf(ex).javaAnswer(sdp);
                return "";
            }, 204);
        });
        http.createContext("/driver-offer", ex -> {
            String sdp = body(ex);
            handle(ex, () -> caseOf(ex).answerBrowser(sdp), 201);
        });
        http.createContext("/renegotiate", ex -> {
            String sdp = body(ex);
            String session = query(ex, "session");
            handle(ex, () -> echo.renegotiate(session, sdp), 200);
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        out.println("DRIVER page and echo server at " + base + "/ (" + (firefox == null ? "chromium " + chromium
                : "firefox " + firefox) + ")");
        int failed = 0;
        try {
            for (String name : names) {
                if (name.isBlank()) {
                    continue;
                }
                if (!runCase(name, base)) {
                    failed++;
                }
            }
        } finally {
            echo.close();
            http.stop(0);
            threads.shutdownNow();
            timers.shutdownNow();
        }
        return failed;
    }

    private boolean runCase(String name, String base) throws Exception {
        Case c = newCase(name);
        cases.put(name, c);
        current = c;
        out.println("=== CASE " + name);
        long start = System.nanoTime();
        Path profile = Files.createTempDirectory(firefox == null ? "jrtc-chromium" : "jrtc-firefox");
        Process browser = null;
        String verdict;
        try {
            String url = base + "/interop?case=" + name + "&n=" + EchoMessages.COUNT;
            browser = firefox == null ? startChromium(profile, url) : HeadlessFirefox.start(firefox, profile, url);
            out.println("[browser] started " + (firefox == null ? chromium : firefox) + " (pid " + browser.pid() + ")");
            verdict = await(c, browser);
            if (verdict == null) {
                verdict = c.check(c.page.getNow(null));
            }
        } catch (Exception | AssertionError e) {
            verdict = "driver error: " + EchoServer.oneLine(e);
        } finally {
            printUdpDrops(c);
            if (browser != null) {
                boolean gone = Processes.killTree(browser.toHandle(), 10);
                out.println("[browser] killed pid " + browser.pid() + " and its descendants" + (gone ? "" : " (some survived!)"));
                if (firefox != null) {
                    int left = HeadlessFirefox.killLeftovers(profile);
                    if (left > 0) {
                        out.println("[browser] killed " + left + " more process(es) of this profile by PID");
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("RESULT " + name + " page " + c.page.getNow("(none)"));
        out.println("RESULT " + name + " java " + c.javaSummary());
        if (verdict != null) {
            printBrowserLog(profile);
            printJavaStats(c);
        }
        c.close();
        deleteTree(profile);
        current = null;
        out.println("CASE " + name + (verdict == null ? " PASS in " + ms + " ms" : " FAIL: " + verdict));
        return verdict == null;
    }

    /** Waits for the page's result and the Java side; null when both are there, else why not. */
    private String await(Case c, Process browser) throws Exception {
        long deadline = System.nanoTime() + caseTimeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (c.page.isDone() && c.page.getNow("").startsWith("ERROR")) {
                return "the page said " + c.page.getNow("");
            }
            if (c.page.isDone() && c.java.isDone()) {
                return null;
            }
            if (!browser.isAlive()) {
                return (firefox == null ? "chromium" : "firefox") + " exited with " + browser.exitValue();
            }
            Thread.sleep(50);
        }
        return "not done after " + caseTimeoutMs / 1000 + " s (page " + (c.page.isDone() ? "done" : "waiting")
                + ", java " + (c.java.isDone() ? "done" : "waiting: " + c.javaSummary()) + ")";
    }

    private Process startChromium(Path profile, String url) throws IOException {
        List<String> cmd = List.of(chromium, "--headless", "--no-sandbox", "--user-data-dir=" + profile,
                "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    private void printBrowserLog(Path profile) {
        if (firefox != null) {
            try {
                out.println("[browser] last lines of firefox's output:");
                HeadlessFirefox.lastLines(profile, 25).forEach(l -> out.println("[browser]   " + l));
            } catch (IOException e) {
                out.println("[browser] no log: " + e);
            }
            return;
        }
        try {
            // without a D-Bus in the namespace Chromium complains about it all the time: not news
            List<String> lines = new ArrayList<>(Files.readAllLines(profile.resolve("chromium.log"), StandardCharsets.ISO_8859_1));
            lines.removeIf(l -> l.contains("dbus") || l.isBlank());
            out.println("[browser] last lines of chromium's log (D-Bus complaints left out):");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.println("[browser]   " + l));
        } catch (IOException e) {
            out.println("[browser] no log: " + e);
        }
    }

    /**
     * UDP sockets of this namespace that dropped datagrams (their receive buffer was full), from
     * /proc/net/udp: the only place a datagram can be lost on loopback.
     */
    private void printUdpDrops(Case c) {
        Set<Integer> javaPorts = new HashSet<>();
        List<PeerConnection> all = new ArrayList<>(c.pcs);
        c.sessions.forEach(s -> all.add(s.peerConnection()));
        for (PeerConnection pc : all) {
            if (pc.localAddress() != null) {
                javaPorts.add(pc.localAddress().getPort());
            }
        }
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 13 || f[0].equals("sl")) {
                        continue;
                    }
                    long drops = Long.parseLong(f[f.length - 1]);
                    if (drops > 0) {
                        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                        out.println("[udp] socket on port " + port + (javaPorts.contains(port) ? " (jrtc)" : "")
                                + " dropped " + drops + " datagram(s) (receive buffer full)");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no /proc here: nothing to report
            }
        }
    }

    /** After a failure: what the Java connections of the case counted (transport, pairs, channels, RTP). */
    private void printJavaStats(Case c) {
        List<PeerConnection> all = new ArrayList<>(c.pcs);
        c.sessions.forEach(s -> all.add(s.peerConnection()));
        for (PeerConnection pc : all) {
            try {
                io.jrtc.webrtc.RtcStatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
                for (String type : List.of("transport", "candidate-pair", "data-channel", "inbound-rtp", "outbound-rtp")) {
                    report.ofType(type).forEach(st -> out.println("[java stats] " + type + " " + st.members()));
                }
            } catch (Exception e) {
                out.println("[java stats] none: " + EchoServer.oneLine(e));
            }
        }
    }

    // --- the cases (the Java half of each; the page's half is in interop.html) ---

    private Case newCase(String name) {
        return switch (name) {
            case "echo-dc" -> new EchoDataChannel(name);
            case "java-dc" -> new JavaDataChannel(name);
            case "echo-media" -> new EchoMedia(name);
            case "play-vp8" -> new Play(name, false);
            case "play-h264" -> new Play(name, true);
            case "play-av1" -> new Play(name, "AV1");
            case "recv-vp8" -> new Receive(name);
            case "recv-av1" -> new Receive(name, true);
            case "negotiated" -> new Negotiated(name);
            case "renegotiate" -> new Renegotiate(name);
            default -> throw new IllegalArgumentException("no case " + name);
        };
    }

    /** One case: the page's result, the Java side's completion, the connections to close afterwards. */
    abstract class Case {
        final String name;
        final CompletableFuture<String> page = new CompletableFuture<>();
        final CompletableFuture<String> java = new CompletableFuture<>();
        final List<PeerConnection> pcs = new CopyOnWriteArrayList<>();
        final List<EchoServer.Session> sessions = new CopyOnWriteArrayList<>();

        Case(String name) {
            this.name = name;
        }

        String javaOffer() throws Exception {
            throw new IllegalStateException("case " + name + " has no Java offer");
        }

        void javaAnswer(String sdp) throws Exception {
            throw new IllegalStateException("case " + name + " takes no answer");
        }

        String answerBrowser(String sdp) throws Exception {
            throw new IllegalStateException("case " + name + " takes no offer");
        }

        /** What the Java side saw, as key=value pairs. */
        abstract String javaSummary();

        /** Null when the case passed, else why not. {@code pageResult} is the page's JSON. */
        abstract String check(String pageResult);

        EchoServer.Session session() {
            return sessions.isEmpty() ? null : sessions.get(0);
        }

        PeerConnection newPc(RtcConfiguration.Builder config) {
            PeerConnection pc = new PeerConnection(config.build());
            pcs.add(pc);
            pc.onConnectionStateChange(s -> out.println("[java " + name + "] connection state " + s));
            return pc;
        }

        /** Java's offer, complete: created, set, every candidate gathered. */
        String completeOffer(PeerConnection pc) throws Exception {
            pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
            pc.gatheringComplete().get(10, TimeUnit.SECONDS);
            return pc.localDescription().sdp();
        }

        String completeAnswer(PeerConnection pc, String offer) throws Exception {
            pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
            afterRemoteOffer(pc);
            pc.setLocalDescription(pc.createAnswer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
            pc.gatheringComplete().get(10, TimeUnit.SECONDS);
            return pc.localDescription().sdp();
        }

        void afterRemoteOffer(PeerConnection pc) {
        }

        void close() {
            for (PeerConnection pc : pcs) {
                pc.close();
            }
            for (EchoServer.Session s : sessions) {
                s.close("case " + name + " is over");
            }
        }
    }

    static RtcConfiguration.Builder loopback() {
        return RtcConfiguration.builder().loopbackOnly();
    }

    /** 1. The browser offers, the echo server answers and echoes. */
    final class EchoDataChannel extends Case {
        EchoDataChannel(String name) {
            super(name);
            java.complete("");
        }

        @Override
        String javaSummary() {
            EchoServer.Session s = session();
            return s == null ? "session=none" : "session=" + s.id() + " echoed=" + s.messagesEchoed("echo")
                    + " bytes=" + s.bytesEchoed() + " pauses=" + s.pauses();
        }

        @Override
        String check(String r) {
            EchoServer.Session s = session();
            if (num(r, "received") != EchoMessages.COUNT || num(r, "firstBad") != -1) {
                return "the page got " + r;
            }
            if (s == null || s.messagesEchoed("echo") != EchoMessages.COUNT) {
                return "the echo server counted " + javaSummary();
            }
            return null;
        }
    }

    /** 2. Java offers a data channel, sends the messages and checks what the browser echoes. */
    final class JavaDataChannel extends Case {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger firstBad = new AtomicInteger(-1);
        final AtomicLong bytes = new AtomicLong();
        volatile long openedAt;
        volatile long doneAt;
        volatile RtcDataChannel channel;

        JavaDataChannel(String name) {
            super(name);
        }

        @Override
        String javaOffer() throws Exception {
            PeerConnection pc = newPc(loopback());
            RtcDataChannel dc = pc.createDataChannel("java-echo");
            channel = dc;
            dc.setBufferedAmountLowThreshold(LOW_WATER);
            dc.onOpen(() -> {
                openedAt = System.nanoTime();
                out.println("[java " + name + "] channel \"java-echo\" open (id " + dc.id() + "), sending "
                        + EchoMessages.COUNT + " messages");
                pump(dc);
            });
            dc.onBufferedAmountLow(() -> pump(dc));
            dc.onMessage(m -> {
                int i = received.getAndIncrement();
                bytes.addAndGet(m.data().length);
                if (!EchoMessages.matches(i, m.binary(), m.data())) {
                    firstBad.compareAndSet(-1, i);
                }
                if (i + 1 == EchoMessages.COUNT) {
                    doneAt = System.nanoTime();
                    java.complete(javaSummary());
                }
            });
            String offer = completeOffer(pc);
            out.println("[java " + name + "] offer with " + EchoServer.count(offer, "a=candidate:") + " candidate(s)");
            return offer;
        }

        private void pump(RtcDataChannel dc) {
            synchronized (this) {
                while (sent.get() < EchoMessages.COUNT && dc.bufferedAmount() < HIGH_WATER) {
                    int i = sent.getAndIncrement();
                    if (EchoMessages.binary(i)) {
                        dc.send(EchoMessages.bytes(i));
                    } else {
                        dc.send(EchoMessages.text(i));
                    }
                }
            }
        }

        @Override
        void javaAnswer(String sdp) throws Exception {
            pcs.get(0).setRemoteDescription(RtcSessionDescription.answer(sdp)).get(10, TimeUnit.SECONDS);
            out.println("[java " + name + "] the browser's answer applied");
        }

        @Override
        String javaSummary() {
            return "sent=" + sent.get() + " received=" + received.get() + " firstBad=" + firstBad.get() + " bytes=" + bytes.get()
                    + (doneAt != 0 ? " ms=" + (doneAt - openedAt) / 1_000_000 : "");
        }

        @Override
        String check(String r) {
            if (num(r, "echoed") != EchoMessages.COUNT) {
                return "the page echoed " + r;
            }
            if (received.get() != EchoMessages.COUNT || firstBad.get() != -1) {
                return "Java got " + javaSummary();
            }
            return null;
        }
    }

    /** 3. The browser's camera and microphone reflected by the echo server. */
    final class EchoMedia extends Case {
        EchoMedia(String name) {
            super(name);
            java.complete("");
        }

        @Override
        String javaSummary() {
            EchoServer.Session s = session();
            return s == null ? "session=none" : "session=" + s.id() + " audioForwarded=" + s.rtpForwarded(MediaKind.AUDIO)
                    + " videoForwarded=" + s.rtpForwarded(MediaKind.VIDEO) + " keyframeRequests=" + s.keyframeRequests();
        }

        @Override
        String check(String r) {
            EchoServer.Session s = session();
            if (num(r, "framesDecoded") <= 0 || num(r, "audioPackets") <= 0) {
                return "the page saw " + r;
            }
            if (s == null || s.rtpForwarded(MediaKind.AUDIO) <= 0 || s.rtpForwarded(MediaKind.VIDEO) <= 0) {
                return "the echo server forwarded " + javaSummary();
            }
            return null;
        }
    }

    /** 4. Java sends a VP8 or AV1 (IVF) or H.264 (Annex B) file; the browser decodes it. */
    final class Play extends Case {
        final boolean isH264;
        final boolean isAv1;
        final AtomicLong framesSent = new AtomicLong();
        final AtomicLong keyframeRequests = new AtomicLong();
        final AtomicInteger next = new AtomicInteger();
        volatile ScheduledFuture<?> ticker;
        List<byte[]> frames;
        int fps;
        String fileSummary;

        Play(String name, boolean h264) {
            super(name);
            this.isH264 = h264;
            this.isAv1 = false;
        }

        /** {@code "AV1"}: an AV1 IVF file (the {@code --av1} option). */
        Play(String name, String codec) {
            super(name);
            if (!codec.equals("AV1")) {
                throw new IllegalArgumentException(codec);
            }
            this.isH264 = false;
            this.isAv1 = true;
        }

        @Override
        String javaOffer() throws Exception {
            Path file = isH264 ? h264 : isAv1 ? av1 : vp8;
            if (file == null) {
                throw new IllegalStateException("no " + (isH264 ? "--h264" : isAv1 ? "--av1" : "--vp8") + " file given");
            }
            byte[] data = Files.readAllBytes(file);
            if (isH264) {
                frames = AnnexBFile.accessUnits(data, false);
                fps = 30; // an Annex B stream has no timing: the sample is made at 30 frames/s
                fileSummary = frames.size() + " H.264 access units";
            } else {
                IvfFile ivf = IvfFile.parse(data);
                frames = new ArrayList<>();
                ivf.frames().forEach(f -> frames.add(f.data().toByteArray()));
                fps = Math.max(1, ivf.timebaseDenominator() / Math.max(1, ivf.timebaseNumerator()));
                fileSummary = frames.size() + (isAv1 ? " AV1" : " VP8") + " frames " + ivf.width() + "x" + ivf.height();
            }
            Codec codec = isH264 ? Codec.h264(102, "42e01f", 1, 103) : isAv1 ? AV1 : Codec.vp8(96, 97);
            PeerConnection pc = newPc(loopback().videoCodecs(List.of(codec)));
            RtcRtpTransceiver t = pc.addTransceiver(MediaKind.VIDEO, RtcRtpTransceiverInit.sendonly());
            RtcRtpSender sender = t.sender();
            sender.onKeyframeRequest(() -> {
                keyframeRequests.incrementAndGet();
                next.set(0); // the file starts with its keyframe
            });
            pc.onConnectionStateChange(s -> {
                if (s == PeerConnectionState.CONNECTED && ticker == null) {
                    out.println("[java " + name + "] connected: sending " + fileSummary + " at " + fps
                            + " frames/s, codec " + (sender.codec() == null ? "?" : sender.codec().name()) + ", ssrc " + sender.ssrc());
                    ticker = timers.scheduleAtFixedRate(() -> tick(sender), 0, 1_000_000 / fps, TimeUnit.MICROSECONDS);
                }
            });
            String offer = completeOffer(pc);
            out.println("[java " + name + "] offer: " + EchoServer.mediaSummary(offer) + ", "
                    + EchoServer.count(offer, "a=candidate:") + " candidate(s)");
            return offer;
        }

        private void tick(RtcRtpSender sender) {
            try {
                int i = next.getAndUpdate(n -> (n + 1) % frames.size());
                long n = framesSent.getAndIncrement();
                sender.sendFrame(frames.get(i), (n * 90000 / fps) & 0xffffffffL);
            } catch (RuntimeException e) {
                out.println("[java " + name + "] sendFrame failed: " + EchoServer.oneLine(e));
            }
        }

        @Override
        void javaAnswer(String sdp) throws Exception {
            pcs.get(0).setRemoteDescription(RtcSessionDescription.answer(sdp)).get(10, TimeUnit.SECONDS);
            java.complete("");
        }

        @Override
        String javaSummary() {
            return "framesSent=" + framesSent.get() + " keyframeRequests=" + keyframeRequests.get() + " file=" + fileSummary;
        }

        @Override
        String check(String r) {
            String mime = isH264 ? "video/H264" : isAv1 ? "video/AV1" : "video/VP8";
            if (num(r, "framesDecoded") <= 0 || !r.contains("\"codec\":\"" + mime + "\"")) {
                return "the page decoded " + r;
            }
            if (framesSent.get() <= 0) {
                return "Java sent nothing";
            }
            return null;
        }

        @Override
        void close() {
            ScheduledFuture<?> t = ticker;
            if (t != null) {
                t.cancel(false);
            }
            super.close();
        }
    }

    /** AV1 (profile 0, as Chromium offers it) with RTX, for the AV1 cases. */
    static final Codec AV1 = new Codec(45, "AV1", 90000, 0, java.util.Map.of(), io.jrtc.sdp.jsep.RtcpFeedback.videoDefaults(), 46);

    /** 5. The browser's camera to Java (VP8, or AV1), the first frames written to IVF. */
    final class Receive extends Case {
        final boolean isAv1;
        final List<AssembledFrame> frames = new ArrayList<>();
        final AtomicLong skipped = new AtomicLong();
        volatile String written = "";

        Receive(String name) {
            this(name, false);
        }

        Receive(String name, boolean av1) {
            super(name);
            this.isAv1 = av1;
        }

        @Override
        String answerBrowser(String sdp) throws Exception {
            PeerConnection pc = newPc(loopback().videoCodecs(List.of(isAv1 ? AV1 : Codec.vp8(96, 97))));
            pc.onTrack(ev -> {
                out.println("[java " + name + "] track " + ev.transceiver().kind().token() + " from the browser");
                ev.receiver().onFrame(f -> frame(ev.receiver(), f));
            });
            return completeAnswer(pc, sdp);
        }

        private void frame(io.jrtc.webrtc.RtcRtpReceiver receiver, AssembledFrame f) {
            synchronized (frames) {
                if (frames.size() >= RECEIVED_FRAMES) {
                    return;
                }
                if (frames.isEmpty() && !f.keyframe()) {
                    if (skipped.incrementAndGet() == 1) {
                        receiver.requestKeyframe();
                    }
                    return;
                }
                frames.add(f);
                if (frames.size() == RECEIVED_FRAMES) {
                    try {
                        written = write();
                    } catch (Exception e) {
                        written = "write failed: " + EchoServer.oneLine(e);
                    }
                    java.complete(written);
                }
            }
        }

        private String write() throws IOException {
            byte[] key = frames.get(0).data().toByteArray();
            int width = 0;
            int height = 0;
            if (key.length >= 10 && (key[3] & 0xff) == 0x9d && key[4] == 0x01 && key[5] == 0x2a) {
                width = ((key[6] & 0xff) | (key[7] & 0xff) << 8) & 0x3fff;
                height = ((key[8] & 0xff) | (key[9] & 0xff) << 8) & 0x3fff;
            }
            long t0 = frames.get(0).timestamp();
            List<IvfFile.Frame> ivfFrames = new ArrayList<>();
            for (AssembledFrame f : frames) {
                ivfFrames.add(new IvfFile.Frame((f.timestamp() - t0) & 0xffffffffL, f.data()));
            }
            Path file = outDir.resolve(isAv1 ? "from-chromium-av1.ivf" : "from-chromium.ivf");
            Files.write(file, new IvfFile(isAv1 ? "AV01" : "VP80", width, height, 90000, 1, ivfFrames).encode());
            return "frames=" + ivfFrames.size() + " keyframeFirst=" + frames.get(0).keyframe() + " size=" + width + "x" + height
                    + " skippedBeforeKeyframe=" + skipped.get() + " file=" + file;
        }

        @Override
        String javaSummary() {
            synchronized (frames) {
                return written.isEmpty() ? "frames=" + frames.size() + " skippedBeforeKeyframe=" + skipped.get() : written;
            }
        }

        @Override
        String check(String r) {
            if (num(r, "framesEncoded") <= 0) {
                return "the page sent " + r;
            }
            if (!written.startsWith("frames=" + RECEIVED_FRAMES + " keyframeFirst=true")) {
                return "Java wrote " + javaSummary();
            }
            return null;
        }
    }

    /** 6. A negotiated channel (id 7) and an unordered one with maxRetransmits 0, messages both ways. */
    final class Negotiated extends Case {
        static final int M = 100;
        final AtomicInteger negGot = new AtomicInteger();
        final AtomicInteger negOutOfOrder = new AtomicInteger();
        final Set<String> unrelSeen = ConcurrentHashMap.newKeySet();
        volatile String negInfo = "";
        volatile String unrelInfo = "";

        Negotiated(String name) {
            super(name);
        }

        @Override
        String answerBrowser(String sdp) throws Exception {
            PeerConnection pc = newPc(loopback());
            pc.onDataChannel(dc -> {
                unrelInfo = "label=" + dc.label() + " ordered=" + dc.ordered() + " maxRetransmits=" + dc.maxRetransmits()
                        + " id=" + dc.id();
                out.println("[java " + name + "] the browser opened " + unrelInfo);
                dc.onMessage(m -> {
                    unrelSeen.add(m.text());
                    done();
                });
                Runnable send = () -> paced(dc, "java unrel ");
                if (dc.readyState() == RtcDataChannel.ReadyState.OPEN) {
                    send.run();
                } else {
                    dc.onOpen(send);
                }
            });
            return completeAnswer(pc, sdp);
        }

        @Override
        void afterRemoteOffer(PeerConnection pc) {
            RtcDataChannel neg = pc.createDataChannel("neg", RtcDataChannelInit.defaults().negotiated(7));
            neg.onOpen(() -> {
                negInfo = "id=" + neg.id() + " negotiated=" + neg.negotiated() + " ordered=" + neg.ordered();
                out.println("[java " + name + "] negotiated channel open: " + negInfo);
                paced(neg, "java neg ");
            });
            neg.onMessage(m -> {
                int i = negGot.getAndIncrement();
                if (!m.text().equals("page neg " + i)) {
                    negOutOfOrder.incrementAndGet();
                }
                done();
            });
        }

        /**
         * Sends M messages in batches of 10, 10 ms apart. jrtc puts each small message in a datagram of
         * its own; 200 of them at once overflow Chromium's UDP receive buffer (212,992 bytes by
         * default in a fresh namespace; /proc/net/udp counts the drops), and on the channel without
         * retransmissions the lost ones stay lost.
         */
        private void paced(RtcDataChannel dc, String prefix) {
            AtomicInteger next = new AtomicInteger();
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            synchronized (task) {
                task[0] = timers.scheduleAtFixedRate(() -> {
                    synchronized (task) {
                        for (int k = 0; k < 10 && next.get() < M; k++) {
                            dc.send(prefix + next.getAndIncrement());
                        }
                        if (next.get() >= M) {
                            task[0].cancel(false);
                        }
                    }
                }, 0, 10, TimeUnit.MILLISECONDS);
            }
        }

        private void done() {
            if (negGot.get() >= M && unrelSeen.size() >= M) {
                java.complete(javaSummary());
            }
        }

        @Override
        String javaSummary() {
            return "neg[" + negInfo + "] negGot=" + negGot.get() + " negOutOfOrder=" + negOutOfOrder.get()
                    + " unreliable[" + unrelInfo + "] unrelGot=" + unrelSeen.size();
        }

        @Override
        String check(String r) {
            if (num(r, "negId") != 7 || num(r, "negGot") != M || !r.contains("\"negInOrder\":true")
                    || num(r, "unrelGot") != M || !r.contains("\"unrelOrdered\":false") || num(r, "unrelMaxRetransmits") != 0) {
                return "the page saw " + r;
            }
            if (!negInfo.startsWith("id=7 negotiated=true") || negOutOfOrder.get() != 0
                    || !unrelInfo.contains("ordered=false maxRetransmits=0")) {
                return "Java saw " + javaSummary();
            }
            return null;
        }
    }

    /** 7. A data channel to the echo server, then a video track added by a second offer/answer. */
    final class Renegotiate extends Case {
        Renegotiate(String name) {
            super(name);
            java.complete("");
        }

        @Override
        String javaSummary() {
            EchoServer.Session s = session();
            return s == null ? "session=none" : "session=" + s.id() + " echoed=" + s.messagesEchoed("echo")
                    + " videoForwarded=" + s.rtpForwarded(MediaKind.VIDEO) + " keyframeRequests=" + s.keyframeRequests();
        }

        @Override
        String check(String r) {
            EchoServer.Session s = session();
            int half = EchoMessages.COUNT / 2;
            if (num(r, "before") != half || num(r, "after") != EchoMessages.COUNT - half || num(r, "firstBad") != -1
                    || num(r, "framesDecoded") <= 0) {
                return "the page saw " + r;
            }
            if (s == null || s.messagesEchoed("echo") != EchoMessages.COUNT || s.rtpForwarded(MediaKind.VIDEO) <= 0) {
                return "the echo server counted " + javaSummary();
            }
            return null;
        }
    }

    // --- small helpers ---

    /** An integer member of a flat JSON object, or Long.MIN_VALUE. */
    static long num(String json, String key) {
        if (json == null) {
            return Long.MIN_VALUE;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }

    interface Work {
        String run() throws Exception;
    }

    private void handle(HttpExchange ex, Work work, int status) throws IOException {
        try {
            String r = work.run();
            reply(ex, r.isEmpty() ? 204 : status, "application/sdp", r.getBytes(StandardCharsets.UTF_8));
        } catch (Exception | AssertionError e) {
            out.println("[driver] " + ex.getRequestURI() + " failed: " + EchoServer.oneLine(e));
            reply(ex, 400, "text/plain; charset=utf-8", (EchoServer.oneLine(e) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private Case caseOf(HttpExchange ex) {
        Case c = cases.get(query(ex, "case"));
        if (c == null) {
            throw new IllegalArgumentException("no such case: " + ex.getRequestURI());
        }
        return c;
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(key)) {
                    return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temp profile left behind is harmless (a file may vanish while the walk runs: a browser process still exiting)
        }
    }

    static Set<String> allCases() {
        return new HashSet<>(List.of("echo-dc", "java-dc", "echo-media", "play-vp8", "play-h264", "recv-vp8", "negotiated",
                "renegotiate"));
    }
}
