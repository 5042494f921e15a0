package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** H.265 (RFC 7798, no DONL): single NAL units, APs and FUs back to an Annex B access unit. */
public final class H265Depacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public H265Depacketizer() {
    }

    /** {type of the first NAL, 1 if it starts an access unit, 1 if the packet holds an IRAP or parameter set}. */
    private static int[] first(byte[] p) throws RtpParseException {
        if (p.length < 2) {
            throw new RtpParseException("H.265 payload shorter than its 2-byte header");
        }
        int t = (p[0] >>> 1) & 0x3f;
        int nalType;
        int after;
        boolean key = false;
        if (t == H265Packetizer.AP) {
            if (p.length < 6) {
                throw new RtpParseException("H.265 AP too short");
            }
            nalType = (p[4] >>> 1) & 0x3f;
            after = p.length > 6 ? p[6] & 0xff : 0;
            int q = 2;
            while (q + 3 < p.length) {
                int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                int nt = (p[q + 2] >>> 1) & 0x3f;
                key |= (nt >= 16 && nt <= 23) || nt == 32 || nt == 33;
                q += 2 + size;
            }
        } else if (t == H265Packetizer.FU) {
            if (p.length < 3) {
                throw new RtpParseException("H.265 FU without FU header");
            }
            if ((p[2] & 0x80) == 0) {
                return new int[] {p[2] & 0x3f, 0, 0};
            }
            nalType = p[2] & 0x3f;
            after = p.length > 3 ? p[3] & 0xff : 0;
        } else if (t < 48) {
            nalType = t;
            after = p.length > 2 ? p[2] & 0xff : 0;
        } else {
            throw new RtpParseException("H.265 packet type " + t + " not supported");
        }
        key |= (nalType >= 16 && nalType <= 23) || nalType == 32 || nalType == 33;
        boolean start = (nalType >= 32 && nalType <= 35) || nalType == 39 || (nalType < 32 && (after & 0x80) != 0);
        return new int[] {nalType, start ? 1 : 0, key ? 1 : 0};
    }

    @Override
    public boolean isFrameStart(byte[] payload) throws RtpParseException {
        return first(payload)[1] == 1;
    }

    @Override
    public boolean isKeyframe(byte[] payload) throws RtpParseException {
        int[] f = first(payload);
        return f[1] == 1 && f[2] == 1;
    }

    @Override
    public byte[] depacketize(List<byte[]> payloads) throws RtpParseException {
        List<byte[]> nals = new ArrayList<>();
        ByteArrayOutputStream fu = null;
        for (byte[] p : payloads) {
            if (p.length < 2) {
                throw new RtpParseException("H.265 payload shorter than its 2-byte header");
            }
            int t = (p[0] >>> 1) & 0x3f;
            if (t != H265Packetizer.FU && fu != null) {
                throw new RtpParseException("H.265 FU not finished before a type " + t + " packet");
            }
            if (t == H265Packetizer.AP) {
                int q = 2;
                while (q < p.length) {
                    if (q + 2 > p.length) {
                        throw new RtpParseException("H.265 AP size field runs past the packet");
                    }
                    int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                    if (size < 2 || size > p.length - q - 2) {
                        throw new RtpParseException("H.265 AP NAL size " + size + " invalid at offset " + q);
                    }
                    byte[] nal = new byte[size];
                    System.arraycopy(p, q + 2, nal, 0, size);
                    nals.add(nal);
                    q += 2 + size;
                }
            } else if (t == H265Packetizer.FU) {
                if (p.length < 3) {
                    throw new RtpParseException("H.265 FU without FU header");
                }
                boolean s = (p[2] & 0x80) != 0;
                if (s) {
                    if (fu != null) {
                        throw new RtpParseException("H.265 FU start while another is open");
                    }
                    fu = new ByteArrayOutputStream();
                    fu.write((p[0] & 0x81) | ((p[2] & 0x3f) << 1));
                    fu.write(p[1]);
                } else if (fu == null) {
                    throw new RtpParseException("H.265 FU continuation without a start");
                }
                fu.write(p, 3, p.length - 3);
                if ((p[2] & 0x40) != 0) {
                    nals.add(fu.toByteArray());
                    fu = null;
                }
            } else if (t < 48) {
                nals.add(p.clone());
            } else {
                throw new RtpParseException("H.265 packet type " + t + " not supported");
            }
        }
        if (fu != null) {
            throw new RtpParseException("H.265 frame ends inside an FU");
        }
        return NalUnits.join(nals);
    }
}
