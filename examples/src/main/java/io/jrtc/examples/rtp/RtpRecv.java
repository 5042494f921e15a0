package io.jrtc.examples.rtp;

import io.jrtc.core.Bytes;
import io.jrtc.examples.Example;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.stream.FrameAssembler;
import io.jrtc.rtp.stream.SequenceUnwrapper;

import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Receives one plain RTP stream (no SRTP, no signalling) on a UDP port, reassembles its frames with
 * the codec's depacketizer and writes them to a file: IVF for VP8, VP9 and AV1, Annex B for H.264 and
 * H.265, Ogg Opus for Opus. It ends once the stream has been idle for {@code --idle-ms}. This is how
 * the packetizers of other RTP stacks (GStreamer's payloaders, ffmpeg's {@code -f rtp}) are checked
 * against our depacketizers: what they send must come out frame for frame.
 *
 * <pre>
 *  UDP datagram ─► RTP? (version 2, not RTCP 200-204) ─► payload type --pt? ─► first SSRC seen?
 *     └─► FrameAssembler (reorders, waits for a keyframe start, gives up on holes) ─► frames ─► file
 * </pre>
 *
 * Nothing is dropped silently: datagrams that are not RTP, RTCP, other payload types and other SSRCs
 * are counted and printed at the end.
 */
public final class RtpRecv implements Example {
    private static final long MS = 1_000_000L;

    /** What was received and written, for the tests. */
    public record Summary(long datagrams, long packets, long rtcp, long otherPayloadType, long otherSsrc, long malformed,
                          int framesWritten, long framesDropped, long keyframes) {
    }

    @Override
    public String name() {
        return "rtp-recv";
    }

    @Override
    public String usage() {
        return "--listen 127.0.0.1:PORT --codec vp8|vp9|h264|h265|av1|opus --pt N --out FILE [--idle-ms MS] [--wait-ms MS]";
    }

    @Override
    public String description() {
        return "RTP: receive plain RTP on a UDP port, reassemble frames, write IVF / Annex B / Ogg Opus";
    }

    @Override
    public int run(String[] args) throws Exception {
        InetSocketAddress listen = null;
        CodecType codec = null;
        int pt = -1;
        Path out = null;
        long idleMs = 2000;
        long waitMs = 30_000;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--listen" -> listen = address(v);
                case "--codec" -> codec = codec(v);
                case "--pt" -> pt = payloadType(v);
                case "--out" -> out = Path.of(need("--out", v));
                case "--idle-ms" -> idleMs = positive("--idle-ms", v);
                case "--wait-ms" -> waitMs = positive("--wait-ms", v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (listen == null || codec == null || pt < 0 || out == null) {
            throw new IllegalArgumentException("--listen, --codec, --pt and --out are required");
        }
        try (DatagramSocket socket = open(listen)) {
            Summary s = receive(socket, codec, pt, out, idleMs, waitMs, System.out);
            return s.framesWritten() > 0 ? 0 : 1;
        }
    }

    /** A UDP socket bound to {@code listen}, with a receive buffer large enough for a burst of video. */
    public static DatagramSocket open(InetSocketAddress listen) throws java.io.IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReceiveBufferSize(4 << 20);
        socket.bind(listen);
        return socket;
    }

