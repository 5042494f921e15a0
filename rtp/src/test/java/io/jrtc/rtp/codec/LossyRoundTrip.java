package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.stream.FrameAssembler;
import io.jrtc.rtp.stream.FrameSender;
import io.jrtc.rtp.stream.RetransmissionCache;
import io.jrtc.rtp.stream.Rtx;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SimPath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sends frames through a seeded lossy, duplicating, reordering path in virtual time, with NACKs going
 * back (over a lossy path too) and RTX retransmissions answering them; returns what the assembler gave.
 */
final class LossyRoundTrip {
    static final long MS = 1_000_000L;

    record Result(List<AssembledFrame> frames, FrameAssembler.Stats stats, long sent, long lost, long retransmitted) {
    }

    static Result run(CodecType codec, List<byte[]> frames, int mtu, long seed, double loss) throws RtpParseException {
        SplittableRandom random = new SplittableRandom(seed);
        FrameSender sender = new FrameSender(codec.packetizer(), 96, 0x1234, 65500, mtu);
        RetransmissionCache cache = new RetransmissionCache(4096, 97, 0x5678, 100);
        SimPath forward = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(20))
                        .withJitter(Duration.ofMillis(40)).withLoss(loss).withDuplication(0.05));
        // a receiver cannot NACK what comes before the first packet it sees, nor after the last (no
        // later packet shows the hole), so the first and last frames go through a clean path with the
        // same base delay; every other packet, and every retransmission, meets loss and reordering
        SimPath start = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(20)));
        SimPath back = new SimPath(random.nextLong(),
                LinkConditions.perfect().withLatency(Duration.ofMillis(20))
                        .withJitter(Duration.ofMillis(5)).withLoss(loss / 2));
        FrameAssembler assembler = new FrameAssembler(codec.depacketizer(), new FrameAssembler.Config(4096, 60 * MS, 30, 16));
        List<AssembledFrame> out = new ArrayList<>();
        long frameInterval = codec.isVideo() ? 33 * MS : 20 * MS;
        long tsStep = codec.isVideo() ? 3000 : 960;
        int nextFrame = 0;
        long end = frames.size() * frameInterval + 10_000 * MS;
        for (long now = 0; now < end && out.size() < frames.size(); now += 5 * MS) {
            while (nextFrame < frames.size() && nextFrame * frameInterval <= now) {
                for (RtpPacket p : sender.send(frames.get(nextFrame), 0xffff0000L + nextFrame * tsStep)) {
                    cache.put(p);
                    (nextFrame == 0 || nextFrame == frames.size() - 1 ? start : forward).send(now, p.encode());
                }
                nextFrame++;
            }
            List<byte[]> arrived = new ArrayList<>(start.receive(now));
            arrived.addAll(forward.receive(now));
            for (byte[] d : arrived) {
                RtpPacket p = RtpPacket.parse(d);
                if (p.payloadType() == 97) {
                    p = Rtx.unwrap(p, 96, 0x1234);
                }
                assembler.push(p);
            }
            for (AssembledFrame f; (f = assembler.pollFrame()) != null; ) {
                out.add(f);
            }
            List<Integer> nack = assembler.nacksDue(now);
            if (!nack.isEmpty()) {
                back.send(now, GenericNack.of(0x9999, 0x1234, nack).encode());
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
        return new Result(out, assembler.stats(), forward.sent(), forward.lost(), cache.retransmitted());
    }
}
