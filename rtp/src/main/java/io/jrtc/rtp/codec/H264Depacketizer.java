package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.List;

/**
 * H.264 (RFC 6184): single NAL units, STAP-A and FU-A back to an Annex B access unit with 4-byte start
 * codes. STAP-B, MTAP and FU-B (interleaved mode) are rejected.
 */
public final class H264Depacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public H264Depacketizer() {
    }

    @Override
    public boolean isFrameStart(byte[] payload) throws RtpParseException {
        List<Integer> starts = firstNal(payload);
        return starts.get(1) == 1;
    }

    /** [type of the first NAL unit in the packet, 1 if it begins an access unit else 0, 1 if the packet holds an IDR/SPS]. */
    private static List<Integer> firstNal(byte[] p) throws RtpParseException {
        if (p.length < 1) {
            throw new RtpParseException("H.264 payload is empty");
        }
        int t = p[0] & 0x1f;
        int nalType;
        int firstByteAfterHeader;
        boolean key = false;
        if (t >= 1 && t <= 23) {
            nalType = t;
            firstByteAfterHeader = p.length > 1 ? p[1] & 0xff : 0;
            key = t == 5 || t == 7;
        } else if (t == H264Packetizer.STAP_A) {
            if (p.length < 4) {
                throw new RtpParseException("H.264 STAP-A too short");
            }
            nalType = p[3] & 0x1f;
            firstByteAfterHeader = p.length > 4 ? p[4] & 0xff : 0;
            int q = 1;
            while (q + 2 < p.length) {
                int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                if (size > 0) {
                    int nt = p[q + 2] & 0x1f;
                    key |= nt == 5 || nt == 7;
                }
                q += 2 + size;
            }
        } else if (t == H264Packetizer.FU_A) {
            if (p.length < 2) {
                throw new RtpParseException("H.264 FU-A too short");
            }
            if ((p[1] & 0x80) == 0) {
                return List.of(p[1] & 0x1f, 0, 0);
            }
            nalType = p[1] & 0x1f;
            firstByteAfterHeader = p.length > 2 ? p[2] & 0xff : 0;
            key = nalType == 5 || nalType == 7;
        } else {
            throw new RtpParseException("H.264 packet type " + t + " not supported (non-interleaved mode only)");
        }
        boolean start = nalType == 9 || nalType == 7 || nalType == 8 || nalType == 6
                || ((nalType == 1 || nalType == 5) && (firstByteAfterHeader & 0x80) != 0);
        return List.of(nalType, start ? 1 : 0, key ? 1 : 0);
    }

    @Override
    public boolean isKeyframe(byte[] payload) throws RtpParseException {
        List<Integer> f = firstNal(payload);
        return f.get(1) == 1 && f.get(2) == 1;
    }

    @Override
    public byte[] depacketize(List<byte[]> payloads) throws RtpParseException {
        // pass 1 checks every length and computes the output size; pass 2 copies into one array
        int total = 0;
        boolean inFu = false;
        for (byte[] p : payloads) {
            if (p.length < 1) {
                throw new RtpParseException("H.264 payload is empty");
            }
            int t = p[0] & 0x1f;
            if (t != H264Packetizer.FU_A && inFu) {
                throw new RtpParseException("H.264 FU-A not finished before a type " + t + " packet");
            }
            if (t >= 1 && t <= 23) {
                total += 4 + p.length;
            } else if (t == H264Packetizer.STAP_A) {
                int q = 1;
                while (q < p.length) {
                    if (q + 2 > p.length) {
                        throw new RtpParseException("H.264 STAP-A size field runs past the packet at " + q);
                    }
                    int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                    if (size == 0 || size > p.length - q - 2) {
                        throw new RtpParseException("H.264 STAP-A NAL size " + size + " invalid at offset " + q);
                    }
                    total += 4 + size;
                    q += 2 + size;
                }
            } else if (t == H264Packetizer.FU_A) {
                if (p.length < 2) {
                    throw new RtpParseException("H.264 FU-A without FU header");
                }
                boolean s = (p[1] & 0x80) != 0;
                if (s == inFu) {
                    throw new RtpParseException(s ? "H.264 FU-A start while another is open" : "H.264 FU-A continuation without a start");
                }
                total += (s ? 5 : 0) + p.length - 2;
                inFu = (p[1] & 0x40) == 0;
            } else {
                throw new RtpParseException("H.264 packet type " + t + " not supported (non-interleaved mode only)");
            }
        }
        if (inFu) {
            throw new RtpParseException("H.264 frame ends inside an FU-A");
        }
        byte[] out = new byte[total];
        int o = 0;
        for (byte[] p : payloads) {
            int t = p[0] & 0x1f;
            if (t >= 1 && t <= 23) {
                out[o + 3] = 1;
                System.arraycopy(p, 0, out, o + 4, p.length);
                o += 4 + p.length;
            } else if (t == H264Packetizer.STAP_A) {
                for (int q = 1; q < p.length; ) {
                    int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                    out[o + 3] = 1;
                    System.arraycopy(p, q + 2, out, o + 4, size);
                    o += 4 + size;
                    q += 2 + size;
                }
            } else {
                if ((p[1] & 0x80) != 0) {
                    out[o + 3] = 1;
                    out[o + 4] = (byte) ((p[0] & 0xe0) | (p[1] & 0x1f));
                    o += 5;
                }
                System.arraycopy(p, 2, out, o, p.length - 2);
                o += p.length - 2;
            }
        }
        return out;
    }
}
