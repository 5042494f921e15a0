package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Mutated and random payloads only ever raise RtpParseException from a depacketizer, and never make
 * it allocate more than the bytes it was given (lengths are checked before use).
 */
class DepacketizerProperties {
    private static final List<List<byte[]>> PACKETS = new ArrayList<>();

    static {
        for (CodecType c : CodecType.values()) {
            List<byte[]> all = new ArrayList<>();
            Packetizer p = c.packetizer();
            for (byte[] f : Samples.frames(c).subList(0, 4)) {
                all.addAll(p.packetize(f, 300));
            }
            PACKETS.add(all);
        }
    }

    @Property(tries = 600)
    void mutatedPayloadsOnlyRaiseParseException(@ForAll @IntRange(min = 0, max = 5) int codec, @ForAll long seed) {
        CodecType c = CodecType.values()[codec];
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> src = PACKETS.get(codec);
        int from = r.nextInt(src.size());
        List<byte[]> frame = new ArrayList<>();
        long total = 0;
        for (int i = from; i < Math.min(src.size(), from + 1 + r.nextInt(4)); i++) {
            byte[] p = src.get(i).clone();
            if (p.length > 0) {
                for (int k = r.nextInt(1, 4); k > 0; k--) {
                    p[r.nextInt(Math.min(p.length, 8))] = (byte) r.nextInt(256);
                }
            }
            if (r.nextInt(4) == 0) {
                p = java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
            }
            total += p.length;
            frame.add(p);
        }
        Depacketizer d = c.depacketizer();
        for (byte[] p : frame) {
            try {
                d.isFrameStart(p);
                d.isKeyframe(p);
            } catch (RtpParseException expected) {
                // fine
            }
        }
        try {
            byte[] out = d.depacketize(frame);
            // output never exceeds input plus start codes / size fields added per NAL unit or OBU
            assertTrue(out.length <= 2 + total * 5, c + ": " + out.length + " bytes out of " + total);
        } catch (RtpParseException expected) {
            // fine
        }
    }

    @Property(tries = 300)
    void randomPayloadsOnlyRaiseParseException(@ForAll @IntRange(min = 0, max = 5) int codec, @ForAll byte[] payload) {
        Depacketizer d = CodecType.values()[codec].depacketizer();
        try {
            d.isFrameStart(payload);
            d.isKeyframe(payload);
            d.depacketize(List.of(payload));
        } catch (RtpParseException expected) {
            // fine
        }
    }
}
