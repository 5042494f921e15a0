package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.List;

/** VP9 (RFC 9628): parses flexible and non-flexible payload descriptors, including the scalability structure. */
public final class Vp9Depacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public Vp9Depacketizer() {
    }

    /**
     * The length of the payload descriptor at the start of {@code p}, checking every field.
     *
     * @param p a VP9 RTP payload
     * @return the length of its payload descriptor
     * @throws RtpParseException when the descriptor runs past the payload
     */
    public static int descriptorLength(byte[] p) throws RtpParseException {
        need(p, 1, "descriptor");
        int d = p[0] & 0xff;
        int n = 1;
        if ((d & 0x80) != 0) {
            need(p, n + 1, "picture id");
            n += (p[n] & 0x80) != 0 ? 2 : 1;
        }
        boolean flexible = (d & 0x10) != 0;
        if ((d & 0x20) != 0) {
            n += flexible ? 1 : 2;
        }
        if (flexible && (d & 0x40) != 0) {
            for (int i = 0; ; i++) {
                need(p, n + 1, "P_DIFF");
                boolean more = (p[n] & 1) != 0;
                n++;
                if (!more) {
                    break;
                }
                if (i == 2) {
                    throw new RtpParseException("VP9 descriptor has more than 3 P_DIFF entries");
                }
            }
        }
        if ((d & 0x02) != 0) {
            need(p, n + 1, "scalability structure");
            int ss = p[n] & 0xff;
            n++;
            int layers = (ss >>> 5) + 1;
            if ((ss & 0x10) != 0) {
                n += 4 * layers;
            }
            if ((ss & 0x08) != 0) {
                need(p, n + 1, "N_G");
                int groups = p[n] & 0xff;
                n++;
                for (int g = 0; g < groups; g++) {
                    need(p, n + 1, "picture group entry");
                    int refs = (p[n] >>> 2) & 3;
                    n += 1 + refs;
                }
            }
        }
        need(p, n, "descriptor fields");
        return n;
    }

    private static void need(byte[] p, int n, String what) throws RtpParseException {
        if (p.length < n) {
            throw new RtpParseException("VP9 " + what + " needs " + n + " bytes, payload has " + p.length);
        }
    }

    @Override
    public boolean isFrameStart(byte[] payload) throws RtpParseException {
        descriptorLength(payload);
        return (payload[0] & 0x08) != 0;
    }

    @Override
    public boolean isKeyframe(byte[] payload) throws RtpParseException {
        int n = descriptorLength(payload);
        if ((payload[0] & 0x08) == 0 || (payload[0] & 0x40) != 0 || n >= payload.length) {
            return false;
        }
        // P = 0 says "not inter-picture predicted", but some senders (ffmpeg's experimental VP9
        // packetizer) send P = 0 on every frame: the frame's own uncompressed header has the last word
        // (its first byte: frame marker, profile, show_existing_frame, frame_type)
        return Vp9Packetizer.isKeyframe(new byte[] {payload[n]});
    }

    @Override
    public byte[] depacketize(List<byte[]> payloads) throws RtpParseException {
        int total = 0;
        for (byte[] p : payloads) {
            total += p.length - descriptorLength(p);
        }
        byte[] out = new byte[total];
        int o = 0;
        for (byte[] p : payloads) {
            int n = descriptorLength(p);
            System.arraycopy(p, n, out, o, p.length - n);
            o += p.length - n;
        }
        return out;
    }
}
