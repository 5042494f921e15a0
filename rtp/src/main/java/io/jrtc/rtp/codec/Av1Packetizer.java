package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * AV1 (RTP Payload Format for AV1, section 4). A temporal unit (as stored in IVF: OBUs with size
 * fields) is split into OBUs; temporal delimiters and tile lists are dropped and the size fields
 * removed, then OBU elements are packed into packets, each behind a one-byte aggregation header:
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|   Z: first element continues an OBU from the previous packet
 * +-+-+-+-+-+-+-+-+   Y: last element continues in the next packet
 *                     W: number of elements (1-3; the last then has no length), 0: every element has a length
 *                     N: first packet of a coded video sequence (keyframe with a sequence header)
 * | leb128 length | OBU element ... | leb128 length | OBU element ... | (last element) ...
 * </pre>
 */
public final class Av1Packetizer implements Packetizer {
    /** Creates one; it has no settings of its own. */
    public Av1Packetizer() {
    }

    static final int OBU_SEQUENCE_HEADER = 1;
    static final int OBU_TEMPORAL_DELIMITER = 2;
    static final int OBU_TILE_LIST = 8;

    /** Splits a temporal unit into OBUs (header + payload, size field removed). */
    static List<byte[]> obus(byte[] tu) throws RtpParseException {
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < tu.length) {
            int start = pos[0];
            int h = tu[start] & 0xff;
            if ((h & 0x80) != 0) {
                throw new RtpParseException("AV1 OBU forbidden bit set at offset " + start);
            }
            int hlen = (h & 0x04) != 0 ? 2 : 1;
            if (start + hlen > tu.length) {
                throw new RtpParseException("AV1 OBU header runs past the temporal unit");
            }
            pos[0] = start + hlen;
            int size;
            if ((h & 0x02) != 0) {
                size = Leb128.read(tu, pos, tu.length, tu.length - start - hlen, "obu_size");
                if (size > tu.length - pos[0]) {
                    throw new RtpParseException("AV1 OBU size " + size + " runs past the temporal unit");
                }
            } else {
                size = tu.length - pos[0];
            }
            byte[] obu = new byte[hlen + size];
            obu[0] = (byte) (h & ~0x02);
            if (hlen == 2) {
                obu[1] = tu[start + 1];
            }
            System.arraycopy(tu, pos[0], obu, hlen, size);
            pos[0] += size;
            out.add(obu);
        }
        return out;
    }

    static int type(byte[] obu) {
        return (obu[0] >>> 3) & 0xf;
    }

    /**
     * A temporal unit is a keyframe here when it carries a sequence header.
     *
     * @param tu a temporal unit as IVF stores it
     * @return whether it holds a sequence header and a key frame
     */
    public static boolean isKeyframe(byte[] tu) {
        try {
            for (byte[] o : obus(tu)) {
                if (type(o) == OBU_SEQUENCE_HEADER) {
                    return true;
                }
            }
        } catch (RtpParseException e) {
            return false;
        }
        return false;
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        if (maxPayload < 4) {
            throw new IllegalArgumentException("payload size " + maxPayload + " too small for AV1");
        }
        List<byte[]> obus;
        try {
            obus = obus(frame);
        } catch (RtpParseException e) {
            throw new IllegalArgumentException("not an AV1 temporal unit: " + e.getMessage(), e);
        }
        obus.removeIf(o -> type(o) == OBU_TEMPORAL_DELIMITER || type(o) == OBU_TILE_LIST);
        boolean newSequence = obus.stream().anyMatch(o -> type(o) == OBU_SEQUENCE_HEADER);
        List<byte[]> out = new ArrayList<>();
        List<byte[]> elements = new ArrayList<>();
        int used = 1;
        boolean z = false;
        for (byte[] obu : obus) {
            int off = 0;
            while (off < obu.length) {
                int avail = maxPayload - used;
                if (avail < 2) {
                    out.add(packet(elements, z, false, newSequence && out.isEmpty()));
                    elements.clear();
                    used = 1;
                    z = false;
                    continue;
                }
                int chunk = Math.min(obu.length - off, avail - 1);
                while (Leb128.size(chunk) + chunk > avail) {
                    chunk--;
                }
                byte[] e = new byte[chunk];
                System.arraycopy(obu, off, e, 0, chunk);
                elements.add(e);
                used += Leb128.size(chunk) + chunk;
                off += chunk;
                if (off < obu.length) {
                    out.add(packet(elements, z, true, newSequence && out.isEmpty()));
                    elements.clear();
                    used = 1;
                    z = true;
                }
            }
        }
        if (!elements.isEmpty() || out.isEmpty()) {
            out.add(packet(elements, z, false, newSequence && out.isEmpty()));
        }
        return out;
    }

    private static byte[] packet(List<byte[]> elements, boolean z, boolean y, boolean n) {
        int w = elements.size() <= 3 ? elements.size() : 0;
        int len = 1;
        for (int i = 0; i < elements.size(); i++) {
            boolean last = i == elements.size() - 1;
            len += (w != 0 && last ? 0 : Leb128.size(elements.get(i).length)) + elements.get(i).length;
        }
        byte[] p = new byte[len];
        p[0] = (byte) ((z ? 0x80 : 0) | (y ? 0x40 : 0) | (w << 4) | (n ? 0x08 : 0));
        int q = 1;
        for (int i = 0; i < elements.size(); i++) {
            byte[] e = elements.get(i);
            if (!(w != 0 && i == elements.size() - 1)) {
                q = Leb128.write(p, q, e.length);
            }
            System.arraycopy(e, 0, p, q, e.length);
            q += e.length;
        }
        return p;
    }
}
