package io.jrtc.rtp.cc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of the delay-based estimator, one at a time. */
class DelayBasedPartsTest {
    private static final long MS = 1_000_000L;

    @Test
    void packetsSentWithinFiveMillisecondsFormOneGroup() {
        InterArrival g = new InterArrival();
        // group A: sent 0, 2, 4 ms; group B: 33..37 ms; group C starts at 66 ms
        assertFalse(g.add(0, 50 * MS, 1000));
        assertFalse(g.add(2 * MS, 52 * MS, 1000));
        assertFalse(g.add(4 * MS, 54 * MS, 1000));
        assertFalse(g.add(33 * MS, 84 * MS, 1000)); // closes A, but there is nothing before A
        assertFalse(g.add(37 * MS, 90 * MS, 1000));
        assertTrue(g.add(66 * MS, 116 * MS, 1000)); // closes B: deltas B - A
        assertEquals(33 * MS, g.sendDelta);
        assertEquals(36 * MS, g.arrivalDelta);
        assertEquals(90 * MS, g.groupArrival);
    }

    @Test
    void aBurstDeliveredFasterThanItWasSentJoinsTheGroup() {
        InterArrival g = new InterArrival();
        g.add(0, 100 * MS, 1000);
        // sent 20 ms later but arrives 1 ms after the previous one: the network held and released it
        assertFalse(g.add(20 * MS, 101 * MS, 1000));
        assertFalse(g.add(40 * MS, 140 * MS, 1000));
        assertTrue(g.add(60 * MS, 160 * MS, 1000));
        assertEquals(20 * MS, g.sendDelta); // (the group ended at 20 ms)
    }

    @Test
    void theTrendlineSlopeOfAGrowingQueueIsItsGrowthRate() {
        TrendlineEstimator t = new TrendlineEstimator();
        double m = 0;
        // groups every 10 ms; each arrives 1 ms later than the previous: the queue grows by 0.1 ms/ms
        for (int i = 1; i <= 200; i++) {
            m = t.update(10 * MS, 11 * MS, i * 11 * MS);
        }
        assertEquals(0.1 / 1.1 * 60 * 4, m, 0.5);
        TrendlineEstimator flat = new TrendlineEstimator();
        for (int i = 1; i <= 100; i++) {
            m = flat.update(10 * MS, 10 * MS, i * 10 * MS);
        }
        assertEquals(0, m, 1e-9);
    }

    @Test
    void theDetectorSignalsOveruseOnlyAfterTenMillisecondsAboveTheThreshold() {
        OveruseDetector d = new OveruseDetector(OveruseDetector.TRENDLINE_K_UP, OveruseDetector.TRENDLINE_K_DOWN);
        assertEquals(BandwidthUsage.NORMAL, d.detect(50, 4, 30, 0)); // first sample above: 2 ms over
        assertEquals(BandwidthUsage.NORMAL, d.detect(51, 4, 30, 4 * MS)); // 6 ms over
        assertEquals(BandwidthUsage.OVERUSING, d.detect(52, 6, 30, 10 * MS)); // 12 ms over, rising
        OveruseDetector e = new OveruseDetector();
        assertEquals(BandwidthUsage.UNDERUSING, e.detect(-20, 10, 30, 0));
        assertEquals(BandwidthUsage.NORMAL, e.detect(1, 10, 30, 10 * MS));
    }

    @Test
    void theThresholdRisesTowardsALargerSignalAndStaysWithinBounds() {
        OveruseDetector d = new OveruseDetector();
        double start = d.threshold();
        for (int i = 0; i < 100; i++) {
            d.detect(20, 10, 30, i * 10 * MS); // within 15 of the threshold: it adapts upwards
        }
        assertTrue(d.threshold() > start + 5, "threshold " + d.threshold());
        assertTrue(d.threshold() <= 20);
        OveruseDetector spike = new OveruseDetector();
        spike.detect(500, 10, 30, 0);
        spike.detect(500, 10, 30, 100 * MS); // more than 15 above: not adapted to
        assertEquals(OveruseDetector.INITIAL_THRESHOLD, spike.threshold(), 1e-9);
        OveruseDetector low = new OveruseDetector(OveruseDetector.TRENDLINE_K_UP, OveruseDetector.TRENDLINE_K_DOWN);
        for (int i = 0; i < 1000; i++) {
            low.detect(0, 10, 30, i * 10 * MS);
        }
        assertEquals(OveruseDetector.MIN_THRESHOLD, low.threshold(), 1e-9);
    }

    @Test
    void overuseDecreasesToEightyFivePercentOfTheAcknowledgedRate() {
        AimdRateControl r = new AimdRateControl(1_000_000, 30_000, 10_000_000);
        assertEquals(680_000, r.update(BandwidthUsage.OVERUSING, 800_000, 0));
        // again within one RTT: no second decrease
        assertEquals(680_000, r.update(BandwidthUsage.OVERUSING, 700_000, 50 * MS));
        assertTrue(r.nearConvergence());
    }

    @Test
    void farFromCongestionTheIncreaseIsEightPercentASecond() {
        AimdRateControl r = new AimdRateControl(1_000_000, 30_000, 10_000_000);
        assertEquals(1_001_000, r.update(BandwidthUsage.NORMAL, 1_000_000, 0)); // no time passed: the least step, 1 kbit/s
        long after = r.update(BandwidthUsage.NORMAL, 1_000_000, 1_000 * MS);
        assertEquals(1_001_000 * 1.08, after, 1);
        // an increase stops at 1.5 × acknowledged + 10 kbit/s
        for (int i = 2; i < 20; i++) {
            after = r.update(BandwidthUsage.NORMAL, 1_000_000, i * 1_000 * MS);
        }
        assertEquals(1_510_000, after);
        // underuse holds
        assertEquals(1_510_000, r.update(BandwidthUsage.UNDERUSING, 1_000_000, 21_000 * MS));
    }

    @Test
    void nearTheLastCongestionPointTheIncreaseIsAdditive() {
        AimdRateControl r = new AimdRateControl(1_000_000, 30_000, 10_000_000);
        r.setRtt(100 * MS);
        long down = r.update(BandwidthUsage.OVERUSING, 1_000_000, 0); // 850 kbit/s, capacity ~1 Mbit/s known
        assertEquals(850_000, down);
        // HOLD after the decrease, then INCREASE: 0.5 × min(100 ms / (RTT + 100 ms), 1) × 9600 bits = +2.4 kbit
        assertEquals(852_400, r.update(BandwidthUsage.NORMAL, 900_000, 100 * MS));
        assertEquals(854_800, r.update(BandwidthUsage.NORMAL, 900_000, 200 * MS));
        // a whole second: 0.5 × 9600 bits, not 8 %
        assertEquals(859_600, r.update(BandwidthUsage.NORMAL, 900_000, 1_200 * MS));
    }
}