    /**
     * Receives until the stream has been idle for {@code idleMs} (or nothing came for {@code waitMs}),
     * then writes the frames to {@code out}.
     */
    public static Summary receive(DatagramSocket socket, CodecType codec, int pt, Path out, long idleMs, long waitMs, PrintStream log)
            throws Exception {
        log.printf("[RTP] listening on %s for %s, payload type %d; writing %s%n", socket.getLocalSocketAddress(), codec, pt,
                out.getFileName());
        // 1. The receive side of one stream: no NACKs can be sent (plain RTP, no feedback path), so a
        //    hole is waited for a little (maxNacks x interval) and then given up to the next keyframe.
        FrameAssembler assembler = new FrameAssembler(codec.depacketizer(), new FrameAssembler.Config(16384, 40 * MS, 10, 16));
        SequenceUnwrapper timestamps = SequenceUnwrapper.timestamp();
        List<AssembledFrame> frames = new ArrayList<>();
        List<Long> frameTimes = new ArrayList<>();
        long datagrams = 0;
        long packets = 0;
        long rtcp = 0;
        long otherPt = 0;
        long otherSsrc = 0;
        long malformed = 0;
        long ssrc = -1;
        long firstTimestamp = Long.MIN_VALUE;
        byte[] buf = new byte[65536];
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(20);
        long start = System.nanoTime();
        long last = -1;
        // 2. Datagrams in until the stream goes idle.
        while (true) {
            boolean got;
            try {
                dp.setLength(buf.length);
                socket.receive(dp);
                got = true;
            } catch (SocketTimeoutException idle) {
                got = false;
            }
            long now = System.nanoTime();
            if (got) {
                datagrams++;
                last = now;
                byte[] d = Arrays.copyOfRange(buf, dp.getOffset(), dp.getOffset() + dp.getLength());
                int type = d.length >= 2 ? d[1] & 0xff : -1;
                if (d.length >= 2 && (d[0] & 0xc0) == 0x80 && type >= 200 && type <= 204) {
                    rtcp++; // an RTCP packet on the same port (rtcp-mux): a sender report, not media
                } else {
                    try {
                        RtpPacket p = RtpPacket.parse(d);
                        if (p.payloadType() != pt) {
                            otherPt++;
                        } else if (ssrc >= 0 && p.ssrc() != ssrc) {
                            otherSsrc++;
                        } else {
                            if (ssrc < 0) {
                                ssrc = p.ssrc();
                                log.printf("[RTP] first packet: SSRC %08x, seq %d, timestamp %d%n", ssrc, p.sequenceNumber(),
                                        p.timestamp());
                            }
                            packets++;
                            assembler.push(p);
                        }
                    } catch (RtpParseException e) {
                        malformed++;
                    }
                }
            }
            assembler.nacksDue(now); // ends the start-up hold and gives up on holes that never fill
            for (AssembledFrame f; (f = assembler.pollFrame()) != null; ) {
                long ts = timestamps.unwrap(f.timestamp());
                if (firstTimestamp == Long.MIN_VALUE) {
                    firstTimestamp = ts;
                }
                frames.add(f);
                frameTimes.add(ts - firstTimestamp);
                if (frames.size() <= 3) {
                    log.printf("[RTP] frame %d: %d bytes%s, seq %d..%d%n", frames.size() - 1, f.data().length(),
                            f.keyframe() ? ", keyframe" : "", f.firstSequence() & 0xffff, f.lastSequence() & 0xffff);
                }
            }
            if (last >= 0 ? now - last >= idleMs * MS : now - start >= waitMs * MS) {
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                log.println("[RTP] interrupted: writing what arrived");
                break;
            }
        }
        if (last < 0) {
            log.printf("[RTP] no datagram arrived in %d ms%n", waitMs);
        }

        // 3. The frames into the codec's file format.
        byte[] file = write(codec, frames, frameTimes);
        Files.write(out, file);
        FrameAssembler.Stats st = assembler.stats();
        long keyframes = frames.stream().filter(AssembledFrame::keyframe).count();
        Summary s = new Summary(datagrams, packets, rtcp, otherPt, otherSsrc, malformed, frames.size(), st.framesDropped(), keyframes);
        log.printf("[RTP] datagrams %d: RTP packets %d, RTCP %d, other payload types %d, other SSRCs %d, malformed %d%n",
                datagrams, packets, rtcp, otherPt, otherSsrc, malformed);
        log.printf("[RTP] assembler: %s (holes it would NACK; plain RTP has no feedback path)%n", st);
        log.printf("[RTP] wrote %d frames (%d keyframes, %d dropped) to %s, %d bytes%n", frames.size(), keyframes,
                st.framesDropped(), out.getFileName(), file.length);
        return s;
    }

