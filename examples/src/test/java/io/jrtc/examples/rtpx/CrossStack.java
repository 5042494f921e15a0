package io.jrtc.examples.rtpx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jrtc.examples.rtp.RtpRecv;
import io.jrtc.examples.rtp.RtpSend;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the cross-stack tests share: the source media (made by ffmpeg from lavfi test sources, a few
 * seconds, never committed), external processes with enforced deadlines (killed by PID with their
 * descendants), {@code rtp-recv}/{@code rtp-send} run as commands, and ffmpeg's {@code framemd5} read
 * back as a list of frames. Loopback only.
 */
final class CrossStack implements AutoCloseable {
    /** The codecs under test, with the payload type and file name the tests use. */
    enum Media {
        VP8("vp8", 96, "src-vp8.ivf", true), VP9("vp9", 98, "src-vp9.ivf", true), H264("h264", 102, "src.h264", true),
        H265("h265", 103, "src.h265", true), OPUS("opus", 111, "src.opus", false), AV1("av1", 45, "src-av1.ivf", true);

        final String codec;
        final int pt;
        final String file;
        final boolean video;

        Media(String codec, int pt, String file, boolean video) {
            this.codec = codec;
            this.pt = pt;
            this.file = file;
            this.video = video;
        }
    }

    /** One row of ffmpeg's framemd5: the time in seconds (from the stream's time base), the size and MD5 of the data. */
    record Frame(double seconds, long duration, int size, String md5) {
    }

