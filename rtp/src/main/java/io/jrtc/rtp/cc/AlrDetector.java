package io.jrtc.rtp.cc;

/**
 * Application-limited region: the application sent less than half of the target over the last
 * 500 ms (it had nothing more to send); it ends when it sends more than 80 % of the target again.
 * Probe padding does not count as sending.
 */
final class AlrDetector {
    static final double ENTER = 0.5;
    static final double EXIT = 0.8;
    private static final long WINDOW_NANOS = 500_000_000L;

    private final RateWindow sent = new RateWindow(WINDOW_NANOS, WINDOW_NANOS);
    private boolean inAlr;

    /** One media packet sent; returns +1 when ALR starts, -1 when it ends, 0 otherwise. */
    int onSent(long now, int size, long targetBps) {
        sent.add(now, size);
        return check(now, targetBps);
    }

    /** Re-evaluates at {@code now} (time passing with nothing sent counts too). */
    int check(long now, long targetBps) {
        long rate = sent.rateBps(now);
        if (rate < 0) {
            return 0;
        }
        if (!inAlr && rate < ENTER * targetBps) {
            inAlr = true;
            return 1;
        }
        if (inAlr && rate > EXIT * targetBps) {
            inAlr = false;
            return -1;
        }
        return 0;
    }

    boolean inAlr() {
        return inAlr;
    }
}
