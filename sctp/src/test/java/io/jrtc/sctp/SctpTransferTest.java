package io.jrtc.sctp;

import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reliable ordered bulk transfer, byte-exact and in order, on lossy, reordering, duplicating links. */
@ExtendWith(SeedReporter.class)
class SctpTransferTest {

    /** Streams {@code total} bytes in {@code msg}-byte messages from a to b and checks every byte. */
    static SctpStats transfer(SctpPair p, long total, int msg, Duration limit) {
        p.connectBoth();
        long[] sent = {0};
        long[] received = {0};
        long[] messages = {0};
        boolean[] bad = {false};
        p.sim.runUntilOrFail(() -> {
            for (SctpEvent e : p.nb.events()) {
                if (e instanceof SctpEvent.Message m) {
                    for (int i = 0; i < m.data().length; i++) {
                        if (m.data()[i] != SctpPair.pattern(received[0] + i)) bad[0] = true;
                    }
                    received[0] += m.data().length;
                    messages[0]++;
                    if (m.streamId() != 1 || m.ppid() != 53) bad[0] = true;
                }
            }
            p.nb.events().clear();
            try {
                while (sent[0] < total && p.a.bufferedAmount() < 2L * 1024 * 1024) {
                    int n = (int) Math.min(msg, total - sent[0]);
                    p.a.send(p.sim.now(), 1, 53, SctpPair.chunkOf(sent[0], n), SendOptions.RELIABLE_ORDERED);
                    sent[0] += n;
                }
            } catch (IllegalStateException sendBufferFull) {
                // tiny messages: the per-message charge filled the send buffer first; go on later
            }
            return bad[0] || received[0] >= total;
        }, limit, total + " bytes delivered");
        assertFalse(bad[0], "bytes corrupted, reordered or mislabelled");
        assertEquals(total, received[0]);
        assertEquals((total + msg - 1) / msg, messages[0]);
        assertTrue(p.na.inputErrors().isEmpty() && p.nb.inputErrors().isEmpty());
        assertEquals(0, p.a.stats().internalErrors());
        assertEquals(0, p.b.stats().internalErrors());
        return p.a.stats();
    }

    @Test
    void hundredMiBWithoutLoss() {
        SctpPair p = new SctpPair(Seeds.seed(1), SctpPair.link(0, 10), c -> c);
        SctpStats s = transfer(p, 100L << 20, 65536, Duration.ofSeconds(120));
        assertEquals(0, s.retransmissions());
    }

    @Test
    void hundredMiBAtOnePercentLossWithReorderingAndDuplication() {
        SctpPair p = new SctpPair(Seeds.seed(2), SctpPair.link(0.01, 10), c -> c);
        SctpStats s = transfer(p, 100L << 20, 65536, Duration.ofSeconds(3600));
        assertTrue(s.retransmissions() > 0);
        assertTrue(p.b.stats().duplicateTsns() > 0, "duplicated packets were seen and ignored");
    }

    @Test
    void hundredMiBAtTenPercentLossWithReorderingAndDuplication() {
        SctpPair p = new SctpPair(Seeds.seed(3), SctpPair.link(0.10, 10), c -> c);
        assertEquals(64, p.b.fragmentSlots(), "an idle association holds a small fragment table");
        SctpStats s = transfer(p, 100L << 20, 65536, Duration.ofHours(3));
        assertTrue(s.retransmissions() > 0);
        // 64 KiB messages in ~1200-byte chunks with 10 % loss keep fragments of several messages waiting
        assertTrue(p.b.fragmentSlots() > 64, "the table grew as needed: " + p.b.fragmentSlots());
    }

    @Test
    void smallMessagesBundleAndInterleaveWithBigOnes() {
        SctpPair p = new SctpPair(Seeds.seed(4), SctpPair.link(0.02, 5), c -> c);
        transfer(p, 3L << 20, 777, Duration.ofSeconds(600));
    }

    /** Initial TSNs just below 2^32, so the TSN (and with it every index and gap block) wraps early. */
    @Test
    void tsnWrapAroundUnderLoss() {
        for (boolean idata : new boolean[] {false, true}) {
            long[] n = {0};
            java.util.random.RandomGenerator nearWrap = () -> 0xFFFFFE00L + 17 * n[0]++;
            SctpPair p = new SctpPair(Seeds.seed(30), SctpPair.link(0.05, 10),
                    c -> new SctpConfig(nearWrap, c.localPort(), c.remotePort(), c.mtu(), c.maxMessageSize(), c.receiveBuffer(),
                            c.sendBuffer(), c.streams(), c.rtoInitialNanos(), c.rtoMinNanos(), c.rtoMaxNanos(),
                            c.maxInitRetransmits(), c.maxRetransmits(), c.heartbeatIntervalNanos(), c.delayedAckNanos(),
                            c.zeroChecksum(), idata, c.congestionControl()));
            transfer(p, 4L << 20, 10_000, Duration.ofSeconds(600));
            assertTrue(p.a.stats().dataChunksSent() > 1024, "well past the wrap");
        }
    }
}
