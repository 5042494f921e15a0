package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/** Annex B byte streams (H.264 / H.265): NAL units separated by 00 00 01 or 00 00 00 01 start codes. */
public final class NalUnits {
    private NalUnits() {
    }

    /** The NAL units of an Annex B buffer, without start codes (trailing zero bytes of a NAL are dropped). */
    public static List<byte[]> split(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int n = b.length;
        int start = -1;
        int i = 0;
        while (i + 2 < n) {
            int c = b[i + 2];
            if (c == 0) {
                i++; // a start code may begin at i + 1
            } else if (c == 1 && b[i] == 0 && b[i + 1] == 0) {
                if (start >= 0) {
                    add(out, b, start, i);
                }
                i += 3;
                start = i;
            } else {
                i += 3; // b[i + 2] is neither a zero nor a start code's 1: no start code begins at i..i+2
            }
        }
        if (start >= 0) {
            add(out, b, start, n);
        }
        return out;
    }

    private static void add(List<byte[]> out, byte[] b, int from, int to) {
        while (to > from && b[to - 1] == 0) {
            to--;
        }
        if (to > from) {
            byte[] nal = new byte[to - from];
            System.arraycopy(b, from, nal, 0, nal.length);
            out.add(nal);
        }
    }

    /** NAL units joined with 4-byte start codes. */
    public static byte[] join(List<byte[]> nals) {
        int len = 0;
        for (byte[] x : nals) {
            len += 4 + x.length;
        }
        byte[] out = new byte[len];
        int p = 0;
        for (byte[] x : nals) {
            out[p + 3] = 1;
            System.arraycopy(x, 0, out, p + 4, x.length);
            p += 4 + x.length;
        }
        return out;
    }
}
