package io.jrtc.rtp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * VP8 (RFC 7741 section 4.2). Each packet starts with a payload descriptor; this packetizer always
 * sends a 15-bit picture id, incremented per frame, and cuts the frame into near-equal parts.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID |  S = start of partition, PID = partition index
 *      +-+-+-+-+-+-+-+-+
 *   X: |I|L|T|K| RSV   |  I = picture id present
 *      +-+-+-+-+-+-+-+-+
 *   I: |M| PictureID   |  M = 1: 15-bit picture id (two bytes)
 *      +-+-+-+-+-+-+-+-+
 *      |   PictureID   |
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vp8Packetizer implements Packetizer {
    private static final int DESCRIPTOR = 4;
    private int pictureId;

    /**
     * A packetizer numbering pictures from {@code initialPictureId}.
     *
     * @param initialPictureId the first 15-bit picture id
     */
    public Vp8Packetizer(int initialPictureId) {
        this.pictureId = initialPictureId & 0x7fff;
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        int room = maxPayload - DESCRIPTOR;
        if (room < 1) {
            throw new IllegalArgumentException("payload size " + maxPayload + " too small for VP8");
        }
        int count = Math.max(1, (frame.length + room - 1) / room);
        List<byte[]> out = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int len = (frame.length - pos) / (count - i);
            byte[] p = new byte[DESCRIPTOR + len];
            p[0] = (byte) (0x80 | (i == 0 ? 0x10 : 0));
            p[1] = (byte) 0x80;
            p[2] = (byte) (0x80 | (pictureId >>> 8));
            p[3] = (byte) pictureId;
            System.arraycopy(frame, pos, p, DESCRIPTOR, len);
            pos += len;
            out.add(p);
        }
        pictureId = (pictureId + 1) & 0x7fff;
        return out;
    }
}
