package io.jrtc.rtp.cc;

/**
 * A rate over a sliding window, in 10 ms buckets on any clock (the receiver's arrival times for the
 * acknowledged rate, our send times for the sent rate). Samples older than the window are forgotten;
 * a sample older than the newest bucket by more than the window is ignored. Allocation-free, bounded.
 */
final class RateWindow {
    private static final long BUCKET_NANOS = 10_000_000L;

    private final long windowNanos;
    private final long minSpanNanos;
    private final long[] bytes;
    private final long[] bucketIds;
    private long newest = Long.MIN_VALUE;
    private long first = Long.MIN_VALUE;

    /**
     * @param windowNanos  the window (a multiple of 10 ms is best)
     * @param minSpanNanos how much time must be covered before {@link #rateBps} answers at all
     */
    RateWindow(long windowNanos, long minSpanNanos) {
        this.windowNanos = windowNanos;
        this.minSpanNanos = minSpanNanos;
        int n = (int) (windowNanos / BUCKET_NANOS) + 1;
        this.bytes = new long[n];
        this.bucketIds = new long[n];
        java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    void add(long t, long size) {
        long id = Math.floorDiv(t, BUCKET_NANOS);
        if (newest != Long.MIN_VALUE && id <= newest - bytes.length) {
            return;
        }
        if (first == Long.MIN_VALUE) {
            first = t;
        }
        newest = newest == Long.MIN_VALUE ? id : Math.max(newest, id);
        int i = (int) Math.floorMod(id, (long) bytes.length);
        if (bucketIds[i] != id) {
            bucketIds[i] = id;
            bytes[i] = 0;
        }
        bytes[i] += size;
    }

    /** Bits per second over the window ending at {@code t}, or -1 when less than the minimum span is covered. */
    long rateBps(long t) {
        if (first == Long.MIN_VALUE) {
            return -1;
        }
        long span = Math.min(windowNanos, t - first + BUCKET_NANOS);
        if (span < minSpanNanos) {
            return -1;
        }
        long id = Math.floorDiv(t, BUCKET_NANOS);
        long sum = 0;
        int buckets = (int) (span / BUCKET_NANOS);
        for (int i = 0; i < bytes.length; i++) {
            if (bucketIds[i] != Long.MIN_VALUE && bucketIds[i] <= id && bucketIds[i] > id - buckets) {
                sum += bytes[i];
            }
        }
        return sum * 8 * 1_000_000_000L / (buckets * BUCKET_NANOS);
    }

    void reset() {
        java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
        newest = Long.MIN_VALUE;
        first = Long.MIN_VALUE;
    }
}
