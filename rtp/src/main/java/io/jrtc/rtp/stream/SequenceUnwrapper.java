package io.jrtc.rtp.stream;

/**
 * Extends wrapping RTP counters (16-bit sequence numbers, 32-bit timestamps) to a monotonic
 * {@code long}: each new value is placed nearest to the highest one seen so far (RFC 3550 A.1).
 */
public final class SequenceUnwrapper {
    private final int bits;
    private final long modulus;
    private long highest = Long.MIN_VALUE;

    private SequenceUnwrapper(int bits) {
        this.bits = bits;
        this.modulus = 1L << bits;
    }

    /** {@return for 16-bit RTP sequence numbers} */
    public static SequenceUnwrapper sequence() {
        return new SequenceUnwrapper(16);
    }

    /** {@return for 32-bit RTP timestamps} */
    public static SequenceUnwrapper timestamp() {
        return new SequenceUnwrapper(32);
    }

    /**
     * The extended value of {@code value}; the first one is placed in the second cycle so earlier ones stay positive.
     *
     * @param value the wrapped value
     * @return the extended value
     */
    public long unwrap(long value) {
        value &= modulus - 1;
        if (highest == Long.MIN_VALUE) {
            highest = modulus + value;
            return highest;
        }
        long delta = (value - highest) & (modulus - 1);
        if (delta >= modulus / 2) {
            delta -= modulus;
        }
        long out = highest + delta;
        if (out > highest) {
            highest = out;
        }
        return out;
    }

    /** {@return the width of the wrapped values: 16 or 32} */
    public int bits() {
        return bits;
    }
}
