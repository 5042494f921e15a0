package io.jrtc.sctp;

import io.jrtc.testkit.LinkConditions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the schedule of pauses and resumes, the message sizes, DATA or I-DATA and the loss: every
 * byte arrives once and in order, the receiver never holds more than its buffer allows, and nothing
 * aborts.
 */
class FlowControlProperties {

    @Property(tries = 25)
    void anyPauseScheduleDeliversEverythingOnceInOrder(@ForAll long seed,
                                                       @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 3000) Integer> pausesMs,
                                                       @ForAll @IntRange(min = 1, max = 70_000) int messageSize,
                                                       @ForAll @IntRange(min = 0, max = 5) int lossPercent,
                                                       @ForAll boolean interleaving) {
        double loss = lossPercent / 100.0;
        LinkConditions link = SctpPair.link(loss, 10);
        int receiveBuffer = 128 * 1024;
        SctpPair p = new SctpPair(seed, link, c -> c.withBuffers(receiveBuffer, 1 << 20).withInterleaving(interleaving));
        p.connectBoth();
        long total = Math.min(2L << 20, messageSize * 4000L); // tiny messages: 4000 of them still overfill the buffer
        long[] sent = {0};
        long[] received = {0};
        for (int ms : pausesMs) {
            p.b.setReceivePaused(p.sim.now(), true);
            p.sim.runUntil(() -> step(p, sent, received, total, messageSize, receiveBuffer), Duration.ofMillis(ms));
            p.b.setReceivePaused(p.sim.now(), false);
            p.sim.runUntil(() -> step(p, sent, received, total, messageSize, receiveBuffer), Duration.ofMillis(ms / 3 + 1));
        }
        p.sim.runUntilOrFail(() -> step(p, sent, received, total, messageSize, receiveBuffer) && received[0] == total,
                Duration.ofSeconds(900), () -> received[0] + " of " + total + " " + p.a.debugState());
        assertEquals(total, received[0]);
        FlowControlTest.assertHealthy(p);
    }

    /** One step: offer, take what b delivers, check invariants. Always false until everything arrived. */
    private static boolean step(SctpPair p, long[] sent, long[] received, long total, int size, int receiveBuffer) {
        while (sent[0] < total) {
            int n = (int) Math.min(size, total - sent[0]);
            if (!p.a.trySend(p.sim.now(), 1, 53, SctpPair.chunkOf(sent[0], n), SendOptions.RELIABLE_ORDERED)) break;
            sent[0] += n;
        }
        if (p.b.receivePaused()) {
            assertTrue(SctpPair.take(p.nb, SctpEvent.Message.class).isEmpty(), "no message while paused");
        }
        FlowControlTest.check(p, received);
        assertTrue(p.b.receiveBuffered() <= 2L * receiveBuffer, "bounded: " + p.b.receiveBuffered());
        return received[0] == total;
    }
}
