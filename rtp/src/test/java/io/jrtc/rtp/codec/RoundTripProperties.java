package io.jrtc.rtp.codec;

import io.jrtc.rtp.stream.AssembledFrame;
import net.jqwik.api.ForAll;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** For any seed, codec and MTU, the lossy path with NACK/RTX gives back exactly the frames sent. */
class RoundTripProperties {
    @Property(tries = 36, edgeCases = EdgeCasesMode.NONE)
    void anySeedCodecAndMtu(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int codec,
                            @ForAll @IntRange(min = 300, max = 1400) int mtu) throws Exception {
        CodecType c = CodecType.values()[codec];
        List<byte[]> in = Samples.frames(c);
        LossyRoundTrip.Result r = LossyRoundTrip.run(c, in, mtu, seed, 0.15);
        assertEquals(in.size(), r.frames().size(), c + " " + r.stats());
        for (int i = 0; i < in.size(); i++) {
            AssembledFrame f = r.frames().get(i);
            assertArrayEquals(in.get(i), f.data().toByteArray(), c + " frame " + i);
        }
    }
}
