package io.jrtc.ice;

/**
 * A pair in the checklist: a local candidate (host or relayed; server-reflexive ones are checked
 * through their base) and a remote one. Mutable, owned by its {@link IceAgent}; read it from the
 * agent's thread.
 */
public final class CandidatePair {
    private final Candidate local;
    private Candidate remote;
    PairState state;
    /** The generation (ICE restarts) whose credentials this pair uses. */
    final IceAgent.Credentials credentials;
    boolean valid;
    boolean nominated;
    /** Controlling: the next check on this pair carries USE-CANDIDATE. */
    boolean nominating;
    /** Controlled: a USE-CANDIDATE arrived before this pair succeeded; nominate it on success. */
    boolean nominateOnSuccess;
    /** An authenticated check arrived on this pair (the remote side reached us through it). */
    boolean checkedByRemote;
    long lastNominationValue = -1;
    /** When a check on this pair succeeded with a mapped address of another local candidate: that valid pair. */
    CandidatePair validPair;
    // W3C RTCIceCandidatePairStats: connectivity and consent checks on this pair
    long requestsSent;
    long requestsReceived;
    long responsesReceived;
    long currentRoundTripTimeNanos = -1;
    long totalRoundTripTimeNanos;
    long roundTripTimeMeasurements;

    CandidatePair(Candidate local, Candidate remote, IceAgent.Credentials credentials) {
        this.local = local;
        this.remote = remote;
        this.credentials = credentials;
        this.state = PairState.FROZEN;
    }

    /** {@return the local candidate (host or relayed; a server-reflexive one is checked through its base)} */
    public Candidate local() {
        return local;
    }

    /** {@return the remote candidate} */
    public Candidate remote() {
        return remote;
    }

    /** A signalled candidate for the address of a peer-reflexive one takes its place (same address, so the same pair). */
    void replaceRemote(Candidate signalled) {
        this.remote = signalled;
    }

    /** {@return the pair's state in the checklist} */
    public PairState state() {
        return state;
    }

    /** {@return whether the pair is on the valid list (a check on it succeeded)} */
    public boolean isValid() {
        return valid;
    }

    /** {@return whether the pair was nominated (RFC 8445 §8.1.1)} */
    public boolean isNominated() {
        return nominated;
    }

    /**
     * STUN Binding requests sent on this pair (checks and consent, retransmissions included).
     *
     * @return how many
     */
    public long requestsSent() {
        return requestsSent;
    }

    /**
     * Authenticated Binding requests the peer sent on this pair (each was answered).
     *
     * @return how many
     */
    public long requestsReceived() {
        return requestsReceived;
    }

    /**
     * Success responses received on this pair.
     *
     * @return how many
     */
    public long responsesReceived() {
        return responsesReceived;
    }

    /**
     * {@return the last round-trip time measured by a check or consent request answered at its first transmission,
     * or -1}
     */
    public long currentRoundTripTimeNanos() {
        return currentRoundTripTimeNanos;
    }

    /** {@return the sum of the measured round-trip times, in nanoseconds} */
    public long totalRoundTripTimeNanos() {
        return totalRoundTripTimeNanos;
    }

    /** {@return how many round-trip times were measured (answers to first transmissions)} */
    public long roundTripTimeMeasurements() {
        return roundTripTimeMeasurements;
    }

    /** {@return the pair foundation: the local and remote foundations joined} */
    public String foundation() {
        return local.foundation() + ":" + remote.foundation();
    }

    /**
     * The pair priority (RFC 8445 §6.1.2.3): with G the controlling agent's candidate priority and D
     * the controlled agent's, {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}.
     *
     * @param role the DTLS role to answer with
     * @return the pair priority (RFC 8445 §6.1.2.3): with G the controlling agent's candidate priority and D the
     *         controlled agent's, {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}
     */
    public long priority(IceRole role) {
        long g = role == IceRole.CONTROLLING ? local.priority() : remote.priority();
        long d = role == IceRole.CONTROLLING ? remote.priority() : local.priority();
        return pairPriority(g, d);
    }

    /**
     * The pair priority formula of RFC 8445 §6.1.2.3.
     *
     * @param g the controlling agent's candidate priority
     * @param d the controlled agent's candidate priority
     * @return {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}
     */
    public static long pairPriority(long g, long d) {
        return (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }

    @Override
    public String toString() {
        return local + " -> " + remote + " [" + state + (valid ? ", valid" : "") + (nominated ? ", nominated" : "") + "]";
    }
}
