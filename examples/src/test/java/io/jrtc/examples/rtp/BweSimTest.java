package io.jrtc.examples.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the bwe-sim example: it converges, keeps the queue short, and follows a capacity step. */
class BweSimTest {

    @Test
    void convergesAndFollowsAStepDown() {
        BweSim.Summary s = BweSim.simulate(1_000_000, 50_000_000L, 0, 30, 15, 500_000, 3, false);
        assertEquals(30, s.seconds().size());
        for (long[] sec : s.seconds().subList(9, 15)) {
            assertTrue(sec[1] > 800_000 && sec[1] < 1_200_000, "t=" + sec[0] + " estimate " + sec[1]);
        }
        for (long[] sec : s.seconds().subList(18, 30)) {
            assertTrue(sec[1] > 400_000 && sec[1] < 600_000, "t=" + sec[0] + " estimate " + sec[1]);
        }
        assertTrue(s.delayP95Ms() < 100, "p95 " + s.delayP95Ms());
        assertTrue(s.loss() < 0.02, "loss " + s.loss());
        assertTrue(s.utilization() > 0.75 && s.utilization() <= 1.0, "utilization " + s.utilization());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> new BweSim().run(new String[] {"--rtt-ms", "50"}));
        assertThrows(IllegalArgumentException.class, () -> new BweSim().run(new String[] {"--capacity-kbps", "1000", "--rtt-ms"}));
        assertThrows(IllegalArgumentException.class,
                () -> new BweSim().run(new String[] {"--capacity-kbps", "1000", "--rtt-ms", "50", "--step-at", "3"}));
        assertThrows(IllegalArgumentException.class, () -> new BweSim().run(new String[] {"--capacity-kbps", "x", "--rtt-ms", "50"}));
    }
}
