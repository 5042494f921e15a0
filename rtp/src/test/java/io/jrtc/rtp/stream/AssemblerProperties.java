package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.CodecType;
import net.jqwik.api.ForAll;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile packet streams (random sequence jumps, timestamps, markers and payload bytes) never make
 * the assembler or the receiver engine throw, and memory stays bounded.
 */
class AssemblerProperties {
    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void hostileStreamsStayBounded(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int codec) {
        SplittableRandom r = new SplittableRandom(seed);
        FrameAssembler a = new FrameAssembler(CodecType.values()[codec].depacketizer(), new FrameAssembler.Config(128, 5, 3, 8));
        int seq = r.nextInt(65536);
        long now = 0;
        for (int i = 0; i < 1500; i++) {
            seq = (seq + (r.nextInt(10) == 0 ? r.nextInt(65536) : r.nextInt(-3, 5))) & 0xffff;
            byte[] payload = new byte[r.nextInt(40)];
            r.nextBytes(payload);
            a.push(seq, r.nextInt(4) == 0 ? r.nextLong(1L << 32) : i / 3 * 3000L, r.nextInt(3) == 0, payload);
            now += 1 + r.nextInt(10);
            assertTrue(a.nacksDue(now).size() <= 128);
            assertTrue(a.bufferedPackets() <= 128, "buffer " + a.bufferedPackets());
            while (a.pollFrame() != null) {
                // drain
            }
        }
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void receiverEngineSurvivesMutatedDatagrams(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RtpReceiver rx = new RtpReceiver(RtpReceiver.Config.builder(CodecType.H264.depacketizer(), 96, 1, 3).rtx(97, 2)
                .assembler(new FrameAssembler.Config(64, 1_000_000, 2, 4)).checkIntervalNanos(1_000_000)
                .reportIntervalNanos(5_000_000).build());
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[r.nextInt(30)];
            r.nextBytes(payload);
            boolean rtx = r.nextInt(5) == 0;
            byte[] d = RtpPacket.of(r.nextBoolean(), rtx ? 97 : 96, r.nextInt(65536), r.nextLong(1L << 32), rtx ? 2 : 1,
                    Bytes.wrap(payload)).encode();
            for (int k = r.nextInt(3); k > 0; k--) {
                d[r.nextInt(d.length)] = (byte) r.nextInt(256);
            }
            rx.handleInput(i * 100_000L, d);
            rx.handleTimeout(i * 100_000L);
            while (rx.pollTransmit() != null) {
                // drain
            }
            while (rx.pollEvent() != null) {
                // drain
            }
        }
        assertTrue(rx.stats().assembler().packets() + rx.stats().malformed() > 0);
    }
}
