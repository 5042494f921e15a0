package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * AV1: joins OBU elements (and fragments across packets, Z/Y bits) back into OBUs, gives each a size
 * field, and puts a temporal delimiter in front, giving a temporal unit as IVF stores it.
 */
public final class Av1Depacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public Av1Depacketizer() {
    }

    @Override
    public boolean isFrameStart(byte[] payload) throws RtpParseException {
        if (payload.length < 1) {
            throw new RtpParseException("AV1 payload is empty");
        }
        return (payload[0] & 0x80) == 0;
    }

    @Override
    public boolean isKeyframe(byte[] payload) throws RtpParseException {
        return isFrameStart(payload) && (payload[0] & 0x08) != 0;
    }

    @Override
    public byte[] depacketize(List<byte[]> payloads) throws RtpParseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x12); // temporal delimiter OBU with obu_has_size_field, size 0
        out.write(0);
        ByteArrayOutputStream obu = null;
        for (int k = 0; k < payloads.size(); k++) {
            byte[] p = payloads.get(k);
            if (p.length < 1) {
                throw new RtpParseException("AV1 payload is empty");
            }
            boolean z = (p[0] & 0x80) != 0;
            boolean y = (p[0] & 0x40) != 0;
            int w = (p[0] >>> 4) & 3;
            if (z != (obu != null)) {
                throw new RtpParseException("AV1 packet " + k + ": Z=" + z + " but a fragment is " + (obu != null ? "" : "not ") + "pending");
            }
            int[] pos = {1};
            int count = 0;
            while (pos[0] < p.length) {
                count++;
                int len;
                if (w != 0 && count == w) {
                    len = p.length - pos[0];
                } else {
                    len = Leb128.read(p, pos, p.length, p.length - pos[0], "OBU element length");
                    if (len > p.length - pos[0]) {
                        throw new RtpParseException("AV1 element length " + len + " runs past the packet");
                    }
                }
                if (obu == null) {
                    obu = new ByteArrayOutputStream();
                }
                obu.write(p, pos[0], len);
                pos[0] += len;
                boolean lastElement = pos[0] >= p.length;
                if (!(lastElement && y)) {
                    flush(obu.toByteArray(), out);
                    obu = null;
                }
                if (w != 0 && count == w) {
                    break;
                }
            }
            if (w != 0 && count != w && p.length > 1) {
                throw new RtpParseException("AV1 packet " + k + ": W=" + w + " but " + count + " elements");
            }
        }
        if (obu != null) {
            throw new RtpParseException("AV1 frame ends inside a fragmented OBU");
        }
        return out.toByteArray();
    }

    private static void flush(byte[] obu, ByteArrayOutputStream out) throws RtpParseException {
        if (obu.length == 0) {
            return;
        }
        int h = obu[0] & 0xff;
        int hlen = (h & 0x04) != 0 ? 2 : 1;
        if (obu.length < hlen) {
            throw new RtpParseException("AV1 OBU shorter than its header");
        }
        if ((h & 0x02) != 0) {
            out.write(obu, 0, obu.length); // already has a size field
            return;
        }
        int size = obu.length - hlen;
        byte[] head = new byte[hlen + 8];
        head[0] = (byte) (h | 0x02);
        if (hlen == 2) {
            head[1] = obu[1];
        }
        int q = Leb128.write(head, hlen, size);
        out.write(head, 0, q);
        out.write(obu, hlen, size);
    }
}
