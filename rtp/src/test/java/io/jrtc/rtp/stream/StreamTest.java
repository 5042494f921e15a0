package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Vp8Packetizer;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StreamTest {
    static final long MS = 1_000_000L;

    @Test
    void unwrapsAcrossWraps() {
        SequenceUnwrapper u = SequenceUnwrapper.sequence();
        long a = u.unwrap(65534);
        assertEquals(a + 1, u.unwrap(65535));
        assertEquals(a + 2, u.unwrap(0));
        assertEquals(a - 1, u.unwrap(65533), "late packet from before the wrap");
        assertEquals(a + 5, u.unwrap(3));
        SequenceUnwrapper t = SequenceUnwrapper.timestamp();
        long x = t.unwrap(0xfffffff0L);
        assertEquals(x + 0x20, t.unwrap(0x10));
    }

    @Test
    void rtxWrapAndUnwrap() throws Exception {
        RtpPacket p = RtpPacket.of(true, 96, 4242, 90000, 0x1111, Bytes.fromHex("0102"));
        RtpPacket rtx = Rtx.wrap(p, 97, 0x2222, 7);
        assertEquals(Bytes.fromHex("1092 0102"), rtx.payload());
        assertEquals(97, rtx.payloadType());
        assertEquals(7, rtx.sequenceNumber());
        assertEquals(p, Rtx.unwrap(RtpPacket.parse(rtx.encode()), 96, 0x1111));
        assertThrows(io.jrtc.rtp.RtpParseException.class, () -> Rtx.unwrap(RtpPacket.of(false, 97, 1, 1, 1, Bytes.fromHex("01")), 96, 1));
    }

    @Test
    void retransmissionCacheAnswersNacks() {
        RetransmissionCache c = new RetransmissionCache(64, 97, 0x2222, 65535);
        for (int s = 65530; s < 65530 + 100; s++) {
            c.put(RtpPacket.of(false, 96, s & 0xffff, 0, 0x1111, Bytes.fromHex("aa")));
        }
        List<RtpPacket> ans = c.answer(GenericNack.of(1, 0x1111, List.of(60, 61, 10, 5)));
        assertEquals(2, ans.size(), "the last 64 packets (30..93 after the wrap) are cached: 60 and 61, not 10 or 5");
        assertEquals(65535, ans.get(0).sequenceNumber());
        assertEquals(0, ans.get(1).sequenceNumber(), "RTX sequence numbers wrap");
        assertNull(c.get(5));
        assertTrue(c.answer(GenericNack.of(1, 0x9999, List.of(60))).isEmpty(), "other SSRC");
    }

    @Test
    void receiverStatisticsJitterLossAndRtt() {
        ReceiverStatistics st = new ReceiverStatistics(0x1111, 90000);
        // 10 packets every 20 ms (1800 ticks), packet 5 lost, packet 7 arrives 10 ms late
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                continue;
            }
            long arrival = 1000 * MS + i * 20 * MS + (i == 7 ? 10 * MS : 0);
            st.onPacket(65533 + i, 1800L * i, arrival);
        }
        assertEquals(10, st.expected());
        assertEquals(1, st.cumulativeLost());
        // jitter: transit changes of 900 ticks twice (in and out of the late packet); J += (D - J) / 16
        long j = 0;
        for (long d : new long[] {0, 0, 0, 0, 0, 900, 900, 0}) {
            j += d - ((j + 8) >> 4);
        }
        assertEquals(j >> 4, st.jitter());
        SenderReport sr = new SenderReport(0x1111, 0x0000_1234_5678_0000L, 0, 0, 0, List.of(), Bytes.EMPTY);
        st.onSenderReport(sr, 2000 * MS);
        ReportBlock b = st.reportBlock(2500 * MS);
        assertEquals(0x12345678L, b.lastSr());
        assertEquals(65536 / 2, b.delaySinceLastSr(), "500 ms in 1/65536 s");
        assertEquals(25, b.fractionLost(), "1 of 10 lost = 25/256");
        assertEquals(65536 + 6, b.extendedHighestSequence(), "one wrap: cycles 1, sequence 6");
        assertEquals(0, st.reportBlock(2600 * MS).fractionLost(), "nothing new lost in the next interval");
        // RTT: the sender gets the block back at LSR + DLSR + 100 ms
        long nowCompact = 0x12345678L + b.delaySinceLastSr() + 6554; // 6554/65536 s = 100 ms
        long rtt = ReceiverStatistics.roundTripNanos(nowCompact << 16, b);
        assertTrue(Math.abs(rtt - 100 * MS) < MS, "rtt " + rtt);
    }

    @Test
    void brokenStreamSkipsToNextKeyframeAndAsksForOne() {
        FrameAssembler a = new FrameAssembler(CodecType.VP8.depacketizer(), new FrameAssembler.Config(64, 10 * MS, 2, 0));
        FrameSender s = new FrameSender(new Vp8Packetizer(0), 96, 1, 0, 200);
        byte[] key = new byte[500];
        byte[] delta = new byte[500];
        delta[0] = 1;
        List<List<RtpPacket>> frames = new ArrayList<>();
        frames.add(s.send(key, 0));
        for (int i = 1; i < 5; i++) {
            frames.add(s.send(delta, 3000L * i));
        }
        frames.add(s.send(key, 15000));
        frames.add(s.send(delta, 18000));
        // lose the second packet of frame 2 for good
        for (int f = 0; f < frames.size(); f++) {
            for (int i = 0; i < frames.get(f).size(); i++) {
                if (!(f == 2 && i == 1)) {
                    a.push(frames.get(f).get(i));
                }
            }
        }
        List<Long> got = new ArrayList<>();
        for (AssembledFrame fr; (fr = a.pollFrame()) != null; ) {
            got.add(fr.timestamp());
        }
        assertEquals(List.of(0L, 3000L), got, "stuck at the hole in frame 2");
        int seq = frames.get(2).get(1).sequenceNumber();
        assertEquals(List.of(seq), a.nacksDue(0));
        assertEquals(List.of(), a.nacksDue(5 * MS), "not again before the interval");
        assertEquals(List.of(seq), a.nacksDue(10 * MS));
        // third time: given up, frames 2-4 dropped, resume at the keyframe of frame 5
        assertEquals(List.of(), a.nacksDue(20 * MS));
        got.clear();
        for (AssembledFrame fr; (fr = a.pollFrame()) != null; ) {
            got.add(fr.timestamp());
        }
        assertEquals(List.of(15000L, 18000L), got);
        assertFalse(a.pollKeyframeRequest(), "a keyframe was already buffered");
        assertEquals(3, a.stats().framesDropped());

        // nothing decodable: the buffer stays bounded and a keyframe is requested
        for (int i = 0; i < 300; i++) {
            for (RtpPacket p : s.send(delta, 30000L + 3000L * i)) {
                if (i != 0 || p.sequenceNumber() % 2 == 0) {
                    a.push(p);
                }
            }
        }
        assertTrue(a.pollKeyframeRequest());
        assertTrue(a.missing().size() <= 64);
        for (RtpPacket p : s.send(key, 2_000_000)) {
            a.push(p);
        }
        AssembledFrame k = null;
        for (AssembledFrame fr; (fr = a.pollFrame()) != null; ) {
            k = fr;
        }
        assertNotNull(k);
        assertTrue(k.keyframe());
    }
}
