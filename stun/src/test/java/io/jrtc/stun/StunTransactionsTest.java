package io.jrtc.stun;

import io.jrtc.core.Engine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The retransmission engine itself (RFC 8489 §6.2.1): many transactions, matching by transaction id
 * and method, the listener's say over retransmissions, stopped transactions, the capacity limit and
 * the capped timers ICE and TURN use.
 */
class StunTransactionsTest {
    private static final long MS = 1_000_000L;

    private static StunMessage request(long seed, Method method) {
        return StunMessage.builder(MessageClass.REQUEST, method).randomTransactionId(new SplittableRandom(seed)).build();
    }

    /** Records what the table asks; retransmits while {@code allow} says so. */
    private static final class Recorder implements StunTransactions.Listener<String> {
        final List<String> log = new ArrayList<>();
        boolean allow = true;

        @Override
        public boolean retransmit(long now, StunTransactions.Transaction<String> tx) {
            log.add((now / MS) + " retransmit " + tx.context() + " #" + tx.transmissions());
            return allow;
        }

        @Override
        public void timedOut(long now, StunTransactions.Transaction<String> tx) {
            log.add((now / MS) + " timeout " + tx.context() + " after " + tx.transmissions());
        }
    }

    private static void runUntilIdle(StunTransactions<String> table, Recorder r) {
        for (long t; (t = table.pollTimeout()) != Engine.NO_TIMEOUT; ) {
            table.handleTimeout(t, r);
        }
    }

    @Test
    void twoTransactionsKeepTheirOwnSchedules() {
        StunTransactions<String> table = new StunTransactions<>(8);
        StunTimers timers = StunTimers.DEFAULT.withRto(Duration.ofMillis(100)).withMaxTransmissions(3).withFinalWaitFactor(2);
        StunMessage a = request(1, Method.BINDING);
        StunMessage b = request(2, Method.BINDING);
        table.start(0, a, a.encode(), timers, "a");
        table.start(50 * MS, b, b.encode(), timers, "b");
        assertEquals(2, table.size());
        Recorder r = new Recorder();
        runUntilIdle(table, r);
        assertEquals(List.of("100 retransmit a #2", "150 retransmit b #2", "300 retransmit a #3", "350 retransmit b #3",
                "500 timeout a after 3", "550 timeout b after 3"), r.log);
        assertTrue(table.isEmpty());
    }

    @Test
    void responsesMatchByTransactionIdAndMethodOnly() throws Exception {
        StunTransactions<String> table = new StunTransactions<>(8);
        StunMessage req = request(3, Method.BINDING);
        StunTransactions.Transaction<String> tx = table.start(0, req, req.encode(), StunTimers.DEFAULT, "ctx");
        assertArrayEquals(req.encode(), tx.wire());
        assertNotSame(tx.wire(), tx.wire(), "each send gets its own copy");
        StunMessage ok = StunMessage.responseTo(req, MessageClass.SUCCESS_RESPONSE).build();
        StunMessage error = StunMessage.responseTo(req, MessageClass.ERROR_RESPONSE).build();
        StunMessage otherMethod = StunMessage.builder(MessageClass.SUCCESS_RESPONSE, Method.ALLOCATE)
                .transactionId(req.transactionId()).build();
        StunMessage otherId = StunMessage.responseTo(request(4, Method.BINDING), MessageClass.SUCCESS_RESPONSE).build();
        StunMessage indication = StunMessage.builder(MessageClass.INDICATION, Method.BINDING)
                .transactionId(req.transactionId()).build();
        assertSame(tx, table.match(ok));
        assertSame(tx, table.match(error));
        assertNull(table.match(otherMethod));
        assertNull(table.match(otherId));
        assertNull(table.match(indication));
        assertNull(table.match(req), "a request is not a response");
        assertTrue(table.complete(tx));
        assertFalse(table.complete(tx), "only once");
        assertNull(table.match(ok), "a late duplicate matches nothing");
        assertEquals(Engine.NO_TIMEOUT, table.pollTimeout());
    }

