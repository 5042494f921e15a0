package io.jrtc.sctp;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flow control between an application that stops reading and a sender that keeps writing (RFC 9260
 * §6.1, §6.2): the receive window follows what the application has not taken, a zero window is
 * probed and is not taken for loss, and a full send buffer is a {@code false} from trySend.
 */
@ExtendWith(SeedReporter.class)
class FlowControlTest {
    static final int MTU = SctpConfig.DEFAULT_MTU;

    /** Offers pattern-stream messages of {@code size} bytes with trySend until refused; returns bytes accepted so far. */
    static long offer(SctpPair p, long[] sent, long total, int size) {
        while (sent[0] < total) {
            int n = (int) Math.min(size, total - sent[0]);
            if (!p.a.trySend(p.sim.now(), 1, 53, SctpPair.chunkOf(sent[0], n), SendOptions.RELIABLE_ORDERED)) break;
            sent[0] += n;
        }
        return sent[0];
    }

    /** Checks b's messages continue the pattern stream at {@code received[0]}, in order, byte for byte; consumes them. */
    static void check(SctpPair p, long[] received) {
        for (SctpEvent e : p.nb.events()) {
            if (e instanceof SctpEvent.Message m) {
                byte[] d = m.data();
                for (int i = 0; i < d.length; i++) {
                    if (d[i] != SctpPair.pattern(received[0] + i)) {
                        throw new AssertionError("byte " + (received[0] + i) + " wrong: lost, duplicated or reordered data");
                    }
                }
                received[0] += d.length;
            }
        }
        p.nb.events().removeIf(e -> e instanceof SctpEvent.Message);
    }

