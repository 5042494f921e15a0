package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MediaFilesTest {
    static byte[] sample(String name) {
        return TestVectors.bytes(MediaFilesTest.class, "/media/" + name);
    }

    @Test
    void ivfSamplesParseAndRoundTrip() throws Exception {
        for (String[] s : new String[][] {{"vp8.ivf", "VP80"}, {"vp9.ivf", "VP90"}, {"av1.ivf", "AV01"}}) {
            IvfFile f = IvfFile.parse(sample(s[0]));
            assertEquals(s[1], f.fourcc(), s[0]);
            assertEquals(160, f.width());
            assertEquals(120, f.height());
            assertEquals(15, f.frames().size(), s[0]);
            CodecType c = s[1].equals("VP80") ? CodecType.VP8 : s[1].equals("VP90") ? CodecType.VP9 : CodecType.AV1;
            assertTrue(c.isKeyframe(f.frames().get(0).data().toByteArray()), s[0] + " starts with a keyframe");
            assertFalse(c.isKeyframe(f.frames().get(1).data().toByteArray()), s[0] + " second frame is not a keyframe");
            assertEquals(f, IvfFile.parse(f.encode()));
        }
    }

    @Test
    void annexBSamplesSplitIntoAccessUnits() {
        for (String name : List.of("h264.h264", "h265.h265")) {
            boolean h265 = name.startsWith("h265");
            List<byte[]> aus = AnnexBFile.accessUnits(sample(name), h265);
            assertEquals(15, aus.size(), name);
            CodecType c = h265 ? CodecType.H265 : CodecType.H264;
            assertTrue(c.isKeyframe(aus.get(0)), name);
            assertFalse(c.isKeyframe(aus.get(1)), name);
            // writing and reading again gives the same access units
            List<byte[]> again = AnnexBFile.accessUnits(AnnexBFile.write(aus), h265);
            assertEquals(aus.size(), again.size());
            for (int i = 0; i < aus.size(); i++) {
                assertArrayEquals(aus.get(i), again.get(i));
            }
        }
    }

    @Test
    void oggOpusSampleParsesAndRoundTrips() throws Exception {
        OggOpusFile f = OggOpusFile.parse(sample("opus.opus"));
        assertEquals(1, f.head().channels());
        assertEquals(48000, f.head().inputSampleRate());
        assertTrue(f.tags().vendor().length() > 0);
        assertTrue(f.packets().size() >= 50, "about 1 s of 20 ms packets: " + f.packets().size());
        OggOpusFile again = OggOpusFile.parse(f.encode());
        assertEquals(f, again);
    }

    @Test
    void oggCrcOfKnownPage() {
        // Ogg's CRC is CRC-32/CKSUM (POSIX cksum, check value 0x765E7680) without its final XOR and
        // length suffix, so the check value of "123456789" is 0x765E7680 ^ 0xFFFFFFFF = 0x89A1897F.
        // (The pages of the ffmpeg-made sample file also verify in oggOpusSampleParsesAndRoundTrips.)
        assertEquals(0, OggOpusFile.crc(new byte[0], 0, 0));
        assertEquals(0x89A1897FL, OggOpusFile.crc("123456789".getBytes(), 0, 9));
    }

    @Test
    void malformedFilesRaiseParseException() {
        byte[] ivf = sample("vp8.ivf");
        byte[] ogg = sample("opus.opus");
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            byte[] a = ivf.clone();
            byte[] b = ogg.clone();
            for (int k = 0; k < 3; k++) {
                a[r.nextInt(Math.min(a.length, 200))] = (byte) r.nextInt(256);
                b[r.nextInt(Math.min(b.length, 300))] = (byte) r.nextInt(256);
            }
            try {
                IvfFile.parse(java.util.Arrays.copyOf(a, r.nextInt(a.length + 1)));
            } catch (io.jrtc.rtp.RtpParseException expected) {
                // fine
            }
            try {
                OggOpusFile.parse(b);
            } catch (io.jrtc.rtp.RtpParseException expected) {
                // fine
            }
        }
        assertThrows(io.jrtc.rtp.RtpParseException.class, () -> IvfFile.parse(Bytes.fromHex("444b4946").toByteArray()));
    }
}
