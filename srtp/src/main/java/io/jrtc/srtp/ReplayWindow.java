package io.jrtc.srtp;

/**
 * A sliding replay window over packet indices (RFC 3711 §3.3.2): it remembers the highest index
 * accepted and, for the {@code size} indices just below it, which were seen.
 *
 * <pre>
 *            too old         |&lt;------------ size ------------&gt;|  new
 *   ... ---------------------+----+----+----+---- ... ----+----+-----&gt; index
 *                            |  1 |  0 |  1 |             | 1  |
 *                            +----+----+----+---- ... ----+----+
 *                                                        highest
 * </pre>
 *
 * An index above {@code highest} is new; one within the window is accepted once (its bit is then
 * set); one further back than the window is too old. The bits live in a ring of 64-bit words indexed
 * by {@code index mod capacity}, so sliding the window forward by {@code d} clears {@code d} bits and
 * moves nothing. {@link #check} never changes state: the caller calls {@link #accept} only after the
 * packet authenticated, so forged packets cannot move the window.
 */
final class ReplayWindow {
    /** {@link #check}: the index is new or inside the window and unseen. */
    static final int OK = 0;

    private final int size;
    private final long[] bits;
    private final long mask;
    private long highest = -1;

    ReplayWindow(int size) {
        this.size = size;
        int capacity = 64;
        while (capacity < size) {
            capacity <<= 1;
        }
        this.bits = new long[capacity >>> 6];
        this.mask = capacity - 1;
    }

    /** The highest index accepted so far, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** {@link #OK}, or the {@link SrtpStatus#code()} of REPLAYED or TOO_OLD. */
    int check(long index) {
        if (index > highest) {
            return OK;
        }
        if (highest - index >= size) {
            return SrtpStatus.TOO_OLD.code();
        }
        long b = index & mask;
        return (bits[(int) (b >>> 6)] & (1L << b)) != 0 ? SrtpStatus.REPLAYED.code() : OK;
    }

    /** Records {@code index} as received (after {@link #check} said OK and the packet authenticated). */
    void accept(long index) {
        if (index > highest) {
            long delta = highest < 0 ? Long.MAX_VALUE : index - highest;
            if (delta > mask) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    long b = i & mask;
                    bits[(int) (b >>> 6)] &= ~(1L << b);
                }
            }
            highest = index;
        }
        long b = index & mask;
        bits[(int) (b >>> 6)] |= 1L << b;
    }
}
