package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The client side of STUN transactions (RFC 8489 §6.2.1): the requests in flight, matched to their
 * responses by transaction id, and when each is due to be sent again or to time out. The one
 * retransmission engine of jrtc: {@link StunClientTransaction} (a single request), the ICE agent's
 * connectivity, consent and gathering checks, and the TURN client all keep their requests here.
 *
 * <p>Sans-IO and passive: it never sends anything itself. The caller sends a request's
 * {@link Transaction#wire()} when it {@link #start starts} one and whenever
 * {@link #handleTimeout handleTimeout} asks it to through the {@link Listener}; that way a request may
 * leave through a socket, a TURN relay or a test harness. When a response arrives the caller finds
 * its transaction with {@link #match(StunMessage)} (or {@link #get}), checks what it must (integrity)
 * and ends it with {@link #complete}.
 *
 * <p>Each transaction carries a context of the caller's type {@code C} (what the request was for).
 * The table holds at most {@code maxInFlight} transactions; {@link #start} refuses more (counted in
 * {@link #refused()}), so a flood of work cannot grow it without bound.
 *
 * <p>Confined to one thread, like every engine.
 *
 * @param <C> what the caller keeps with each request
 */
public final class StunTransactions<C> {

    /**
     * What {@link #handleTimeout} asks of the caller.
     *
     * @param <C> the caller's context type
     */
    public interface Listener<C> {
        /**
         * {@code tx} is due to be sent again. Send {@link Transaction#wire()} and return true, or return
         * false to end the transaction now (then {@link #timedOut} follows at once).
         *
         * @param now the current time
         * @param tx  the transaction; {@link Transaction#transmissions()} already counts this send
         * @return whether it was sent
         */
        boolean retransmit(long now, Transaction<C> tx);

        /**
         * {@code tx} got no answer: Rc transmissions and the final Rm × RTO wait are over (or
         * {@link #retransmit} declined). It is no longer in the table.
         *
         * @param now the current time
         * @param tx  the transaction
         */
        void timedOut(long now, Transaction<C> tx);
    }

    /**
     * One request in flight. Its fields change only through the table.
     *
     * @param <C> the caller's context type
     */
    public static final class Transaction<C> {
        private final Bytes id;
        private final Method method;
        private final byte[] wire;
        private final StunTimers timers;
        private final C context;
        private final long firstSentAt;
        private int transmissions;
        private long lastWait;
        private long deadline;
        private boolean stopped;

        Transaction(long now, Bytes id, Method method, byte[] wire, StunTimers timers, C context) {
            this.id = id;
            this.method = method;
            this.wire = wire;
            this.timers = timers;
            this.context = context;
            this.firstSentAt = now;
            this.transmissions = 1;
            this.lastWait = timers.waitAfter(1, 0);
            this.deadline = saturatedAdd(now, lastWait);
        }

        /** @return the transaction id (96 bits) */
        public Bytes id() {
            return id;
        }

        /** @return the request's method; only responses of this method match */
        public Method method() {
            return method;
        }

        /** @return a fresh copy of the request's bytes, to send (the receiver of a datagram owns its array) */
        public byte[] wire() {
            return wire.clone();
        }

        /** @return the caller's context */
        public C context() {
            return context;
        }

        /** @return the timers it runs on */
        public StunTimers timers() {
            return timers;
        }

        /** @return when it was first sent */
        public long firstSentAt() {
            return firstSentAt;
        }

        /** @return how many times the request has been sent (1 means not retransmitted: an RTT sample is unambiguous, Karn) */
        public int transmissions() {
            return transmissions;
        }

        /** @return when it is next due (a retransmission, or the timeout) */
        public long deadline() {
            return deadline;
        }

        /** @return whether {@link StunTransactions#stopRetransmitting} was called on it */
        public boolean isStopped() {
            return stopped;
        }

        @Override
        public String toString() {
            return method + " tid=" + id.hex() + " sent " + transmissions + "x" + (stopped ? " (stopped)" : "");
        }
    }

    private final Map<Bytes, Transaction<C>> inFlight = new HashMap<>();
    private final int maxInFlight;
    private long refused;

    /**
     * An empty table.
     *
     * @param maxInFlight how many transactions it holds at most (at least 1)
     */
    public StunTransactions(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Starts a transaction: the caller sends {@link Transaction#wire()} now (the first transmission).
     *
     * @param now     the current time
     * @param request the request (its id and method are what responses are matched by)
     * @param wire    the request as it goes on the wire (signed and fingerprinted as the caller wants);
     *                the table keeps this array and hands out copies
     * @param timers  its retransmission timers
     * @param context the caller's context
     * @return the transaction, or {@code null} when the table is full or the id is already in flight
     *         (counted in {@link #refused()})
     */
    public Transaction<C> start(long now, StunMessage request, byte[] wire, StunTimers timers, C context) {
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(timers, "timers");
        if (!request.isRequest()) {
            throw new IllegalArgumentException("a client transaction sends a request, not a " + request.messageClass());
        }
        if (inFlight.size() >= maxInFlight || inFlight.containsKey(request.transactionId())) {
            refused++;
            return null;
        }
        Transaction<C> tx = new Transaction<>(now, request.transactionId(), request.method(), wire, timers, context);
        inFlight.put(tx.id, tx);
        return tx;
    }

    /**
     * The transaction a response belongs to: same transaction id and method, and the message is a
     * success or error response. Matching does not end it (see {@link #complete}).
     *
     * @param response a parsed message
     * @return its transaction, or {@code null}
     */
    public Transaction<C> match(StunMessage response) {
        if (!response.messageClass().isResponse()) {
            return null;
        }
        Transaction<C> tx = inFlight.get(response.transactionId());
        return tx != null && tx.method.equals(response.method()) ? tx : null;
    }

    /**
     * The transaction with this id, whatever its method.
     *
     * @param id a transaction id
     * @return the transaction, or {@code null}
     */
    public Transaction<C> get(Bytes id) {
        return inFlight.get(id);
    }

    /**
     * Ends a transaction (its response arrived, or the caller gave up): no more retransmissions, no
     * timeout.
     *
     * @param tx the transaction
     * @return whether it was still in flight
     */
    public boolean complete(Transaction<C> tx) {
        return inFlight.remove(tx.id, tx);
    }

    /**
     * Stops retransmitting {@code tx} but keeps it matchable until {@code keepUntil}, when it is dropped
     * without a timeout (RFC 8445 §7.3.1.4: a check replaced by a triggered one still takes its
     * answer; RFC 7675: a consent check replaced by the next one too).
     *
     * @param tx        the transaction
     * @param keepUntil when to forget it
     */
    public void stopRetransmitting(Transaction<C> tx, long keepUntil) {
        tx.stopped = true;
        tx.deadline = keepUntil;
    }

    /**
     * Stops retransmitting {@code tx}; it stays matchable until its current deadline.
     *
     * @param tx the transaction
     */
    public void stopRetransmitting(Transaction<C> tx) {
        tx.stopped = true;
    }

    /**
     * Lets the due transactions retransmit or time out. Calling it early is harmless.
     *
     * @param now      the current time
     * @param listener sends the retransmissions and hears the timeouts
     */
    public void handleTimeout(long now, Listener<C> listener) {
        List<Transaction<C>> due = null;
        for (Transaction<C> tx : inFlight.values()) {
            if (tx.deadline <= now) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(tx);
            }
        }
        if (due == null) {
            return;
        }
        for (Transaction<C> tx : due) {
            if (inFlight.get(tx.id) != tx || tx.deadline > now) {
                continue; // ended or rescheduled by the listener meanwhile
            }
            if (tx.stopped) {
                inFlight.remove(tx.id);
                continue;
            }
            if (tx.transmissions < tx.timers.maxTransmissions()) {
                tx.transmissions++;
                tx.lastWait = tx.timers.waitAfter(tx.transmissions, tx.lastWait);
                tx.deadline = saturatedAdd(now, tx.lastWait);
                if (listener.retransmit(now, tx)) {
                    continue;
                }
                tx.transmissions--;
            }
            inFlight.remove(tx.id);
            listener.timedOut(now, tx);
        }
    }

    /** @return the earliest deadline of the transactions in flight, or {@link Engine#NO_TIMEOUT} */
    public long pollTimeout() {
        long t = Engine.NO_TIMEOUT;
        for (Transaction<C> tx : inFlight.values()) {
            t = Math.min(t, tx.deadline);
        }
        return t;
    }

    /** @return how many transactions are in flight */
    public int size() {
        return inFlight.size();
    }

    /** @return whether none is in flight */
    public boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /** @return the transactions in flight (a read-only view) */
    public Collection<Transaction<C>> inFlight() {
        return Collections.unmodifiableCollection(inFlight.values());
    }

    /**
     * Ends, without timeouts, every transaction whose context matches.
     *
     * @param filter which contexts to drop
     */
    public void removeIf(Predicate<? super C> filter) {
        inFlight.values().removeIf(tx -> filter.test(tx.context));
    }

    /** Ends every transaction, without timeouts. */
    public void clear() {
        inFlight.clear();
    }

    /** @return how many {@link #start}s were refused because the table was full (or the id in flight) */
    public long refused() {
        return refused;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
