package io.jrtc.stun;

import java.time.Duration;

/**
 * The retransmission timers of a STUN request over UDP (RFC 8489 §6.2.1), as {@link StunTransactions}
 * applies them.
 *
 * <p>The request is sent at once; while no response has come it is sent again after RTO, then after
 * 2×RTO, 4×RTO… (each wait doubled, but never above {@code maxRtoNanos}) until Rc requests in all
 * have been sent; after the last one the client waits Rm × RTO and gives up. With {@link #DEFAULT}
 * (RTO 500 ms, Rc 7, Rm 16, no cap) requests leave at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and the
 * transaction times out at 39.5 s.
 *
 * <p>RFC 8489 leaves the RTO to the caller (it should come from the path's RTT when one is known):
 * ICE passes its check RTO (RFC 8445 §14.3), TURN and the plain client 500 ms. The cap is what ICE's
 * checks and RFC 7675 consent checks need on top of RFC 8489: the waits stop doubling at a ceiling.
 *
 * @param rtoNanos         the initial retransmission timeout RTO, in nanoseconds (default 500 ms)
 * @param maxTransmissions Rc: how many times the request is sent in all (default 7;
 *                         {@link Integer#MAX_VALUE} retransmits until the caller stops it)
 * @param finalWaitFactor  Rm: after the last transmission, wait Rm × RTO for an answer (default 16)
 * @param maxRtoNanos      the ceiling of the doubled waits between transmissions (default
 *                         {@link Long#MAX_VALUE}: none, as in RFC 8489)
 */
public record StunTimers(long rtoNanos, int maxTransmissions, int finalWaitFactor, long maxRtoNanos) {

    /** RFC 8489 §6.2.1's recommended values: RTO 500 ms, Rc 7, Rm 16, no cap. */
    public static final StunTimers DEFAULT = new StunTimers(Duration.ofMillis(500).toNanos(), 7, 16, Long.MAX_VALUE);

    /**
     * Checks the values.
     *
     * @param rtoNanos the initial RTO
     * @param maxTransmissions Rc
     * @param finalWaitFactor Rm
     * @param maxRtoNanos the ceiling of the waits
     * @throws IllegalArgumentException when RTO, Rc, Rm or the cap is not positive
     */
    public StunTimers {
        if (rtoNanos <= 0 || maxTransmissions < 1 || finalWaitFactor < 1 || maxRtoNanos <= 0) {
            throw new IllegalArgumentException("RTO, Rc, Rm and the RTO cap must be positive");
        }
    }

    /**
     * The timers ICE checks and TURN requests use: RTO doubling up to {@code maxRto}, Rc sends, and a
     * final wait of one more (capped) doubling, that is Rm = min(2^(Rc−1), maxRto / RTO).
     *
     * @param rto              the initial RTO
     * @param maxTransmissions Rc
     * @param maxRto           the ceiling of the waits, at least {@code rto}
     * @return the timers
     */
    public static StunTimers capped(Duration rto, int maxTransmissions, Duration maxRto) {
        long r = rto.toNanos();
        long cap = maxRto.toNanos();
        long wait = r;
        for (int k = 1; k < maxTransmissions && wait < cap; k++) {
            wait = Math.min(cap, wait * 2);
        }
        return new StunTimers(r, maxTransmissions, (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait / r)), cap);
    }

    /**
     * These timers with another initial RTO.
     *
     * @param rto the new RTO
     * @return a copy with {@code rto}
     */
    public StunTimers withRto(Duration rto) {
        return new StunTimers(rto.toNanos(), maxTransmissions, finalWaitFactor, maxRtoNanos);
    }

    /**
     * These timers with another Rc.
     *
     * @param rc how many times the request is sent in all
     * @return a copy with Rc = {@code rc}
     */
    public StunTimers withMaxTransmissions(int rc) {
        return new StunTimers(rtoNanos, rc, finalWaitFactor, maxRtoNanos);
    }

    /**
     * These timers with another Rm.
     *
     * @param rm the factor of RTO waited after the last transmission
     * @return a copy with Rm = {@code rm}
     */
    public StunTimers withFinalWaitFactor(int rm) {
        return new StunTimers(rtoNanos, maxTransmissions, rm, maxRtoNanos);
    }

    /**
     * These timers with a ceiling on the doubled waits.
     *
     * @param maxRto the ceiling
     * @return a copy with that cap
     */
    public StunTimers withMaxRto(Duration maxRto) {
        return new StunTimers(rtoNanos, maxTransmissions, finalWaitFactor, maxRto.toNanos());
    }

    /**
     * The wait after transmission {@code k} before the next one (or, after the last, before giving
     * up).
     *
     * @param k           the transmission just made, 1 for the first
     * @param previousWait the wait after transmission {@code k − 1} (ignored for {@code k = 1})
     * @return the wait in nanoseconds
     */
    long waitAfter(int k, long previousWait) {
        if (k >= maxTransmissions) {
            return saturatedMultiply(rtoNanos, finalWaitFactor);
        }
        if (k == 1) {
            return rtoNanos;
        }
        return previousWait > maxRtoNanos / 2 ? maxRtoNanos : previousWait * 2;
    }

    /**
     * How long after the first transmission a request with no answer times out: the sum of the waits
     * (with no cap, RTO × (2^(Rc−1) − 1 + Rm)).
     *
     * @return the total in nanoseconds (saturating at {@link Long#MAX_VALUE}, which an unlimited Rc gives)
     */
    public long timeoutNanos() {
        if (maxTransmissions == Integer.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long total = 0;
        long wait = 0;
        for (int k = 1; k <= maxTransmissions; k++) {
            wait = waitAfter(k, wait);
            total = total > Long.MAX_VALUE - wait ? Long.MAX_VALUE : total + wait;
            if (total == Long.MAX_VALUE) {
                break;
            }
        }
        return total;
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