    private final List<Process> started = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rtp-recv");
        t.setDaemon(true);
        return t;
    });
    final Path dir;

    CrossStack(Path dir) {
        this.dir = dir;
    }

    static String ffmpeg() {
        return RealPeers.require("ffmpeg", "apt-get install ffmpeg").toString();
    }

    /** gst-launch-1.0, after checking that every element the test needs is installed. */
    static String gstLaunch(String... elements) throws Exception {
        String launch = RealPeers.require("gst-launch-1.0", "apt-get install gstreamer1.0-tools gstreamer1.0-plugins-good").toString();
        String inspect = RealPeers.require("gst-inspect-1.0", "apt-get install gstreamer1.0-tools").toString();
        try (CrossStack s = new CrossStack(Files.createTempDirectory("gst-inspect"))) {
            for (String e : elements) {
                int code = s.run(30, List.of(inspect, e)).code();
                RealPeers.requireThat(code == 0, "GStreamer element " + e + " is not installed (scripts/install-peers.sh: "
                        + "gstreamer1.0-plugins-base/good/bad)");
            }
        }
        return launch;
    }

    /** The source file for {@code m}, made by ffmpeg once per directory. */
    Path source(Media m) throws Exception {
        Path f = dir.resolve(m.file);
        if (Files.exists(f)) {
            return f;
        }
        List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i"));
        switch (m) {
            // 2 s of 25 fps test pattern at 160x120, a keyframe every second
            case VP8 -> cmd.addAll(List.of(video(), "-c:v", "libvpx", "-b:v", "300k", "-g", "25"));
            case VP9 -> cmd.addAll(List.of(video(), "-c:v", "libvpx-vp9", "-b:v", "300k", "-g", "25"));
            // with B-frames: RTP timestamps then go backwards in sending (decoding) order
            case H264 -> cmd.addAll(List.of(video(), "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "25",
                    "-pix_fmt", "yuv420p"));
            case H265 -> cmd.addAll(List.of(video(), "-c:v", "libx265", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                    "-x265-params", "log-level=error"));
            // 1.9935 s of a 440 Hz tone: with libopus's pre-skip of 312 samples that is exactly 100
            // packets of 20 ms (96000 samples), so no end trimming is needed, which RTP could not carry
            case OPUS -> cmd.addAll(List.of("sine=frequency=440:duration=1.9935", "-c:a", "libopus", "-b:a", "32k"));
            case AV1 -> cmd.addAll(List.of(video(), "-c:v", "libaom-av1", "-cpu-used", "8", "-b:v", "300k", "-g", "25"));
        }
        cmd.add(f.toString());
        Result r = run(180, cmd);
        assertEquals(0, r.code(), "ffmpeg making " + m.file + ": " + r.output());
        return f;
    }

    private static String video() {
        return "testsrc=size=160x120:rate=25:duration=2";
    }

    // ---- processes ----

    record Result(int code, String output) {
    }

    /** Starts {@code cmd}, stdin from /dev/null, stdout and stderr into a log file in {@link #dir}. */
    Process start(List<String> cmd, String logName) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
        started.add(p);
        return p;
    }

    String log(String logName) throws IOException {
        Path f = dir.resolve(logName);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** Waits up to {@code seconds} for {@code p}; past the deadline it is killed with its descendants and the test fails. */
    int waitFor(Process p, long seconds, String what) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            killTree(p.toHandle());
            fail(what + " still running after " + seconds + " s: killed");
        }
        return p.exitValue();
    }

    /** Runs {@code cmd} to the end within {@code seconds}. */
    Result run(long seconds, List<String> cmd) throws Exception {
        String log = "run-" + started.size() + ".log";
        Process p = start(cmd, log);
        int code = waitFor(p, seconds, String.join(" ", cmd));
        return new Result(code, log(log));
    }

    /** SIGINT, which ends {@code gst-launch-1.0 -e} with an EOS (muxers finish their files) and ffmpeg cleanly. */
    void interrupt(Process p) throws Exception {
        Result r = run(10, List.of("kill", "-INT", String.valueOf(p.pid())));
        assertEquals(0, r.code(), "kill -INT " + p.pid() + ": " + r.output());
    }

    static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // still alive after 10 s: nothing more to do but go on
            }
        }
    }

    /** Waits until some process has bound UDP {@code port} (read from /proc/net/udp). */
    static void awaitUdpBound(int port, long seconds, Process owner, String what) throws Exception {
        String hex = String.format(":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                Path t = Path.of(table);
                if (Files.exists(t)) {
                    for (String line : Files.readAllLines(t)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 1 && (f[1] + " ").toUpperCase().endsWith(hex)) {
                            return;
                        }
                    }
                }
            }
            if (owner != null && !owner.isAlive()) {
                fail(what + " ended (exit " + owner.exitValue() + ") before binding UDP port " + port);
            }
            Thread.sleep(50);
        }
        fail(what + " did not bind UDP port " + port + " within " + seconds + " s");
    }

    /** A UDP port on 127.0.0.1 that is free, with the one above it free too (RTP + RTCP for ffmpeg). */
    static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = LoopbackPorts.freeUdpPort();
            if (p < 65535) {
                try {
                    new DatagramSocket(new InetSocketAddress(LoopbackPorts.loopback(), p + 1)).close();
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no free pair of UDP ports");
    }

    // ---- our commands ----

    /** Starts {@code rtp-recv} (the command, in this JVM) and returns once its port is bound. */
    Future<Integer> startRtpRecv(Media m, int port, Path out, long idleMs) throws Exception {
        String[] args = {"--listen", "127.0.0.1:" + port, "--codec", m.codec, "--pt", String.valueOf(m.pt), "--out", out.toString(),
            "--idle-ms", String.valueOf(idleMs), "--wait-ms", "60000"};
        Future<Integer> f = threads.submit(() -> new RtpRecv().run(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                awaitUdpBound(port, 1, null, "rtp-recv");
                return f;
            } catch (AssertionError notYet) {
                if (f.isDone()) {
                    f.get(); // rethrows what ended it
                    fail("rtp-recv ended before binding its port");
                }
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    static int await(Future<Integer> recv, long seconds) throws Exception {
        try {
            return recv.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            recv.cancel(true);
            throw new AssertionError("rtp-recv did not end within " + seconds + " s", e);
        }
    }

    /** Runs {@code rtp-send} (the command, in this JVM) to {@code port}; returns its exit code. */
    static int rtpSend(Media m, Path file, int port, boolean paced) throws Exception {
        List<String> args = new ArrayList<>(List.of(file.toString(), "--to", "127.0.0.1:" + port, "--codec", m.codec, "--pt",
                String.valueOf(m.pt), "--ssrc", "0x6a727463"));
        if (paced) {
            args.add("--paced");
        }
        return new RtpSend().run(args.toArray(new String[0]));
    }

    // ---- ffmpeg's view of a file ----

    /**
     * ffmpeg's framemd5 of {@code file}: decoded frames ({@code decode}), or the compressed packets as
     * they are stored ({@code -c copy}). ffmpeg must print no error.
     */
    List<Frame> framemd5(Path file, boolean decode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-nostdin", "-v", "error", "-i", file.toString()));
        if (decode) {
            cmd.addAll(List.of("-fps_mode", "passthrough"));
        } else {
            cmd.addAll(List.of("-c", "copy"));
        }
        Path out = dir.resolve(file.getFileName() + (decode ? ".decoded" : ".packets") + ".framemd5");
        cmd.addAll(List.of("-f", "framemd5", "-y", out.toString()));
        Result r = run(120, cmd);
        assertEquals(0, r.code(), "ffmpeg framemd5 of " + file.getFileName() + ": " + r.output());
        assertEquals("", r.output().strip(), "ffmpeg printed errors reading " + file.getFileName());
        List<Frame> frames = new ArrayList<>();
        double tb = Double.NaN;
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("#tb 0:")) {
                String[] nd = line.substring(6).trim().split("/");
                tb = Double.parseDouble(nd[0]) / Double.parseDouble(nd[1]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split(",");
                assertEquals("0", f[0].strip(), "one stream only: " + line);
                frames.add(new Frame(Long.parseLong(f[2].strip()) * tb, Long.parseLong(f[3].strip()), Integer.parseInt(f[4].strip()),
                        f[5].strip()));
            }
        }
        assertTrue(!Double.isNaN(tb), "framemd5 without a time base");
        return frames;
    }

    /** The same frames in the same order: count, and size and MD5 of each; with {@code times}, also each time from the first. */
    static void assertSameFrames(List<Frame> want, List<Frame> got, boolean times, String what) {
        assertEquals(want.size(), got.size(), what + ": number of frames");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).size(), got.get(i).size(), what + ": size of frame " + i);
            assertEquals(want.get(i).md5(), got.get(i).md5(), what + ": MD5 of frame " + i);
            if (times) {
                double w = want.get(i).seconds() - want.get(0).seconds();
                double g = got.get(i).seconds() - got.get(0).seconds();
                assertEquals(w, g, 0.0015, what + ": time of frame " + i + " from the first");
            }
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                killTree(p.toHandle());
            }
        }
        threads.shutdownNow();
    }
}
