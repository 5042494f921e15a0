package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/** Annex B byte streams (H.264 / H.265): NAL units separated by 00 00 01 or 00 00 00 01 start codes. */
public final class NalUnits {
    private NalUnits() {
    }

    /**
     * The NAL units of an Annex B buffer, without start codes (trailing zero bytes of a NAL are dropped).
     *
     * @param b an Annex B byte stream or access unit
     * @return the NAL units, without start codes
     */
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

    /**
     * NAL units joined with 4-byte start codes.
     *
     * @param nals NAL units without start codes
     * @return them in Annex B form, each after a 4-byte start code
     */
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

    /**
     * Writes NAL units each behind its 16-bit size, as in an H.264 STAP-A (RFC 6184 section 5.7.1) or an
     * H.265 aggregation packet (RFC 7798 section 4.4.2), starting at {@code p[q]}.
     *
     * <pre>
     * | size (16) | NAL unit ... | size (16) | NAL unit ... |
     * </pre>
     */
    static void writeSizePrefixed(List<byte[]> nals, byte[] p, int q) {
        for (byte[] n : nals) {
            p[q] = (byte) (n.length >>> 8);
            p[q + 1] = (byte) n.length;
            System.arraycopy(n, 0, p, q + 2, n.length);
            q += 2 + n.length;
        }
    }

    /**
     * Splits a NAL unit too large for one packet into fragmentation units (H.264 FU-A, RFC 6184 section
     * 5.8; H.265 FU, RFC 7798 section 4.4.3). The NAL header ({@code nalHeaderLength} bytes) is not sent
     * as such: each packet carries {@code payloadHeader}, then an FU header with the start (S) and end (E)
     * bits and the NAL unit type, then the next piece of the NAL unit body.
     *
     * <pre>
     * | payloadHeader | S | E | ... fuType | fragment ...
     * </pre>
     */
    static void fragment(byte[] nal, int nalHeaderLength, byte[] payloadHeader, int fuType, int maxPayload,
                         List<byte[]> out) {
        int hdr = payloadHeader.length + 1;
        int room = maxPayload - hdr;
        int pos = nalHeaderLength;
        while (pos < nal.length) {
            int len = Math.min(room, nal.length - pos);
            byte[] p = new byte[hdr + len];
            System.arraycopy(payloadHeader, 0, p, 0, payloadHeader.length);
            p[hdr - 1] = (byte) ((pos == nalHeaderLength ? 0x80 : 0) | (pos + len == nal.length ? 0x40 : 0) | fuType);
            System.arraycopy(nal, pos, p, hdr, len);
            pos += len;
            out.add(p);
        }
    }
}
