package io.jrtc.srtp;

import io.jrtc.core.ReplayWindow;

/**
 * Per-SSRC state, in an open-addressing table keyed by the SSRC as a primitive int, so looking a
 * stream up never boxes or allocates. Bounded: at most {@code max} streams.
 */
final class StreamTable {
    /** State of one SSRC; each direction's window is created on first use. */
    static final class Stream {
        final int ssrc;
        /** Sender side of SRTP: the highest index protected, and which indices were used. */
        ReplayWindow rtpOut;
        /** Receiver side of SRTP: highest index received (ROC and s_l), and the replay window. */
        ReplayWindow rtpIn;
        /** Sender side of SRTCP: the last SRTCP index used (the first packet gets 1, as libsrtp). */
        int rtcpOutIndex;
        /** Receiver side of SRTCP: the replay window. */
        ReplayWindow rtcpIn;

        Stream(int ssrc) {
            this.ssrc = ssrc;
        }
    }

    private final int max;
    private int[] keys;
    private Stream[] values;
    private int size;
    private Stream last;

    StreamTable(int max) {
        this.max = max;
        int cap = 16;
        keys = new int[cap];
        values = new Stream[cap];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= max;
    }

    private static int slot(int ssrc, int mask) {
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The stream of {@code ssrc}, or {@code null}. */
    Stream get(int ssrc) {
        Stream l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Stream s = values[i];
            if (s == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                last = s;
                return s;
            }
        }
    }

    /** Adds a stream for {@code ssrc} (which must be absent); {@code null} when the table is full. */
    Stream add(int ssrc) {
        if (size >= max) {
            return null;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        Stream s = new Stream(ssrc);
        insert(keys, values, s);
        size++;
        last = s;
        return s;
    }

    /** Removes the stream of {@code ssrc}; returns whether there was one. */
    boolean remove(int ssrc) {
        int mask = keys.length - 1;
        int i = slot(ssrc, mask);
        while (true) {
            if (values[i] == null) {
                return false;
            }
            if (keys[i] == ssrc) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (last == values[i]) {
            last = null;
        }
        values[i] = null;
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole when their home
        // slot does not lie cyclically in (hole, j].
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
        return true;
    }

    private static void insert(int[] keys, Stream[] values, Stream s) {
        int mask = keys.length - 1;
        int i = slot(s.ssrc, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = s.ssrc;
        values[i] = s;
    }

    private void grow() {
        int[] nk = new int[keys.length * 2];
        Stream[] nv = new Stream[keys.length * 2];
        for (Stream s : values) {
            if (s != null) {
                insert(nk, nv, s);
            }
        }
        keys = nk;
        values = nv;
    }
}