    /** IVF (time base 1/90000, times from the first frame), Annex B, or Ogg Opus (time 0 at the first packet). */
    static byte[] write(CodecType codec, List<AssembledFrame> frames, List<Long> times) throws RtpParseException {
        switch (codec) {
            case OPUS -> {
                List<Bytes> packets = new ArrayList<>();
                frames.forEach(f -> packets.add(f.data()));
                // RTP carries neither the encoder's pre-skip nor the end trim: 312 is libopus's pre-skip
                // at 48 kHz (what ffmpeg, GStreamer and browsers encode with); the end is not trimmed.
                int channels = !packets.isEmpty() && packets.get(0).length() > 0 && (packets.get(0).get(0) & 0x04) != 0 ? 2 : 1;
                return new OggOpusFile(new OggOpusFile.Head(1, channels, 312, 48_000, 0, 0, Bytes.EMPTY),
                        new OggOpusFile.Tags("jrtc rtp-recv", List.of()), packets, 0x6a727463L, -1).encode();
            }
            case H264, H265 -> {
                List<byte[]> aus = new ArrayList<>();
                frames.forEach(f -> aus.add(f.data().toByteArray()));
                return AnnexBFile.write(aus);
            }
            default -> {
                List<IvfFile.Frame> out = new ArrayList<>();
                int[] size = {0, 0};
                for (int i = 0; i < frames.size(); i++) {
                    byte[] data = frames.get(i).data().toByteArray();
                    if (size[0] == 0 && codec == CodecType.VP8) {
                        size = vp8Size(data);
                    }
                    out.add(new IvfFile.Frame(times.get(i), Bytes.wrap(data)));
                }
                String fourcc = codec == CodecType.VP8 ? "VP80" : codec == CodecType.VP9 ? "VP90" : "AV01";
                return new IvfFile(fourcc, size[0], size[1], 90_000, 1, out).encode();
            }
        }
    }

    /** Width and height from a VP8 keyframe header (RFC 6386 section 9.1), or zeros. */
    static int[] vp8Size(byte[] f) {
        boolean key = f.length >= 10 && (f[0] & 1) == 0 && (f[3] & 0xff) == 0x9d && (f[4] & 0xff) == 0x01 && (f[5] & 0xff) == 0x2a;
        if (!key) {
            return new int[] {0, 0};
        }
        return new int[] {((f[6] & 0xff) | (f[7] & 0xff) << 8) & 0x3fff, ((f[8] & 0xff) | (f[9] & 0xff) << 8) & 0x3fff};
    }

    static CodecType codec(String v) {
        String c = need("--codec", v).toLowerCase(Locale.ROOT);
        return switch (c) {
            case "vp8" -> CodecType.VP8;
            case "vp9" -> CodecType.VP9;
            case "h264" -> CodecType.H264;
            case "h265" -> CodecType.H265;
            case "av1" -> CodecType.AV1;
            case "opus" -> CodecType.OPUS;
            default -> throw new IllegalArgumentException("--codec must be vp8, vp9, h264, h265, av1 or opus, not " + v);
        };
    }

    static InetSocketAddress address(String v) {
        String a = need("--listen/--to", v);
        int colon = a.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got " + a);
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + a);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in " + a);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(a.substring(0, colon)), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + a);
        }
    }

    static int payloadType(String v) {
        long n = positive("--pt", v);
        if (n > 127) {
            throw new IllegalArgumentException("--pt must be 0..127, not " + v);
        }
        return (int) n;
    }

    static long positive(String option, String v) {
        try {
            long n = Long.parseLong(need(option, v));
            if (n < 0) {
                throw new IllegalArgumentException(option + " must not be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + v);
        }
    }

    static String need(String option, String v) {
        if (v == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }
}
