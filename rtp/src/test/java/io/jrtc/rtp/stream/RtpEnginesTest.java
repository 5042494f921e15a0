package io.jrtc.rtp.stream;

import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Sender and receiver engines on the testkit's simulated network with loss, jitter, reordering and duplicates. */
@ExtendWith(SeedReporter.class)
class RtpEnginesTest {
    static final long MS = 1_000_000L;
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5004);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5004);

    @Test
    void vp8StreamOverLossyNetworkArrivesWhole() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (IvfFile.Frame f : IvfFile.parse(TestVectors.bytes(RtpEnginesTest.class, "/media/vp8.ivf")).frames()) {
            frames.add(f.data().toByteArray());
        }
        frames.addAll(new ArrayList<>(frames)); // 30 frames, 2 s
        Simulation sim = new Simulation(Seeds.seed(606));
        LinkConditions bad = LinkConditions.perfect().withLatency(Duration.ofMillis(25)).withJitter(Duration.ofMillis(10))
                .withLoss(0.08).withDuplication(0.03).withReordering(0.1, Duration.ofMillis(20));
        LinkConditions clean = LinkConditions.perfect().withLatency(Duration.ofMillis(25));
        sim.network().setConditionsBothWays(A.getAddress(), B.getAddress(), clean);

        RtpSender sender = new RtpSender(RtpSender.Config.builder(CodecType.VP8.packetizer(), 96, 0x1111).rtx(97, 0x2222)
                .clockRate(90000).mtu(500).initialSequence(30000).cacheSize(1024).reportIntervalNanos(500 * MS)
                .ntpOffsetNanos(3_900_000_000L * 1_000_000_000L).cname("jrtc@sim").build());
        RtpReceiver receiver = new RtpReceiver(RtpReceiver.Config.builder(CodecType.VP8.depacketizer(), 96, 0x1111, 0x3333).rtx(97, 0x2222)
                .clockRate(90000).assembler(new FrameAssembler.Config(1024, 60 * MS, 20, 16)).checkIntervalNanos(10 * MS)
                .reportIntervalNanos(500 * MS).build());
        EngineNode<byte[], RtpSender.Event> s = sim.add(EngineNode.pointToPoint(sender, A, B, sender::handleInput), A);
        EngineNode<byte[], RtpReceiver.Event> r = sim.add(EngineNode.pointToPoint(receiver, B, A, receiver::handleInput), B);

        for (int i = 0; i < frames.size(); i++) {
            // a receiver cannot NACK before its first packet or after the last: those frames go clean
            sim.network().setConditionsBothWays(A.getAddress(), B.getAddress(), i == 0 || i == frames.size() - 1 ? clean : bad);
            sender.sendFrame(sim.now(), frames.get(i), 6000L * i);
            sim.runFor(Duration.ofMillis(66));
        }
        sim.network().setConditionsBothWays(A.getAddress(), B.getAddress(), bad);
        sim.runUntilOrFail(() -> r.events().stream().filter(e -> e instanceof RtpReceiver.FrameReceived).count() == frames.size(),
                Duration.ofSeconds(10), "all frames received");

        List<byte[]> got = new ArrayList<>();
        for (RtpReceiver.Event e : r.events()) {
            if (e instanceof RtpReceiver.FrameReceived) {
                got.add(((RtpReceiver.FrameReceived) e).frame().data().toByteArray());
            }
        }
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i), "frame " + i);
        }
        assertTrue(sim.network().stats().lost > 0, "the network lost packets: " + sim.network().stats());
        assertTrue(sender.stats().retransmitted() > 0, "NACKs were answered with RTX");
        assertTrue(s.inputErrors().isEmpty() && r.inputErrors().isEmpty());
        // receiver reports came back and gave round-trip times near 50 ms (25 ms each way plus jitter)
        sim.runFor(Duration.ofSeconds(2));
        List<Long> rtts = new ArrayList<>();
        for (RtpSender.Event e : s.events()) {
            if (e instanceof RtpSender.RoundTripTime) {
                rtts.add(((RtpSender.RoundTripTime) e).nanos());
            }
        }
        assertFalse(rtts.isEmpty(), "RTT from RR LSR/DLSR");
        for (long rtt : rtts) {
            assertTrue(rtt >= 45 * MS && rtt <= 120 * MS, "rtt " + rtt / MS + " ms");
        }
        assertEquals(0, receiver.stats().malformed());
    }

    @Test
    void malformedInputIsDroppedAndCounted() {
        RtpReceiver receiver = new RtpReceiver(RtpReceiver.Config.builder(CodecType.VP8.depacketizer(), 96, 1, 3).rtx(97, 2)
                .reportIntervalNanos(500 * MS).build());
        receiver.handleInput(0, new byte[] {(byte) 0x80, 96, 0});
        receiver.handleInput(0, new byte[] {(byte) 0x81, (byte) 201, 0, 9});
        receiver.handleInput(0, new byte[0]);
        assertEquals(3, receiver.stats().malformed());
        RtpSender sender = new RtpSender(RtpSender.Config.builder(CodecType.VP8.packetizer(), 96, 1).rtx(97, 2).cacheSize(64)
                .reportIntervalNanos(500 * MS).cname("x").build());
        sender.handleInput(0, new byte[] {(byte) 0x81, (byte) 205, 0, 9});
        assertEquals(1, sender.stats().malformedRtcp());
        assertNull(sender.pollEvent());
    }
}
