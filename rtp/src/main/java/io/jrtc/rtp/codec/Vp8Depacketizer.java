package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.List;

/** VP8 (RFC 7741): strips payload descriptors; keyframe when S=1, PID=0 and the frame tag's P bit is 0. */
public final class Vp8Depacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public Vp8Depacketizer() {
    }

    /**
     * The length of the payload descriptor at the start of {@code p}.
     *
     * @param p a VP8 RTP payload
     * @return the length of its payload descriptor
     * @throws RtpParseException when the descriptor runs past the payload
     */
    public static int descriptorLength(byte[] p) throws RtpParseException {
        if (p.length < 1) {
            throw new RtpParseException("VP8 payload is empty");
        }
        int n = 1;
        if ((p[0] & 0x80) != 0) {
            need(p, 2);
            int x = p[1] & 0xff;
            n = 2;
            if ((x & 0x80) != 0) {
                need(p, n + 1);
                n += (p[n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                n++;
            }
            if ((x & 0x30) != 0) {
                n++;
            }
        }
        need(p, n);
        return n;
    }

    private static void need(byte[] p, int n) throws RtpParseException {
        if (p.length < n) {
            throw new RtpParseException("VP8 payload descriptor needs " + n + " bytes, payload has " + p.length);
        }
    }

    /**
     * The picture id, or -1 when absent.
     *
     * @param p a VP8 RTP payload
     * @return its picture id, or -1 without one
     * @throws RtpParseException when the descriptor runs past the payload
     */
    public static int pictureId(byte[] p) throws RtpParseException {
        descriptorLength(p);
        if ((p[0] & 0x80) == 0 || (p[1] & 0x80) == 0) {
            return -1;
        }
        return (p[2] & 0x80) != 0 ? ((p[2] & 0x7f) << 8) | (p[3] & 0xff) : p[2] & 0x7f;
    }

    @Override
    public boolean isFrameStart(byte[] payload) throws RtpParseException {
        descriptorLength(payload);
        return (payload[0] & 0x10) != 0 && (payload[0] & 0x07) == 0;
    }

    @Override
    public boolean isKeyframe(byte[] payload) throws RtpParseException {
        int n = descriptorLength(payload);
        return isFrameStart(payload) && payload.length > n && (payload[n] & 1) == 0;
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
