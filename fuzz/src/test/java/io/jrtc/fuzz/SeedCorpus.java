package io.jrtc.fuzz;

import io.jrtc.core.Datagram;
import io.jrtc.core.Hex;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;
import io.jrtc.dtls.HandshakeFragment;
import io.jrtc.rtp.ExtensionElement;
import io.jrtc.rtp.ExtensionBlock;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.TransportCcGenerator;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpPacket;
import io.jrtc.sctp.datachannel.DataChannel;
import io.jrtc.sctp.datachannel.DataChannelOptions;
import io.jrtc.sctp.datachannel.DataChannels;
import io.jrtc.sctp.datachannel.Dcep;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the fuzz targets' seed corpora from real traffic: {@code fuzz/capture-seeds.sh} runs it.
 *
 * <p>Where each seed comes from is the first word of its file name ({@code seed-<source>-<kind>-<sha1>}):
 * <ul>
 *   <li>{@code ffmpeg}: RTP and RTCP that ffmpeg sends to a loopback socket (VP8, VP9, H.264, H.265, Opus;
 *       ffmpeg's own packetizers, its RTCP sender reports and BYE), and small IVF, Ogg Opus and Annex B files
 *       it encodes from its built-in test sources;</li>
 *   <li>{@code openssl}: the datagrams of DTLS 1.2 handshakes between OpenSSL ({@code s_server} and
 *       {@code s_client}) and jrtc over loopback, both directions, with and without cookies and fragmentation;</li>
 *   <li>{@code jrtc}: what two jrtc stacks send each other: a PeerConnection pair on the simulated network
 *       (ICE checks, DTLS, SRTP, SRTCP), a data channel pair (every SCTP chunk a session uses: INIT…COOKIE ACK,
 *       DATA and I-DATA, SACK, FORWARD-TSN, RE-CONFIG, SHUTDOWN…, DCEP), RTP header extensions and transport-cc
 *       feedback from jrtc's encoders over ffmpeg's payloads;</li>
 *   <li>{@code chromium}, {@code dialect}: the SDP vectors of the sdp module (Chromium 156's captured offers and
 *       answers, and descriptions in other stacks' dialects) and their candidate lines;</li>
 *   <li>{@code rfc}: the RTCP vectors of the rtp module, built from the RFCs' layouts.</li>
 * </ul>
 * Each target gets a few dozen inputs (at most 64), deduplicated by content and at most six of a kind from each
 * source, none over 4 KB. Seeds of the
 * stateful targets are their operation formats (see each target) carrying these packets. Real peers run as
 * processes with a deadline and are killed by their handle; a peer that is not installed is skipped (and said).
 */
public final class SeedCorpus {
    private static final int MAX_SIZE = 4096;
    private static final int PER_KIND = 6;
    private static final int PER_TARGET = 64;

    private final Path root;
    private final Map<String, Integer> perTarget = new HashMap<>();
    private final Map<String, Integer> perKind = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Integer> bySource = new LinkedHashMap<>();

    // collected packets, fed to several targets and to the stateful seeds
    private final List<byte[]> rtp = new ArrayList<>();
    private final List<byte[]> rtcp = new ArrayList<>();
    private final List<byte[]> stun = new ArrayList<>();
    private final List<byte[]> dtlsFromOpensslServer = new ArrayList<>();
    private final List<byte[]> dtlsFromOpensslClient = new ArrayList<>();
    private final List<byte[]> handshakeBodies = new ArrayList<>();
    private final List<byte[]> sctpChunks = new ArrayList<>();

    SeedCorpus(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length % 2 != 1) {
            System.err.println("usage: SeedCorpus <fuzz/src/test/resources/io/jrtc/fuzz> [--browser-capture FILE]...");
            System.exit(2);
        }
        Drain.setUp();
        SeedCorpus c = new SeedCorpus(Path.of(args[0]));
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].equals("--browser-capture")) {
                System.err.println("unknown option " + args[i]);
                System.exit(2);
            }
            c.browserCapture(Path.of(args[i + 1]));
        }
        c.gstreamer();
        c.ffmpeg();
        c.openssl();
        c.coturn();
        c.jrtcPeerConnection();
        c.jrtcDataChannels();
        c.sdp();
        c.rtcpVectors();
        c.rtpExtensionsAndFeedback();
        c.statefulSeeds();
        System.out.println("seeds written per source: " + c.bySource);
        List<String> targets = new ArrayList<>(c.perTarget.keySet());
        targets.sort(Comparator.naturalOrder());
        for (String t : targets) {
            System.out.printf(Locale.ROOT, "  %-40s %3d%n", t, c.perTarget.get(t));
        }
    }

    // ------------------------------------------------------------------------------------------ store

    /** Adds a seed for {@code target} ("Class#method") unless it is a duplicate, too big, or its kind (per source) or target is full. */
    void add(String target, String source, String kind, byte[] data) {
        if (data == null || data.length == 0 || data.length > MAX_SIZE) {
            return;
        }
        String sha = sha1(data);
        if (!seen.add(target + sha)) {
            return;
        }
        String k = target + "/" + source + "/" + kind;
        if (perKind.getOrDefault(k, 0) >= PER_KIND || perTarget.getOrDefault(target, 0) >= PER_TARGET) {
            return;
        }
        String[] cm = target.split("#");
        Path dir = root.resolve(cm[0] + "Inputs").resolve(cm[1]);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed-" + source + "-" + kind.replaceAll("[^A-Za-z0-9_.]", "_") + "-" + sha.substring(0, 10)), data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a seed in " + dir, e);
        }
        perKind.merge(k, 1, Integer::sum);
        perTarget.merge(target, 1, Integer::sum);
        bySource.merge(source, 1, Integer::sum);
    }

    private static String sha1(byte[] data) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds an input of the stateful targets' formats. */
    static final class Ops {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Ops u8(int v) {
            out.write(v);
            return this;
        }

        Ops u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Ops bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** u16 length, then the bytes. */
        Ops block(byte[] b) {
            return u16(b.length).bytes(b);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------------------------------------ a browser

    /**
     * A loopback capture of Chromium talking to jrtc (capture-seeds.sh makes it with dumpcap and tshark: lines of
     * source port, destination port, UDP payload in hex). The browser's port is the one whose Binding requests
     * carry GOOG-NETWORK-INFO (0xC057), an attribute only Chromium sends; its datagrams are the seeds: its ICE
     * checks, its DTLS flights (BoringSSL: ClientHello or ServerHello…Certificate, in the clear in DTLS 1.2),
     * and its SRTP/SRTCP, whose RTP headers and extensions are in the clear.
     */
    void browserCapture(Path file) throws IOException {
        List<int[]> ports = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || f[0].equals("53") || f[1].equals("53") || f[0].equals("5353")) {
                continue;
            }
            ports.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])});
            payloads.add(Hex.decode(f[2]));
        }
        int browser = -1;
        for (int i = 0; i < payloads.size() && browser < 0; i++) {
            byte[] b = payloads.get(i);
            try {
                if ((b[0] & 0xff) <= 3 && StunMessage.parse(b).isRequest() && StunMessage.parse(b).has(0xC057)) {
                    browser = ports.get(i)[0];
                }
            } catch (StunParseException e) {
                // not STUN
            }
        }
        if (browser < 0) {
            System.out.println("browser capture " + file + ": no Chromium Binding request (GOOG-NETWORK-INFO) found, skipped");
            return;
        }
        List<byte[]> dtls = new ArrayList<>();
        boolean browserIsClient = false;
        Ops pc = new Ops().u8(0);
        int pcCount = 0;
        int n = 0;
        for (int i = 0; i < payloads.size(); i++) {
            if (ports.get(i)[0] != browser) {
                continue;
            }
            byte[] b = payloads.get(i);
            n++;
            int first = b[0] & 0xff;
            if (first <= 3) {
                stun.add(0, b);
                String kind = "chromium_" + stunKind(b);
                add("StunFuzzTest#message", "chromium", kind, b);
                add("StunFuzzTest#server", "chromium", kind, new Ops().block(b).toBytes());
                add("IceFuzzTest#agent", "chromium", kind, new Ops().u8(0).u16(browser).block(b).u16(10).u8(1).toBytes());
            } else if (first >= 20 && first <= 63) {
                if (dtls.isEmpty() && b.length > 13 && b[0] == 22 && b[13] == 1) {
                    browserIsClient = true;
                }
                dtls.add(b);
            } else if (first >= 128 && first <= 191 && b.length > 1) {
                int pt = b[1] & 0xff;
                boolean rtcpPacket = pt >= 192 && pt <= 223;
                if (!rtcpPacket) {
                    add("RtpFuzzTest#rtp", "chromium", "srtp_pt" + (pt & 0x7f) + "_x" + (b[0] & 0x30), b);
                }
                add("SrtpFuzzTest#unprotect", "chromium", rtcpPacket ? "srtcp" + pt : "srtp" + (pt & 0x7f),
                        new Ops().u8(0).u8(0).u8(rtcpPacket ? 1 : 0).block(b).toBytes());
            }
            if (pcCount < 10 && b.length < 300) {
                pc.u8(0).u8(5).u8(0).block(b);
                pcCount++;
            }
            add("PeerConnectionFuzzTest#connectedCore", "chromium", "one_" + (first <= 3 ? "stun" : first <= 63 ? "dtls" : "srtp"),
                    new Ops().u8(i & 1).u8(0).u8(5).u8(0).block(b).u8(2).u16(500).toBytes());
        }
        add("PeerConnectionFuzzTest#connectedCore", "chromium", "datagrams", pc.toBytes());
        dtlsSeeds("chromium", dtls);
        Ops flights = new Ops().u8(browserIsClient ? 0 : 1); // the lone endpoint in jrtc's role: the browser's flights
        for (byte[] d : dtls.subList(0, Math.min(6, dtls.size()))) {
            flights.block(d).u16(10).u8(0);
        }
        add("DtlsFuzzTest#endpoint", "chromium", browserIsClient ? "client_flights" : "server_flights", flights.toBytes());
        System.out.println("browser capture " + file.getFileName() + ": " + n + " datagrams from Chromium (port " + browser + ", DTLS "
                + (browserIsClient ? "client" : "server") + ")");
    }

    // ------------------------------------------------------------------------------------------ ffmpeg

    void ffmpeg() throws Exception {
        if (!installed("ffmpeg")) {
            System.out.println("ffmpeg not installed: no ffmpeg seeds");
            return;
        }
        String video = "testsrc=size=96x64:rate=15";
        ffmpegRtp("vp8", CodecType.VP8, List.of("-f", "lavfi", "-i", video, "-t", "1", "-c:v", "libvpx", "-deadline", "realtime",
                "-b:v", "150k", "-g", "8"));
        ffmpegRtp("vp9", CodecType.VP9, List.of("-f", "lavfi", "-i", video, "-t", "1", "-c:v", "libvpx-vp9", "-deadline", "realtime",
                "-b:v", "150k", "-g", "8", "-strict", "experimental"));
        ffmpegRtp("h264", CodecType.H264, List.of("-f", "lavfi", "-i", video, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast",
                "-tune", "zerolatency", "-g", "8", "-pix_fmt", "yuv420p"));
        ffmpegRtp("h265", CodecType.H265, List.of("-f", "lavfi", "-i", video, "-t", "1", "-c:v", "libx265", "-preset", "ultrafast",
                "-g", "8", "-x265-params", "log-level=error", "-strict", "experimental"));
        ffmpegRtp("opus", CodecType.OPUS, List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "1",
                "-c:a", "libopus", "-b:a", "24k"));
        Path dir = Files.createTempDirectory("jrtc-seeds");
        try {
            String tiny = "testsrc=size=32x24:rate=5";
            ffmpegFile(dir, "vp8.ivf", "RtpFuzzTest#ivf", "vp8", null, "-f", "lavfi", "-i", tiny, "-frames:v", "3", "-c:v", "libvpx", "-b:v", "50k");
            ffmpegFile(dir, "vp9.ivf", "RtpFuzzTest#ivf", "vp9", null, "-f", "lavfi", "-i", tiny, "-frames:v", "3", "-c:v", "libvpx-vp9", "-b:v", "50k");
            ffmpegFile(dir, "av1.ivf", "RtpFuzzTest#ivf", "av1", null, "-f", "lavfi", "-i", tiny, "-frames:v", "3", "-c:v", "libaom-av1",
                    "-cpu-used", "8", "-b:v", "50k");
            ffmpegFile(dir, "a.opus", "RtpFuzzTest#ogg", "opus", null, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", "0.1", "-c:a", "libopus", "-b:a", "16k");
            ffmpegFile(dir, "b.opus", "RtpFuzzTest#ogg", "opus_stereo", null, "-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=48000", "-ac", "2", "-t", "0.06", "-c:a", "libopus", "-b:a", "16k");
            ffmpegFile(dir, "a.h264", "RtpFuzzTest#annexB", "h264", (byte) 0, "-f", "lavfi", "-i", tiny, "-frames:v", "3", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "2", "-bsf:v", "h264_mp4toannexb", "-f", "h264");
            ffmpegFile(dir, "b.h264", "RtpFuzzTest#annexB", "h264_baseline", (byte) 0, "-f", "lavfi", "-i", tiny, "-frames:v", "2",
                    "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-x264-params", "slices=2", "-f", "h264");
            ffmpegFile(dir, "a.h265", "RtpFuzzTest#annexB", "h265", (byte) 1, "-f", "lavfi", "-i", "testsrc=size=16x16:rate=5", "-frames:v", "2", "-c:v", "libx265",
                    "-preset", "ultrafast", "-g", "2", "-x265-params", "log-level=error", "-f", "hevc");
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------------------------------ GStreamer

    /** GStreamer's payloaders (rtpvp8pay, rtpvp9pay, rtph264pay, rtph265pay, rtpopuspay) through rtpbin: RTP and RTCP. */
    void gstreamer() throws Exception {
        if (!installed("gst-launch-1.0")) {
            System.out.println("GStreamer not installed: no GStreamer seeds");
            return;
        }
        String video = "videotestsrc num-buffers=12 ! video/x-raw,width=64,height=48,framerate=15/1 ! ";
        gstRtp("vp8", CodecType.VP8, video + "vp8enc deadline=1 keyframe-max-dist=5 ! rtpvp8pay mtu=400 picture-id-mode=15-bit");
        gstRtp("vp9", CodecType.VP9, video + "vp9enc deadline=1 keyframe-max-dist=5 ! rtpvp9pay mtu=400");
        gstRtp("h264", CodecType.H264, video + "openh264enc gop-size=5 ! rtph264pay mtu=400 config-interval=-1 aggregate-mode=zero-latency");
        gstRtp("h265", CodecType.H265, video + "x265enc key-int-max=5 speed-preset=ultrafast ! rtph265pay mtu=400 config-interval=-1");
        gstRtp("opus", CodecType.OPUS, "audiotestsrc num-buffers=25 ! audio/x-raw,rate=48000,channels=1 ! opusenc ! rtpopuspay");
    }

    private void gstRtp(String name, CodecType codec, String chain) throws Exception {
        try (DatagramSocket rtpSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket rtcpSocket = rtcpNextTo(rtpSocket)) {
            if (rtcpSocket == null) {
                return;
            }
            int port = rtpSocket.getLocalPort();
            String pipeline = "rtpbin name=rb " + chain + " ! rb.send_rtp_sink_0 rb.send_rtp_src_0 ! udpsink host=127.0.0.1 port=" + port
                    + " rb.send_rtcp_src_0 ! udpsink host=127.0.0.1 port=" + (port + 1) + " sync=false async=false";
            List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
            cmd.addAll(List.of(pipeline.split(" ")));
            capture(start(cmd), rtpSocket, rtcpSocket, "gstreamer", name, codec);
        }
    }

    /** ffmpeg sends one stream over RTP to a loopback socket (RTCP to the next port); every datagram captured. */
    private void ffmpegRtp(String name, CodecType codec, List<String> input) throws Exception {
        try (DatagramSocket rtpSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket rtcpSocket = rtcpNextTo(rtpSocket)) {
            if (rtcpSocket == null) {
                System.out.println("ffmpeg " + name + ": no free port pair, skipped");
                return;
            }
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"));
            cmd.addAll(input);
            cmd.addAll(List.of("-f", "rtp", "rtp://127.0.0.1:" + rtpSocket.getLocalPort() + "?pkt_size=700"));
            capture(start(cmd), rtpSocket, rtcpSocket, "ffmpeg", name, codec);
        }
    }

    /** Receives what a sender process sends to the two sockets until it has ended and gone quiet; every datagram a seed. */
    private void capture(Process p, DatagramSocket rtpSocket, DatagramSocket rtcpSocket, String source, String name, CodecType codec)
            throws Exception {
        List<byte[]> media = new ArrayList<>();
        List<byte[]> control = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        rtpSocket.setSoTimeout(5);
        rtcpSocket.setSoTimeout(5);
        long quietSince = -1;
        while (System.nanoTime() < end) {
            boolean got = receive(rtpSocket, media) | receive(rtcpSocket, control);
            if (!p.isAlive() && !got) {
                if (quietSince < 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > 300_000_000L) {
                    break;
                }
            }
        }
        stop(p);
        System.out.println(source + " " + name + ": " + media.size() + " RTP, " + control.size() + " RTCP datagrams");
        Map<Long, List<byte[]>> frames = new LinkedHashMap<>();
        for (byte[] d : media) {
            rtp.add(d);
            add("RtpFuzzTest#rtp", source, name, d);
            try {
                RtpPacket packet = RtpPacket.parse(d);
                frames.computeIfAbsent(packet.timestamp(), t -> new ArrayList<>()).add(packet.payload().toByteArray());
            } catch (RtpParseException e) {
                System.out.println(source + " " + name + ": a datagram jrtc does not parse as RTP: " + e.getMessage());
            }
        }
        for (byte[] d : control) {
            rtcp.add(d);
            add("RtpFuzzTest#rtcp", source, name + "_" + (d.length > 1 ? d[1] & 0xff : 0), d);
        }
        for (List<byte[]> payloads : frames.values()) {
            Ops o = new Ops().u8(codec.ordinal());
            int total = 0;
            for (byte[] pl : payloads.subList(0, Math.min(8, payloads.size()))) {
                o.block(pl);
                total += pl.length;
            }
            if (total < MAX_SIZE) {
                add("RtpFuzzTest#depacketizers", source, name + "_" + Math.min(payloads.size(), 8), o.toBytes());
            }
        }
    }

    private static DatagramSocket rtcpNextTo(DatagramSocket rtpSocket) {
        try {
            return new DatagramSocket(rtpSocket.getLocalPort() + 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean receive(DatagramSocket s, List<byte[]> into) throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return false;
        }
        into.add(Arrays.copyOf(buf, p.getLength()));
        return true;
    }

    /** ffmpeg encodes a small file; it becomes a seed (with {@code prefix} in front when given). */
    private void ffmpegFile(Path dir, String file, String target, String kind, Byte prefix, String... input) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        cmd.addAll(List.of(input));
        Path out = dir.resolve(file);
        cmd.add(out.toString());
        Process p = start(cmd);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            stop(p);
            System.out.println("ffmpeg " + file + ": no file within 30 s");
            return;
        }
        if (!Files.exists(out)) {
            System.out.println("ffmpeg " + file + ": not written (exit " + p.exitValue() + ")");
            return;
        }
        byte[] b = Files.readAllBytes(out);
        if (prefix != null) {
            byte[] withPrefix = new byte[b.length + 1];
            withPrefix[0] = prefix;
            System.arraycopy(b, 0, withPrefix, 1, b.length);
            b = withPrefix;
        }
        if (b.length > MAX_SIZE) {
            System.out.println("ffmpeg " + file + ": " + b.length + " bytes, over " + MAX_SIZE + ", not kept");
            return;
        }
        add(target, "ffmpeg", kind, b);
        if (target.endsWith("#ivf")) {
            // and each frame's payload packetized by jrtc, for the depacketizers (AV1 has no ffmpeg RTP packetizer here)
            CodecType codec = kind.equals("av1") ? CodecType.AV1 : kind.equals("vp9") ? CodecType.VP9 : CodecType.VP8;
            for (IvfFile.Frame f : IvfFile.parse(b).frames()) {
                List<byte[]> payloads = codec.packetizer().packetize(f.data().toByteArray(), 300);
                Ops o = new Ops().u8(codec.ordinal());
                payloads.subList(0, Math.min(8, payloads.size())).forEach(o::block);
                add("RtpFuzzTest#depacketizers", "ffmpeg", kind + "_jrtc_packetized", o.toBytes());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ OpenSSL

    void openssl() throws Exception {
        if (!installed("openssl")) {
            System.out.println("openssl not installed: no OpenSSL seeds");
            return;
        }
        DtlsCertificate ours = DtlsCertificate.selfSignedEcdsa(io.jrtc.testkit.Seeds.secureRandom(51), DtlsFuzzTest.CERT_TIME);
        DtlsCertificate theirs = DtlsCertificate.selfSignedEcdsa(io.jrtc.testkit.Seeds.secureRandom(52), DtlsFuzzTest.CERT_TIME);
        Path dir = Files.createTempDirectory("jrtc-seeds-openssl");
        try {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Files.writeString(cert, theirs.certificatePem());
            Files.writeString(key, theirs.privateKeyPem());
            for (int mtu : new int[] {1200, 300}) {
                opensslServer(ours, cert, key, mtu);
                opensslClient(ours, cert, key, mtu, mtu == 300);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** jrtc's client against {@code openssl s_server}: every datagram both ways. */
    private void opensslServer(DtlsCertificate ours, Path cert, Path key, int mtu) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = freePort();
            Process p = start(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                    "-key", key.toString(), "-use_srtp", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", "-verify", "1",
                    "-mtu", String.valueOf(mtu), "-naccept", "1", "-quiet"));
            try {
                Thread.sleep(500); // s_server binds its socket
                DtlsEndpoint ep = DtlsEndpoint.client(DtlsConfig.builder().certificate(ours).mtu(mtu)
                        .random(io.jrtc.testkit.Seeds.secureRandom(53)).build());
                List<byte[]> fromServer = new ArrayList<>();
                List<byte[]> fromClient = new ArrayList<>();
                boolean ok = dtlsOverUdp(ep, s, new InetSocketAddress("127.0.0.1", port), fromClient, fromServer, 10_000);
                System.out.println("openssl s_server (mtu " + mtu + "): handshake " + (ok ? "done" : "NOT done") + ", "
                        + fromServer.size() + " datagrams from OpenSSL, " + fromClient.size() + " from jrtc");
                dtlsFromOpensslServer.addAll(fromServer);
                dtlsSeeds("openssl", fromServer);
                dtlsSeeds("jrtc", fromClient);
            } finally {
                stop(p);
            }
        }
    }

    /** {@code openssl s_client} against jrtc's server (with a cookie exchange when asked): every datagram both ways. */
    private void opensslClient(DtlsCertificate ours, Path cert, Path key, int mtu, boolean cookies) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Process p = start(List.of("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + s.getLocalPort(),
                    "-cert", cert.toString(), "-key", key.toString(), "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
                    "-mtu", String.valueOf(mtu), "-quiet"));
            try {
                DtlsEndpoint ep = DtlsEndpoint.server(DtlsConfig.builder().certificate(ours).mtu(mtu).helloVerifyRequest(cookies)
                        .random(io.jrtc.testkit.Seeds.secureRandom(54)).build());
                List<byte[]> fromClient = new ArrayList<>();
                List<byte[]> fromServer = new ArrayList<>();
                p.getOutputStream().write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
                boolean ok = dtlsOverUdp(ep, s, null, fromServer, fromClient, 10_000);
                System.out.println("openssl s_client (mtu " + mtu + (cookies ? ", cookies" : "") + "): handshake "
                        + (ok ? "done" : "NOT done") + ", " + fromClient.size() + " datagrams from OpenSSL, " + fromServer.size() + " from jrtc");
                dtlsFromOpensslClient.addAll(fromClient);
                dtlsSeeds("openssl", fromClient);
                dtlsSeeds("jrtc", fromServer);
            } finally {
                stop(p);
            }
        }
    }

    /**
     * Runs {@code ep} over a real socket until established and some application data has gone each way (or the
     * deadline); {@code peer} null means learn it from the first datagram (a server).
     */
    private static boolean dtlsOverUdp(DtlsEndpoint ep, DatagramSocket s, InetSocketAddress peer, List<byte[]> sent,
                                       List<byte[]> received, long millis) throws IOException {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        ep.start(System.nanoTime());
        s.setSoTimeout(10);
        boolean sentData = false;
        long establishedAt = -1;
        InetSocketAddress to = peer;
        while (System.nanoTime() < end) {
            for (byte[] d; (d = ep.pollTransmit()) != null; ) {
                if (to != null) {
                    s.send(new DatagramPacket(d, d.length, to));
                    sent.add(d);
                }
            }
            while (ep.pollEvent() != null) {
                // events are not needed here
            }
            if (ep.isEstablished() && !sentData) {
                ep.send("hello from jrtc\n".getBytes(StandardCharsets.UTF_8));
                sentData = true;
                establishedAt = System.nanoTime();
                continue;
            }
            if (establishedAt > 0 && System.nanoTime() - establishedAt > 700_000_000L) {
                ep.close(System.nanoTime());
                for (byte[] d; (d = ep.pollTransmit()) != null; ) {
                    if (to != null) {
                        s.send(new DatagramPacket(d, d.length, to));
                        sent.add(d);
                    }
                }
                return true;
            }
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                if (to == null) {
                    to = (InetSocketAddress) p.getSocketAddress();
                }
                byte[] d = Arrays.copyOf(buf, p.getLength());
                received.add(d);
                ep.handleInput(System.nanoTime(), d);
            } catch (SocketTimeoutException e) {
                ep.handleTimeout(System.nanoTime());
            }
        }
        return ep.isEstablished();
    }

    /** A DTLS datagram is a records seed; each plaintext handshake record's fragments are a handshake seed. */
    private void dtlsSeeds(String source, List<byte[]> datagrams) {
        for (byte[] d : datagrams) {
            List<DtlsRecord> records;
            try {
                records = DtlsRecord.parseAll(d);
            } catch (DtlsParseException e) {
                continue;
            }
            if (records.isEmpty()) {
                continue;
            }
            DtlsRecord first = records.get(0);
            add("DtlsFuzzTest#records", source, "ct" + first.contentType() + "_e" + first.epoch() + "_n" + records.size(), d);
            for (DtlsRecord r : records) {
                if (r.contentType() != 22 || r.epoch() != 0) {
                    continue;
                }
                byte[] plain = r.fragment().toByteArray();
                try {
                    List<HandshakeFragment> fragments = HandshakeFragment.parseAll(plain);
                    String kind = "t" + fragments.get(0).msgType() + (fragments.get(0).isWholeMessage() ? "" : "_frag");
                    add("DtlsFuzzTest#handshake", source, kind, plain);
                    for (HandshakeFragment f : fragments) {
                        if (f.isWholeMessage()) {
                            handshakeBodies.add(new Ops().u8(f.msgType()).bytes(f.body().toByteArray()).toBytes());
                        }
                    }
                } catch (DtlsParseException e) {
                    // not a handshake plaintext: nothing to add
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ jrtc

    /** coturn answering a TURN session (RFC 8656): Binding, a 401 then an Allocate, permission, channel, data, refresh. */
    void coturn() throws Exception {
        if (!installed("turnserver")) {
            System.out.println("coturn not installed: no coturn seeds");
            return;
        }
        try (io.jrtc.testkit.Coturn turn = io.jrtc.testkit.Coturn.start(0);
             DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(1000);
            SplittableRandom r = new SplittableRandom(71);
            List<byte[]> got = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            StunMessage binding = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).randomTransactionId(r).build();
            turnExchange(s, turn.address, binding.encodeWithFingerprint(), sent, got);
            StunMessage allocate = StunMessage.builder(MessageClass.REQUEST, Method.ALLOCATE).randomTransactionId(r)
                    .add(new StunAttribute.RequestedTransport(17)).build();
            StunMessage unauthorized = turnExchange(s, turn.address, allocate.encodeWithFingerprint(), sent, got);
            String nonce = unauthorized == null ? "" : unauthorized.attribute(StunAttribute.Nonce.class).map(StunAttribute.Nonce::value).orElse("");
            IntegrityKey key = IntegrityKey.longTermMd5(io.jrtc.testkit.Coturn.USER, io.jrtc.testkit.Coturn.REALM, io.jrtc.testkit.Coturn.PASSWORD);
            List<StunAttribute> auth = List.of(new StunAttribute.Username(io.jrtc.testkit.Coturn.USER),
                    new StunAttribute.Realm(io.jrtc.testkit.Coturn.REALM), new StunAttribute.Nonce(nonce));
            StunMessage allocated = turnExchange(s, turn.address, StunMessage.builder(MessageClass.REQUEST, Method.ALLOCATE)
                    .randomTransactionId(r).add(new StunAttribute.RequestedTransport(17)).addAll(auth).build().encode(key), sent, got);
            InetSocketAddress relayed = allocated == null ? null
                    : allocated.attribute(StunAttribute.XorRelayedAddress.class).map(StunAttribute.XorRelayedAddress::address).orElse(null);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            turnExchange(s, turn.address, StunMessage.builder(MessageClass.REQUEST, Method.CREATE_PERMISSION).randomTransactionId(r)
                    .add(new StunAttribute.XorPeerAddress(peerAddress)).addAll(auth).build().encode(key), sent, got);
            turnExchange(s, turn.address, StunMessage.builder(MessageClass.REQUEST, Method.CHANNEL_BIND).randomTransactionId(r)
                    .add(new StunAttribute.ChannelNumber(0x4001)).add(new StunAttribute.XorPeerAddress(peerAddress)).addAll(auth)
                    .build().encode(key), sent, got);
            byte[] send = StunMessage.builder(MessageClass.INDICATION, Method.SEND).randomTransactionId(r)
                    .add(new StunAttribute.XorPeerAddress(peerAddress)).add(new StunAttribute.Data(io.jrtc.core.Bytes.wrap(new byte[] {1, 2, 3})))
                    .build().encodeWithFingerprint();
            s.send(new DatagramPacket(send, send.length, turn.address));
            sent.add(send);
            if (relayed != null) {
                byte[] hello = "from the peer".getBytes(StandardCharsets.UTF_8);
                peer.send(new DatagramPacket(hello, hello.length, relayed)); // comes back as ChannelData (channel bound)
                receive(s, got);
            }
            turnExchange(s, turn.address, StunMessage.builder(MessageClass.REQUEST, Method.REFRESH).randomTransactionId(r)
                    .add(new StunAttribute.Lifetime(0)).addAll(auth).build().encode(key), sent, got);
            System.out.println("coturn: " + got.size() + " datagrams from coturn, " + sent.size() + " to it");
            for (byte[] b : got) {
                stun.add(b);
                String kind = (b[0] & 0xc0) == 0x40 ? "channeldata" : stunKind(b);
                add("StunFuzzTest#message", "coturn", kind, b);
                add("IceFuzzTest#agent", "coturn", kind, new Ops().u8(1).u16(turn.address.getPort()).block(b).u16(10).u8(1).toBytes());
            }
            for (byte[] b : sent) {
                add("StunFuzzTest#message", "jrtc", "turn_" + stunKind(b), b);
                add("StunFuzzTest#server", "jrtc", "turn_" + stunKind(b), new Ops().block(b).toBytes());
            }
        } catch (org.opentest4j.TestAbortedException e) {
            System.out.println("coturn not usable: " + e.getMessage());
        }
    }

    private static StunMessage turnExchange(DatagramSocket s, InetSocketAddress server, byte[] request, List<byte[]> sent,
                                            List<byte[]> got) throws IOException {
        s.send(new DatagramPacket(request, request.length, server));
        sent.add(request);
        List<byte[]> in = new ArrayList<>();
        if (!receive(s, in)) {
            return null;
        }
        got.addAll(in);
        try {
            return StunMessage.parse(in.get(0));
        } catch (StunParseException e) {
            return null;
        }
    }

    private static String stunKind(byte[] b) {
        try {
            StunMessage m = StunMessage.parse(b);
            return m.messageClass() + "_" + m.method() + "_" + m.attributes().size();
        } catch (StunParseException e) {
            return "unparsed";
        }
    }

    /** Two PeerConnection cores on the simulated network: every datagram either receives. */
    void jrtcPeerConnection() {
        List<Datagram> all = new ArrayList<>();
        PeerConnectionFuzzTest.Connected c = new PeerConnectionFuzzTest.Connected(all::add);
        long now = c.sim.now();
        c.alice.core.send(now, c.alice.channel, "a short message".getBytes(StandardCharsets.UTF_8), false);
        c.alice.core.send(now, c.alice.channel, new byte[3000], true);
        byte[] frame = new byte[1800];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31);
        }
        frame[0] = 0x10; // a VP8 keyframe's first byte (show_frame, key)
        for (int i = 0; i < 3; i++) {
            c.bob.core.sendFrame(c.sim.now(), c.bob.video, frame, c.bob.rtpTimestamp += 3000);
            c.alice.core.sendFrame(c.sim.now(), c.alice.video, frame, c.alice.rtpTimestamp += 3000);
            c.alice.drainInto(c.sim);
            c.bob.drainInto(c.sim);
            c.sim.runFor(Duration.ofMillis(40));
        }
        c.sim.runFor(Duration.ofSeconds(6)); // RTCP reports, consent checks
        System.out.println("jrtc PeerConnection pair: " + all.size() + " datagrams");
        Ops pcTarget = new Ops().u8(0);
        int pcCount = 0;
        for (Datagram d : all) {
            byte[] b = d.data();
            int first = b.length == 0 ? 0 : b[0] & 0xff;
            if (first <= 3) {
                stun.add(b);
                String kind;
                try {
                    StunMessage m = StunMessage.parse(b);
                    kind = m.messageClass() + "_" + m.method() + "_" + m.attributes().size();
                } catch (StunParseException e) {
                    kind = "unparsed";
                }
                add("StunFuzzTest#message", "jrtc", kind, b);
                add("StunFuzzTest#server", "jrtc", kind, new Ops().block(b).toBytes());
            } else if (first >= 20 && first <= 63) {
                dtlsSeeds("jrtc", List.of(b));
            } else if (first >= 128 && first <= 191) {
                int pt = b.length > 1 ? b[1] & 0xff : 0;
                add("SrtpFuzzTest#unprotect", "jrtc", "pt" + pt, new Ops().u8(0).u8(0)
                        .u8(pt >= 192 && pt <= 223 ? 1 : 0).block(b).toBytes());
            }
            // the composition core: real datagrams of every class from the pair's remote (op 0, raw, source 0)
            if (pcCount < 12 && b.length < 300) {
                pcTarget.u8(0).u8(5).u8(0).block(b);
                pcCount++;
            }
            add("PeerConnectionFuzzTest#connectedCore", "jrtc", "one_" + (first <= 3 ? "stun" : first <= 63 ? "dtls" : "srtp"),
                    new Ops().u8(all.indexOf(d) & 1).u8(0).u8(5).u8(0).block(b).u8(2).u16(500).toBytes());
        }
        add("PeerConnectionFuzzTest#connectedCore", "jrtc", "real_datagrams", pcTarget.toBytes());
        // the ICE agent target: real STUN from a loopback port
        Ops ice = new Ops().u8(1);
        for (byte[] b : stun.subList(0, Math.min(stun.size(), 10))) {
            ice.u16(5000).block(b).u16(20).u8(1);
        }
        add("IceFuzzTest#agent", "jrtc", "checks", ice.toBytes());
        for (byte[] b : stun.subList(0, Math.min(stun.size(), 6))) {
            add("IceFuzzTest#agent", "jrtc", "one_check", new Ops().u8(0).u16(5000).block(b).u16(0).u8(0).toBytes());
        }
        add("SdpFuzzTest#description", "jrtc", "offer", c.alice.core.localDescription().sdp().getBytes(StandardCharsets.UTF_8));
        add("SdpFuzzTest#description", "jrtc", "answer", c.bob.core.localDescription().sdp().getBytes(StandardCharsets.UTF_8));
    }

    /** Two data channel stacks, packets passed by hand: setup, DCEP, messages, loss and FORWARD-TSN, close (RE-CONFIG), shutdown. */
    void jrtcDataChannels() {
        for (int variant = 0; variant < 3; variant++) {
            boolean interleaving = variant == 1;
            boolean zero = variant == 2;
            DataChannels client = new DataChannels(SctpConfig.defaults(new SplittableRandom(61)).withInterleaving(interleaving)
                    .withZeroChecksum(zero), DataChannels.Role.CLIENT, 65536);
            DataChannels server = new DataChannels(SctpConfig.defaults(new SplittableRandom(62)).withInterleaving(interleaving)
                    .withZeroChecksum(zero), DataChannels.Role.SERVER, 65536);
            List<byte[]> toServer = new ArrayList<>();
            List<byte[]> toClient = new ArrayList<>();
            long[] now = {0};
            client.connect(0);
            server.connect(0);
            DataChannel reliable = client.createChannel(0, "reliable", DataChannelOptions.RELIABLE);
            DataChannel lossy = client.createChannel(0, "lossy", new DataChannelOptions(false, 0, -1, "proto", false, -1));
            Runnable pass = () -> passSctp(client, server, toServer, toClient, now[0], false);
            for (int i = 0; i < 20; i++) {
                pass.run();
                now[0] += 20_000_000L;
                client.handleTimeout(now[0]);
                server.handleTimeout(now[0]);
            }
            if (reliable.state() == DataChannel.State.OPEN) {
                reliable.send(now[0], "hello");
                reliable.send(now[0], new byte[2500]);
                pass.run();
            }
            if (lossy.state() == DataChannel.State.OPEN) {
                lossy.send(now[0], new byte[200]);
                lossy.send(now[0], "lost");
                passSctp(client, server, toServer, toClient, now[0], true); // the client's packets lost: FORWARD-TSN follows
                for (int i = 0; i < 10; i++) {
                    now[0] += 300_000_000L;
                    client.handleTimeout(now[0]);
                    server.handleTimeout(now[0]);
                    pass.run();
                }
                lossy.close(now[0]);
                pass.run();
            }
            now[0] += 31_000_000_000L; // a heartbeat
            client.handleTimeout(now[0]);
            server.handleTimeout(now[0]);
            pass.run();
            client.shutdown(now[0]);
            for (int i = 0; i < 5; i++) {
                pass.run();
            }
            String v = interleaving ? "idata" : zero ? "zerosum" : "plain";
            System.out.println("jrtc data channels (" + v + "): " + toServer.size() + " packets to the server, " + toClient.size() + " back");
            List<byte[]> all = new ArrayList<>(toServer);
            all.addAll(toClient);
            for (byte[] p : all) {
                List<Integer> types = new ArrayList<>();
                int off = SctpPacket.HEADER_LENGTH;
                while (off + 4 <= p.length) {
                    int len = (p[off + 2] & 0xff) << 8 | (p[off + 3] & 0xff);
                    if (len < 4 || off + len > p.length) {
                        break;
                    }
                    int type = p[off] & 0xff;
                    types.add(type);
                    byte[] chunk = Arrays.copyOfRange(p, off, off + len);
                    sctpChunks.add(chunk);
                    byte[] typeFlagsValue = new byte[len - 2];
                    typeFlagsValue[0] = chunk[0];
                    typeFlagsValue[1] = chunk[1];
                    System.arraycopy(chunk, 4, typeFlagsValue, 2, len - 4);
                    add("SctpFuzzTest#chunk", "jrtc", "type" + type + "_" + v, typeFlagsValue);
                    if ((type == 0 && len > 16 && (chunk[15] & 0xff) == 50) || (type == 64 && len > 20 && (chunk[19] & 0xff) == 50)) {
                        add("SctpFuzzTest#dcep", "jrtc", "dcep" + v, Arrays.copyOfRange(chunk, type == 0 ? 16 : 20, len));
                    }
                    off += (len + 3) & ~3;
                }
                add("SctpFuzzTest#packet", "jrtc", "chunks" + types, p);
            }
            Ops assoc = new Ops().u8(0);
            for (byte[] p : toServer.subList(0, Math.min(12, toServer.size()))) {
                assoc.block(zero ? p : withZeroChecksum(p)).u16(10).u8(1);
            }
            add("SctpFuzzTest#association", "jrtc", "session_" + v, assoc.toBytes());
            Ops asClient = new Ops().u8(1);
            for (byte[] p : toClient.subList(0, Math.min(12, toClient.size()))) {
                asClient.block(zero ? p : withZeroChecksum(p)).u16(10).u8(1);
            }
            add("SctpFuzzTest#association", "jrtc", "client_" + v, asClient.toBytes());
            for (byte[] p : toServer.subList(0, Math.min(4, toServer.size()))) {
                add("SctpFuzzTest#association", "jrtc", "one_" + v, new Ops().u8(0).block(withZeroChecksum(p)).u16(0).u8(0).toBytes());
            }
        }
        add("SctpFuzzTest#dcep", "jrtc", "ack", new byte[] {2});
        // every channel type (reliable, by retransmissions, by lifetime; ordered or not), labels and protocols
        int[] types = {Dcep.RELIABLE, Dcep.PARTIAL_RELIABLE_REXMIT, Dcep.PARTIAL_RELIABLE_TIMED};
        String[] labels = {"", "chat", "\u00e9\u00e8 label", "x".repeat(40)};
        for (int t = 0; t < types.length; t++) {
            for (int unordered = 0; unordered < 2; unordered++) {
                for (int l = 0; l < labels.length; l++) {
                    int type = types[t] | (unordered == 1 ? Dcep.UNORDERED : 0);
                    add("SctpFuzzTest#dcep", "jrtc", "open_t" + type, new Dcep.Open(type, 256 * l, t == 0 ? 0 : 3 + l,
                            labels[l], l % 2 == 0 ? "" : "proto").encode());
                }
            }
        }
    }

    private static byte[] withZeroChecksum(byte[] p) {
        byte[] q = p.clone();
        q[8] = 0;
        q[9] = 0;
        q[10] = 0;
        q[11] = 0;
        return q;
    }

    private static void passSctp(DataChannels client, DataChannels server, List<byte[]> toServer, List<byte[]> toClient,
                                 long now, boolean loseClientPackets) {
        for (int round = 0; round < 20; round++) {
            boolean moved = false;
            for (byte[] p; (p = client.pollTransmit()) != null; moved = true) {
                toServer.add(p);
                if (!loseClientPackets) {
                    server.handleInput(now, p);
                }
            }
            for (byte[] p; (p = server.pollTransmit()) != null; moved = true) {
                toClient.add(p);
                client.handleInput(now, p);
            }
            while (client.pollEvent() != null) {
                moved = true;
            }
            while (server.pollEvent() != null) {
                moved = true;
            }
            if (!moved) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the project's vectors

    /** The sdp module's vectors: Chromium 156's captured descriptions and the dialect files; their candidate lines. */
    void sdp() throws IOException {
        Path dir = root.resolve("../../../../../../../sdp/src/test/resources/io/jrtc/sdp/vectors").normalize();
        if (!Files.isDirectory(dir)) {
            System.out.println("no " + dir + ": no SDP seeds");
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".sdp")).sorted().toList()) {
                String name = f.getFileName().toString();
                String source = name.startsWith("chromium") ? "chromium" : "dialect";
                byte[] b = Files.readAllBytes(f);
                add("SdpFuzzTest#description", source, name.replace(".sdp", ""), b);
                for (String line : new String(b, StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.startsWith("a=candidate:")) {
                        add("SdpFuzzTest#candidate", source, line.contains(" tcp ") || line.contains(" TCP ") ? "tcp"
                                : line.contains(".local ") ? "mdns" : line.contains(":") && line.split(" ")[4].contains(":") ? "ipv6"
                                : line.contains(" typ host") ? "host" : "other", line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    /** The rtp module's RTCP vectors (each built from an RFC's layout). */
    void rtcpVectors() throws IOException {
        Path f = root.resolve("../../../../../../../rtp/src/test/resources/io/jrtc/rtp/rtcp/rtcp-vectors.txt").normalize();
        if (!Files.exists(f)) {
            System.out.println("no " + f + ": no RTCP vector seeds");
            return;
        }
        Map<String, StringBuilder> vectors = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(f)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0)) && line.contains("=")) {
                current = line.substring(0, line.indexOf('=')).trim();
                vectors.put(current, new StringBuilder(line.substring(line.indexOf('=') + 1)));
            } else if (current != null) {
                vectors.get(current).append(line);
            }
        }
        vectors.forEach((name, hex) -> {
            byte[] b = Hex.decode(hex.toString().replaceAll("\\s", ""));
            rtcp.add(b);
            add("RtpFuzzTest#rtcp", "rfc", name, b);
        });
    }

    /** jrtc's encoders over ffmpeg's packets: RTP with header extensions, transport-cc feedback from the generator. */
    void rtpExtensionsAndFeedback() throws RtpParseException {
        int n = 0;
        for (byte[] d : rtp) {
            if (n++ % 7 != 0) {
                continue;
            }
            RtpPacket p = RtpPacket.parse(d);
            List<ExtensionElement> oneByte = List.of(new ExtensionElement(1, io.jrtc.core.Bytes.of((byte) 0x85)),
                    new ExtensionElement(3, io.jrtc.core.Bytes.of((byte) 0, (byte) n)), new ExtensionElement(4, io.jrtc.core.Bytes.of((byte) '0')));
            add("RtpFuzzTest#rtp", "jrtc", "one_byte_ext", p.withExtension(ExtensionBlock.of(oneByte)).encode());
            List<ExtensionElement> twoByte = List.of(new ExtensionElement(2, io.jrtc.core.Bytes.of((byte) 1, (byte) 2, (byte) 3)),
                    new ExtensionElement(5, io.jrtc.core.Bytes.wrap(new byte[20])));
            add("RtpFuzzTest#rtp", "jrtc", "two_byte_ext", p.withExtension(ExtensionBlock.of(twoByte)).encode());
        }
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(1));
        long now = 0;
        for (int seq = 0; seq < 300; seq++) {
            now += (seq % 10 == 0 ? 30 : 2) * 1_000_000L;
            if (seq % 13 != 5) {
                g.handleInput(now, 0x1234, seq);
            }
            if (seq % 50 == 49) {
                g.flush();
                for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
                    byte[] b = f.encode();
                    rtcp.add(b);
                    add("RtpFuzzTest#rtcp", "jrtc", "twcc", b);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ stateful targets

    /** Inputs of the stateful targets' operation formats, carrying the packets collected above. */
    void statefulSeeds() {
        // DTLS flights: each stage reached with NEXT, then one change there; both roles, with and without cookies
        for (int setup = 0; setup < 4; setup++) {
            add("DtlsFuzzTest#flights", "jrtc", "full_handshake", new Ops().u8(setup).bytes(new byte[12]).u8(6).u16(5).bytes("hello".getBytes(StandardCharsets.UTF_8)).u8(1).toBytes());
        }
        for (int setup = 0; setup < 2; setup++) {
            for (int stage = 0; stage < 5; stage++) {
                Ops base = new Ops().u8(setup).bytes(new byte[stage]);
                add("DtlsFuzzTest#flights", "jrtc", "flip_stage" + stage,
                        concat(base.toBytes(), new Ops().u8(1).u8(2).u16(20).u8(0x40).u16(60).u8(1).bytes(new byte[8]).toBytes()));
                add("DtlsFuzzTest#flights", "jrtc", "replay_stage" + stage, concat(base.toBytes(), new Ops().u8(7).bytes(new byte[8]).toBytes()));
                add("DtlsFuzzTest#flights", "jrtc", "timeout_stage" + stage, concat(base.toBytes(),
                        new Ops().u8(5).u8(4).u16(1500).bytes(new byte[8]).toBytes()));
            }
        }
        // a record replaced with a real OpenSSL handshake message (same type) at the stage it belongs to
        int i = 0;
        for (byte[] body : handshakeBodies) {
            if (i++ >= 12) {
                break;
            }
            int type = body[0] & 0xff;
            boolean clientMessage = type == 1 || type == 16 || type == 15;
            int setup = clientMessage ? 0 : 1; // the target receives it
            add("DtlsFuzzTest#flights", "openssl", "replace_t" + type, new Ops().u8(setup).u8(2).u8(0).u8(0).u8(type)
                    .block(Arrays.copyOfRange(body, 1, body.length)).bytes(new byte[8]).toBytes());
        }
        // the lone endpoint: OpenSSL's flights as they came, to jrtc's client (from s_server) or server (from s_client)
        Ops toClient = new Ops().u8(1);
        for (byte[] d : dtlsFromOpensslServer.subList(0, Math.min(8, dtlsFromOpensslServer.size()))) {
            toClient.block(d).u16(10).u8(0);
        }
        add("DtlsFuzzTest#endpoint", "openssl", "server_flights", toClient.toBytes());
        Ops toServer = new Ops().u8(0);
        for (byte[] d : dtlsFromOpensslClient.subList(0, Math.min(8, dtlsFromOpensslClient.size()))) {
            toServer.block(d).u16(10).u8(0);
        }
        add("DtlsFuzzTest#endpoint", "openssl", "client_flights", toServer.toBytes());
        for (byte[] d : dtlsFromOpensslClient.subList(0, Math.min(6, dtlsFromOpensslClient.size()))) {
            add("DtlsFuzzTest#endpoint", "openssl", "one_client_datagram", new Ops().u8(2).block(d).u16(0).u8(0).toBytes());
        }
        // SCTP established: real chunks injected and swapped in, messages, time
        for (int setup = 0; setup < 8; setup++) {
            add("SctpFuzzTest#established", "jrtc", "next", new Ops().u8(setup).bytes(new byte[6]).u8(6).u16(5).bytes("hello".getBytes(StandardCharsets.UTF_8)).u8(2).toBytes());
        }
        i = 0;
        for (byte[] chunk : sctpChunks) {
            if (i++ % 3 != 0) {
                continue;
            }
            byte[] value = Arrays.copyOfRange(chunk, 4, chunk.length);
            int type = chunk[0] & 0xff;
            add("SctpFuzzTest#established", "jrtc", "inject_t" + type, new Ops().u8(i & 1).u8(2).u8(1).u8(type).u8(chunk[1] & 0xff)
                    .block(value).u8(0).toBytes());
            add("SctpFuzzTest#established", "jrtc", "swap_t" + type, new Ops().u8(i & 1).u8(6).u16(3).bytes("abc".getBytes(StandardCharsets.UTF_8)).u8(0)
                    .u8(1).u8(0).u8(type).u8(chunk[1] & 0xff).block(value).toBytes());
        }
        // ICE connected: the pair's real STUN signed again (SIGNED with the right USERNAME), flipped, replayed
        for (int role = 0; role < 2; role++) {
            add("IceFuzzTest#connected", "jrtc", "next", new Ops().u8(role).bytes(new byte[4]).u8(4).u16(3000).bytes(new byte[4]).toBytes());
            add("IceFuzzTest#connected", "jrtc", "flip", new Ops().u8(role).u8(1).u8(1).u16(30).u8(0x20).u8(7).toBytes());
            add("IceFuzzTest#connected", "jrtc", "data", new Ops().u8(role).u8(6).u16(4).bytes(new byte[] {(byte) 0x90, 0, 0, 1}).u8(0).toBytes());
        }
        i = 0;
        for (byte[] b : stun) {
            if (i++ >= 16) {
                break;
            }
            add("IceFuzzTest#connected", "jrtc", "signed" + (i % 4), new Ops().u8(i & 1).u8(2).block(b).u8(i % 4 == 0 ? 2 : 1).toBytes());
        }
        // SRTP with valid authentication: ffmpeg's RTP and RTCP as the plaintext, each profile
        for (int profile = 0; profile < 4; profile++) {
            for (int options = 0; options < 8; options += 4) {
                Ops o = new Ops().u8(profile).u8(options + profile % 3);
                int k = 0;
                for (byte[] p : rtp) {
                    if (k++ % 11 == 0 && p.length < 400) {
                        o.u8(0).block(p);
                    }
                    if (k > 60) {
                        break;
                    }
                }
                for (byte[] p : rtcp.subList(0, Math.min(4, rtcp.size()))) {
                    o.u8(1).block(p);
                }
                o.u8(3).u8(0).u8(4).u8(1).u8(0).u16(5).u8(1);
                add("SrtpFuzzTest#authenticated", "ffmpeg", "profile" + profile + "_opt" + options, o.toBytes());
            }
        }
        for (byte[] p : rtcp.subList(0, Math.min(6, rtcp.size()))) {
            add("SrtpFuzzTest#authenticated", "ffmpeg", "rtcp_hold", new Ops().u8(0).u8(0).u8(2).u8(1).block(p).u8(3).u8(0).u8(3).u8(0).toBytes());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ------------------------------------------------------------------------------------------ processes

    private static boolean installed(String name) {
        return io.jrtc.testkit.RealPeers.find(name).isPresent();
    }

    private static Process start(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Ends a process we started, by its handle: politely, then forcibly after 3 s. */
    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(3, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
