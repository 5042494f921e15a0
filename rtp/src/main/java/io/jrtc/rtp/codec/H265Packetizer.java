package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * H.265 (RFC 7798) without DONL (sprop-max-don-diff = 0): single NAL unit packets (4.4.1),
 * aggregation packets (AP, type 48, 4.4.2) and fragmentation units (FU, type 49, 4.4.3).
 *
 * <pre>
 * NAL / payload header  |F|   Type    |  LayerId  | TID |
 * AP                    | header type 48 | size(16) | NAL | size(16) | NAL ...
 * FU                    | header type 49 |S|E| FuType   | fragment ...
 * </pre>
 */
public final class H265Packetizer implements Packetizer {
    /** Creates one; it has no settings of its own. */
    public H265Packetizer() {
    }

    static final int AP = 48;
    static final int FU = 49;

    static int type(byte[] nal) {
        return (nal[0] >>> 1) & 0x3f;
    }

    /**
     * An access unit is a keyframe when it has an IRAP picture (types 16-23).
     *
     * @param accessUnit an access unit in Annex B form
     * @return whether it holds an IRAP picture
     */
    public static boolean isKeyframe(byte[] accessUnit) {
        for (byte[] nal : NalUnits.split(accessUnit)) {
            int t = type(nal);
            if (t >= 16 && t <= 23) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        if (maxPayload < 4) {
            throw new IllegalArgumentException("payload size " + maxPayload + " too small for H.265");
        }
        List<byte[]> out = new ArrayList<>();
        List<byte[]> ap = new ArrayList<>();
        int apLen = 2;
        for (byte[] nal : NalUnits.split(frame)) {
            if (nal.length < 2) {
                throw new IllegalArgumentException("H.265 NAL unit shorter than its 2-byte header");
            }
            if (apLen + 2 + nal.length <= maxPayload) {
                ap.add(nal);
                apLen += 2 + nal.length;
                continue;
            }
            flush(ap, out);
            ap.clear();
            apLen = 2;
            if (nal.length + 4 <= maxPayload) {
                ap.add(nal);
                apLen += 2 + nal.length;
            } else if (nal.length <= maxPayload) {
                out.add(nal); // a fresh array from NalUnits.split: no copy needed
            } else {
                fragment(nal, maxPayload, out);
            }
        }
        flush(ap, out);
        return out;
    }

    private static void flush(List<byte[]> ap, List<byte[]> out) {
        if (ap.isEmpty()) {
            return;
        }
        if (ap.size() == 1) {
            out.add(ap.get(0));
            return;
        }
        int len = 2;
        int f = 0;
        int layer = 63;
        int tid = 7;
        for (byte[] n : ap) {
            len += 2 + n.length;
            f |= n[0] & 0x80;
            layer = Math.min(layer, ((n[0] & 1) << 5) | ((n[1] & 0xff) >>> 3));
            tid = Math.min(tid, n[1] & 7);
        }
        byte[] p = new byte[len];
        p[0] = (byte) (f | (AP << 1) | (layer >>> 5));
        p[1] = (byte) (((layer & 0x1f) << 3) | tid);
        NalUnits.writeSizePrefixed(ap, p, 2);
        out.add(p);
    }

    private static void fragment(byte[] nal, int maxPayload, List<byte[]> out) {
        // payload header: the NAL header with type 49 (F, LayerId and TID kept)
        byte[] payloadHeader = {(byte) ((nal[0] & 0x81) | (FU << 1)), nal[1]};
        NalUnits.fragment(nal, 2, payloadHeader, type(nal), maxPayload, out);
    }
}
