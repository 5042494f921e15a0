package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** IVF and Ogg Opus files of random frames round trip; Ogg pages of long packets continue correctly. */
class MediaFileProperties {
    @Property(tries = 100)
    void ivfRoundTrips(@ForAll long seed, @ForAll @IntRange(min = 0, max = 20) int count) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<IvfFile.Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] d = new byte[r.nextInt(3000)];
            r.nextBytes(d);
            frames.add(new IvfFile.Frame(r.nextLong(1L << 40), Bytes.wrap(d)));
        }
        IvfFile f = new IvfFile("VP80", r.nextInt(65536), r.nextInt(65536), 90000, 1, frames);
        assertEquals(f, IvfFile.parse(f.encode()));
    }

    @Property(tries = 100)
    void oggOpusRoundTrips(@ForAll long seed, @ForAll @IntRange(min = 0, max = 120) int count) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<Bytes> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // lengths around the 255-byte lacing boundary, TOC byte of a 20 ms CELT frame (config 31, code 0)
            byte[] d = new byte[1 + (r.nextBoolean() ? r.nextInt(600) : 254 + r.nextInt(3))];
            r.nextBytes(d);
            d[0] = (byte) 0xf8;
            packets.add(Bytes.wrap(d));
        }
        OggOpusFile.Head head = new OggOpusFile.Head(1, 2, 312, 48000, -3, 0, Bytes.EMPTY);
        OggOpusFile.Tags tags = new OggOpusFile.Tags("jrtc", List.of("A=b", "TITLE=x"));
        // the final granule counts every sample from the start (pre-skip included), less an end trim within the last packet
        long finalGranule = 960L * count - (count > 0 ? r.nextInt(960) : 0);
        OggOpusFile f = new OggOpusFile(head, tags, packets, r.nextLong(1L << 32), finalGranule);
        assertEquals(f, OggOpusFile.parse(f.encode()));
    }
}
