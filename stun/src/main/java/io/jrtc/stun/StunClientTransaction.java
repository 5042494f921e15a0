package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One STUN request over UDP and its retransmissions (RFC 8489 §6.2.1), as a sans-IO engine.
 *
 * <p>The request goes out at once; while no response has come, it is sent again after RTO, then
 * 2×RTO, 4×RTO… until Rc requests in all have been sent; then the client waits Rm×RTO more and
 * gives up ({@link StunTimers}; the schedule is kept by {@link StunTransactions}, the retransmission
 * engine ICE and TURN use too). With the defaults (RTO 500 ms, Rc 7, Rm 16) requests leave at 0,
 * 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and the transaction times out at 39.5 s:
 *
 * <pre>
 *  t(s)  0   0.5  1.5   3.5     7.5          15.5                 31.5                 39.5
 *        |----|----|-----|-------|-------------|--------------------|--------------------|
 *       req  re#1 re#2  re#3    re#4          re#5                 re#6    wait 16×RTO  timeout
 * </pre>
 *
 * <p>The first success or error response with the request's transaction id ends the transaction
 * (duplicates of the request may still be in flight; later answers are ignored). When the request was
 * signed ({@link Builder#key(IntegrityKey)}), success responses must carry a valid MESSAGE-INTEGRITY with that key; others are
 * dropped and counted, as RFC 8489 §9.1.4 asks. Error responses are accepted unsigned (a server that
 * could not authenticate the request cannot sign its 400 or 401) but, when signed, must verify.
 *
 * <pre>{@code
 * var tx = StunClientTransaction.builder(request, server).from(local).start(now);   // or new StunClientTransaction(now, request, server)
 * // send tx.pollTransmit() ...; on each datagram: tx.handleInput(now, datagram); on timer: tx.handleTimeout(now)
 * // tx.pollEvent() -> Success / ErrorResponse / Timeout
 * }</pre>
 */
public final class StunClientTransaction implements Engine<Datagram, StunClientTransaction.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.stun");

    /** How the transaction ended. */
    public sealed interface Event {
        /** @return the transaction id of the request this is about */
        Bytes transactionId();
    }

    /**
     * A success response arrived.
     *
     * @param transactionId the request's transaction id
     * @param response      the response
     * @param from          where it came from
     * @param rttNanos      time from the first transmission to the response
     * @param transmissions how many times the request had been sent (1 means no retransmission)
     */
    public record Success(Bytes transactionId, StunMessage response, InetSocketAddress from, long rttNanos,
                          int transmissions) implements Event {
    }

    /**
     * An error response arrived.
     *
     * @param transactionId the request's transaction id
     * @param response      the response
     * @param error         its ERROR-CODE (400 Bad Request if it had none)
     * @param from          where it came from
     * @param rttNanos      time from the first transmission to the response
     * @param transmissions how many times the request had been sent
     */
    public record ErrorResponse(Bytes transactionId, StunMessage response, StunAttribute.ErrorCode error,
                                InetSocketAddress from, long rttNanos, int transmissions) implements Event {
    }

    /**
     * No response within the final wait after the last transmission.
     *
     * @param transactionId the request's transaction id
     * @param elapsedNanos  time from the first transmission to the timeout
     * @param transmissions how many times the request was sent
     */
    public record Timeout(Bytes transactionId, long elapsedNanos, int transmissions) implements Event {
    }

    /**
     * The counters of one transaction, a snapshot.
     *
     * @param transmissions   how many times the request has been sent so far
     * @param malformed       malformed STUN datagrams offered to it
     * @param unauthenticated responses dropped because their MESSAGE-INTEGRITY was missing or wrong
     */
    public record Stats(int transmissions, long malformed, long unauthenticated) {
    }

    /**
     * The parts of a transaction. Defaults: no local address ({@code null} in the datagrams), no key
     * (unsigned, responses unchecked), {@link StunTimers#DEFAULT}.
     */
    public static final class Builder {
        private final StunMessage request;
        private final InetSocketAddress destination;
        private InetSocketAddress local;
        private IntegrityKey key;
        private StunTimers timers = StunTimers.DEFAULT;

        private Builder(StunMessage request, InetSocketAddress destination) {
            this.request = Objects.requireNonNull(request, "request");
            this.destination = Objects.requireNonNull(destination, "destination");
        }

        /**
         * The local address the request leaves from (default none).
         *
         * @param local the source of the datagrams, or {@code null}
         * @return this builder
         */
        public Builder from(InetSocketAddress local) {
            this.local = local;
            return this;
        }

        /**
         * Signs the request with MESSAGE-INTEGRITY and requires it on success responses (default none).
         *
         * @param key the key, or {@code null}
         * @return this builder
         */
        public Builder key(IntegrityKey key) {
            this.key = key;
            return this;
        }

        /**
         * The retransmission timers (default {@link StunTimers#DEFAULT}).
         *
         * @param timers RTO, Rc, Rm
         * @return this builder
         */
        public Builder timers(StunTimers timers) {
            this.timers = Objects.requireNonNull(timers, "timers");
            return this;
        }

        /**
         * Starts the transaction at {@code now}: the first transmission is ready at once.
         *
         * @param now the current time
         * @return the running transaction
         */
        public StunClientTransaction start(long now) {
            return new StunClientTransaction(now, this);
        }
    }

    private final StunMessage request;
    private final InetSocketAddress local;
    private final InetSocketAddress destination;
    private final IntegrityKey key;
    private final StunTransactions<Void> pending = new StunTransactions<>(1);
    private final StunTransactions.Transaction<Void> tx;
    private final StunTransactions.Listener<Void> timers = new StunTransactions.Listener<>() {
        @Override
        public boolean retransmit(long now, StunTransactions.Transaction<Void> t) {
            send(now, t);
            return true;
        }

        @Override
        public void timedOut(long now, StunTransactions.Transaction<Void> t) {
            long elapsed = now - t.firstSentAt();
            outcome = new Timeout(request.transactionId(), elapsed, t.transmissions());
            LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} to {3} timed out after {4} ms and {5} transmissions",
                    request.method(), request.messageClass(), request.transactionId().hex(), destination,
                    Duration.ofNanos(elapsed).toMillis(), t.transmissions());
        }
    };
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>(2);
    private Event outcome;
    private boolean outcomeTaken;
    private long malformed;
    private long unauthenticated;

    /**
     * Starts a transaction.
     *
     * @param request     the request (its own MESSAGE-INTEGRITY/FINGERPRINT attributes, if any, are replaced)
     * @param destination the server
     * @return a builder for the other parts
     */
    public static Builder builder(StunMessage request, InetSocketAddress destination) {
        return new Builder(request, destination);
    }

    /**
     * An unsigned transaction with default timers, started at {@code now}.
     *
     * @param now         the current time
     * @param request     the request
     * @param destination the server
     */
    public StunClientTransaction(long now, StunMessage request, InetSocketAddress destination) {
        this(now, builder(request, destination));
    }

    private StunClientTransaction(long now, Builder b) {
        this.request = b.request;
        if (!request.isRequest()) {
            throw new IllegalArgumentException("a client transaction sends a request, not a " + request.messageClass());
        }
        this.local = b.local;
        this.destination = b.destination;
        this.key = b.key;
        this.tx = pending.start(now, request, request.encode(key, Integrity.SHA1, true), b.timers, null);
        send(now, tx);
    }

    private void send(long now, StunTransactions.Transaction<Void> t) {
        transmits.add(new Datagram(local, destination, t.wire()));
        if (LOG.isLoggable(Level.DEBUG)) {
            int n = t.transmissions();
            int rc = t.timers().maxTransmissions();
            LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} to {3}: transmission {4}/{5}, {6} in {7} ms",
                    request.method(), request.messageClass(), request.transactionId().hex(), destination,
                    n, rc, n < rc ? "retransmit" : "give up", Duration.ofNanos(t.deadline() - now).toMillis());
        }
    }

    /**
     * Offers a datagram that may be the response. Malformed datagrams and responses that fail the
     * integrity check are counted and ignored.
     *
     * @param now      the current time
     * @param datagram what arrived
     * @return true when it was this transaction's response (the transaction is then over); false for
     *         anything else, which the caller may hand elsewhere
     */
    public boolean handleInput(long now, Datagram datagram) {
        byte[] d = datagram.data();
        if (!StunMessage.isStun(d, 0, d.length)) {
            return false;
        }
        StunMessage m;
        try {
            m = StunMessage.parse(d, 0, d.length);
        } catch (StunParseException e) {
            malformed++;
            LOG.log(Level.DEBUG, "[STUN] dropped a malformed datagram from {0}: {1}", datagram.source(), e.getMessage());
            return false;
        }
        return handleResponse(now, m, datagram.source());
    }

    /**
     * Offers an already parsed message (for callers that parse once and dispatch by transaction id).
     *
     * @param now  the current time
     * @param m    the message
     * @param from where it came from
     * @return true when it was this transaction's response
     */
    public boolean handleResponse(long now, StunMessage m, InetSocketAddress from) {
        if (!m.messageClass().isResponse() || !m.transactionId().equals(request.transactionId())
                || !m.method().equals(request.method())) {
            return false;
        }
        if (pending.match(m) == null) {
            return true; // a late duplicate: already answered or timed out
        }
        // Success responses must be signed with the request's key. An error response may come unsigned
        // (a server that could not authenticate us cannot sign: 400, 401), but if signed it must verify.
        if (key != null && (m.isSuccessResponse() || m.hasIntegrity()) && !m.verifyIntegrity(key)) {
            unauthenticated++;
            LOG.log(Level.DEBUG, "[STUN] dropped a response tid={0} from {1}: MESSAGE-INTEGRITY missing or wrong",
                    m.transactionId().hex(), from);
            return true;
        }
        pending.complete(tx);
        long rtt = now - tx.firstSentAt();
        if (m.isSuccessResponse()) {
            outcome = new Success(m.transactionId(), m, from, rtt, tx.transmissions());
        } else {
            StunAttribute.ErrorCode error = m.attribute(StunAttribute.ErrorCode.class)
                    .orElse(new StunAttribute.ErrorCode(StunAttribute.ErrorCode.BAD_REQUEST, "error response without ERROR-CODE"));
            outcome = new ErrorResponse(m.transactionId(), m, error, from, rtt, tx.transmissions());
        }
        transmits.clear();
        LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} from {3} after {4} ms and {5} transmission(s)",
                m.method(), m.messageClass(), m.transactionId().hex(), from, Duration.ofNanos(rtt).toMillis(),
                tx.transmissions());
        return true;
    }

    @Override
    public void handleTimeout(long now) {
        pending.handleTimeout(now, timers);
    }

    /** Gives up without an event (e.g. the caller no longer needs the answer). */
    public void cancel() {
        if (pending.complete(tx)) {
            transmits.clear();
            outcomeTaken = true;
            outcome = new Timeout(request.transactionId(), 0, tx.transmissions());
        }
    }

    @Override
    public Datagram pollTransmit() {
        return transmits.poll();
    }

    @Override
    public Event pollEvent() {
        if (outcome != null && !outcomeTaken) {
            outcomeTaken = true;
            return outcome;
        }
        return null;
    }

    @Override
    public long pollTimeout() {
        return pending.pollTimeout();
    }

    /** @return whether a response arrived or the transaction timed out (or was cancelled) */
    public boolean isDone() {
        return outcome != null;
    }

    /** @return the request as given */
    public StunMessage request() {
        return request;
    }

    /** @return the request's transaction id */
    public Bytes transactionId() {
        return request.transactionId();
    }

    /** @return how many times the request has been sent so far */
    public int transmissions() {
        return tx.transmissions();
    }

    /** @return malformed STUN datagrams offered to this transaction */
    public long malformed() {
        return malformed;
    }

    /** @return responses dropped because their MESSAGE-INTEGRITY was missing or wrong */
    public long unauthenticated() {
        return unauthenticated;
    }

    /** @return the counters, a snapshot */
    public Stats stats() {
        return new Stats(tx.transmissions(), malformed, unauthenticated);
    }
}
