package io.jrtc.examples.loopback;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The demo's video: synthetic VP8 frames, so the examples jar needs no media file. Each frame starts
 * with a real VP8 frame header (RFC 6386 §9.1) and then carries its own number and filler bytes
 * derived from that number:
 *
 * <pre>
 *  frame tag, 3 bytes little-endian        key frames only, 7 bytes       4 bytes      filler
 * +--------------------------------------+------------------------------+------------+-----------+
 * | P | version | show | first_part_size | 9d 01 2a | width | height    | frame no.  | ...       |
 * | 1 |    3    |  1   |       19 bits   | start code, 2 + 2 bytes LE   | big-endian | (derived) |
 * +--------------------------------------+------------------------------+------------+-----------+
 *   P = 0: key frame (RFC 7741's receiver reads this bit to find key frames)
 * </pre>
 *
 * No decoder would show a picture; what the demo checks is that the RTP layer packetizes them as VP8,
 * the receiver tells key frames from delta frames by the P bit, and every byte arrives. A key frame
 * (about 3 KB) needs three RTP packets at the 1200-byte MTU, a delta frame (300 to 800 bytes) one.
 */
final class SyntheticVp8 {
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    /** RTP timestamp step at 30 frames/s on VP8's 90 kHz clock. */
    static final long TICKS_PER_FRAME = 90_000 / 30;

    private SyntheticVp8() {
    }

    /** Frame {@code number}, a key frame or a delta frame. */
    static byte[] frame(int number, boolean key) {
        int header = key ? 10 : 3;
        int size = key ? 2900 + (number * 37) % 200 : 300 + (number * 131) % 500;
        byte[] f = new byte[size];
        int firstPartitionSize = size - header; // everything is one partition here
        int tag = (key ? 0 : 1) | (1 << 4) | (firstPartitionSize << 5); // version 0, show_frame 1
        f[0] = (byte) tag;
        f[1] = (byte) (tag >>> 8);
        f[2] = (byte) (tag >>> 16);
        if (key) {
            f[3] = (byte) 0x9d;
            f[4] = 0x01;
            f[5] = 0x2a;
            f[6] = (byte) WIDTH;
            f[7] = (byte) (WIDTH >>> 8); // the top two bits are the horizontal scale: 0
            f[8] = (byte) HEIGHT;
            f[9] = (byte) (HEIGHT >>> 8);
        }
        f[header] = (byte) (number >>> 24);
        f[header + 1] = (byte) (number >>> 16);
        f[header + 2] = (byte) (number >>> 8);
        f[header + 3] = (byte) number;
        byte[] filler = new byte[size - header - 4];
        new SplittableRandom(number * 2L + (key ? 1 : 0)).nextBytes(filler);
        System.arraycopy(filler, 0, f, header + 4, filler.length);
        return f;
    }

    /** Whether the frame tag's P bit says key frame. */
    static boolean isKeyframe(byte[] frame) {
        return frame.length >= 3 && (frame[0] & 1) == 0;
    }

    /**
     * The number of a frame made by {@link #frame}, or -1 when the bytes are not exactly such a frame
     * (a byte changed, cut, or grown).
     */
    static int number(byte[] frame) {
        boolean key = isKeyframe(frame);
        int header = key ? 10 : 3;
        if (frame.length < header + 4) {
            return -1;
        }
        int n = ((frame[header] & 0xff) << 24) | ((frame[header + 1] & 0xff) << 16) | ((frame[header + 2] & 0xff) << 8)
                | (frame[header + 3] & 0xff);
        return n >= 0 && Arrays.equals(frame, frame(n, key)) ? n : -1;
    }
}
