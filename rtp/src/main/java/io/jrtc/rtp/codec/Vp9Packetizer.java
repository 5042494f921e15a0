package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * VP9 (RFC 9628 section 4.2), one spatial layer. The payload descriptor:
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z|  I picture id, P inter-picture predicted, L layer indices, F flexible mode,
 *      +-+-+-+-+-+-+-+-+  B start of frame, E end of frame, V scalability structure, Z not a reference
 *   I: |M| PICTURE ID  |  M = 1: 15-bit picture id
 *      |   PICTURE ID  |
 *   L: | TID |U| SID |D|  layer indices
 *      |   TL0PICIDX   |  (non-flexible mode only)
 *  F,P:| P_DIFF      |N|  reference index (flexible mode, up to 3)
 *   V: | SS ...        |  scalability structure (keyframes)
 * </pre>
 *
 * Non-flexible mode sends I, L (TID 0, SID 0) and TL0PICIDX; flexible mode sends I and one P_DIFF of 1
 * on inter frames. The scalability structure sent with keyframes describes one spatial layer with
 * its resolution (read from the keyframe's uncompressed header) and no picture group:
 *
 * <pre>
 *      | N_S |Y|G|-|-|-|   N_S = 0 (one layer), Y = 1, G = 0
 *      |  WIDTH (16)   |
 *      |  HEIGHT (16)  |
 * </pre>
 */
public final class Vp9Packetizer implements Packetizer {
    private final boolean flexible;
    private int pictureId;
    private int tl0PicIdx;

    /**
     * A packetizer numbering pictures from {@code initialPictureId}.
     *
     * @param initialPictureId the first 15-bit picture id
     * @param flexible flexible mode (P_DIFF references) rather than non-flexible (TL0PICIDX)
     */
    public Vp9Packetizer(int initialPictureId, boolean flexible) {
        this.pictureId = initialPictureId & 0x7fff;
        this.flexible = flexible;
    }

    /**
     * VP9 uncompressed header: frame_marker, profile, show_existing_frame, frame_type == KEY_FRAME.
     *
     * @param frame a VP9 frame as IVF stores it
     * @return whether it is a key frame (frame type 0)
     */
    public static boolean isKeyframe(byte[] frame) {
        if (frame.length < 1) {
            return false;
        }
        int b = frame[0] & 0xff;
        if (b >>> 6 != 2) {
            return false;
        }
        int profile = ((b >>> 5) & 1) | (((b >>> 4) & 1) << 1);
        int bit = 4; // next bit index, MSB first: 0-1 frame_marker, 2 profile_low, 3 profile_high
        if (profile == 3) {
            bit++;
        }
        boolean showExisting = ((b >>> (7 - bit)) & 1) != 0;
        if (showExisting) {
            return false;
        }
        bit++;
        return ((b >>> (7 - bit)) & 1) == 0;
    }

    /** Width and height from a keyframe's uncompressed header (VP9 bitstream spec 6.2), or null. */
    static int[] keyframeSize(byte[] frame) {
        if (!isKeyframe(frame)) {
            return null;
        }
        int[] bit = {0};
        int limit = frame.length * 8;
        java.util.function.IntUnaryOperator read = n -> {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (bit[0] >= limit) {
                    return -1;
                }
                v = (v << 1) | ((frame[bit[0] >>> 3] >>> (7 - (bit[0] & 7))) & 1);
                bit[0]++;
            }
            return v;
        };
        read.applyAsInt(2); // frame_marker
        int low = read.applyAsInt(1);
        int high = read.applyAsInt(1);
        int profile = (high << 1) | low;
        if (profile == 3) {
            read.applyAsInt(1);
        }
        read.applyAsInt(3); // show_existing_frame, frame_type, show_frame
        read.applyAsInt(1); // error_resilient_mode
        if (read.applyAsInt(24) != 0x498342) {
            return null;
        }
        if (profile >= 2) {
            read.applyAsInt(1); // ten_or_twelve_bit
        }
        int colorSpace = read.applyAsInt(3);
        if (colorSpace != 7) {
            read.applyAsInt(1); // color_range
            if (profile == 1 || profile == 3) {
                read.applyAsInt(3); // subsampling_x, subsampling_y, reserved_zero
            }
        } else if (profile == 1 || profile == 3) {
            read.applyAsInt(1);
        }
        int w = read.applyAsInt(16);
        int h = read.applyAsInt(16);
        return w < 0 || h < 0 ? null : new int[] {w + 1, h + 1};
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        boolean key = isKeyframe(frame);
        int[] size = key ? keyframeSize(frame) : null;
        int ssLength = key ? (size != null ? 5 : 1) : 0;
        int base = 3 + (flexible ? (key ? 0 : 1) : 2);
        int first = base + ssLength;
        if (maxPayload - first < 1) {
            throw new IllegalArgumentException("payload size " + maxPayload + " too small for VP9");
        }
        List<int[]> cuts = new ArrayList<>();
        int pos = 0;
        while (pos < frame.length || cuts.isEmpty()) {
            int room = maxPayload - (cuts.isEmpty() ? first : base);
            int len = Math.min(room, frame.length - pos);
            cuts.add(new int[] {pos, len});
            pos += len;
        }
        List<byte[]> out = new ArrayList<>(cuts.size());
        for (int i = 0; i < cuts.size(); i++) {
            boolean b = i == 0;
            boolean e = i == cuts.size() - 1;
            boolean v = b && key;
            int hdr = base + (v ? ssLength : 0);
            byte[] p = new byte[hdr + cuts.get(i)[1]];
            p[0] = (byte) (0x80 | (key ? 0 : 0x40) | (flexible ? 0x10 : 0x20) | (b ? 0x08 : 0) | (e ? 0x04 : 0) | (v ? 0x02 : 0));
            p[1] = (byte) (0x80 | (pictureId >>> 8));
            p[2] = (byte) pictureId;
            int q = 3;
            if (flexible) {
                if (!key) {
                    p[q++] = (byte) (1 << 1);
                }
            } else {
                p[q++] = 0; // TID 0, U 0, SID 0, D 0
                p[q++] = (byte) tl0PicIdx;
            }
            if (v && size != null) {
                p[q++] = 0x10; // N_S = 0 (one spatial layer), Y = 1, G = 0
                p[q++] = (byte) (size[0] >>> 8);
                p[q++] = (byte) size[0];
                p[q++] = (byte) (size[1] >>> 8);
                p[q++] = (byte) size[1];
            } else if (v) {
                p[q++] = 0; // N_S = 0, no resolution, no picture group
            }
            System.arraycopy(frame, cuts.get(i)[0], p, q, cuts.get(i)[1]);
            out.add(p);
        }
        pictureId = (pictureId + 1) & 0x7fff;
        tl0PicIdx = (tl0PicIdx + 1) & 0xff;
        return out;
    }
}
