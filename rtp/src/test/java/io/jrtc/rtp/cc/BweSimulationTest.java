package io.jrtc.rtp.cc;

import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.jrtc.rtp.cc.BweScenario.MS;
import static io.jrtc.rtp.cc.BweScenario.S;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimator, the pacer and the transport-cc feedback generator on the seeded simulated network:
 * a bottleneck with a 100 ms drop-tail queue and a 50 ms RTT.
 */
@ExtendWith(SeedReporter.class)
class BweSimulationTest {

    @ParameterizedTest(name = "{0} bit/s")
    @ValueSource(longs = {300_000, 1_000_000, 2_500_000})
    void convergesToTheBottleneck(long capacity) throws Exception {
        BweScenario sim = new BweScenario(Seeds.seed(14), capacity, 50 * MS, 0);
        sim.measureFrom(2 * S);
        sim.runUntil(20 * S);
        String trace = sim.trace();
        for (BweScenario.Second s : sim.seconds.subList(9, 20)) {
            double ratio = (double) s.estimateBps() / capacity;
            assertTrue(ratio > 0.8 && ratio < 1.2, "at t=" + s.t() + " s the estimate is " + ratio + " of capacity\n" + trace);
        }
        assertTrue(sim.queueDelayP95Ms() < 100, "p95 queuing delay " + sim.queueDelayP95Ms() + " ms\n" + trace);
        assertTrue(sim.lossRate() < 0.02, "loss " + sim.lossRate() + "\n" + trace);
    }

    @org.junit.jupiter.api.Test
    void followsTheCapacityWhenItHalves() throws Exception {
        BweScenario sim = new BweScenario(Seeds.seed(15), 2_000_000, 50 * MS, 0);
        sim.runUntil(15 * S);
        long before = sim.bwe.targetBps();
        assertTrue(before > 1_600_000, "before the step the estimate is " + before + "\n" + sim.trace());
        sim.setCapacity(1_000_000);
        sim.runUntil(18 * S);
        String trace = sim.trace();
        assertTrue(sim.bwe.targetBps() < 1_200_000, "3 s after the step the estimate is " + sim.bwe.targetBps() + "\n" + trace);
        sim.measureFrom(18 * S);
        sim.runUntil(30 * S);
        trace = sim.trace();
        for (BweScenario.Second s : sim.seconds.subList(17, 30)) {
            double ratio = s.estimateBps() / 1e6;
            assertTrue(ratio > 0.8 && ratio < 1.2, "at t=" + s.t() + " s the estimate is " + ratio + " of capacity\n" + trace);
        }
        assertTrue(sim.queueDelayP95Ms() < 100, "p95 queuing delay " + sim.queueDelayP95Ms() + " ms\n" + trace);
    }

    @org.junit.jupiter.api.Test
    void randomLossDoesNotCollapseTheEstimate() throws Exception {
        long capacity = 1_000_000;
        BweScenario sim = new BweScenario(Seeds.seed(16), capacity, 50 * MS, 0.05);
        sim.runUntil(30 * S);
        String trace = sim.trace();
        for (BweScenario.Second s : sim.seconds.subList(9, 30)) {
            assertTrue(s.estimateBps() > capacity / 2, "at t=" + s.t() + " s the estimate is " + s.estimateBps() + "\n" + trace);
            assertTrue(s.estimateBps() < capacity * 1.2, "at t=" + s.t() + " s the estimate is " + s.estimateBps() + "\n" + trace);
        }
    }
}
