package io.jrtc.rtp.stream;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Vp8Packetizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Padding-only packets (bandwidth probes on the media SSRC) take sequence numbers but belong to no frame. */
class PaddingTest {
    static final long MS = 1_000_000L;

    @Test
    void paddingBetweenFramesIsNeitherAHoleNorAFrame() {
        FrameAssembler a = new FrameAssembler(CodecType.VP8.depacketizer(), new FrameAssembler.Config(64, 10 * MS, 2, 0));
        FrameSender s = new FrameSender(new Vp8Packetizer(0), 96, 1, 65530, 200);
        byte[] key = new byte[500];
        byte[] delta = new byte[300];
        delta[0] = 1;
        List<RtpPacket> first = s.send(key, 0);
        int paddingSeq = (first.get(first.size() - 1).sequenceNumber() + 1) & 0xffff;
        // the sender numbered its next frame after the padding packet
        FrameSender after = new FrameSender(new Vp8Packetizer(1), 96, 1, paddingSeq + 1, 200);
        List<RtpPacket> second = after.send(delta, 3000);
        first.forEach(a::push);
        // the padding arrives after the next frame (reordered): the frame waits for it, then both are done
        second.forEach(a::push);
        assertNotNull(a.pollFrame());
        assertNull(a.pollFrame(), "the delta frame waits for the padding's sequence number");
        assertEquals(List.of(paddingSeq), a.nacksDue(0), "until then it is a hole like any other");
        a.pushPadding(paddingSeq);
        AssembledFrame f = a.pollFrame();
        assertNotNull(f);
        assertEquals(3000, f.timestamp());
        assertFalse(f.keyframe());
        assertNull(a.pollFrame());
        assertEquals(List.of(), a.nacksDue(20 * MS));
        assertEquals(0, a.stats().framesDropped());
        assertEquals(0, a.stats().keyframeRequests());
        a.pushPadding(paddingSeq);
        assertEquals(1, a.stats().late(), "a copy after it was consumed is late, as for media");
    }

    @Test
    void paddingBeforeTheFirstKeyframeIsSkipped() {
        FrameAssembler a = new FrameAssembler(CodecType.VP8.depacketizer(), new FrameAssembler.Config(64, 10 * MS, 2, 0));
        a.pushPadding(99);
        a.pushPadding(100);
        FrameSender s = new FrameSender(new Vp8Packetizer(0), 96, 1, 101, 200);
        s.send(new byte[450], 9000).forEach(a::push);
        List<AssembledFrame> out = new ArrayList<>();
        for (AssembledFrame f; (f = a.pollFrame()) != null; ) {
            out.add(f);
        }
        assertEquals(1, out.size());
        assertTrue(out.get(0).keyframe());
        assertEquals(450, out.get(0).data().length());
    }
}
