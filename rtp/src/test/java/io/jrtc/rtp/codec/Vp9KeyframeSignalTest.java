package io.jrtc.rtp.codec;

import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.stream.FrameAssembler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A VP9 sender that leaves P = 0 on every packet (ffmpeg 5.1's experimental packetizer writes only B
 * and E: descriptor 0x08 / 0x04 / 0x0c) must not make every frame a keyframe: a receiver that joins
 * such a stream late would otherwise start on an inter frame its decoder cannot decode. Found by
 * {@code FfmpegRtpTest} (every frame of ffmpeg's VP9 was reported as a keyframe).
 */
class Vp9KeyframeSignalTest {
    private static final byte KEY = (byte) 0x82;   // frame_marker 2, profile 0, show_existing 0, frame_type 0 (key)
    private static final byte INTER = (byte) 0x86; // frame_type 1

    /** What ffmpeg sends for one frame: B on the first packet, E on the last, nothing else. */
    private static List<byte[]> ffmpegStyle(byte first, int size, int maxPayload) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < size; off += maxPayload - 1) {
            int len = Math.min(maxPayload - 1, size - off);
            byte[] p = new byte[1 + len];
            p[0] = (byte) ((off == 0 ? 0x08 : 0) | (off + len == size ? 0x04 : 0));
            for (int i = 1; i < p.length; i++) {
                p[i] = (byte) (off + i);
            }
            if (off == 0) {
                p[1] = first;
            }
            out.add(p);
        }
        return out;
    }

    @Test
    void interFrameWithoutThePBitIsNotAKeyframe() throws Exception {
        Vp9Depacketizer d = new Vp9Depacketizer();
        assertTrue(d.isKeyframe(ffmpegStyle(KEY, 100, 1200).get(0)));
        assertFalse(d.isKeyframe(ffmpegStyle(INTER, 100, 1200).get(0)), "P = 0 but the frame header says inter");
        assertFalse(d.isKeyframe(ffmpegStyle(KEY, 3000, 1200).get(1)), "not the first packet of the frame");
        assertFalse(d.isKeyframe(new byte[] {0x08}), "a descriptor with no frame byte after it");
    }

    @Test
    void assemblerJoiningLateStartsAtTheNextRealKeyframe() throws Exception {
        // the receiver's first packets are three inter frames, then a keyframe, then an inter frame
        FrameAssembler a = new FrameAssembler(new Vp9Depacketizer(), new FrameAssembler.Config(1024, 40_000_000L, 10, 2));
        byte[] kinds = {INTER, INTER, INTER, KEY, INTER};
        int seq = 100;
        for (int f = 0; f < kinds.length; f++) {
            List<byte[]> ps = ffmpegStyle(kinds[f], 2000, 1200);
            for (int i = 0; i < ps.size(); i++) {
                a.push(seq++, 3000L * f, i == ps.size() - 1, ps.get(i));
            }
        }
        a.nacksDue(0);
        List<AssembledFrame> out = new ArrayList<>();
        for (AssembledFrame f; (f = a.pollFrame()) != null; ) {
            out.add(f);
        }
        assertEquals(2, out.size(), "the keyframe and the frame after it");
        assertTrue(out.get(0).keyframe());
        assertEquals(KEY, out.get(0).data().get(0));
        assertFalse(out.get(1).keyframe());
        assertEquals(3000L * 3, out.get(0).timestamp());
    }
}
