package io.jrtc.sctp;

import org.junit.jupiter.api.Test;

import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

/**
 * Many short runs with different seeds, loss rates (2 %, 10 %, 20–25 %), message sizes, DATA and
 * I-DATA, with and without zero checksum: the rare interleavings that one long run does not hit.
 */
@ExtendWith(SeedReporter.class)
class SctpSeedSweepTest {
    @Test
    void partialReliabilityAcrossSeeds() {
        for (int s = 0; s < 30; s++) {
            try {
                SctpAssociationTest.partialReliabilityWithFragments(500 + s, new double[] {0.02, 0.1, 0.25}[s % 3]);
            } catch (Throwable t) {
                throw new AssertionError("seed " + s, t);
            }
        }
    }

    @Test
    void reliableTransfersAcrossSeeds() {
        for (int s0 = 0; s0 < 60; s0++) {
            final int seed = s0;
            boolean idata = seed % 2 == 0;
            double loss = new double[] {0.02, 0.1, 0.2}[seed % 3];
            SctpPair p = new SctpPair(1000 + seed, SctpPair.link(loss, 1 + seed % 20), c -> c.withInterleaving(idata).withZeroChecksum(seed % 4 == 1));
            try {
                SctpTransferTest.transfer(p, 1 << 20, 1 + (seed * 7919) % 70000, Duration.ofHours(2));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " " + p.a.stats() + " / " + p.b.stats(), t);
            }
        }
    }
}
