package io.jrtc.examples.rtp;

import io.jrtc.core.Bytes;
import io.jrtc.examples.Example;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.stream.FrameAssembler;
import io.jrtc.rtp.stream.FrameSender;
import io.jrtc.rtp.stream.RetransmissionCache;
import io.jrtc.rtp.stream.Rtx;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SimPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reads a media file (IVF with VP8/VP9/AV1, Ogg Opus, H.264/H.265 Annex B), packetizes every frame
 * into RTP, sends the packets over a simulated path that loses, duplicates and reorders them,
 * recovers the losses with RTCP NACKs answered by RTX retransmissions (RFC 4585, RFC 4588),
 * reassembles the frames and writes them to OUT in the same container. All in-process, in virtual
 * time, with a seeded random: the same arguments give the same run.
 */
public final class MediaRoundTrip implements Example {
    private static final long MS = 1_000_000L;
    private static final int PT = 96;
    private static final int RTX_PT = 97;
    private static final long SSRC = 0x11223344L;
    private static final long RTX_SSRC = 0x55667788L;
    private static final long RECEIVER_SSRC = 0x0badcafeL;

    /** What the run did, for the test. */
    public record Summary(CodecType codec, int framesIn, int framesWritten, long packetsSent, long packetsLost,
                          long retransmitted, boolean identical) {
    }

    @Override
    public String name() {
        return "media-roundtrip";
    }

    @Override
    public String usage() {
        return "IN OUT [--loss P] [--mtu N] [--seed S]";
    }

