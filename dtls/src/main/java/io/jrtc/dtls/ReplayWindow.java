package io.jrtc.dtls;

/**
 * The anti-replay sliding window of RFC 6347 §4.1.2.6 (the IPsec scheme of RFC 4303 §3.4.3):
 * the highest authenticated sequence number and a 64-bit bitmap of which of the 64 numbers below it
 * were seen. {@link #isFresh} is checked before decrypting; {@link #accept} only after the record
 * authenticated, so forged records cannot move the window.
 */
public final class ReplayWindow {
    public static final int SIZE = 64;
    private long highest = -1;
    private long bitmap;

    /** True when {@code seq} was not yet accepted and is not too old to judge. */
    public boolean isFresh(long seq) {
        if (seq > highest) return true;
        long diff = highest - seq;
        if (diff >= SIZE) return false;
        return (bitmap & (1L << diff)) == 0;
    }

    /** Marks {@code seq} as received (call after the record authenticated). */
    public void accept(long seq) {
        if (seq > highest) {
            long shift = highest < 0 ? SIZE : seq - highest;
            bitmap = shift >= SIZE ? 1L : (bitmap << shift) | 1L;
            highest = seq;
        } else {
            long diff = highest - seq;
            if (diff < SIZE) bitmap |= 1L << diff;
        }
    }

    public long highest() {
        return highest;
    }
}
