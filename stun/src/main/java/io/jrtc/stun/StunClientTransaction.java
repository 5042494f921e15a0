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
 * gives up. With the defaults (RTO 500 ms, Rc 7, Rm 16) requests leave at 0, 0.5, 1.5, 3.5, 7.5,
 * 15.5 and 31.5 s and the transaction times out at 39.5 s:
 *
 * <pre>
 *  t(s)  0   0.5  1.5   3.5     7.5          15.5                 31.5                 39.5
 *        |----|----|-----|-------|-------------|--------------------|--------------------|
 *       req  re#1 re#2  re#3    re#4          re#5                 re#6    wait 16×RTO  timeout
 * </pre>
 *
 * <p>The first success or error response with the request's transaction id ends the transaction
 * (duplicates of the request may still be in flight; later answers are ignored). When the request was
 * signed ({@link #StunClientTransaction(long, StunMessage, InetSocketAddress, InetSocketAddress, IntegrityKey, Config)}
 * with a key), success responses must carry a valid MESSAGE-INTEGRITY with that key; others are
 * dropped and counted, as RFC 8489 §9.1.4 asks. Error responses are accepted unsigned (a server that
 * could not authenticate the request cannot sign its 400 or 401) but, when signed, must verify.
 *
 * <pre>{@code
 * var tx = new StunClientTransaction(now, request, local, server, null, StunClientTransaction.Config.DEFAULT);
 * // send tx.pollTransmit() ...; on each datagram: tx.handleInput(now, datagram); on timer: tx.handleTimeout(now)
 * // tx.pollEvent() -> Success / ErrorResponse / Timeout
 * }</pre>
 */
public final class StunClientTransaction implements Engine<Datagram, StunClientTransaction.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.stun");

    /**
     * Timers of RFC 8489 §6.2.1.
     *
     * @param rtoNanos         the initial retransmission timeout (RTO), default 500 ms
     * @param maxTransmissions Rc: how many times the request is sent in all, default 7
     * @param finalWaitFactor  Rm: after the last send, wait Rm × RTO for an answer, default 16
     */
    public record Config(long rtoNanos, int maxTransmissions, int finalWaitFactor) {
        public static final Config DEFAULT = new Config(Duration.ofMillis(500).toNanos(), 7, 16);

        public Config {
            if (rtoNanos <= 0 || maxTransmissions < 1 || finalWaitFactor < 1) {
                throw new IllegalArgumentException("RTO, Rc and Rm must be positive");
            }
        }

        public Config withRto(Duration rto) {
            return new Config(rto.toNanos(), maxTransmissions, finalWaitFactor);
        }

        public Config withMaxTransmissions(int rc) {
            return new Config(rtoNanos, rc, finalWaitFactor);
        }

        public Config withFinalWaitFactor(int rm) {
            return new Config(rtoNanos, maxTransmissions, rm);
        }

        /** How long after the first send a request with no answer times out: RTO × (2^(Rc−1) − 1 + Rm). */
        public long timeoutNanos() {
            long total = 0;
            for (int k = 1; k < maxTransmissions; k++) {
                total += rtoNanos << (k - 1);
            }
            return total + rtoNanos * finalWaitFactor;
        }
    }

    /** How the transaction ended. */
    public sealed interface Event {
        /** The transaction id of the request this is about. */
        Bytes transactionId();
    }

    /**
     * A success response arrived.
     *
     * @param rttNanos      time from the first transmission to the response
     * @param transmissions how many times the request had been sent (1 means no retransmission)
     */
    public record Success(Bytes transactionId, StunMessage response, InetSocketAddress from, long rttNanos,
                          int transmissions) implements Event {
    }

    /** An error response arrived; {@code error} is its ERROR-CODE (400 Bad Request if it had none). */
    public record ErrorResponse(Bytes transactionId, StunMessage response, StunAttribute.ErrorCode error,
                                InetSocketAddress from, long rttNanos, int transmissions) implements Event {
    }

    /** No response within the final wait after the last transmission. */
    public record Timeout(Bytes transactionId, long elapsedNanos, int transmissions) implements Event {
    }

    private final StunMessage request;
    private final byte[] wire;
    private final InetSocketAddress local;
    private final InetSocketAddress destination;
    private final IntegrityKey key;
    private final Config config;
    private final long start;
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>(2);
    private Event outcome;
    private boolean outcomeTaken;
    private int transmissions;
    private long deadline;
    private long malformed;
    private long unauthenticated;

    /**
     * Starts the transaction at {@code now}: the first transmission is ready at once.
     *
     * @param request     the request (its own MESSAGE-INTEGRITY/FINGERPRINT attributes, if any, are replaced)
     * @param local       the local address it leaves from (may be {@code null})
     * @param destination the server
     * @param key         signs the request with MESSAGE-INTEGRITY and checks responses, or {@code null}
     */
    public StunClientTransaction(long now, StunMessage request, InetSocketAddress local, InetSocketAddress destination,
                                 IntegrityKey key, Config config) {
        this.request = Objects.requireNonNull(request, "request");
        if (!request.isRequest()) {
            throw new IllegalArgumentException("a client transaction sends a request, not a " + request.messageClass());
        }
        this.local = local;
        this.destination = Objects.requireNonNull(destination, "destination");
        this.key = key;
        this.config = Objects.requireNonNull(config, "config");
        this.wire = request.encode(key, Integrity.SHA1, true); // kept private; transmits get copies
        this.start = now;
        this.deadline = now;
        transmit(now);
    }

    /** An unsigned transaction with default timers. */
    public StunClientTransaction(long now, StunMessage request, InetSocketAddress destination) {
        this(now, request, null, destination, null, Config.DEFAULT);
    }

    private void transmit(long now) {
        transmissions++;
        // Each datagram gets its own array: the receiver of a Datagram owns it.
        transmits.add(new Datagram(local, destination, wire.clone()));
        long wait = transmissions < config.maxTransmissions()
                ? config.rtoNanos() << (transmissions - 1)
                : config.rtoNanos() * config.finalWaitFactor();
        deadline += wait;
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} to {3}: transmission {4}/{5}, {6} in {7} ms",
                    request.method(), request.messageClass(), request.transactionId().hex(), destination,
                    transmissions, config.maxTransmissions(),
                    transmissions < config.maxTransmissions() ? "retransmit" : "give up",
                    Duration.ofNanos(wait).toMillis());
        }
    }

    /**
     * Offers a datagram that may be the response. Returns true when it was this transaction's response
     * (the transaction is then over); false for anything else, which the caller may hand elsewhere.
     * Malformed datagrams and responses that fail the integrity check are counted and ignored.
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
     * Returns true when it was this transaction's response.
     */
    public boolean handleResponse(long now, StunMessage m, InetSocketAddress from) {
        if (!m.messageClass().isResponse() || !m.transactionId().equals(request.transactionId())
                || !m.method().equals(request.method())) {
            return false;
        }
        if (outcome != null) {
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
        long rtt = now - start;
        if (m.isSuccessResponse()) {
            outcome = new Success(m.transactionId(), m, from, rtt, transmissions);
        } else {
            StunAttribute.ErrorCode error = m.attribute(StunAttribute.ErrorCode.class)
                    .orElse(new StunAttribute.ErrorCode(StunAttribute.ErrorCode.BAD_REQUEST, "error response without ERROR-CODE"));
            outcome = new ErrorResponse(m.transactionId(), m, error, from, rtt, transmissions);
        }
        transmits.clear();
        deadline = NO_TIMEOUT;
        LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} from {3} after {4} ms and {5} transmission(s)",
                m.method(), m.messageClass(), m.transactionId().hex(), from, Duration.ofNanos(rtt).toMillis(), transmissions);
        return true;
    }

    @Override
    public void handleTimeout(long now) {
        if (outcome != null || now < deadline) {
            return;
        }
        if (transmissions < config.maxTransmissions()) {
            transmit(now);
        } else {
            outcome = new Timeout(request.transactionId(), now - start, transmissions);
            deadline = NO_TIMEOUT;
            LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} to {3} timed out after {4} ms and {5} transmissions",
                    request.method(), request.messageClass(), request.transactionId().hex(), destination,
                    Duration.ofNanos(now - start).toMillis(), transmissions);
        }
    }

    /** Gives up without an event (e.g. the caller no longer needs the answer). */
    public void cancel() {
        if (outcome == null) {
            transmits.clear();
            deadline = NO_TIMEOUT;
            outcomeTaken = true;
            outcome = new Timeout(request.transactionId(), 0, transmissions);
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
        return outcome != null ? NO_TIMEOUT : deadline;
    }

    /** Whether a response arrived or the transaction timed out (or was cancelled). */
    public boolean isDone() {
        return outcome != null;
    }

    public StunMessage request() {
        return request;
    }

    public Bytes transactionId() {
        return request.transactionId();
    }

    /** How many times the request has been sent so far. */
    public int transmissions() {
        return transmissions;
    }

    /** Malformed STUN datagrams offered to this transaction. */
    public long malformed() {
        return malformed;
    }

    /** Responses dropped because their MESSAGE-INTEGRITY was missing or wrong. */
    public long unauthenticated() {
        return unauthenticated;
    }
}
