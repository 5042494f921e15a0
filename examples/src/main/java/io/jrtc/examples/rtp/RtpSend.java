package io.jrtc.examples.rtp;

import io.jrtc.examples.Example;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Opus;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.stream.FrameSender;

import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a media file (IVF with VP8/VP9/AV1, Annex B H.264/H.265, Ogg Opus), packetizes every frame
 * with the codec's packetizer and sends it as plain RTP (no SRTP, no RTCP) to one UDP address: as
 * fast as possible, or with {@code --paced} at the pace of the frames' timestamps. This is how our
 * packetizers are checked against other RTP stacks' depayloaders (GStreamer, ffmpeg).
 *
 * <pre>
 *  file ─► frames + RTP timestamps (IVF: pts x 90000 x num / den; Annex B: i x 90000 / fps;
 *          Ogg: the 48 kHz samples before the packet) ─► FrameSender (packetizer, seq, marker)
 *       ─► RtpPacket.encode() ─► UDP datagram
 * </pre>
 */
public final class RtpSend implements Example {

    /** A frame and its RTP timestamp (relative to the first frame). */
    record TimedFrame(byte[] data, long timestamp) {
    }

    /** What was sent, for the tests. */
    public record Summary(int frames, long packets, long bytes, long firstSequence, long ssrc) {
    }

    @Override
    public String name() {
        return "rtp-send";
    }

    @Override
    public String usage() {
        return "FILE --to 127.0.0.1:PORT --codec vp8|vp9|h264|h265|av1|opus --pt N [--ssrc X] [--paced] [--mtu N] [--fps F]";
    }

    @Override
    public String description() {
        return "RTP: packetize a media file and send it as plain RTP to a UDP address";
    }

    @Override
    public int run(String[] args) throws Exception {
        Path file = null;
        InetSocketAddress to = null;
        CodecType codec = null;
        int pt = -1;
        Long ssrc = null;
        boolean paced = false;
        int mtu = 1200;
        double fps = 25;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--to" -> to = RtpRecv.address(v);
                case "--codec" -> codec = RtpRecv.codec(v);
                case "--pt" -> pt = RtpRecv.payloadType(v);
                case "--ssrc" -> ssrc = ssrc(v);
                case "--mtu" -> mtu = (int) Math.min(65_507, RtpRecv.positive("--mtu", v));
                case "--fps" -> fps = Double.parseDouble(RtpRecv.need("--fps", v));
                case "--paced" -> {
                    paced = true;
                    i--;
                }
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                    file = Path.of(args[i]);
                    i--;
                }
            }
            i++;
        }
        if (file == null || to == null || codec == null || pt < 0) {
            throw new IllegalArgumentException("FILE, --to, --codec and --pt are required");
        }
        if (mtu < RtpPacket.FIXED_HEADER + 64) {
            throw new IllegalArgumentException("--mtu must be at least " + (RtpPacket.FIXED_HEADER + 64));
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("--fps must be positive");
        }
        SecureRandom random = new SecureRandom();
        long s = ssrc != null ? ssrc : random.nextInt() & 0xffffffffL;
        List<TimedFrame> frames = read(file, codec, fps);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(to.getAddress(), 0))) {
            socket.setSendBufferSize(1 << 20);
            send(frames, codec, pt, s, random.nextInt(65536), mtu, paced, socket, to, System.out);
        }
        return 0;
    }

    private static long ssrc(String v) {
        String t = RtpRecv.need("--ssrc", v);
        try {
            long n = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (n < 0 || n > 0xffffffffL) {
                throw new IllegalArgumentException("--ssrc must fit 32 bits: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ssrc needs a number (decimal or 0x hex), not " + v);
        }
    }

    /** The frames of {@code file} with RTP timestamps at the codec's clock rate, the first at 0. */
    static List<TimedFrame> read(Path file, CodecType codec, double fps) throws Exception {
        byte[] b = Files.readAllBytes(file);
        List<TimedFrame> out = new ArrayList<>();
        switch (codec) {
            case OPUS -> {
                long ts = 0;
                for (var p : OggOpusFile.parse(b).packets()) {
                    byte[] data = p.toByteArray();
                    out.add(new TimedFrame(data, ts));
                    ts += Opus.samplesPerPacket(data);
                }
            }
            case H264, H265 -> {
                List<byte[]> aus = AnnexBFile.accessUnits(b, codec == CodecType.H265);
                for (int i = 0; i < aus.size(); i++) {
                    out.add(new TimedFrame(aus.get(i), Math.round(i * 90_000 / fps)));
                }
            }
            default -> {
                IvfFile ivf = IvfFile.parse(b);
                String want = codec == CodecType.VP8 ? "VP80" : codec == CodecType.VP9 ? "VP90" : "AV01";
                if (!ivf.fourcc().equals(want)) {
                    throw new RtpParseException(file.getFileName() + " holds " + ivf.fourcc() + ", not " + want);
                }
                long first = ivf.frames().isEmpty() ? 0 : ivf.frames().get(0).timestamp();
                for (IvfFile.Frame f : ivf.frames()) {
                    // IVF times are in units of numerator/denominator seconds
                    long ts = Math.round((f.timestamp() - first) * 90_000.0 * ivf.timebaseNumerator() / ivf.timebaseDenominator());
                    out.add(new TimedFrame(f.data().toByteArray(), ts));
                }
            }
        }
        return out;
    }

    /** Packetizes and sends every frame; with {@code paced}, each frame at its timestamp after the first. */
    static Summary send(List<TimedFrame> frames, CodecType codec, int pt, long ssrc, int firstSeq, int mtu, boolean paced,
                        DatagramSocket socket, InetSocketAddress to, PrintStream log) throws Exception {
        log.printf("[RTP] sending %d %s frames to %s: payload type %d, SSRC %08x, first seq %d, MTU %d, %s%n", frames.size(),
                codec, to, pt, ssrc, firstSeq, mtu, paced ? "paced" : "as fast as possible");
        FrameSender sender = new FrameSender(codec.packetizer(), pt, ssrc, firstSeq, mtu);
        long base = 0x12345678L; // any first RTP timestamp: the receiver only looks at differences
        long packets = 0;
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
            TimedFrame f = frames.get(i);
            if (paced) {
                long due = start + f.timestamp() * 1_000_000_000L / codec.clockRate();
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
            }
            List<RtpPacket> ps = sender.send(f.data(), base + f.timestamp());
            for (RtpPacket p : ps) {
                byte[] wire = p.encode();
                socket.send(new DatagramPacket(wire, wire.length, to));
                packets++;
                bytes += wire.length;
            }
            if (!ps.isEmpty() && (i < 3 || i == frames.size() - 1)) {
                log.printf("[RTP] frame %d (%d bytes%s, ts +%d) -> %d packets, seq %d..%d%n", i, f.data().length,
                        codec.isKeyframe(f.data()) ? ", keyframe" : "", f.timestamp(), ps.size(), ps.get(0).sequenceNumber(),
                        ps.get(ps.size() - 1).sequenceNumber());
            }
        }
        log.printf("[RTP] sent %d frames in %d packets (%d bytes) in %d ms%n", frames.size(), packets, bytes,
                (System.nanoTime() - start) / 1_000_000);
        return new Summary(frames.size(), packets, bytes, firstSeq, ssrc);
    }
}
