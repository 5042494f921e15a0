package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * H.264 (RFC 6184). A frame is an access unit in Annex B form. Packetization-mode 0 sends every NAL
 * unit alone (section 5.6); mode 1 also aggregates small NAL units into STAP-A (5.7.1) and splits large
 * ones into FU-A (5.8). The last SPS and PPS seen are put in front of an IDR that comes without them.
 *
 * <pre>
 * NAL header   |F|NRI|  Type   |       1-23 single NAL unit
 * STAP-A       |F|NRI| 24      | size(16) | NAL | size(16) | NAL ...
 * FU-A         |F|NRI| 28      |S|E|R| Type | fragment ...
 * </pre>
 */
public final class H264Packetizer implements Packetizer {
    static final int STAP_A = 24;
    static final int FU_A = 28;
    private final int mode;
    private byte[] sps;
    private byte[] pps;

    /** @param packetizationMode 0 (single NAL unit) or 1 (non-interleaved) */
    public H264Packetizer(int packetizationMode) {
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode 0 or 1 supported, got " + packetizationMode);
        }
        this.mode = packetizationMode;
    }

    static int type(byte[] nal) {
        return nal[0] & 0x1f;
    }

    /**
     * Whether an access unit is a keyframe.
     *
     * @param accessUnit an access unit in Annex B form
     * @return whether it holds an IDR slice
     */
    public static boolean isKeyframe(byte[] accessUnit) {
        for (byte[] nal : NalUnits.split(accessUnit)) {
            if (type(nal) == 5) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        if (maxPayload < 3) {
            throw new IllegalArgumentException("payload size " + maxPayload + " too small for H.264");
        }
        List<byte[]> nals = NalUnits.split(frame);
        boolean hasSps = false;
        boolean hasPps = false;
        boolean idr = false;
        for (byte[] n : nals) {
            int t = type(n);
            if (t == 7) {
                sps = n;
                hasSps = true;
            } else if (t == 8) {
                pps = n;
                hasPps = true;
            } else if (t == 5) {
                idr = true;
            }
        }
        if (idr && !(hasSps && hasPps) && sps != null && pps != null) {
            List<byte[]> with = new ArrayList<>();
            with.add(sps);
            with.add(pps);
            with.addAll(nals);
            nals = with;
        }
        List<byte[]> out = new ArrayList<>();
        List<byte[]> stap = new ArrayList<>();
        int stapLen = 1;
        for (byte[] nal : nals) {
            if (nal.length <= maxPayload && mode == 1 && stapLen + 2 + nal.length <= maxPayload) {
                stap.add(nal);
                stapLen += 2 + nal.length;
                continue;
            }
            flush(stap, out);
            stap.clear();
            stapLen = 1;
            if (nal.length <= maxPayload) {
                if (mode == 1) {
                    stap.add(nal);
                    stapLen += 2 + nal.length;
                } else {
                    out.add(unshared(nal));
                }
            } else if (mode == 0) {
                throw new IllegalArgumentException("packetization-mode 0 cannot send a " + nal.length
                        + "-byte NAL unit in " + maxPayload + " bytes");
            } else {
                fragment(nal, maxPayload, out);
            }
        }
        flush(stap, out);
        return out;
    }

    /**
     * NAL units from {@link NalUnits#split} are fresh arrays and go out as they are; only the SPS and PPS
     * kept for later IDRs are copied, so a caller writing into a packet cannot change them.
     */
    private byte[] unshared(byte[] nal) {
        return nal == sps || nal == pps ? nal.clone() : nal;
    }

    private void flush(List<byte[]> stap, List<byte[]> out) {
        if (stap.isEmpty()) {
            return;
        }
        if (stap.size() == 1) {
            out.add(unshared(stap.get(0)));
            return;
        }
        int len = 1;
        int f = 0;
        int nri = 0;
        for (byte[] n : stap) {
            len += 2 + n.length;
            f |= n[0] & 0x80;
            nri = Math.max(nri, n[0] & 0x60);
        }
        byte[] p = new byte[len];
        p[0] = (byte) (f | nri | STAP_A);
        NalUnits.writeSizePrefixed(stap, p, 1);
        out.add(p);
    }

    private static void fragment(byte[] nal, int maxPayload, List<byte[]> out) {
        byte fuIndicator = (byte) ((nal[0] & 0xe0) | FU_A); // F and NRI of the NAL unit, type 28
        NalUnits.fragment(nal, 1, new byte[] {fuIndicator}, type(nal), maxPayload, out);
    }
}
