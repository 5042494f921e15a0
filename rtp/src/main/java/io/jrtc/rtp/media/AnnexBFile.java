package io.jrtc.rtp.media;

import io.jrtc.rtp.codec.NalUnits;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 / H.265 Annex B elementary streams (ITU-T H.264 Annex B): NAL units behind start codes, cut
 * here into access units (one per frame), each re-emitted with 4-byte start codes.
 *
 * An access unit starts at an access unit delimiter, parameter set or SEI that follows a picture's
 * slices, or at a slice whose first_mb_in_slice (H.264) / first_slice_segment_in_pic_flag (H.265)
 * says it is the first of a picture.
 */
public final class AnnexBFile {
    private AnnexBFile() {
    }

    /**
     * The access units of an Annex B stream. {@code h265} selects the NAL header format.
     *
     * @param stream an Annex B byte stream
     * @param h265 H.265 rather than H.264
     * @return the access units, each in Annex B form
     */
    public static List<byte[]> accessUnits(byte[] stream, boolean h265) {
        List<byte[]> out = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean sawVcl = false;
        for (byte[] nal : NalUnits.split(stream)) {
            boolean vcl;
            boolean firstOfPicture;
            boolean prefix;
            if (h265) {
                if (nal.length < 2) {
                    continue;
                }
                int t = (nal[0] >>> 1) & 0x3f;
                vcl = t < 32;
                firstOfPicture = vcl && nal.length > 2 && (nal[2] & 0x80) != 0;
                prefix = (t >= 32 && t <= 35) || t == 39 || (t >= 41 && t <= 44) || (t >= 48 && t <= 55);
            } else {
                int t = nal[0] & 0x1f;
                vcl = t >= 1 && t <= 5;
                firstOfPicture = vcl && nal.length > 1 && (nal[1] & 0x80) != 0;
                prefix = t == 6 || t == 7 || t == 8 || t == 9 || (t >= 14 && t <= 18);
            }
            if (sawVcl && (prefix || firstOfPicture)) {
                out.add(NalUnits.join(current));
                current.clear();
                sawVcl = false;
            }
            current.add(nal);
            sawVcl |= vcl;
        }
        if (!current.isEmpty()) {
            out.add(NalUnits.join(current));
        }
        return out;
    }

    /**
     * Access units back to back (they already carry start codes).
     *
     * @param accessUnits access units in Annex B form
     * @return the byte stream
     */
    public static byte[] write(List<byte[]> accessUnits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] au : accessUnits) {
            out.write(au, 0, au.length);
        }
        return out.toByteArray();
    }
}
