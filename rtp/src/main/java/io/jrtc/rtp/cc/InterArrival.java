package io.jrtc.rtp.cc;

/**
 * Groups packets by send time and measures how the delay between groups changes
 * (draft-ietf-rmcat-gcc-02 section 5.2, pre-filtering in 5.3).
 *
 * <p>A group is the packets sent within {@link #GROUP_NANOS} of the group's first one (a video frame
 * leaves the pacer as such a burst). For two consecutive groups i-1 and i:
 *
 * <pre>
 *   d(i) = (t(i) - t(i-1)) - (T(i) - T(i-1))       t: arrival of the group's last packet (receiver clock)
 *                                                   T: send time of the group's last packet (our clock)
 * </pre>
 *
 * A packet that arrives within {@link #BURST_NANOS} of the group's last arrival while its own
 * inter-departure is longer than its inter-arrival (the network delivered a burst, e.g. after a
 * wireless hiccup) joins the current group, so the burst does not look like queues draining.
 * Groups that arrive out of order are skipped. Only differences of the two clocks are used, so their
 * origins do not matter. Not thread-safe; allocation-free.
 */
final class InterArrival {
    static final long GROUP_NANOS = 5_000_000L;
    static final long BURST_NANOS = 5_000_000L;
    private static final long MAX_BURST_SPAN_NANOS = 100_000_000L;

    private boolean haveCurrent;
    private long curFirstSend;
    private long curLastSend;
    private long curFirstArrival;
    private long curLastArrival;
    private long curBytes;

    private boolean havePrevious;
    private long prevLastSend;
    private long prevLastArrival;

    /** Set by {@link #add} when it returns true. */
    long sendDelta;
    long arrivalDelta;
    long groupArrival;
    long sizeDelta;
    private long prevBytes;

    /**
     * Adds one received packet (in arrival order). Returns true when it closed a group and a new
     * delta pair is in {@link #sendDelta}, {@link #arrivalDelta} and {@link #groupArrival}.
     */
    boolean add(long sendNanos, long arrivalNanos, int size) {
        if (!haveCurrent) {
            start(sendNanos, arrivalNanos, size);
            return false;
        }
        if (sendNanos - curFirstSend < 0) {
            return false; // sent before the current group began: reordered, ignored
        }
        if (belongsToCurrent(sendNanos, arrivalNanos)) {
            curLastSend = Math.max(curLastSend, sendNanos);
            curLastArrival = Math.max(curLastArrival, arrivalNanos);
            curBytes += size;
            return false;
        }
        boolean produced = false;
        if (havePrevious) {
            long ad = curLastArrival - prevLastArrival;
            long sd = curLastSend - prevLastSend;
            if (ad >= 0) {
                sendDelta = sd;
                arrivalDelta = ad;
                groupArrival = curLastArrival;
                sizeDelta = curBytes - prevBytes;
                produced = true;
            }
        }
        havePrevious = true;
        prevLastSend = curLastSend;
        prevLastArrival = curLastArrival;
        prevBytes = curBytes;
        start(sendNanos, arrivalNanos, size);
        return produced;
    }

    private boolean belongsToCurrent(long send, long arrival) {
        if (send - curFirstSend <= GROUP_NANOS) {
            return true;
        }
        long arrivalDeltaToLast = arrival - curLastArrival;
        long sendDeltaToLast = send - curLastSend;
        return arrivalDeltaToLast - sendDeltaToLast < 0 && arrivalDeltaToLast <= BURST_NANOS
                && arrival - curFirstArrival < MAX_BURST_SPAN_NANOS;
    }

    private void start(long send, long arrival, int size) {
        haveCurrent = true;
        curFirstSend = send;
        curLastSend = send;
        curFirstArrival = arrival;
        curLastArrival = arrival;
        curBytes = size;
    }

    /** Forgets everything (after a long pause or a clock jump). */
    void reset() {
        haveCurrent = false;
        havePrevious = false;
    }
}
