package io.jrtc.core;

import java.util.Arrays;

/**
 * The anti-replay sliding window shared by DTLS records (RFC 6347 §4.1.2.6, the scheme of RFC 4303
 * §3.4.3) and SRTP/SRTCP packets (RFC 3711 §3.3.2): the highest index accepted so far and, for the
 * {@code size} indices just below it, which were already seen.
 *
 * <pre>
 *            too old         |&lt;------------ size ------------&gt;|  new
 *   ... ---------------------+----+----+----+---- ... ----+----+-----&gt; index
 *                            |  1 |  0 |  1 |             | 1  |
 *                            +----+----+----+---- ... ----+----+
 *                                                        highest
 * </pre>
 *
 * <p>An index above {@code highest} is {@link Verdict#FRESH new}; one within the window is accepted
 * once (its bit is then set) and {@link Verdict#REPLAYED replayed} after that; one further back than
 * the window is {@link Verdict#TOO_OLD too old}. The bits live in a ring of 64-bit words indexed by
 * {@code index mod capacity} (the size rounded up to a power of two, at least 64), so sliding forward
 * by {@code d} clears {@code d} bits and moves nothing; nothing is allocated after construction.
 *
 * <p>{@link #check} never changes state: the caller calls {@link #accept} only after the packet or
 * record authenticated, so forged input cannot move the window. Not thread-safe (confined to its
 * engine's thread).
 */
public final class ReplayWindow {
    /** What {@link #check} says about an index. */
    public enum Verdict {
        /** Newer than the highest, or inside the window and not seen yet: accept it (once authenticated). */
        FRESH,
        /** Inside the window and already accepted. */
        REPLAYED,
        /** Further behind the highest than the window reaches. */
        TOO_OLD
    }

    private final int size;
    private final long[] bits;
    private final long mask;
    private long highest = -1;

    /**
     * A window that judges the {@code size} indices below the highest one.
     *
     * @param size how many indices behind the highest are still accepted, at least 1
     * @throws IllegalArgumentException when {@code size} is below 1 or above 2^30
     */
    public ReplayWindow(int size) {
        if (size < 1 || size > 1 << 30) {
            throw new IllegalArgumentException("replay window size must be 1..2^30: " + size);
        }
        this.size = size;
        int capacity = 64;
        while (capacity < size) {
            capacity <<= 1;
        }
        this.bits = new long[capacity >>> 6];
        this.mask = capacity - 1;
    }

    /**
     * How many indices behind the highest are judged.
     *
     * @return the window size given to the constructor
     */
    public int size() {
        return size;
    }

    /**
     * The highest index accepted so far.
     *
     * @return that index, or -1 before the first
     */
    public long highest() {
        return highest;
    }

    /**
     * Judges {@code index} without changing anything.
     *
     * @param index a non-negative packet or record index
     * @return {@link Verdict#FRESH}, {@link Verdict#REPLAYED} or {@link Verdict#TOO_OLD}
     */
    public Verdict check(long index) {
        if (index > highest) {
            return Verdict.FRESH;
        }
        if (highest - index >= size) {
            return Verdict.TOO_OLD;
        }
        long b = index & mask;
        return (bits[(int) (b >>> 6)] & (1L << b)) != 0 ? Verdict.REPLAYED : Verdict.FRESH;
    }

    /**
     * Whether {@code index} would be accepted: {@code check(index) == Verdict.FRESH}.
     *
     * @param index a non-negative packet or record index
     * @return true when the index is new or unseen inside the window
     */
    public boolean isFresh(long index) {
        return check(index) == Verdict.FRESH;
    }

    /**
     * Records {@code index} as received; call it after {@link #check} said {@link Verdict#FRESH} and the
     * input authenticated. An index too old for the window is ignored.
     *
     * @param index a non-negative packet or record index
     */
    public void accept(long index) {
        if (index > highest) {
            long delta = highest < 0 ? Long.MAX_VALUE : index - highest;
            if (delta > mask) {
                Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    long b = i & mask;
                    bits[(int) (b >>> 6)] &= ~(1L << b);
                }
            }
            highest = index;
        } else if (highest - index >= size) {
            return;
        }
        long b = index & mask;
        bits[(int) (b >>> 6)] |= 1L << b;
    }
}
