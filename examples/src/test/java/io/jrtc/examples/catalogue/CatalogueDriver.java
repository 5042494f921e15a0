package io.jrtc.examples.catalogue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The catalogue tests' inner half, run in a loopback-only namespace by {@link Namespace#runJava}: starts
 * one example's server in this JVM on 127.0.0.1, opens its page in headless Chromium with
 * {@code ?auto} (the page then does what a user would click), waits until the Java side saw what it
 * should (or the deadline), and prints what OUR stack did as {@code JAVA ...} lines; then kills
 * Chromium by PID with its descendants, closes the example as Ctrl-C would and checks that its port
 * is free again ({@code JAVA port released}).
 *
 * <p>{@code --chromium PATH --example NAME [--timeout SECONDS] [--file PATH] [--out DIR]}
 */
public final class CatalogueDriver {
    private final PrintStream out;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final String chromium;
    private final long timeoutNanos;
    private final Map<String, String> args;

    private CatalogueDriver(PrintStream out, Map<String, String> args) {
        // the example's console goes to stdout and into a buffer the checks can read
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                synchronized (console) {
                    console.write(b, off, len);
                }
            }
        };
        this.out = new PrintStream(both, true, StandardCharsets.UTF_8);
        this.args = args;
        this.chromium = args.get("--chromium");
        this.timeoutNanos = Long.parseLong(args.getOrDefault("--timeout", "40")) * 1_000_000_000L;
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$-7s %5$s%6$s%n");
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i], argv[i + 1]);
        }
        CatalogueDriver d = new CatalogueDriver(new PrintStream(System.out, true, StandardCharsets.UTF_8), a);
        boolean ok;
        try {
            ok = switch (a.get("--example")) {
                case "data-channels" -> d.dataChannels();
                case "file-transfer" -> d.fileTransfer();
                case "ice-restart" -> d.iceRestart();
                case "stats" -> d.stats();
                case "reflect" -> d.reflect();
                case "play-from-disk" -> d.playFromDisk();
                case "save-to-disk" -> d.saveToDisk();
                default -> throw new IllegalArgumentException("no scenario for " + a.get("--example"));
            };
        } catch (Exception | AssertionError e) {
            d.out.println("DRIVER error: " + e);
            e.printStackTrace(d.out);
            ok = false;
        }
        d.out.println("DRIVER " + (ok ? "PASS" : "FAIL"));
        // the PeerConnections' event loops may keep non-daemon threads: end here
        System.exit(ok ? 0 : 1);
    }

    // --- scenarios ---

    private boolean dataChannels() throws Exception {
        DataChannels.Server server = DataChannels.Server.start(loopback(), out);
        return withBrowser(server.url() + "?auto", server::close, server.url(), () -> {
            boolean done = await(() -> server.received().size() >= 4 && consoleHas("[page] done: 7 messages from jrtc"));
            for (var m : server.received()) {
                out.println("JAVA received " + (m.binary() ? "binary " + m.data().length + " bytes " + hex(m.data(), 8)
                        : "text \"" + m.text() + "\""));
            }
            out.println("JAVA sent " + server.sent() + " message(s)");
            return done;
        });
    }

    private boolean fileTransfer() throws Exception {
        // what the page downloads: 2 MiB and a bit of random bytes (the last message is not a whole chunk)
        byte[] bytes = new byte[(2 << 20) + 12345];
        new java.util.Random(16).nextBytes(bytes);
        Path file = Files.createTempFile("jrtc-download", ".bin");
        Files.write(file, bytes);
        out.println("JAVA download file " + bytes.length + " bytes sha256 "
                + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        FileTransfer.Server server = FileTransfer.Server.start(loopback(), file, out);
        try {
            return withBrowser(server.url() + "?auto", server::close, server.url(), () -> {
                boolean done = await(() -> server.received().size() == 1 && server.downloadVerdicts().size() == 1);
                for (FileTransfer.Received r : server.received()) {
                    out.println("JAVA upload \"" + r.name() + "\" " + r.size() + " bytes sha256 " + r.sha256());
                }
                for (String v : server.downloadVerdicts()) {
                    out.println("JAVA download verdict " + v);
                }
                out.println("JAVA download resumed " + server.resumes() + " time(s) on bufferedamountlow, at most "
                        + server.mostQueued() + " bytes queued");
                return done;
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private boolean iceRestart() throws Exception {
        IceRestart.Server server = IceRestart.Server.start(loopback(), out);
        return withBrowser(server.url() + "?auto", server::close, server.url(), () -> {
            boolean done = await(() -> consoleHas("[page] done: "));
            // a second or so more of pings over the new pair before looking
            Thread.sleep(1000);
            for (IceRestart.Server.Session s : server.sessions()) {
                out.println("JAVA remote ufrags " + s.remoteUfrags());
                out.println("JAVA pairs " + s.pairs());
                out.println("JAVA pings at each pair " + s.pingsAtPair());
                List<Integer> pings = s.pings();
                boolean inOrder = true;
                for (int i = 0; i < pings.size(); i++) {
                    inOrder &= pings.get(i) == i + 1;
                }
                out.println("JAVA pings " + pings.size() + (inOrder ? " numbered 1.." + pings.size() + " in order" : " NOT 1..n in order: " + pings));
                out.println("JAVA channels opened " + s.channelsOpened() + " closed " + s.channelsClosed());
                // what jrtc's ICE and transport counted: where a restart went wrong shows here
                io.jrtc.webrtc.RtcStatsReport report = s.peerConnection().getStats().get(5, java.util.concurrent.TimeUnit.SECONDS);
                for (String type : List.of("transport", "candidate-pair")) {
                    report.ofType(type).forEach(st -> out.println("JAVA stats " + type + " " + st.members()));
                }
            }
            out.println("JAVA sessions " + server.sessions().size());
            return done;
        });
    }

    private boolean stats() throws Exception {
        Stats.Server server = Stats.Server.start(loopback(), out);
        return withBrowser(server.url() + "?auto", server::close, server.url(), () -> {
            boolean done = await(() -> consoleHas("[page] done: "));
            io.jrtc.webrtc.PeerConnection pc = server.connection(1);
            if (pc == null) {
                out.println("JAVA no connection");
                return false;
            }
            io.jrtc.webrtc.RtcStatsReport report = pc.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS);
            out.println("JAVA types " + report.all().values().stream().map(io.jrtc.webrtc.RtcStats::type).distinct().sorted().toList());
            for (String type : List.of("transport", "inbound-rtp", "data-channel")) {
                for (io.jrtc.webrtc.RtcStats st : report.ofType(type)) {
                    out.println("JAVA " + type + " " + st.members());
                }
            }
            out.println("JAVA reports served " + server.reportsServed() + ", frames assembled " + server.framesReceived()
                    + ", channel messages received " + server.messagesReceived());
            return done;
        });
    }

    private boolean reflect() throws Exception {
        Reflect.Server server = Reflect.Server.start(loopback(), out);
        return withBrowser(server.url() + "?auto&codecs=" + args.getOrDefault("--codecs", "VP8,VP9,H264,AV1"), server::close,
                server.url(), () -> {
                    boolean done = await(() -> consoleHas("[page] done: "));
                    for (Reflect.Session s : server.sessions()) {
                        out.println("JAVA session " + s);
                    }
                    return done;
                });
    }

    /** {@code --videos A,B,...} each in turn with {@code --audio}: one server and one Chromium each. */
    private boolean playFromDisk() throws Exception {
        PlayFromDisk.Track audio = PlayFromDisk.Track.audio(Path.of(args.get("--audio")));
        boolean all = true;
        for (String file : args.get("--videos").split(",")) {
            PlayFromDisk.Track video = PlayFromDisk.Track.video(Path.of(file), 30);
            out.println("=== VIDEO " + video.codec());
            int mark = consoleMark();
            PlayFromDisk.Server server = PlayFromDisk.Server.start(loopback(), video, audio, out);
            // more frames than one pass of the file: the page must see the loop too
            int frames = video.frames().size() + 20;
            String marker = "[page] played: video video/" + video.codec();
            boolean ok = withBrowser(server.url() + "?auto&frames=" + frames, server::close, server.url(), () -> {
                boolean done = await(() -> consoleHas(marker, mark) || consoleHas("[page] NOT played", mark));
                for (PlayFromDisk.Server.Player p : server.players()) {
                    out.println("JAVA " + video.codec() + " frames and packets sent " + p.framesSent() + ", loops " + p.loops()
                            + ", file " + video.frames().size() + " frames " + video.loopNanos() / 1_000_000 + " ms, audio "
                            + audio.frames().size() + " packets " + audio.loopNanos() / 1_000_000 + " ms, most ahead of the clock "
                            + p.mostAheadNanos() / 1_000_000 + " ms");
                }
                return done && consoleHas(marker, mark);
            });
            out.println("=== END " + video.codec() + (ok ? " PASS" : " FAIL"));
            all &= ok;
        }
        return all;
    }

    /** {@code --codecs A,B,...} each in turn, recorded to {@code --out DIR/CODEC/}: one server and one Chromium each. */
    private boolean saveToDisk() throws Exception {
        boolean all = true;
        for (String codec : args.get("--codecs").split(",")) {
            out.println("=== RECORD " + codec);
            int mark = consoleMark();
            SaveToDisk.Server server = SaveToDisk.Server.start(loopback(), Path.of(args.get("--out"), codec), out);
            boolean ok = withBrowser(server.url() + "?auto&seconds=3&codec=" + codec, server::close, server.url(), () -> {
                boolean done = await(() -> consoleHas("[page] done", mark) || consoleHas("[page] ERROR", mark));
                for (SaveToDisk.Written w : server.written()) {
                    out.println("JAVA written " + codec + " " + w);
                }
                return done && consoleHas("[page] done", mark) && server.written().size() == 1;
            });
            out.println("=== END " + codec + (ok ? " PASS" : " FAIL"));
            all &= ok;
        }
        return all;
    }

    // --- the frame every scenario runs in ---

    interface Check {
        boolean run() throws Exception;
    }

    /** Opens {@code pageUrl} in Chromium, runs the check, kills Chromium, closes the example, checks its port. */
    private boolean withBrowser(String pageUrl, Runnable closeExample, String exampleUrl, Check check) throws Exception {
        Path profile = Files.createTempDirectory("jrtc-catalogue-chromium");
        Process browser = null;
        boolean ok;
        try {
            browser = startChromium(profile, pageUrl);
            out.println("[browser] chromium pid " + browser.pid() + " on " + pageUrl);
            current = browser;
            ok = check.run();
        } finally {
            if (browser != null) {
                boolean gone = Namespace.killTree(browser.toHandle());
                out.println("[browser] killed pid " + browser.pid() + " and its descendants" + (gone ? "" : " (some survived!)"));
                if (!browser.isAlive() && browser.exitValue() != 137 && browser.exitValue() != 0) {
                    out.println("[browser] exit " + browser.exitValue());
                }
            }
            closeExample.run();
        }
        int port = java.net.URI.create(exampleUrl).getPort();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            out.println("JAVA port released (" + port + " bound again after close)");
        } catch (IOException e) {
            out.println("JAVA port " + port + " still taken after close: " + e.getMessage());
            ok = false;
        }
        if (!ok) {
            printBrowserLog(profile);
        }
        deleteTree(profile);
        return ok;
    }

    private Process current;

    /** Polls until {@code condition} holds, the deadline passes or Chromium exits. */
    private boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (current != null && !current.isAlive()) {
                out.println("DRIVER chromium exited with " + current.exitValue());
                return false;
            }
            Thread.sleep(50);
        }
        out.println("DRIVER not done after " + timeoutNanos / 1_000_000_000L + " s");
        return false;
    }

    boolean consoleHas(String text) {
        return consoleHas(text, 0);
    }

    /** Whether the console has {@code text} after its first {@code from} bytes. */
    boolean consoleHas(String text, int from) {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8).indexOf(text, from) >= 0;
        }
    }

    int consoleMark() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8).length();
        }
    }

    private Process startChromium(Path profile, String url) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--user-data-dir=" + profile,
                "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", url));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    private void printBrowserLog(Path profile) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(profile.resolve("chromium.log"), StandardCharsets.ISO_8859_1));
            lines.removeIf(l -> l.contains("dbus") || l.isBlank());
            out.println("[browser] last lines of chromium's log (D-Bus complaints left out):");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.println("[browser]   " + l));
        } catch (IOException e) {
            out.println("[browser] no log: " + e);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static String hex(byte[] data, int max) {
        return HexFormat.of().formatHex(data, 0, Math.min(max, data.length));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temp profile left behind is harmless
        }
    }
}
