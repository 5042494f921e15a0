package io.jrtc.rtp.cc;

/**
 * The arrival-time filter: the slope of the queuing delay over time, by least squares over the
 * last {@link #WINDOW} group deltas (the trendline filter libwebrtc uses in place of the Kalman filter
 * of draft-ietf-rmcat-gcc-02 section 5.3; both turn noisy d(i) into an estimate m(i) of how fast the
 * bottleneck queue grows).
 *
 * <pre>
 *   accumulated(i) = accumulated(i-1) + d(i)                        d(i) in ms
 *   smoothed(i)    = 0.9 * smoothed(i-1) + 0.1 * accumulated(i)
 *   slope          = least-squares slope of smoothed against arrival time (ms/ms) over the window
 *   m(i)           = slope * min(number of deltas, 60) * 4           what the detector compares
 * </pre>
 *
 * A positive m means queues build (the delay rises by {@code slope} ms per ms); scaled by the
 * number of deltas seen so that the first few noisy deltas count less. Allocation-free.
 */
final class TrendlineEstimator {
    static final int WINDOW = 20;
    static final double SMOOTHING = 0.9;
    static final double GAIN = 4.0;
    static final int MAX_DELTAS = 60;

    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int size;
    private int head;
    private long firstArrival = Long.MIN_VALUE;
    private double accumulated;
    private double smoothed;
    private int deltas;
    private double slope;

    /** Adds one group delta; returns the new m(i) (the scaled trend, "ms"). */
    double update(long sendDeltaNanos, long arrivalDeltaNanos, long groupArrivalNanos) {
        double d = (arrivalDeltaNanos - sendDeltaNanos) / 1e6;
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = groupArrivalNanos;
        }
        deltas = Math.min(deltas + 1, 1000);
        accumulated += d;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        xs[head] = (groupArrivalNanos - firstArrival) / 1e6;
        ys[head] = smoothed;
        head = (head + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
        if (size == WINDOW) {
            double s = fitSlope();
            if (!Double.isNaN(s)) {
                slope = s;
            }
        }
        return modifiedTrend();
    }

    /** The current m: slope × min(deltas, 60) × gain. */
    double modifiedTrend() {
        return slope * Math.min(deltas, MAX_DELTAS) * GAIN;
    }

    int deltas() {
        return deltas;
    }

    private double fitSlope() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < size; i++) {
            sx += xs[i];
            sy += ys[i];
        }
        double mx = sx / size;
        double my = sy / size;
        double num = 0;
        double den = 0;
        for (int i = 0; i < size; i++) {
            double dx = xs[i] - mx;
            num += dx * (ys[i] - my);
            den += dx * dx;
        }
        return den == 0 ? Double.NaN : num / den;
    }

    void reset() {
        size = 0;
        head = 0;
        firstArrival = Long.MIN_VALUE;
        accumulated = 0;
        smoothed = 0;
        deltas = 0;
        slope = 0;
    }
}