    @Test
    void aDeclinedRetransmissionEndsTheTransactionAsATimeout() {
        StunTransactions<String> table = new StunTransactions<>(8);
        StunMessage req = request(5, Method.BINDING);
        table.start(0, req, req.encode(), StunTimers.DEFAULT, "x");
        Recorder r = new Recorder();
        r.allow = false;
        table.handleTimeout(500 * MS, r);
        assertEquals(List.of("500 retransmit x #2", "500 timeout x after 1"), r.log, "the declined send is not counted");
        assertTrue(table.isEmpty());
    }

    @Test
    void aStoppedTransactionStaysMatchableUntilItsTimeAndEndsWithoutATimeout() {
        StunTransactions<String> table = new StunTransactions<>(8);
        StunMessage req = request(6, Method.BINDING);
        StunTransactions.Transaction<String> tx = table.start(0, req, req.encode(), StunTimers.DEFAULT, "x");
        table.stopRetransmitting(tx, 5_000 * MS);
        assertTrue(tx.isStopped());
        assertEquals(5_000 * MS, table.pollTimeout());
        Recorder r = new Recorder();
        table.handleTimeout(4_999 * MS, r);
        assertSame(tx, table.match(StunMessage.responseTo(req, MessageClass.SUCCESS_RESPONSE).build()));
        table.handleTimeout(5_000 * MS, r);
        assertEquals(List.of(), r.log, "no retransmission, no timeout");
        assertTrue(table.isEmpty());
    }

    @Test
    void aFullTableRefusesAndCountsAndADuplicateIdIsRefused() {
        StunTransactions<String> table = new StunTransactions<>(2);
        StunMessage a = request(7, Method.BINDING);
        assertNotNull(table.start(0, a, a.encode(), StunTimers.DEFAULT, "a"));
        assertNull(table.start(0, a, a.encode(), StunTimers.DEFAULT, "again"), "the id is in flight");
        StunMessage b = request(8, Method.BINDING);
        assertNotNull(table.start(0, b, b.encode(), StunTimers.DEFAULT, "b"));
        StunMessage c = request(9, Method.BINDING);
        assertNull(table.start(0, c, c.encode(), StunTimers.DEFAULT, "c"));
        assertEquals(2, table.refused());
        assertEquals(2, table.size());
        table.removeIf("a"::equals);
        assertEquals(1, table.size());
        assertNotNull(table.start(0, c, c.encode(), StunTimers.DEFAULT, "c"));
        assertThrows(IllegalArgumentException.class, () -> table.start(0, StunMessage.responseTo(c,
                MessageClass.SUCCESS_RESPONSE).build(), new byte[20], StunTimers.DEFAULT, "response"));
    }

    @Test
    void cappedTimersAreThoseOfIceChecksAndTurn() {
        // ICE checks: RTO 250 ms doubling to 2 s, 16 sends, a final wait of one more capped step
        StunTimers check = StunTimers.capped(Duration.ofMillis(250), 16, Duration.ofSeconds(2));
        assertEquals(8, check.finalWaitFactor());
        assertEquals((250 + 500 + 1000 + 2000L * 12 + 2000) * MS, check.timeoutNanos());
        // TURN: 500 ms doubling to 4 s, 7 sends: 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5 s, timeout at 19.5 s
        StunTimers turn = StunTimers.capped(Duration.ofMillis(500), 7, Duration.ofSeconds(4));
        assertEquals(19_500 * MS, turn.timeoutNanos());
        // without a cap: RFC 8489's 39.5 s
        assertEquals(39_500 * MS, StunTimers.DEFAULT.timeoutNanos());
        // unlimited sends (consent): the waits stop growing at the cap, there is no timeout
        StunTimers consent = new StunTimers(250 * MS, Integer.MAX_VALUE, 1, 1_000 * MS);
        assertEquals(Long.MAX_VALUE, consent.timeoutNanos());
        StunTransactions<String> table = new StunTransactions<>(1);
        StunMessage req = request(10, Method.BINDING);
        table.start(0, req, req.encode(), consent, "consent");
        Recorder r = new Recorder();
        for (int i = 0; i < 5; i++) {
            table.handleTimeout(table.pollTimeout(), r);
        }
        assertEquals(List.of("250 retransmit consent #2", "750 retransmit consent #3", "1750 retransmit consent #4",
                "2750 retransmit consent #5", "3750 retransmit consent #6"), r.log);
        assertThrows(IllegalArgumentException.class, () -> new StunTimers(0, 7, 16, Long.MAX_VALUE));
    }
}
