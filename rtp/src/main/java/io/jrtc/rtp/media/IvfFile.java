package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * IVF, the simple container libvpx and libaom write (VP8, VP9, AV1). All fields little-endian.
 *
 * <pre>
 * file header (32 bytes)                         frame header (12 bytes) + frame
 *  0  "DKIF"         16  time base denominator    0  frame size (4)
 *  4  version 0 (2)  20  time base numerator      4  timestamp (8), in time base units
 *  6  header size 32 24  number of frames        12  frame data ...
 *  8  fourcc "VP80" / "VP90" / "AV01"
 * 12  width (2)  14  height (2)                  28  unused (4)
 * </pre>
 */
public record IvfFile(String fourcc, int width, int height, int timebaseDenominator, int timebaseNumerator, List<Frame> frames) {
    /**
     * One frame.
     *
     * @param timestamp its presentation time in time-base units
     * @param data the encoded frame
     */
    public record Frame(long timestamp, Bytes data) {
    }

    /**
     * Checks the components.
     *
     * @param fourcc the fourcc
     * @param width the width
     * @param height the height
     * @param timebaseDenominator the timebase denominator
     * @param timebaseNumerator the timebase numerator
     * @param frames the frames
     */
    public IvfFile {
        frames = List.copyOf(frames);
        if (fourcc.length() != 4) {
            throw new IllegalArgumentException("fourcc must be 4 characters: " + fourcc);
        }
    }

    /**
     * Parses an IVF file.
     *
     * @param b the whole file
     * @return the header fields and every frame
     * @throws RtpParseException when the header or a frame header is malformed or runs past the end
     */
    public static IvfFile parse(byte[] b) throws RtpParseException {
        RtpWire.need(0, 32, b.length, "IVF file header");
        if (b[0] != 'D' || b[1] != 'K' || b[2] != 'I' || b[3] != 'F') {
            throw new RtpParseException("not an IVF file (no DKIF signature)");
        }
        int headerSize = le16(b, 6);
        if (headerSize < 32 || headerSize > b.length) {
            throw new RtpParseException("IVF header size " + headerSize + " invalid");
        }
        String fourcc = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        List<Frame> frames = new ArrayList<>();
        int p = headerSize;
        while (p < b.length) {
            RtpWire.need(p, 12, b.length, "IVF frame header #" + frames.size());
            long size = le32(b, p);
            if (size > b.length - p - 12) {
                throw new RtpParseException("IVF frame #" + frames.size() + " size " + size + " runs past the file");
            }
            frames.add(new Frame(le32(b, p + 4) | (le32(b, p + 8) << 32), Bytes.of(b, p + 12, (int) size)));
            p += 12 + (int) size;
        }
        return new IvfFile(fourcc, le16(b, 12), le16(b, 14), (int) le32(b, 16), (int) le32(b, 20), frames);
    }

    /** {@return the file: the 32-byte header, then each frame with its 12-byte header} */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = new byte[32];
        h[0] = 'D';
        h[1] = 'K';
        h[2] = 'I';
        h[3] = 'F';
        put16(h, 6, 32);
        byte[] cc = fourcc.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(cc, 0, h, 8, 4);
        put16(h, 12, width);
        put16(h, 14, height);
        put32(h, 16, timebaseDenominator);
        put32(h, 20, timebaseNumerator);
        put32(h, 24, frames.size());
        out.write(h, 0, 32);
        for (Frame f : frames) {
            byte[] fh = new byte[12];
            put32(fh, 0, f.data().length());
            put32(fh, 4, f.timestamp());
            put32(fh, 8, f.timestamp() >>> 32);
            out.write(fh, 0, 12);
            out.write(f.data().toByteArray(), 0, f.data().length());
        }
        return out.toByteArray();
    }

    static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
    }

    static long le32(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((long) (b[i + 3] & 0xff) << 24);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int i, long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
