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
 * on inter frames. The scalability structure sent with keyframes is the minimal one (N_S=0, no
 * resolution, no picture group).
 */
public final class Vp9Packetizer implements Packetizer {
    private final boolean flexible;
    private int pictureId;
    private int tl0PicIdx;

    public Vp9Packetizer(int initialPictureId, boolean flexible) {
        this.pictureId = initialPictureId & 0x7fff;
        this.flexible = flexible;
    }

    /** VP9 uncompressed header: frame_marker, profile, show_existing_frame, frame_type == KEY_FRAME. */
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

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        boolean key = isKeyframe(frame);
        int base = 3 + (flexible ? (key ? 0 : 1) : 2);
        int first = base + (key ? 1 : 0);
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
            int hdr = base + (v ? 1 : 0);
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
            if (v) {
                p[q++] = 0; // N_S = 0 (one spatial layer), Y = 0, G = 0
            }
            System.arraycopy(frame, cuts.get(i)[0], p, q, cuts.get(i)[1]);
            out.add(p);
        }
        pictureId = (pictureId + 1) & 0x7fff;
        tl0PicIdx = (tl0PicIdx + 1) & 0xff;
        return out;
    }
}
