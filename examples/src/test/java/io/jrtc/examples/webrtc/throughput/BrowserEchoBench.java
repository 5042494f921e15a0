package io.jrtc.examples.webrtc.throughput;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrtc.examples.webrtc.EchoServer;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcStatsReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Echo throughput over a data channel with headless Chromium, against a browser-to-browser
 * reference measured in the same run (issue 12's acceptance figure). A benchmark program, not a test.
 *
 * <p>Without {@code --inside} it re-runs itself, with the same classpath, in a new network namespace
 * whose only interface is loopback ({@code unshare --net}, {@code --map-root-user} when not root),
 * killed by PID with all its descendants at a deadline. Inside, it serves {@code bench.html} and
 * jrtc's {@link EchoServer} on 127.0.0.1 and, for each run, starts headless Chromium on the page
 * (killed by PID with its descendants after the result or at the run's deadline):
 *
 * <ul>
 *   <li>{@code pair} (A, the reference): two RTCPeerConnections in the page, pc2 echoes;</li>
 *   <li>{@code echo} (B): pc1 offers to jrtc's echo server ({@code POST /offer}).</li>
 * </ul>
 *
 * In both, pc1 sends as fast as its flow control allows (bufferedAmount below 1 MiB, refilled on
 * bufferedamountlow at 256 KiB) and counts the echoed bytes for {@code --secs} seconds. Between the
 * page's start and end marks the driver samples this JVM's CPU time (per thread too), Chromium's
 * (per process type, from /proc), and the namespace's UDP drop counters (/proc/net/udp).
 *
 * <p>{@code [--chromium PATH] [--secs 10] [--sizes 16384,1024] [--rounds 2] [--warmup 1] [--deadline SECONDS]}
 * ({@code --warmup N}: N uncounted echo-server runs first, so the JIT has compiled the echo path.)
 */
public final class BrowserEchoBench {
    private static final long TICK_NS = 10_000_000L; // USER_HZ 100

    private final PrintStream out;
    private final String chromium;
    private final int secs;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<String, Run> runs = new HashMap<>();
    private EchoServer echo;
    private volatile Run current;

    private BrowserEchoBench(PrintStream out, String chromium, int secs) {
        this.out = out;
        this.chromium = chromium;
        this.secs = secs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        boolean inside = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--inside")) {
                inside = true;
            } else if (i + 1 < args.length) {
                a.put(args[i], args[++i]);
            }
        }
        String chromium = a.getOrDefault("--chromium", Files.isExecutable(Path.of("/usr/lib/chromium/chromium"))
                ? "/usr/lib/chromium/chromium" : "chromium");
        int secs = Integer.parseInt(a.getOrDefault("--secs", "10"));
        List<Integer> sizes = Stream.of(a.getOrDefault("--sizes", "16384,1024").split(",")).map(Integer::parseInt).toList();
        int rounds = Integer.parseInt(a.getOrDefault("--rounds", "2"));
        if (!inside) {
            long deadline = Long.parseLong(a.getOrDefault("--deadline",
                    String.valueOf(120 + (long) sizes.size() * rounds * 2 * (secs + 30))));
            List<String> forward = new ArrayList<>(List.of("--chromium", chromium, "--secs", String.valueOf(secs),
                    "--sizes", a.getOrDefault("--sizes", "16384,1024"), "--rounds", String.valueOf(rounds),
                    "--warmup", a.getOrDefault("--warmup", "1"), "--inside"));
            System.exit(runInNamespace(forward, deadline));
        }
        // the layers' INFO lines would drown the figures; warnings and errors still show
        Logger.getLogger("").setLevel(Level.WARNING);
        Stream.of(Logger.getLogger("").getHandlers()).forEach(h -> h.setLevel(Level.WARNING));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int failed = new BrowserEchoBench(out, chromium, secs).runAll(sizes, rounds,
                Integer.parseInt(a.getOrDefault("--warmup", "1")));
        out.println("BENCH done, " + failed + " run(s) failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    // --- outside: the namespace ---

    private static int runInNamespace(List<String> args, long seconds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder inside = new StringBuilder("ip link set lo up && ip route add default dev lo src 127.0.0.1 && exec "
                + quote(java) + " --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -cp "
                + quote(System.getProperty("java.class.path")) + " " + BrowserEchoBench.class.getName());
        for (String s : args) {
            inside.append(' ').append(quote(s));
        }
        List<String> options = null;
        for (List<String> o : List.of(List.of("--net"), List.of("--net", "--map-root-user"))) {
            List<String> probe = new ArrayList<>(List.of("unshare"));
            probe.addAll(o);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                killTree(p.toHandle());
            } else if (p.exitValue() == 0) {
                options = o;
                break;
            }
        }
        if (options == null) {
            System.err.println("cannot create a network namespace here (unshare --net, or --net --map-root-user)");
            return 2;
        }
        List<String> command = new ArrayList<>(List.of("unshare"));
        command.addAll(options);
        command.addAll(List.of("sh", "-c", inside.toString()));
        System.out.println("BENCH namespace: unshare " + String.join(" ", options) + " (deadline " + seconds + " s)");
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            System.out.println("BENCH deadline reached: killing pid " + p.pid() + " and its descendants");
            killTree(p.toHandle());
            return 3;
        }
        return p.exitValue();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Kills a process and every descendant (collected first), by PID, and waits up to 10 s for them. */
    static boolean killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        root.descendants().forEach(h -> {
            all.add(h);
            h.destroyForcibly();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // checked below
            }
        }
        return all.stream().noneMatch(ProcessHandle::isAlive);
    }

    // --- inside: the runs ---

    private int runAll(List<Integer> sizes, int rounds, int warmups) throws Exception {
        byte[] page;
        try (InputStream in = BrowserEchoBench.class.getResourceAsStream("bench.html")) {
            page = in.readAllBytes();
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        echo = EchoServer.attach(http, out, Duration.ofSeconds(60));
        echo.onSession(s -> {
            Run r = current;
            if (r != null) {
                r.session = s;
            }
        });
        http.createContext("/bench", ex -> reply(ex, 200, "text/html; charset=utf-8", page));
        http.createContext("/log", ex -> {
            out.println("[page " + query(ex, "run") + "] " + body(ex));
            reply(ex, 204, "text/plain", new byte[0]);
        });
        http.createContext("/mark", ex -> {
            body(ex);
            Run r = runs.get(query(ex, "run"));
            if (r != null) {
                r.mark(query(ex, "phase"));
            }
            reply(ex, r == null ? 404 : 204, "text/plain", new byte[0]);
        });
        http.createContext("/result", ex -> {
            String body = body(ex);
            Run r = runs.get(query(ex, "run"));
            if (r != null) {
                r.result.complete(body);
            }
            reply(ex, r == null ? 404 : 204, "text/plain", new byte[0]);
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        out.println("BENCH page and echo server at " + base + "/ (chromium " + chromium + ", " + secs + " s per run, "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ")");
        List<Run> done = new ArrayList<>();
        int failed = 0;
        try {
            // JIT compilation of the echo path is a one-time cost of a long-running server: warm up first, not counted
            for (int i = 0; i < warmups; i++) {
                run(new Run("warmup-" + (i + 1), "echo", sizes.get(0), secs), base);
            }
            for (int size : sizes) {
                for (int round = 1; round <= rounds; round++) {
                    for (String mode : List.of("pair", "echo")) {
                        Run r = new Run(mode + "-" + size + "-" + round, mode, size, secs);
                        if (!run(r, base)) {
                            failed++;
                        }
                        done.add(r);
                    }
                }
            }
        } finally {
            echo.close();
            http.stop(0);
            pool.shutdownNow();
        }
        out.println();
        out.println("SUMMARY (goodput = echoed bytes at pc1 / window; A = pair, B = echo server)");
        for (int size : sizes) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (Run r : done) {
                if (r.size == size && r.mbps >= 0) {
                    (r.mode.equals("pair") ? a : b).add(r.mbps);
                }
            }
            double ma = a.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double mb = b.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            out.printf("SUMMARY size=%d A(pair)=%s Mbit/s B(echo)=%s Mbit/s mean A=%.1f B=%.1f B/A=%.2f%n", size, a, b, ma, mb, mb / ma);
        }
        return failed;
    }

    private boolean run(Run r, String base) throws Exception {
        runs.put(r.id, r);
        current = r;
        out.println("=== RUN " + r.id + " (" + (r.mode.equals("pair") ? "A: pc1 <-> pc2 in one page" : "B: page <-> jrtc echo-server")
                + ", " + r.size + " B messages)");
        Path profile = Files.createTempDirectory("jrtc-bench-chromium");
        Process browser = null;
        String verdict = null;
        try {
            String url = base + "/bench?run=" + r.id + "&mode=" + r.mode + "&size=" + r.size + "&secs=" + r.secs;
            browser = startChromium(profile, url);
            r.browser = browser;
            String result = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs + 30L);
            while (System.nanoTime() < deadline && result == null) {
                result = r.result.getNow(null);
                if (result == null && !browser.isAlive()) {
                    verdict = "chromium exited with " + browser.exitValue();
                    break;
                }
                Thread.sleep(50);
            }
            if (result == null && verdict == null) {
                verdict = "no result after " + (secs + 30) + " s";
            } else if (result != null && result.startsWith("ERROR")) {
                verdict = "the page said " + result;
            } else if (result != null) {
                r.mbps = numberOf(result, "mbps");
                r.page = result;
                out.println("RESULT " + r.id + " page " + result);
            }
            r.report(out);
        } finally {
            if (browser != null) {
                boolean gone = killTree(browser.toHandle());
                out.println("[browser] killed pid " + browser.pid() + " and its descendants" + (gone ? "" : " (some survived!)"));
            }
            if (r.session != null) {
                r.session.close("bench run over");
            }
            deleteTree(profile);
            current = null;
        }
        if (verdict != null) {
            out.println("RUN " + r.id + " FAILED: " + verdict);
            return false;
        }
        out.printf("RUN %s %s size=%d goodput=%.1f Mbit/s%n", r.id, r.mode, r.size, r.mbps);
        return true;
    }

    private Process startChromium(Path profile, String url) throws IOException {
        List<String> cmd = List.of(chromium, "--headless", "--no-sandbox", "--user-data-dir=" + profile,
                "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
                "--disable-dev-shm-usage", url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    /** One measurement: the samples taken at the page's start and end marks. */
    final class Run {
        final String id;
        final String mode;
        final int size;
        final int secs;
        long gcStart;
        long gcEnd;
        long jitStart;
        long jitEnd;
        final CompletableFuture<String> result = new CompletableFuture<>();
        volatile EchoServer.Session session;
        volatile Process browser;
        double mbps = -1;
        long wallStart;
        long wallEnd;
        long cpuStart;
        long cpuEnd;
        Map<Long, Long> threadStart = Map.of();
        Map<Long, Long> threadEnd = Map.of();
        Map<Long, String> threadNames = new HashMap<>();
        Map<String, Long> chromeStart = Map.of();
        Map<String, Long> chromeEnd = Map.of();
        Map<Integer, Long> dropsStart = Map.of();
        Map<Integer, Long> dropsEnd = Map.of();
        long echoedStart;
        long echoedEnd;
        long pausesStart;
        long pausesEnd;
        String javaStats = "";
        String page = "";
        long javaPacketsSent = -1;
        long javaPacketsReceived = -1;
        List<String> sockets = List.of();

        Run(String id, String mode, int size, int secs) {
            this.id = id;
            this.mode = mode;
            this.size = size;
            this.secs = secs;
        }

        synchronized void mark(String phase) {
            if (phase.equals("stats")) {
                EchoServer.Session s = session;
                if (s != null) {
                    javaStats = stats(s.peerConnection());
                    javaPacketsSent = number(javaStats, "packetsSent=");
                    javaPacketsReceived = number(javaStats, "packetsReceived=");
                }
                return;
            }
            long wall = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
            long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            Map<Long, Long> perThread = threadCpu();
            Map<String, Long> chrome = browser == null ? Map.of() : chromiumCpu(browser.toHandle());
            Map<Integer, Long> drops = udpDrops();
            EchoServer.Session s = session;
            long echoed = s == null ? 0 : s.bytesEchoed();
            long pauses = s == null ? 0 : s.pauses();
            if (phase.equals("start")) {
                wallStart = wall;
                cpuStart = cpu;
                gcStart = gc;
                jitStart = jit;
                threadStart = perThread;
                chromeStart = chrome;
                dropsStart = drops;
                echoedStart = echoed;
                pausesStart = pauses;
            } else {
                wallEnd = wall;
                cpuEnd = cpu;
                gcEnd = gc;
                jitEnd = jit;
                threadEnd = perThread;
                chromeEnd = chrome;
                dropsEnd = drops;
                echoedEnd = echoed;
                pausesEnd = pauses;
                sockets = sockets();
            }
        }

        private Map<Long, Long> threadCpu() {
            Map<Long, Long> m = new HashMap<>();
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                long c = threads.getThreadCpuTime(t.getThreadId());
                if (c >= 0) {
                    m.put(t.getThreadId(), c);
                    threadNames.put(t.getThreadId(), t.getThreadName());
                }
            }
            return m;
        }

        synchronized void report(PrintStream out) {
            if (wallEnd == 0) {
                out.println("[cpu] no end mark: nothing sampled");
                return;
            }
            double window = (wallEnd - wallStart) / 1e9;
            out.printf("[cpu] window %.2f s: java process %.2f s CPU (%.0f %% of one core)%n", window,
                    (cpuEnd - cpuStart) / 1e9, 100 * (cpuEnd - cpuStart) / 1e9 / window);
            out.printf("[cpu]   java GC pauses %d ms, JIT compilation %d ms (compiler threads' time)%n", gcEnd - gcStart, jitEnd - jitStart);
            List<Map.Entry<Long, Long>> busy = new ArrayList<>();
            threadEnd.forEach((id, c) -> busy.add(Map.entry(id, c - threadStart.getOrDefault(id, 0L))));
            busy.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
            for (Map.Entry<Long, Long> e : busy.subList(0, Math.min(5, busy.size()))) {
                if (e.getValue() > 50_000_000L) {
                    out.printf("[cpu]   java thread %-28s %.2f s (%.0f %%)%n", "\"" + threadNames.get(e.getKey()) + "\"",
                            e.getValue() / 1e9, 100 * e.getValue() / 1e9 / window);
                }
            }
            long chromeTotal = 0;
            for (Map.Entry<String, Long> e : chromeEnd.entrySet()) {
                long d = e.getValue() - chromeStart.getOrDefault(e.getKey(), 0L);
                chromeTotal += d;
                if (d > 50_000_000L) {
                    out.printf("[cpu]   chromium %-22s %.2f s (%.0f %%)%n", e.getKey(), d / 1e9, 100 * d / 1e9 / window);
                }
            }
            out.printf("[cpu] chromium all processes %.2f s CPU (%.0f %% of one core)%n", chromeTotal / 1e9, 100 * chromeTotal / 1e9 / window);
            boolean any = false;
            for (Map.Entry<Integer, Long> e : dropsEnd.entrySet()) {
                long d = e.getValue() - dropsStart.getOrDefault(e.getKey(), 0L);
                if (d > 0) {
                    any = true;
                    out.println("[udp] socket on port " + e.getKey() + (isJava(e.getKey()) ? " (jrtc)" : "") + " dropped " + d
                            + " datagram(s) in the window (receive buffer full)");
                }
            }
            if (!any) {
                out.println("[udp] no datagram dropped in the window");
            }
            sockets.forEach(l -> out.println("[ss] " + l));
            if (session != null) {
                out.printf("[java] echo server: %d bytes received and echoed in the window (%.1f Mbit/s), %d pause(s) (pauseReceiving)%n",
                        echoedEnd - echoedStart, (echoedEnd - echoedStart) * 8 / window / 1e6, pausesEnd - pausesStart);
                out.println("[java stats] " + javaStats);
                if (!page.isEmpty() && javaPacketsSent >= 0) {
                    // both read after the traffic settled (the page's first, then jrtc's at the 'stats' mark)
                    out.printf("[loss] Chromium->jrtc: %d datagram(s) sent by Chromium, %d received by jrtc; jrtc->Chromium: %d sent, %d received by Chromium%n",
                            number(page, "packetsSent"), javaPacketsReceived, javaPacketsSent, number(page, "packetsReceived"));
                }
            }
        }

        private boolean isJava(int port) {
            EchoServer.Session s = session;
            return s != null && s.peerConnection().localAddress() != null && s.peerConnection().localAddress().getPort() == port;
        }
    }

    private static String stats(PeerConnection pc) {
        try {
            RtcStatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
            StringBuilder sb = new StringBuilder();
            for (String type : List.of("transport", "data-channel", "candidate-pair")) {
                report.ofType(type).forEach(st -> sb.append(type).append(' ').append(st.members()).append("; "));
            }
            return sb.toString();
        } catch (Exception e) {
            return "none: " + e;
        }
    }

    /** The namespace's UDP sockets with their buffers and drop counts ({@code ss -uamn}, 5 s deadline). */
    static List<String> sockets() {
        try {
            Path f = Files.createTempFile("jrtc-bench-ss", ".txt");
            try {
                Process p = new ProcessBuilder("ss", "-uamnp").redirectErrorStream(true).redirectOutput(f.toFile()).start();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    killTree(p.toHandle());
                    return List.of("ss: killed at its 5 s deadline");
                }
                List<String> lines = new ArrayList<>();
                String pending = null;
                for (String l : Files.readAllLines(f)) {
                    if ((l.startsWith("UNCONN") || l.startsWith("ESTAB")) && l.contains("skmem")) {
                        lines.add(l.replaceAll("\\s+", " "));
                    } else if (l.startsWith("UNCONN") || l.startsWith("ESTAB")) {
                        pending = l.replaceAll("\\s+", " ");
                    } else if (pending != null && l.contains("skmem")) {
                        lines.add(pending + " " + l.trim());
                        pending = null;
                    }
                }
                return lines;
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException | InterruptedException e) {
            return List.of("ss: " + e);
        }
    }

    /** CPU time (utime + stime, ns) of Chromium and its descendants, summed per process type (--type=…). */
    static Map<String, Long> chromiumCpu(ProcessHandle root) {
        Map<String, Long> m = new HashMap<>();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            try {
                String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                String cmdline = Files.readString(Path.of("/proc/" + h.pid() + "/cmdline")).replace('\0', ' ');
                String type = "browser";
                int i = cmdline.indexOf("--type=");
                if (i >= 0) {
                    type = cmdline.substring(i + 7).split(" ")[0];
                    int j = cmdline.indexOf("--utility-sub-type=");
                    if (j >= 0) {
                        type += ":" + cmdline.substring(j + 19).split(" ")[0].replaceAll(".*\\.", "");
                    }
                }
                m.merge(type + " (pid " + h.pid() + ")", ticks * TICK_NS, Long::sum);
            } catch (IOException | RuntimeException e) {
                // the process is gone
            }
        }
        return m;
    }

    /** Drop counters per local UDP port of this namespace (/proc/net/udp, udp6). */
    static Map<Integer, Long> udpDrops() {
        Map<Integer, Long> m = new HashMap<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 13 || f[0].equals("sl")) {
                        continue;
                    }
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    m.merge(port, Long.parseLong(f[f.length - 1]), Long::sum);
                }
            } catch (IOException | RuntimeException e) {
                // no /proc here
            }
        }
        return m;
    }

    /** The first number after {@code "key":} (or after {@code key} itself when it ends with '='). */
    static long number(String text, String key) {
        return (long) numberOf(text, key);
    }

    static double numberOf(String json, String key) {
        String k = key.endsWith("=") ? key : "\"" + key + "\":";
        int i = json.indexOf(k);
        if (i < 0) {
            return -1;
        }
        int s = i + k.length();
        int e = s;
        while (e < json.length() && "-0123456789.eE".indexOf(json.charAt(e)) >= 0) {
            e++;
        }
        return Double.parseDouble(json.substring(s, e));
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String p : q.split("&")) {
                if (p.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
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
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temp directory left behind (a file may vanish while the walk runs: a browser process still exiting)
        }
    }
}
