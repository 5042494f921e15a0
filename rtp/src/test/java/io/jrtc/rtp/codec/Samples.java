package io.jrtc.rtp.codec;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.testkit.TestVectors;

import java.util.ArrayList;
import java.util.List;

/** The frames of the ffmpeg-made sample files, per codec. */
final class Samples {
    private Samples() {
    }

    static List<byte[]> frames(CodecType codec) {
        try {
            switch (codec) {
                case OPUS:
                    return bytes(OggOpusFile.parse(file("opus.opus")).packets());
                case VP8:
                    return ivf("vp8.ivf");
                case VP9:
                    return ivf("vp9.ivf");
                case AV1:
                    return ivf("av1.ivf");
                case H264:
                    return AnnexBFile.accessUnits(file("h264.h264"), false);
                default:
                    return AnnexBFile.accessUnits(file("h265.h265"), true);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] file(String name) {
        return TestVectors.bytes(Samples.class, "/media/" + name);
    }

    private static List<byte[]> ivf(String name) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (IvfFile.Frame f : IvfFile.parse(file(name)).frames()) {
            out.add(f.data().toByteArray());
        }
        return out;
    }

    private static List<byte[]> bytes(List<Bytes> in) {
        List<byte[]> out = new ArrayList<>();
        for (Bytes b : in) {
            out.add(b.toByteArray());
        }
        return out;
    }
}