    static void assertHealthy(SctpPair p) {
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, p.b.state());
        assertTrue(SctpPair.take(p.na, SctpEvent.Aborted.class).isEmpty(), "a aborted");
        assertTrue(SctpPair.take(p.nb, SctpEvent.Aborted.class).isEmpty(), "b aborted");
        assertTrue(p.na.inputErrors().isEmpty() && p.nb.inputErrors().isEmpty(), "exceptions on the receive path");
        assertEquals(0, p.a.stats().internalErrors());
        assertEquals(0, p.b.stats().internalErrors());
    }

    @Test
    void givenAPausedReceiverWhenTheSenderKeepsSendingThenTheWindowClosesAndEverythingArrivesAfterResuming() {
        // Given: 20 ms RTT, b's application has stopped taking messages (256 KiB receive buffer)
        SctpPair p = new SctpPair(Seeds.seed(101), SctpPair.link(0, 10), c -> c.withBuffers(256 * 1024, 2L << 20));
        p.connectBoth();
        p.b.setReceivePaused(p.sim.now(), true);
        long total = 6L << 20;
        long[] sent = {0};
        long[] received = {0};
        long[] maxBuffered = {0};

        // When: a's application offers 6 MiB in 10 000-byte messages for 20 s of virtual time
        p.sim.runUntil(() -> {
            offer(p, sent, total, 10_000);
            maxBuffered[0] = Math.max(maxBuffered[0], p.a.bufferedAmount());
            assertTrue(p.b.receiveBuffered() <= 256 * 1024, "b holds no more than its buffer: " + p.b.receiveBuffered());
            return false;
        }, Duration.ofSeconds(20));

        // Then: nothing was delivered, b's window is closed and a knows it, a's buffer filled up
        // (trySend said no, no exception), and both are alive
        assertTrue(SctpPair.take(p.nb, SctpEvent.Message.class).isEmpty(), "no message while paused");
        assertEquals(0, p.b.stats().receiveWindow(), "b's window");
        assertEquals(0, p.a.stats().peerReceiveWindow(), "a's view of it");
        assertTrue(p.b.receiveBuffered() > 200 * 1024, "b holds what it acknowledged: " + p.b.receiveBuffered());
        assertTrue(p.a.bufferedAmount() > (2L << 20) * 9 / 10, "a's send buffer is full: " + p.a.bufferedAmount());
        assertTrue(sent[0] < total, "trySend refused the rest");
        assertTrue(p.a.stats().zeroWindowProbes() > 0, "the zero window was probed: " + p.a.stats() + " " + p.a.debugState() + " b " + p.b.stats());
        assertTrue(p.b.stats().droppedOverWindow() > 0, "probes found the window still closed and were dropped");
        assertHealthy(p);

        // When: b's application resumes
        p.b.setReceivePaused(p.sim.now(), false);
        p.sim.runUntilOrFail(() -> {
            offer(p, sent, total, 10_000);
            check(p, received);
            return received[0] == total;
        }, Duration.ofSeconds(120), () -> received[0] + " of " + total + " bytes; " + p.a.debugState());

        // Then: every byte arrived, once, in order
        assertEquals(total, received[0]);
        assertTrue(p.b.stats().windowUpdates() > 0);
        assertHealthy(p);
    }

    @Test
    void aLongZeroWindowIsProbedWithoutCollapsingCwndAndReopensAtOnce() {
        SctpPair p = new SctpPair(Seeds.seed(102), SctpPair.link(0, 10), c -> c.withBuffers(512 * 1024, 4L << 20));
        p.connectBoth();
        long total = 64L << 20;
        long[] sent = {0};
        long[] received = {0};
        // a bulk transfer first, so cwnd has grown well past its initial 4 MTU
        p.sim.runUntilOrFail(() -> {
            offer(p, sent, total, 65536);
            check(p, received);
            return received[0] >= 8L << 20;
        }, Duration.ofSeconds(60), "8 MiB first");
        p.b.setReceivePaused(p.sim.now(), true);
        p.sim.runUntil(() -> {
            offer(p, sent, total, 65536);
            return p.a.stats().peerReceiveWindow() < MTU && p.a.stats().zeroWindowProbes() > 0;
        }, Duration.ofSeconds(10));
        SctpStats closed = p.a.stats();
        assertTrue(closed.cwnd() >= 16L * MTU, "cwnd grew: " + closed.cwnd());

        // five minutes of closed window
        p.sim.runFor(Duration.ofMinutes(5));
        SctpStats after = p.a.stats();
        assertHealthy(p);
        assertTrue(after.t3Expirations() - closed.t3Expirations() >= 10, "the probe was retransmitted on T3-rtx: " + after);
        assertTrue(after.zeroWindowProbes() - closed.zeroWindowProbes() >= 10, "probed all along: " + after);
        assertTrue(after.zeroWindowProbes() - closed.zeroWindowProbes() < 100, "at most every RTO.Max (10 s), not flooding: " + after);
        assertEquals(closed.cwnd(), after.cwnd(), "a closed window is not loss: cwnd kept");
        assertEquals(closed.ssthresh(), after.ssthresh(), "ssthresh kept");
        assertTrue(SctpPair.take(p.nb, SctpEvent.Message.class).isEmpty());

        // the application resumes: the window update reaches a within about one one-way delay,
        // long before the next probe would have found the window open
        long resumedAt = p.sim.now();
        p.b.setReceivePaused(p.sim.now(), false);
        p.sim.runUntilOrFail(() -> p.a.stats().peerReceiveWindow() > 256 * 1024, Duration.ofSeconds(30), "window update");
        long took = p.sim.now() - resumedAt;
        System.out.printf("5 min of zero window: %d probes, %d T3-rtx, cwnd %d -> %d; window update seen %.1f ms after resuming%n",
                after.zeroWindowProbes() - closed.zeroWindowProbes(), after.t3Expirations() - closed.t3Expirations(),
                closed.cwnd(), after.cwnd(), took / 1e6);
        assertTrue(took < 30_000_000L, "window update after " + took / 1e6 + " ms");
        assertTrue(p.b.stats().windowUpdates() > 0);
        p.sim.runUntilOrFail(() -> {
            offer(p, sent, total, 65536);
            check(p, received);
            return received[0] == total;
        }, Duration.ofSeconds(300), () -> received[0] + " of " + total + "; " + p.a.debugState());
        // the probe that was dropped went again first when the window opened: no miss indications
        // behind newer data, no fast retransmit, no window reduction (the path has no loss)
        SctpStats end = p.a.stats();
        assertEquals(0, end.fastRetransmits(), "a dropped probe is not a loss: " + end);
        assertTrue(end.cwnd() >= closed.cwnd(), "cwnd after the window reopened: " + end.cwnd());
        assertHealthy(p);
    }

    @Test
    void aDeadPeerBehindAClosedWindowIsStillDetected() {
        SctpPair p = new SctpPair(Seeds.seed(103), SctpPair.link(0, 10), c -> c.withBuffers(128 * 1024, 1L << 20).withHeartbeatInterval(0));
        p.connectBoth();
        p.b.setReceivePaused(p.sim.now(), true);
        long[] sent = {0};
        p.sim.runUntil(() -> {
            offer(p, sent, 1L << 30, 8000);
            return false;
        }, Duration.ofMinutes(2));
        assertHealthy(p); // two minutes of closed window, answered: no abort
        p.sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(1.0));
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.Aborted.class).isEmpty(), Duration.ofMinutes(10),
                "unanswered probes count towards Association.Max.Retrans");
        assertTrue(SctpPair.take(p.na, SctpEvent.Aborted.class).get(0).reason().contains("unreachable"));
    }

    @Test
    void aFullSendBufferIsAFalseFromTrySendAndSendBufferAvailableFollows() {
        SctpPair p = new SctpPair(Seeds.seed(104), SctpPair.link(0, 5), c -> c.withBuffers(1 << 20, 100_000));
        p.connectBoth();
        assertTrue(p.a.trySend(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        assertFalse(p.a.trySend(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        SendBufferFullException e = assertThrows(SendBufferFullException.class,
                () -> p.a.send(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        assertTrue(e.getMessage().contains("send buffer full"), e.getMessage());
        assertEquals(60_000, p.a.bufferedAmount(), "refusals queued nothing");
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.SendBufferAvailable.class).isEmpty(), Duration.ofSeconds(10),
                "SendBufferAvailable");
        SctpEvent.SendBufferAvailable a = SctpPair.take(p.na, SctpEvent.SendBufferAvailable.class).get(0);
        assertTrue(a.available() >= 60_000 + SctpAssociation.MESSAGE_OVERHEAD, "room for the refused message: " + a);
        assertTrue(p.a.trySend(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == 2, Duration.ofSeconds(10), "both");
        p.sim.runFor(Duration.ofSeconds(1));
        assertEquals(1, SctpPair.take(p.na, SctpEvent.SendBufferAvailable.class).size(), "once per refusal");
        assertHealthy(p);

        // an empty buffer takes any message, so a sender can always make progress
        SctpPair q = new SctpPair(Seeds.seed(105), SctpPair.link(0, 5), c -> c.withBuffers(1 << 20, 10_000));
        q.connectBoth();
        assertTrue(q.a.trySend(q.sim.now(), 1, 53, new byte[50_000], SendOptions.RELIABLE_ORDERED));
        assertFalse(q.a.trySend(q.sim.now(), 1, 53, new byte[10], SendOptions.RELIABLE_ORDERED));
    }

    /** The window counts complete messages the application has not polled yet, even when not paused. */
    @Test
    void messagesNotYetPolledCountAgainstTheWindow() {
        SctpAssociation[] ab = AssociationProperties.established(7);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        long open = b.stats().receiveWindow();
        assertTrue(open > 120 * 1024, "nearly all of the 128 KiB buffer: " + open);
        a.send(0, 1, 53, new byte[50_000], SendOptions.RELIABLE_ORDERED);
        List<byte[]> packets = AssociationProperties.pump(a, b, 0);
        assertFalse(packets.isEmpty());
        assertTrue(b.receiveBuffered() >= 50_000, "held for the application: " + b.receiveBuffered());
        assertTrue(b.stats().receiveWindow() < open - 45_000, "the message counts: " + b.stats().receiveWindow());
        SctpEvent e;
        while ((e = b.pollEvent()) != null && !(e instanceof SctpEvent.Message)) {
            // Connected first
        }
        assertTrue(e instanceof SctpEvent.Message);
        assertEquals(0, b.receiveBuffered());
        assertEquals(open, b.stats().receiveWindow());
    }
}
