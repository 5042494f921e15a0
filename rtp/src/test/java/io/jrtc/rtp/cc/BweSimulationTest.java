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
        System.out.println(capacity + ":\n" + trace + "p95=" + sim.queueDelayP95Ms() + " loss=" + sim.lossRate());
        for (BweScenario.Second s : sim.seconds.subList(9, 20)) {
            double ratio = (double) s.estimateBps() / capacity;
            assertTrue(ratio > 0.8 && ratio < 1.2, "at t=" + s.t() + " s the estimate is " + ratio + " of capacity\n" + trace);
        }
        assertTrue(sim.queueDelayP95Ms() < 100, "p95 queuing delay " + sim.queueDelayP95Ms() + " ms\n" + trace);
        assertTrue(sim.lossRate() < 0.02, "loss " + sim.lossRate() + "\n" + trace);
    }
}