    @Override
    public String description() {
        return "RTP: packetize a media file, lose/reorder/duplicate, recover with NACK+RTX, reassemble";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: media-roundtrip " + usage());
            return 2;
        }
        double loss = 0.05;
        int mtu = 1200;
        long seed = 1;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--loss":
                    loss = Double.parseDouble(args[i + 1]);
                    break;
                case "--mtu":
                    mtu = Integer.parseInt(args[i + 1]);
                    break;
                case "--seed":
                    seed = Long.parseLong(args[i + 1]);
                    break;
                default:
                    System.err.println("unknown option " + args[i]);
                    return 2;
            }
        }
        Summary s = roundTrip(Path.of(args[0]), Path.of(args[1]), loss, mtu, seed);
        return s.identical() ? 0 : 1;
    }

    /** The whole run; prints each step. */
    public static Summary roundTrip(Path in, Path out, double loss, int mtu, long seed) throws Exception {
        // 1. Read the input file into frames, remembering how to write the same container back.
        byte[] file = Files.readAllBytes(in);
        CodecType codec;
        List<byte[]> frames = new ArrayList<>();
        IvfFile ivf = null;
        OggOpusFile ogg = null;
        if (file.length >= 4 && file[0] == 'D' && file[1] == 'K' && file[2] == 'I' && file[3] == 'F') {
            ivf = IvfFile.parse(file);
            codec = ivf.fourcc().equals("VP80") ? CodecType.VP8 : ivf.fourcc().equals("VP90") ? CodecType.VP9 : CodecType.AV1;
            ivf.frames().forEach(f -> frames.add(f.data().toByteArray()));
        } else if (file.length >= 4 && file[0] == 'O' && file[1] == 'g' && file[2] == 'g' && file[3] == 'S') {
            ogg = OggOpusFile.parse(file);
            codec = CodecType.OPUS;
            ogg.packets().forEach(p -> frames.add(p.toByteArray()));
        } else {
            String n = in.getFileName().toString().toLowerCase();
            codec = n.endsWith(".h265") || n.endsWith(".hevc") || n.endsWith(".265") ? CodecType.H265 : CodecType.H264;
            frames.addAll(AnnexBFile.accessUnits(file, codec == CodecType.H265));
        }
        System.out.printf("[RTP] read %s: %s, %d frames; MTU %d, loss %.0f%%, seed %d%n", in.getFileName(), codec,
                frames.size(), mtu, loss * 100, seed);

        // 2. The sender side: packetizer + RTP numbering, and a cache of sent packets for NACKs.
        FrameSender sender = new FrameSender(codec.packetizer(), PT, SSRC, 65000, mtu);
        RetransmissionCache cache = new RetransmissionCache(8192, RTX_PT, RTX_SSRC, 0);
        // 3. The network: a lossy, duplicating, reordering path each way, in virtual time. The first
        //    and last frames take a clean path: nothing before the first packet or after the last one
        //    can be noticed missing.
        SplittableRandom random = new SplittableRandom(seed);
        SimPath forward = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(30))
                        .withJitter(Duration.ofMillis(30)).withLoss(loss).withDuplication(0.02));
        SimPath clean = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(30)));
        SimPath back = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(30))
                        .withJitter(Duration.ofMillis(5)).withLoss(loss));
        // 4. The receiver: RTX unwrapping, frame assembly, NACK generation.
        FrameAssembler assembler = new FrameAssembler(codec.depacketizer(), new FrameAssembler.Config(8192, 80 * MS, 20, 16));
        List<byte[]> received = new ArrayList<>();
        long interval = codec.isVideo() ? 66 * MS : 20 * MS;
        long tsStep = codec.isVideo() ? codec.clockRate() / 15 : 960;
        long nacksSent = 0;
        int next = 0;
        long deadline = frames.size() * interval + 30_000 * MS;
        for (long now = 0; now < deadline && received.size() < frames.size(); now += 5 * MS) {
            while (next < frames.size() && next * interval <= now) {
                List<RtpPacket> packets = sender.send(frames.get(next), next * tsStep);
                if (next < 3 || next == frames.size() - 1) {
                    System.out.printf("[RTP] t=%4d ms frame %d (%d bytes%s) -> %d packets, seq %d..%d%n", now / MS, next,
                            frames.get(next).length, codec.isKeyframe(frames.get(next)) ? ", keyframe" : "", packets.size(),
                            packets.get(0).sequenceNumber(), packets.get(packets.size() - 1).sequenceNumber());
                }
                for (RtpPacket p : packets) {
                    cache.put(p);
                    (next == 0 || next == frames.size() - 1 ? clean : forward).send(now, p.encode());
                }
                next++;
            }
            List<byte[]> arriving = new ArrayList<>(clean.receive(now));
            arriving.addAll(forward.receive(now));
            for (byte[] d : arriving) {
                RtpPacket p = RtpPacket.parse(d);
                if (p.payloadType() == RTX_PT) {
                    p = Rtx.unwrap(p, PT, SSRC);
                }
                assembler.push(p);
            }
            for (AssembledFrame f; (f = assembler.pollFrame()) != null; ) {
                received.add(f.data().toByteArray());
            }
            List<Integer> lost = assembler.nacksDue(now);
            List<RtcpPacket> feedback = new ArrayList<>();
            if (!lost.isEmpty()) {
                feedback.add(GenericNack.of(RECEIVER_SSRC, SSRC, lost));
                nacksSent++;
                if (nacksSent <= 3) {
                    System.out.printf("[RTCP] t=%4d ms receiver sends NACK for %s%n", now / MS, lost);
                }
            }
            if (assembler.pollKeyframeRequest()) {
                feedback.add(new PictureLossIndication(RECEIVER_SSRC, SSRC));
                System.out.printf("[RTCP] t=%4d ms receiver gave up on a frame and sends PLI%n", now / MS);
            }
            if (!feedback.isEmpty()) {
                back.send(now, RtcpPacket.encodeCompound(feedback));
            }
            for (byte[] d : back.receive(now)) {
                for (RtcpPacket r : RtcpPacket.parseCompound(d)) {
                    if (r instanceof GenericNack) {
                        for (RtpPacket p : cache.answer((GenericNack) r)) {
                            forward.send(now, p.encode());
                        }
                    }
                }
            }
        }
        System.out.printf("[RTP] receiver: %s%n", assembler.stats());

        // 5. Write OUT in the input's container, then read it back and compare frame by frame.
        byte[] written;
        List<byte[]> reread = new ArrayList<>();
        if (ivf != null) {
            List<IvfFile.Frame> outFrames = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                outFrames.add(new IvfFile.Frame(ivf.frames().get(i).timestamp(), Bytes.wrap(received.get(i))));
            }
            written = new IvfFile(ivf.fourcc(), ivf.width(), ivf.height(), ivf.timebaseDenominator(), ivf.timebaseNumerator(), outFrames).encode();
            IvfFile.parse(written).frames().forEach(f -> reread.add(f.data().toByteArray()));
        } else if (ogg != null) {
            List<Bytes> packets = new ArrayList<>();
            received.forEach(b -> packets.add(Bytes.wrap(b)));
            written = new OggOpusFile(ogg.head(), ogg.tags(), packets, ogg.serial(), ogg.finalGranule()).encode();
            OggOpusFile.parse(written).packets().forEach(p -> reread.add(p.toByteArray()));
        } else {
            written = AnnexBFile.write(received);
            reread.addAll(AnnexBFile.accessUnits(written, codec == CodecType.H265));
        }
        Files.write(out, written);
        boolean identical = reread.size() == frames.size();
        for (int i = 0; identical && i < frames.size(); i++) {
            identical = Arrays.equals(frames.get(i), reread.get(i));
        }
        Summary s = new Summary(codec, frames.size(), received.size(), forward.sent() + clean.sent(), forward.lost(),
                cache.retransmitted(), identical);
        System.out.printf("[RTP] packets sent %d, lost %d, retransmitted %d; frames written %d of %d to %s%n",
                s.packetsSent(), s.packetsLost(), s.retransmitted(), s.framesWritten(), s.framesIn(), out.getFileName());
        System.out.println("[RTP] OUT frames " + (identical ? "equal" : "DIFFER FROM") + " IN frames");
        return s;
    }

}
