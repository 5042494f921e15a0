package io.jrtc.ice;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.core.QueuedEngine;
import io.jrtc.stun.StunTimers;
import io.jrtc.stun.StunTransactions;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

/**
 * A sans-IO ICE agent (RFC 8445) for one data stream with one component, full or lite, with trickle,
 * restart, consent freshness (RFC 7675) and a TURN client (RFC 8656) for relayed candidates.
 *
 * <p>The agent never opens a socket. The caller binds its UDP sockets, lists their addresses in
 * {@link IceConfig#localAddresses()}, and then:
 *
 * <pre>{@code
 * agent.startGathering(now);                          // host candidates now, srflx/relay later
 * agent.setRemoteCredentials(now, ufrag, pwd);        // from the peer's SDP
 * agent.addRemoteCandidate(now, candidate);           // trickled one by one
 * agent.endOfRemoteCandidates(now);
 * agent.handleInput(now, datagram);                   // everything that arrives on those sockets
 * agent.send(now, payload);                           // app data (DTLS) on the selected pair
 * }</pre>
 *
 * <p>and drains {@link #pollTransmit()} (each {@link Datagram} says which local socket to send it
 * from) and {@link #pollEvent()}, and calls {@link #handleTimeout} at {@link #pollTimeout()}.
 */
public final class IceAgent extends QueuedEngine<Datagram, IceEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.ice");
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int MAX_TRANSACTIONS = 512;

    /** The credentials of one ICE generation (a restart starts a new one). */
    static final class Credentials {
        final String localUfrag;
        final String localPassword;
        String remoteUfrag;
        String remotePassword;
        final int generation;

        Credentials(String localUfrag, String localPassword, int generation) {
            this.localUfrag = localUfrag;
            this.localPassword = localPassword;
            this.generation = generation;
        }

        boolean hasRemote() {
            return remoteUfrag != null && remotePassword != null;
        }
    }

    /**
     * What the agent dropped, refused and sent: a snapshot, from {@link IceAgent#stats()}.
     *
     * @param malformed               datagrams that looked like STUN but did not parse or had a bad FINGERPRINT
     * @param unauthenticated         requests refused with 400/401 and responses whose MESSAGE-INTEGRITY did not verify
     * @param ignored                 responses to no pending transaction, datagrams on unknown local addresses
     * @param droppedData             non-STUN datagrams from addresses that are on no valid pair
     * @param mdnsIgnored             remote mDNS candidates that the resolver could not resolve
     * @param nonUdpIgnored           remote candidates on a transport other than UDP (TCP, RFC 6544, or unknown): parsed, not paired
     * @param remoteCandidatesRefused remote candidates (signalled or peer-reflexive) refused because of
     *                                {@link IceConfig#maxRemoteCandidates()}
     * @param roleConflicts           role conflicts seen (487 sent or received, or a switch)
     * @param checksSent              connectivity checks started (not counting retransmissions)
     * @param consentChecksSent       consent checks started (RFC 7675)
     * @param keepalivesSent          Binding indications sent because nothing else went out on the selected pair (RFC 8445 §11)
     * @param transactionsRefused     requests not sent because too many STUN transactions were in flight
     */
    public record Stats(long malformed, long unauthenticated, long ignored, long droppedData, long mdnsIgnored,
                        long nonUdpIgnored, long remoteCandidatesRefused, long roleConflicts, long checksSent,
                        long consentChecksSent, long keepalivesSent, long transactionsRefused) {
    }

    /** The live counters behind {@link Stats}. */
    private static final class Counters {
        long malformed;
        long unauthenticated;
        long ignored;
        long droppedData;
        long mdnsIgnored;
        long nonUdpIgnored;
        long remoteCandidatesRefused;
        long roleConflicts;
        long checksSent;
        long consentChecksSent;
        long keepalivesSent;
        long transactionsRefused;

        Stats snapshot() {
            return new Stats(malformed, unauthenticated, ignored, droppedData, mdnsIgnored, nonUdpIgnored,
                    remoteCandidatesRefused, roleConflicts, checksSent, consentChecksSent, keepalivesSent,
                    transactionsRefused);
        }
    }

    private enum TxKind { CHECK, CONSENT, GATHER }

    /** Retransmissions of an unanswered consent check are at most this far apart. */
    private static final long CONSENT_MAX_RTO = 1_000_000_000L;

    /** What the agent keeps with each STUN request in flight (the {@link StunTransactions} context). */
    private static final class Tx {
        final TxKind kind;
        final Candidate local;
        final InetSocketAddress to;
        final CandidatePair pair;
        final long sentPriority;
        final boolean useCandidate;
        final IceRole roleSent;

        Tx(TxKind kind, Candidate local, InetSocketAddress to, CandidatePair pair,
           long sentPriority, boolean useCandidate, IceRole roleSent) {
            this.kind = kind;
            this.local = local;
            this.to = to;
            this.pair = pair;
            this.sentPriority = sentPriority;
            this.useCandidate = useCandidate;
            this.roleSent = roleSent;
        }
    }

    private final IceConfig config;
    private final String prefix;
    private final RandomGenerator random;
    private final long tieBreaker;
    private final Counters stats = new Counters();
    private final List<Candidate> localCandidates = new ArrayList<>();
    private final List<Candidate> remoteCandidates = new ArrayList<>();
    /** The candidate pairs and every change of their state (RFC 8445 §6.1.2). */
    private final Checklist checklist = new Checklist(events::add, this::log);
    /** Checks, consent checks and gathering requests in flight: the {@code stun} module's retransmission engine. */
    private final StunTransactions<Tx> transactions = new StunTransactions<>(MAX_TRANSACTIONS);
    private final StunTimers checkTimers;
    private final StunTimers gatherTimers;
    private final StunTimers consentTimers;
    private final StunTransactions.Listener<Tx> retransmissions = new StunTransactions.Listener<>() {
        @Override
        public boolean retransmit(long now, StunTransactions.Transaction<Tx> t) {
            return retransmitRequest(t);
        }

        @Override
        public void timedOut(long now, StunTransactions.Transaction<Tx> t) {
            requestTimedOut(t);
        }
    };
    private final List<TurnClient> turnClients = new ArrayList<>();

    private IceRole role;
    private Credentials credentials;
    /** The previous generation's credentials, still accepted until the new generation selects a pair. */
    private Credentials previous;
    private IceConnectionState state = IceConnectionState.NEW;
    private IceGatheringState gatheringState = IceGatheringState.NEW;
    private boolean remoteEndOfCandidates;
    private boolean failed;
    private boolean consentLost;
    private boolean closed;
    private CandidatePair selected;
    private long nextCheckAt = NO_TIMEOUT;
    private long lastCheckSentAt = Long.MIN_VALUE / 2;
    private long firstValidAt = -1;
    private long nextRecheckAt = NO_TIMEOUT;
    private static final long RECHECK_INTERVAL = 1_000_000_000L;
    private long nextConsentAt = NO_TIMEOUT;
    private long lastConsentAt;
    private long lastSentOnSelected;
    private int prflxCounter;
    private long now;

    /**
     * An agent in state {@code new}; nothing happens until {@link #startGathering} and the remote credentials and
     * candidates.
     *
     * @param config the configuration
     */
    public IceAgent(IceConfig config) {
        this.config = config;
        this.prefix = config.label() == null || config.label().isEmpty() ? "[ICE] " : "[ICE] " + config.label().replace("'", "") + ": ";
        this.random = config.random();
        this.role = config.lite() ? IceRole.CONTROLLED : config.role();
        this.tieBreaker = random.nextLong();
        this.credentials = new Credentials(
                config.ufrag() != null ? config.ufrag() : randomIceString(8),
                config.password() != null ? config.password() : randomIceString(24), 0);
        // checks: RTO doubling up to 8x, maxCheckTransmissions sends; gathering: at most 5 sends;
        // consent (RFC 7675 §5.1): RTO doubling up to 1 s, until answered or replaced by the next check
        Duration maxRto = config.checkRto().multipliedBy(8);
        this.checkTimers = StunTimers.capped(config.checkRto(), config.maxCheckTransmissions(), maxRto);
        this.gatherTimers = StunTimers.capped(config.checkRto(), Math.min(5, config.maxCheckTransmissions()), maxRto);
        this.consentTimers = new StunTimers(config.checkRto().toNanos(), Integer.MAX_VALUE, 1, CONSENT_MAX_RTO);
    }

    private void log(System.Logger.Level level, String format, Object... args) {
        if (LOG.isLoggable(level)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof InetSocketAddress a) {
                    args[i] = a.isUnresolved() ? a.getHostString() + ":" + a.getPort()
                            : a.getAddress().getHostAddress() + ":" + a.getPort();
                }
            }
            LOG.log(level, prefix + format, args);
        }
    }

    // ------------------------------------------------------------------ public API

    /** {@return the configuration it was made with} */
    public IceConfig config() {
        return config;
    }

    /** {@return the local username fragment of the current generation (ice-ufrag)} */
    public String localUfrag() {
        return credentials.localUfrag;
    }

    /** {@return the local password of the current generation (ice-pwd)} */
    public String localPassword() {
        return credentials.localPassword;
    }

    /** {@return the current role (it may change after a role conflict, RFC 8445 §7.3.1.1)} */
    public IceRole role() {
        return role;
    }

    /** {@return the 64-bit tie-breaker sent in ICE-CONTROLLING/ICE-CONTROLLED} */
    public long tieBreaker() {
        return tieBreaker;
    }

    /** {@return whether this is an ICE-lite agent} */
    public boolean isLite() {
        return config.lite();
    }

    /** {@return the connection state (W3C RTCIceConnectionState)} */
    public IceConnectionState connectionState() {
        return state;
    }

    /** {@return the gathering state (W3C RTCIceGatheringState)} */
    public IceGatheringState gatheringState() {
        return gatheringState;
    }

    /** @return the counters, a snapshot (it does not change as the agent goes on) */
    public Stats stats() {
        return stats.snapshot();
    }

    /** {@return local candidates, including peer-reflexive ones learned from responses (never signalled)} */
    public List<Candidate> localCandidates() {
        return Collections.unmodifiableList(localCandidates);
    }

    /** {@return remote candidates, including peer-reflexive ones learned from requests} */
    public List<Candidate> remoteCandidates() {
        return Collections.unmodifiableList(remoteCandidates);
    }

    /** {@return the checklist of the current generation (and the selected pair of an older one during a restart)} */
    public List<CandidatePair> checklist() {
        return checklist.pairs();
    }

    /** {@return the valid list: pairs that a check succeeded on, highest priority first} */
    public List<CandidatePair> validList() {
        return checklist.validList(role);
    }

    /** {@return the pair application data goes on, or {@code null}} */
    public CandidatePair selectedPair() {
        return selected;
    }

    /**
     * Whether {@code address} is one of the remote candidates (signalled or learned).
     *
     * @param address a remote transport address
     * @return whether {@code address} is one of the remote candidates (signalled or learned)
     */
    public boolean knowsRemote(InetSocketAddress address) {
        return findRemote(address) != null;
    }

    /**
     * Whether a check naming {@code ufrag} as ours would be accepted (current or, during a restart, previous).
     *
     * @param ufrag the username fragment
     * @return whether a check naming {@code ufrag} as ours would be accepted (current or, during a restart,
     *         previous)
     */
    public boolean acceptsUfrag(String ufrag) {
        return !closed && (ufrag.equals(credentials.localUfrag) || (previous != null && ufrag.equals(previous.localUfrag)));
    }

    /** {@return the number of STUN transactions in flight (checks, consent, gathering)} */
    public int pendingTransactions() {
        return transactions.size();
    }

    /**
     * Starts gathering: host candidates from the configured local addresses (through the filter)
     * are reported at once; server-reflexive and relayed ones follow as the servers answer.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void startGathering(long now) {
        this.now = now;
        if (closed || gatheringState != IceGatheringState.NEW) {
            return;
        }
        setGatheringState(IceGatheringState.GATHERING);
        gatherHostAndServers(now);
    }

    private void gatherHostAndServers(long now) {
        int index = 0;
        for (InetSocketAddress a : config.localAddresses()) {
            if (a.isUnresolved() || !config.addressFilter().test(a.getAddress()) || !IceConfig.usableUnicast(a.getAddress())) {
                log(DEBUG, "{0}: not a host candidate (filtered out)", a);
                continue;
            }
            boolean v6 = a.getAddress() instanceof java.net.Inet6Address;
            int localPreference = Math.max(0, (v6 ? 65535 : 65535 - 128) - 2 * index++);
            Candidate host = Candidate.host(a, localPreference);
            if (findLocal(host.address(), host.base()) != null) {
                continue;
            }
            addLocalCandidate(host, true);
        }
        if (config.lite()) {
            maybeGatheringComplete();
            return;
        }
        queryStunServers(now);
        for (Candidate host : new ArrayList<>(localCandidates)) {
            if (host.type() != CandidateType.HOST) {
                continue;
            }
            for (IceConfig.TurnServer server : config.turnServers()) {
                if (sameFamily(host.address(), server.address()) && turnFor(host.base(), server.address()) == null) {
                    TurnClient turn = TurnClient.builder(host.base(), server.address())
                            .credentials(server.username(), server.password()).random(random).build();
                    turnClients.add(turn);
                    log(DEBUG, "gather: TURN Allocate {0} -> {1}", host.base(), server.address());
                    turn.allocate(now);
                    drainTurn(now, turn);
                }
            }
        }
        maybeGatheringComplete();
    }

    /** A Binding request from every host socket to every STUN server of its family (server-reflexive candidates). */
    private void queryStunServers(long now) {
        for (Candidate host : new ArrayList<>(localCandidates)) {
            if (host.type() != CandidateType.HOST) {
                continue;
            }
            for (InetSocketAddress server : config.stunServers()) {
                if (sameFamily(host.address(), server)) {
                    Bytes id = IceStun.newTransactionId(random);
                    Tx tx = new Tx(TxKind.GATHER, host, server, null, 0, false, role);
                    log(DEBUG, "gather: Binding request {0} -> STUN server {1}", host.base(), server);
                    start(now, IceStun.request(IceStun.BINDING, id), null, gatherTimers, tx);
                }
            }
        }
    }

    /**
     * The peer's username fragment and password (from its SDP); pairs form once they are known.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param ufrag the username fragment
     * @param password the password
     */
    public void setRemoteCredentials(long now, String ufrag, String password) {
        this.now = now;
        if (credentials.hasRemote() && credentials.remoteUfrag.equals(ufrag) && credentials.remotePassword.equals(password)) {
            return;
        }
        credentials.remoteUfrag = ufrag;
        credentials.remotePassword = password;
        for (Candidate r : remoteCandidates) {
            pairWithLocals(now, r);
        }
        schedulePacing(now);
        updateState(now);
    }

    /**
     * Adds a remote candidate from its SDP form ({@code candidate:…}).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param sdp the candidate in its SDP form, with or without the a= prefix
     * @return whether it was added
     * @throws IceParseException saying what is wrong
     */
    public boolean addRemoteCandidate(long now, String sdp) throws IceParseException {
        return addRemoteCandidate(now, Candidate.parse(sdp));
    }

    /**
     * Adds a remote candidate (trickled or from SDP). An mDNS ({@code .local}) candidate goes through
     * the resolver hook; when it cannot be resolved it is ignored (the peer's checks will still be
     * learned as peer-reflexive). A candidate on another transport than UDP (a browser's
     * {@code tcptype} ones, RFC 6544) is counted and ignored: no pair is formed. Returns whether it
     * was added.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param candidate the candidate
     * @return whether it was added (false: a duplicate, unresolved, not UDP, over the limit, or the agent is closed)
     */
    public boolean addRemoteCandidate(long now, Candidate candidate) {
        this.now = now;
        if (closed) {
            return false;
        }
        Candidate c = candidate;
        if (!c.isUdp()) {
            stats.nonUdpIgnored++;
            log(DEBUG, "remote candidate {0}: transport {1} not supported, ignored", c, c.transport());
            return false;
        }
        if (c.isUnresolved()) {
            java.net.InetAddress ip = null;
            try {
                ip = config.mdnsResolver().apply(c.address().getHostString());
            } catch (RuntimeException e) {
                log(DEBUG, "mDNS resolver failed for {0}: {1}", c.address().getHostString(), e.toString());
            }
            if (ip == null) {
                stats.mdnsIgnored++;
                log(DEBUG, "remote candidate {0}: mDNS name not resolved, ignored", c);
                return false;
            }
            c = c.withAddress(new InetSocketAddress(ip, c.address().getPort()));
        }
        if (c.address().getPort() == 0) {
            return false;
        }
        Candidate known = findRemote(c.address());
        if (known != null) {
            if (known.type() == CandidateType.PEER_REFLEXIVE && c.type() != CandidateType.PEER_REFLEXIVE) {
                // the peer's check arrived before its candidate: the signalled one replaces the learned one
                // (its type, priority and foundation; RFC 8445 §7.3.1.3, RFC 8838 §11.3)
                remoteCandidates.set(remoteCandidates.indexOf(known), c);
                for (CandidatePair p : checklist.pairs()) {
                    if (p.remote() == known) {
                        p.replaceRemote(c);
                    }
                }
                log(DEBUG, "remote candidate {0} replaces the peer-reflexive {1}", c, known);
            }
            return false;
        }
        if (remoteCandidates.size() >= config.maxRemoteCandidates()) {
            stats.remoteCandidatesRefused++;
            return false;
        }
        remoteCandidates.add(c);
        log(DEBUG, "remote candidate {0}", c);
        pairWithLocals(now, c);
        schedulePacing(now);
        updateState(now);
        return true;
    }

    /**
     * The peer said it has no more candidates for this generation.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void endOfRemoteCandidates(long now) {
        this.now = now;
        remoteEndOfCandidates = true;
        updateState(now);
    }

    /**
     * ICE restart (RFC 8445 §9): new local credentials, a fresh checklist, candidates reported again.
     * The selected pair keeps carrying data (and the old credentials stay valid for it) until the
     * new generation selects a pair. Call {@link #setRemoteCredentials} with the peer's new ones.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param ufrag the username fragment
     * @param password the password
     */
    public void restart(long now, String ufrag, String password) {
        this.now = now;
        if (closed) {
            return;
        }
        log(INFO, "restart: new credentials, generation {0}", credentials.generation + 1);
        previous = selected != null ? selected.credentials : null;
        credentials = new Credentials(ufrag != null ? ufrag : randomIceString(8),
                password != null ? password : randomIceString(24), credentials.generation + 1);
        remoteCandidates.clear();
        checklist.retainOnly(selected);
        transactions.removeIf(t -> t.kind == TxKind.CHECK);
        remoteEndOfCandidates = false;
        failed = false;
        firstValidAt = -1;
        if (consentLost) {
            selected = null;
            checklist.clear();
            consentLost = false;
        }
        setGatheringState(IceGatheringState.GATHERING);
        for (Candidate c : localCandidates) {
            if (c.type() != CandidateType.PEER_REFLEXIVE && (!config.relayOnly() || c.type() == CandidateType.RELAYED)) {
                events.add(new IceEvent.LocalCandidate(c));
            }
        }
        localCandidates.removeIf(c -> c.type() == CandidateType.PEER_REFLEXIVE);
        if (!config.lite()) {
            // the NAT may have changed (a restart often follows a network change): ask the STUN servers
            // again; an unchanged mapping is pruned as redundant, a new one becomes a new candidate
            queryStunServers(now);
        }
        maybeGatheringComplete();
        updateState(now);
    }

    /**
     * Restart with random new credentials.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void restart(long now) {
        restart(now, null, null);
    }

    /**
     * Sends application data on the selected pair. Returns false (and sends nothing) when there is
     * no selected pair, consent was lost, or the agent is closed or failed.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param payload the bytes
     * @return whether it was sent
     */
    public boolean send(long now, byte[] payload) {
        this.now = now;
        if (selected == null || consentLost || closed || state == IceConnectionState.FAILED) {
            return false;
        }
        transmitFrom(selected.local(), selected.remote().address(), payload);
        return true;
    }

    /**
     * Stops everything: releases TURN allocations (a Refresh with lifetime 0), then goes quiet.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void close(long now) {
        this.now = now;
        if (closed) {
            return;
        }
        for (TurnClient t : turnClients) {
            t.close(now);
            drainTurn(now, t);
        }
        closed = true;
        transactions.clear();
        checklist.clearTriggered();
        nextCheckAt = NO_TIMEOUT;
        nextConsentAt = NO_TIMEOUT;
        updateState(now);
    }

    /** {@return the TURN clients of this agent (one per host base and TURN server)} */
    public List<TurnClient> turnClients() {
        return Collections.unmodifiableList(turnClients);
    }

    // ------------------------------------------------------------------ engine

    /**
     * A datagram that arrived on one of the local sockets ({@code destination} is that socket's address).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param d the datagram; its destination is the local socket it arrived on
     */
    public void handleInput(long now, Datagram d) {
        this.now = now;
        if (closed || d.source() == null) {
            stats.ignored++;
            return;
        }
        boolean binding = IceStun.looksLikeStun(d.data()) && IceStun.method(d.data()) == IceStun.BINDING;
        for (TurnClient t : turnClients) {
            // a TURN server is often a STUN server too: its Binding answers are the agent's, the rest TURN's
            if (!binding && t.server().equals(d.source()) && t.local().equals(d.destination())) {
                t.handleInput(now, d.data());
                drainTurn(now, t);
                updateState(now);
                return;
            }
        }
        receive(now, d.destination(), d.source(), d.data());
        // a check that just succeeded may leave nothing better to wait for: nominate now, not at the
        // nomination-delay timer
        maybeNominate(now);
        updateState(now);
    }

    @Override
    public void handleTimeout(long now) {
        this.now = now;
        if (closed) {
            return;
        }
        transactions.handleTimeout(now, retransmissions);
        for (TurnClient t : turnClients) {
            if (t.pollTimeout() <= now) {
                t.handleTimeout(now);
            }
            drainTurn(now, t);
        }
        if (!config.lite() && nextCheckAt <= now) {
            if (credentials.hasRemote() && sendNextCheck(now)) {
                lastCheckSentAt = now;
                nextCheckAt = hasCheckWork() ? now + config.ta().toNanos() : NO_TIMEOUT;
            } else {
                nextCheckAt = NO_TIMEOUT;
            }
        }
        maybeNominate(now);
        recheckWhileWaitingForNomination(now);
        consentAndKeepalive(now);
        maybeGatheringComplete();
        updateState(now);
    }

    @Override
    public long pollTimeout() {
        if (closed) {
            return NO_TIMEOUT;
        }
        long t = Math.min(nextCheckAt, transactions.pollTimeout());
        for (TurnClient c : turnClients) {
            t = Math.min(t, c.pollTimeout());
        }
        if (awaitingNomination()) {
            t = Math.min(t, nextRecheckAt);
        }
        if (nominationPending()) {
            t = Math.min(t, firstValidAt + config.nominationDelay().toNanos());
        }
        if (selected != null && !consentLost) {
            if (!config.lite()) {
                t = Math.min(t, nextConsentAt);
            }
            t = Math.min(t, lastConsentAt + config.consentTimeout().toNanos());
            if (state == IceConnectionState.CONNECTED || state == IceConnectionState.COMPLETED) {
                t = Math.min(t, lastConsentAt + config.disconnectedTimeout().toNanos());
            }
            t = Math.min(t, lastSentOnSelected + config.keepaliveInterval().toNanos());
        }
        return t;
    }

    // ------------------------------------------------------------------ receiving

    private void receive(long now, InetSocketAddress localAddress, InetSocketAddress from, byte[] data) {
        Candidate local = localForAddress(localAddress);
        if (local == null) {
            stats.ignored++;
            return;
        }
        boolean usable = usable(local);
        if (!IceStun.looksLikeStun(data)) {
            CandidatePair p = usable ? pairForData(local, from) : null;
            if (p == null) {
                stats.droppedData++;
                return;
            }
            events.add(new IceEvent.DataReceived(localAddress, from, data));
            return;
        }
        IceStun.Msg m;
        try {
            m = IceStun.parse(data);
        } catch (IceParseException e) {
            stats.malformed++;
            log(DEBUG, "dropped a malformed STUN message from {0}: {1}", from, e.getMessage());
            return;
        }
        if (!m.fingerprintOkOrAbsent()) {
            stats.malformed++;
            return;
        }
        if (m.method != IceStun.BINDING || (!usable && m.cls != IceStun.SUCCESS && m.cls != IceStun.ERROR)) {
            // (relay-only: a host socket only takes answers from STUN servers)
            stats.ignored++;
            return;
        }
        switch (m.cls) {
            case IceStun.REQUEST -> onRequest(now, local, from, m);
            case IceStun.SUCCESS, IceStun.ERROR -> onResponse(now, local, from, m);
            default -> {
                // Binding indication: a keepalive, nothing to do
            }
        }
    }

    private void onRequest(long now, Candidate local, InetSocketAddress from, IceStun.Msg m) {
        if (m.username == null || !m.hasIntegrity() || !m.hasFingerprint()) {
            stats.unauthenticated++;
            log(DEBUG, "check from {0} without USERNAME, MESSAGE-INTEGRITY or FINGERPRINT: 400", from);
            reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 400, "Bad Request").encode(null, true));
            return;
        }
        int colon = m.username.indexOf(':');
        String ours = colon < 0 ? m.username : m.username.substring(0, colon);
        Credentials cr = null;
        if (ours.equals(credentials.localUfrag)) {
            cr = credentials;
        } else if (previous != null && ours.equals(previous.localUfrag)) {
            cr = previous;
        }
        if (cr == null || colon < 0 || !m.integrityOk(IceStun.shortTermKey(cr.localPassword))) {
            stats.unauthenticated++;
            log(DEBUG, "check from {0} with wrong credentials: 401 Unauthenticated", from);
            reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 401, "Unauthenticated").encode(null, true));
            return;
        }
        String theirs = m.username.substring(colon + 1);
        if (cr.remoteUfrag != null && !cr.remoteUfrag.equals(theirs)) {
            // our ufrag with another peer ufrag than this generation's: the peer restarted and pairs its
            // new candidates with our credentials of before (a browser pairs its new ports with the
            // remote candidates it knows). Answering it would make a pair valid for the peer that has no
            // generation here; its next checks, with our new credentials, come once it has our answer.
            stats.unauthenticated++;
            log(DEBUG, "check from {0} names peer ufrag {1}, not {2} (a restart we have not applied): 401",
                    from, theirs, cr.remoteUfrag);
            reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 401, "Unauthenticated").encode(null, true));
            return;
        }
        if (cr != credentials && (selected == null || selected.credentials != cr
                || !selected.remote().address().equals(from) || !selected.local().base().equals(local.base()))) {
            // RFC 8445 §9: after a restart the old credentials only stay valid on the pair that still
            // carries data (its consent checks); no other pair of the old generation exists any more
            stats.unauthenticated++;
            log(DEBUG, "check from {0} to {1} with the previous generation's credentials, not on its selected pair: 401",
                    from, local.base());
            reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 401, "Unauthenticated").encode(null, true));
            return;
        }
        byte[] key = IceStun.shortTermKey(cr.localPassword);
        if (m.priority < 1) {
            stats.unauthenticated++;
            reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 400, "Bad Request").encode(key, true));
            return;
        }
        // role conflict (RFC 8445 §7.3.1.1)
        if (role == IceRole.CONTROLLING && m.controlling != null) {
            stats.roleConflicts++;
            if (Long.compareUnsigned(tieBreaker, m.controlling) >= 0) {
                log(DEBUG, "role conflict: both controlling, our tie-breaker wins: 487 to {0}", from);
                reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 487, "Role Conflict").encode(key, true));
                return;
            }
            switchRole(IceRole.CONTROLLED);
        } else if (role == IceRole.CONTROLLED && m.controlled != null) {
            stats.roleConflicts++;
            if (Long.compareUnsigned(tieBreaker, m.controlled) >= 0) {
                switchRole(IceRole.CONTROLLING);
            } else {
                log(DEBUG, "role conflict: both controlled, their tie-breaker wins: 487 to {0}", from);
                reply(local, from, IceStun.error(IceStun.BINDING, m.txid, 487, "Role Conflict").encode(key, true));
                return;
            }
        }
        reply(local, from, IceStun.success(IceStun.BINDING, m.txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, from)
                .encode(key, true));
        log(DEBUG, "check from {0} to {1}{2} answered: success, XOR-MAPPED-ADDRESS {0}", from, local.base(),
                m.useCandidate ? " with USE-CANDIDATE" : "");
        if (cr != credentials) {
            // a consent check of the previous generation's selected pair (the only one answered, above)
            noteConsent(now);
            return;
        }
        Candidate remote = findRemote(from);
        if (remote == null) {
            if (remoteCandidates.size() >= config.maxRemoteCandidates()) {
                stats.remoteCandidatesRefused++;
                return;
            }
            remote = new Candidate("prflx" + (++prflxCounter), 1, m.priority, from, CandidateType.PEER_REFLEXIVE, null, null);
            remoteCandidates.add(remote);
            log(DEBUG, "learned remote peer-reflexive candidate {0}", remote);
        }
        CandidatePair pair = findPair(local, remote);
        if (pair == null) {
            pair = addPair(now, local, remote, false);
            if (pair == null) {
                return;
            }
        }
        pair.checkedByRemote = true;
        pair.requestsReceived++;
        if (selected == pair) {
            noteConsent(now);
        }
        if (config.lite()) {
            if (pair.state != PairState.SUCCEEDED) {
                pair.valid = true;
                checklist.succeeded(pair);
            }
            if (m.useCandidate) {
                nominate(now, pair, m.nomination);
            }
            return;
        }
        if (m.useCandidate && role == IceRole.CONTROLLED) {
            if (pair.state == PairState.SUCCEEDED) {
                nominate(now, pair.validPair != null ? pair.validPair : pair, m.nomination);
            } else {
                pair.nominateOnSuccess = true;
                pair.lastNominationValue = m.nomination;
            }
        }
        if (pair.state == PairState.IN_PROGRESS) {
            // RFC 8445 §7.3.1.4: cancel the check in progress (its answer still counts) and trigger a new one
            for (StunTransactions.Transaction<Tx> t : transactions.inFlight()) {
                if (t.context().kind == TxKind.CHECK && t.context().pair == pair && !t.context().useCandidate) {
                    transactions.stopRetransmitting(t);
                }
            }
        }
        if (pair.state != PairState.SUCCEEDED && !checklist.isTriggered(pair)) {
            checklist.trigger(pair);
            schedulePacing(now);
        }
    }

    private void onResponse(long now, Candidate local, InetSocketAddress from, IceStun.Msg m) {
        StunTransactions.Transaction<Tx> sent = transactions.match(m.message);
        if (sent == null) {
            stats.ignored++;
            return;
        }
        Tx tx = sent.context();
        if (!usable(local) && tx.kind != TxKind.GATHER) {
            stats.ignored++;
            return;
        }
        if (tx.kind == TxKind.GATHER) {
            if (!from.equals(tx.to)) {
                stats.ignored++;
                return;
            }
            transactions.complete(sent);
            if (m.cls == IceStun.SUCCESS && m.xorMapped != null) {
                addServerReflexive(tx.local, m.xorMapped, tx.to);
            }
            maybeGatheringComplete();
            return;
        }
        CandidatePair pair = tx.pair;
        if (!m.integrityOk(IceStun.shortTermKey(pair.credentials.remotePassword))) {
            stats.unauthenticated++;
            log(DEBUG, "response from {0} fails MESSAGE-INTEGRITY: ignored", from);
            return;
        }
        transactions.complete(sent);
        boolean symmetric = from.equals(tx.to) && local.base().equals(tx.local.base());
        if (m.cls == IceStun.SUCCESS && symmetric) {
            pair.responsesReceived++;
            if (sent.transmissions() == 1) { // Karn: a retransmitted request's answer does not tell which copy it answers
                long rtt = now - sent.firstSentAt();
                pair.currentRoundTripTimeNanos = rtt;
                pair.totalRoundTripTimeNanos += rtt;
                pair.roundTripTimeMeasurements++;
            }
        }
        if (tx.kind == TxKind.CONSENT) {
            if (m.cls == IceStun.SUCCESS && symmetric && pair == selected) {
                noteConsent(now);
            }
            return;
        }
        if (!symmetric) {
            log(DEBUG, "response for {0} came from {1}: not symmetric, pair failed", pair, from);
            failPair(pair);
            return;
        }
        if (m.cls == IceStun.ERROR) {
            if (m.errorCode == 487) {
                stats.roleConflicts++;
                if (role == tx.roleSent) {
                    switchRole(tx.roleSent.opposite());
                }
                log(DEBUG, "487 Role Conflict from {0}: now {1}, check again", from, role);
                checklist.trigger(pair);
                schedulePacing(now);
            } else {
                log(DEBUG, "error {0} for check {1}: pair failed", m.errorCode, pair);
                failPair(pair);
            }
            return;
        }
        if (m.xorMapped == null) {
            failPair(pair);
            return;
        }
        // the valid pair (RFC 8445 §7.2.5.3.2): its local candidate is the one whose address is the
        // mapped address; a mapped address we did not know is a new local peer-reflexive candidate
        Candidate mappedLocal = findLocal(m.xorMapped, pair.local().base());
        if (mappedLocal == null) {
            mappedLocal = new Candidate(
                    Candidate.foundation(CandidateType.PEER_REFLEXIVE, pair.local().base().getAddress(), null), 1,
                    tx.sentPriority, m.xorMapped, CandidateType.PEER_REFLEXIVE, pair.local().base(), pair.local().base());
            localCandidates.add(mappedLocal);
            log(DEBUG, "learned local peer-reflexive candidate {0}", mappedLocal);
        }
        CandidatePair valid = pair;
        if (mappedLocal != pair.local()) {
            valid = pair.validPair;
            if (valid == null || valid.local() != mappedLocal) {
                valid = null;
                for (CandidatePair p : checklist.pairs()) {
                    if (p.local() == mappedLocal && p.remote() == pair.remote() && p.credentials == pair.credentials) {
                        valid = p;
                    }
                }
            }
            if (valid == null) {
                valid = checklist.addValid(mappedLocal, pair.remote(), pair.credentials);
                log(DEBUG, "valid pair {0} -> {1} (local side as the peer sees it)", mappedLocal, pair.remote());
            }
            pair.validPair = valid;
            checklist.succeeded(valid);
        }
        valid.valid = true;
        checklist.succeeded(pair);
        if (firstValidAt < 0) {
            firstValidAt = now;
        }
        if (nextRecheckAt == NO_TIMEOUT && role == IceRole.CONTROLLED) {
            nextRecheckAt = now + RECHECK_INTERVAL;
        }
        checklist.unfreeze(pair.foundation());
        schedulePacing(now);
        if (tx.useCandidate && role == IceRole.CONTROLLING) {
            nominate(now, valid, -1);
        } else if (pair.nominateOnSuccess && role == IceRole.CONTROLLED) {
            pair.nominateOnSuccess = false;
            nominate(now, valid, pair.lastNominationValue);
        }
    }

    // ------------------------------------------------------------------ checks

    private boolean hasCheckWork() {
        return checklist.hasCheckWork(credentials);
    }

    private void schedulePacing(long now) {
        if (config.lite() || closed || !credentials.hasRemote() || !hasCheckWork()) {
            return;
        }
        long at = Math.max(now, lastCheckSentAt + config.ta().toNanos());
        nextCheckAt = Math.min(nextCheckAt, at);
    }

    private boolean sendNextCheck(long now) {
        CandidatePair p = checklist.next(credentials, role);
        if (p == null) {
            return false;
        }
        sendCheck(now, p);
        return true;
    }

    private void sendCheck(long now, CandidatePair p) {
        Credentials cr = p.credentials;
        Bytes id = IceStun.newTransactionId(random);
        long prflxPriority = Candidate.priority(CandidateType.PEER_REFLEXIVE, Candidate.localPreference(p.local().priority()), 1);
        boolean useCandidate = role == IceRole.CONTROLLING && p.nominating;
        IceStun.Builder b = IceStun.request(IceStun.BINDING, id)
                .username(cr.remoteUfrag + ":" + cr.localUfrag).priority(prflxPriority);
        if (role == IceRole.CONTROLLING) {
            b.iceControlling(tieBreaker);
            if (useCandidate) {
                b.useCandidate();
            }
        } else {
            b.iceControlled(tieBreaker);
        }
        Tx tx = new Tx(TxKind.CHECK, p.local(), p.remote().address(), p, prflxPriority, useCandidate, role);
        stats.checksSent++;
        log(DEBUG, "check {0} -> {1}{2}", p.local().base(), p.remote().address(), useCandidate ? " USE-CANDIDATE" : "");
        checklist.checkSent(p);
        start(now, b, IceStun.shortTermKey(cr.remotePassword), checkTimers, tx);
    }

    private void start(long now, IceStun.Builder request, byte[] key, StunTimers timers, Tx tx) {
        StunTransactions.Transaction<Tx> t = transactions.start(now, request.message(), request.encode(key, true), timers, tx);
        if (t == null) {
            stats.transactionsRefused++;
            log(DEBUG, "{0} to {1} not sent: {2} STUN transactions in flight already", tx.kind, tx.to, MAX_TRANSACTIONS);
            return;
        }
        if (tx.pair != null) {
            tx.pair.requestsSent++;
        }
        transmitFrom(tx.local, tx.to, t.wire());
    }

    /** The engine says a request is due again: send it, unless it should end now. */
    private boolean retransmitRequest(StunTransactions.Transaction<Tx> t) {
        Tx tx = t.context();
        if (tx.kind == TxKind.CONSENT) {
            // RFC 7675 §5.1: an unanswered consent check is retransmitted with the STUN RTO (250 ms,
            // doubling, at most 1 s) until answered or replaced by the next one, so one lost packet
            // costs a fraction of a second, not a whole interval
            if (tx.pair != selected || consentLost) {
                return false;
            }
            log(DEBUG, "consent check on {0} unanswered: transmission {1}", tx.pair, t.transmissions());
        } else if (tx.kind == TxKind.CHECK && !checklist.contains(tx.pair)) {
            return false;
        }
        if (tx.pair != null) {
            tx.pair.requestsSent++;
        }
        transmitFrom(tx.local, tx.to, t.wire());
        return true;
    }

    /** No answer to a request: a check in progress fails its pair; a nominating one stops nominating. */
    private void requestTimedOut(StunTransactions.Transaction<Tx> t) {
        Tx tx = t.context();
        if (tx.kind == TxKind.CHECK && tx.pair.state == PairState.IN_PROGRESS) {
            log(DEBUG, "check {0} timed out after {1} transmissions", tx.pair, t.transmissions());
            failPair(tx.pair);
        } else if (tx.kind == TxKind.CHECK && tx.useCandidate) {
            tx.pair.nominating = false;
        }
    }

    private void failPair(CandidatePair p) {
        checklist.fail(p);
        if (validList().isEmpty()) {
            firstValidAt = -1;
        }
    }

    // ------------------------------------------------------------------ nomination and selection

    private boolean nominationPending() {
        if (config.lite() || role != IceRole.CONTROLLING || firstValidAt < 0) {
            return false;
        }
        for (CandidatePair p : checklist.pairs()) {
            if (p.credentials == credentials && (p.nominated || p.nominating)) {
                return false;
            }
        }
        return true;
    }

    /** Controlled, full, a valid pair, nothing selected yet and no check of our own left to run. */
    private boolean awaitingNomination() {
        return !config.lite() && role == IceRole.CONTROLLED && selected == null && firstValidAt >= 0
                && credentials.hasRemote() && !hasCheckWork();
    }

    /**
     * While the controlled agent waits for a nomination it checks its best valid pair again every
     * second. The controlling side may have given up on that pair (all its checks lost): a check
     * arriving on a failed pair makes it check again (RFC 8445 §7.3.1.4), so lossy paths recover.
     */
    private void recheckWhileWaitingForNomination(long now) {
        if (!awaitingNomination()) {
            nextRecheckAt = NO_TIMEOUT;
            return;
        }
        if (nextRecheckAt == NO_TIMEOUT) {
            nextRecheckAt = now + RECHECK_INTERVAL;
            return;
        }
        if (now < nextRecheckAt) {
            return;
        }
        nextRecheckAt = now + RECHECK_INTERVAL;
        CandidatePair best = checklist.bestValid(credentials, role);
        if (best != null) {
            boolean running = false;
            for (StunTransactions.Transaction<Tx> t : transactions.inFlight()) {
                running |= t.context().kind == TxKind.CHECK && t.context().pair == best;
            }
            if (!running) {
                log(DEBUG, "still not nominated: checking {0} again", best);
                sendCheck(now, best);
            }
        }
    }

    /** Regular nomination (RFC 8445 §8.1.1): the best valid pair, once better ones are done or after a delay. */
    private void maybeNominate(long now) {
        if (!nominationPending()) {
            return;
        }
        CandidatePair best = checklist.bestValid(credentials, role);
        if (best == null) {
            firstValidAt = -1;
            return;
        }
        if (checklist.betterPending(best, credentials, role) && now < firstValidAt + config.nominationDelay().toNanos()) {
            return;
        }
        log(INFO, "nominating {0}", best);
        best.nominating = true;
        checklist.triggerFirst(best);
        schedulePacing(now);
    }

    private void nominate(long now, CandidatePair pair, long nominationValue) {
        boolean first = !pair.nominated;
        pair.nominated = true;
        pair.nominating = false;
        pair.nominateOnSuccess = false;
        if (first) {
            log(INFO, "pair nominated: {0}", pair);
        }
        boolean take = selected == null
                || selected.credentials.generation < pair.credentials.generation
                || consentLost
                || (nominationValue >= 0 && nominationValue > selected.lastNominationValue)
                || Long.compareUnsigned(pair.priority(role), selected.priority(role)) > 0;
        pair.lastNominationValue = nominationValue;
        if (take && selected != pair) {
            select(now, pair);
        }
    }

    private void select(long now, CandidatePair pair) {
        CandidatePair old = selected;
        selected = pair;
        previous = null;
        if (old != null && old.credentials != pair.credentials) {
            checklist.removeFromList(old);
        }
        log(INFO, "selected pair {0} -> {1}", pair.local(), pair.remote());
        events.add(new IceEvent.SelectedPairChanged(pair.local(), pair.remote()));
        noteConsent(now);
        lastSentOnSelected = now;
        nextConsentAt = now + consentJitter();
        // checks are over for this generation: drop what has not started (RFC 8445 §8.1.2); a pair the
        // peer checks later is formed again from its check
        checklist.dropUnstarted(pair.credentials);
    }

    private long consentJitter() {
        long mean = config.consentInterval().toNanos();
        return (long) (mean * (0.8 + 0.4 * random.nextDouble()));
    }

    private void noteConsent(long now) {
        lastConsentAt = now;
    }

    private void consentAndKeepalive(long now) {
        if (selected == null || consentLost) {
            return;
        }
        if (now - lastConsentAt >= config.consentTimeout().toNanos()) {
            consentLost = true;
            log(INFO, "consent lost: no answer on {0} for {1} s; stop sending", selected,
                    config.consentTimeout().toSeconds());
            transactions.removeIf(t -> t.kind == TxKind.CONSENT);
            return;
        }
        if (!config.lite() && now >= nextConsentAt) {
            // the previous consent check stops retransmitting, but a late answer to it still counts
            for (StunTransactions.Transaction<Tx> t : transactions.inFlight()) {
                if (t.context().kind == TxKind.CONSENT && !t.isStopped()) {
                    transactions.stopRetransmitting(t, now + config.consentInterval().toNanos());
                }
            }
            CandidatePair p = selected;
            Credentials cr = p.credentials;
            Bytes id = IceStun.newTransactionId(random);
            long prflxPriority = Candidate.priority(CandidateType.PEER_REFLEXIVE, Candidate.localPreference(p.local().priority()), 1);
            IceStun.Builder b = IceStun.request(IceStun.BINDING, id)
                    .username(cr.remoteUfrag + ":" + cr.localUfrag).priority(prflxPriority);
            if (role == IceRole.CONTROLLING) {
                b.iceControlling(tieBreaker);
            } else {
                b.iceControlled(tieBreaker);
            }
            Tx tx = new Tx(TxKind.CONSENT, p.local(), p.remote().address(), p, prflxPriority, false, role);
            stats.consentChecksSent++;
            log(DEBUG, "consent check on {0}", p);
            start(now, b, IceStun.shortTermKey(cr.remotePassword), consentTimers, tx);
            nextConsentAt = now + consentJitter();
        }
        if (now - lastSentOnSelected >= config.keepaliveInterval().toNanos()) {
            stats.keepalivesSent++;
            log(DEBUG, "keepalive (Binding indication) on {0}", selected);
            byte[] ka = IceStun.indication(IceStun.BINDING, IceStun.newTransactionId(random)).encode(null, true);
            transmitFrom(selected.local(), selected.remote().address(), ka);
        }
    }

    // ------------------------------------------------------------------ states

    private void updateState(long now) {
        IceConnectionState s;
        if (closed) {
            s = IceConnectionState.CLOSED;
        } else if (consentLost || failed) {
            s = IceConnectionState.FAILED;
        } else if (selected != null) {
            if (now - lastConsentAt >= config.disconnectedTimeout().toNanos()) {
                s = IceConnectionState.DISCONNECTED;
            } else if (remoteEndOfCandidates && !checksRunning() && selected.credentials == credentials) {
                s = IceConnectionState.COMPLETED;
            } else {
                s = IceConnectionState.CONNECTED;
            }
        } else if (checklist.isEmpty() && state == IceConnectionState.NEW) {
            s = IceConnectionState.NEW;
        } else if (!checklist.isEmpty() && remoteEndOfCandidates && gatheringState == IceGatheringState.COMPLETE
                && checklist.allFailed() && !checklist.hasTriggered()) {
            failed = true;
            s = IceConnectionState.FAILED;
        } else {
            s = (checklist.isEmpty() && !credentials.hasRemote()) ? state : IceConnectionState.CHECKING;
        }
        if (s == IceConnectionState.COMPLETED
                && (state == IceConnectionState.CHECKING || state == IceConnectionState.NEW)) {
            // W3C: a pair is usable (connected) before the checks are over (completed)
            log(INFO, "connection state {0} -> connected", state.w3cName());
            state = IceConnectionState.CONNECTED;
            events.add(new IceEvent.ConnectionStateChanged(state));
        }
        if (s != state) {
            log(INFO, "connection state {0} -> {1}", state.w3cName(), s.w3cName());
            state = s;
            events.add(new IceEvent.ConnectionStateChanged(s));
        }
    }

    private boolean checksRunning() {
        return checklist.checksRunning(credentials);
    }

    private void setGatheringState(IceGatheringState s) {
        if (s != gatheringState) {
            log(DEBUG, "gathering state {0} -> {1}", gatheringState.w3cName(), s.w3cName());
            gatheringState = s;
            events.add(new IceEvent.GatheringStateChanged(s));
        }
    }

    private void maybeGatheringComplete() {
        if (gatheringState != IceGatheringState.GATHERING) {
            return;
        }
        for (StunTransactions.Transaction<Tx> t : transactions.inFlight()) {
            if (t.context().kind == TxKind.GATHER) {
                return;
            }
        }
        for (TurnClient t : turnClients) {
            if (t.isAllocating()) {
                return;
            }
        }
        setGatheringState(IceGatheringState.COMPLETE);
    }

    private void switchRole(IceRole r) {
        if (role == r) {
            return;
        }
        log(INFO, "role conflict resolved: now {0}", r);
        role = r;
        events.add(new IceEvent.RoleChanged(r));
        for (CandidatePair p : checklist.pairs()) {
            p.nominating = false;
        }
        if (r == IceRole.CONTROLLED) {
            firstValidAt = -1;
        } else if (!validList().isEmpty()) {
            firstValidAt = now;
        }
    }

    // ------------------------------------------------------------------ candidates and pairs

    private boolean usable(Candidate c) {
        return config.relayOnly() ? c.type() == CandidateType.RELAYED
                : c.type() == CandidateType.HOST || c.type() == CandidateType.RELAYED;
    }

    private void addLocalCandidate(Candidate c, boolean signal) {
        localCandidates.add(c);
        if (config.relayOnly() && c.type() != CandidateType.RELAYED) {
            log(DEBUG, "local candidate {0} (relay-only policy: not signalled)", c.toSdp());
            return;
        }
        log(DEBUG, "local candidate {0}", c.toSdp());
        if (signal) {
            events.add(new IceEvent.LocalCandidate(c));
        }
        if (usable(c)) {
            for (Candidate r : remoteCandidates) {
                addPair(now, c, r, true);
            }
            schedulePacing(now);
        }
    }

    private void addServerReflexive(Candidate host, InetSocketAddress mapped, InetSocketAddress server) {
        if (findLocal(mapped, host.base()) != null) {
            log(DEBUG, "server-reflexive {0} is the host address itself: redundant, pruned", mapped);
            return;
        }
        Candidate srflx = new Candidate(Candidate.foundation(CandidateType.SERVER_REFLEXIVE, host.base().getAddress(),
                server.getAddress()), 1, Candidate.priority(CandidateType.SERVER_REFLEXIVE,
                Candidate.localPreference(host.priority()), 1), mapped, CandidateType.SERVER_REFLEXIVE, host.base(), host.base());
        addLocalCandidate(srflx, true);
    }

    void addRelayed(TurnClient turn, InetSocketAddress relayed, InetSocketAddress mapped) {
        Candidate host = null;
        for (Candidate c : localCandidates) {
            if (c.type() == CandidateType.HOST && c.base().equals(turn.local())) {
                host = c;
            }
        }
        int localPreference = host != null ? Candidate.localPreference(host.priority()) : 65535;
        Candidate relay = new Candidate(Candidate.foundation(CandidateType.RELAYED, turn.local().getAddress(),
                turn.server().getAddress()), 1, Candidate.priority(CandidateType.RELAYED, localPreference, 1),
                relayed, CandidateType.RELAYED, mapped, relayed);
        addLocalCandidate(relay, true);
    }

    private void pairWithLocals(long now, Candidate remote) {
        if (!credentials.hasRemote()) {
            return;
        }
        for (Candidate l : new ArrayList<>(localCandidates)) {
            if (usable(l)) {
                addPair(now, l, remote, true);
            }
        }
    }

    private CandidatePair addPair(long now, Candidate local, Candidate remote, boolean fromSignalling) {
        if (!sameFamily(local.address(), remote.address())) {
            return null;
        }
        if (fromSignalling && !credentials.hasRemote()) {
            return null;
        }
        CandidatePair pair = checklist.add(local, remote, credentials, role, selected, config.maxPairs());
        if (pair == null) {
            return null;
        }
        if (state == IceConnectionState.NEW) {
            updateState(now);
        }
        return pair;
    }

    private CandidatePair findPair(Candidate local, Candidate remote) {
        return checklist.find(local, remote, credentials);
    }

    private CandidatePair pairForData(Candidate local, InetSocketAddress from) {
        if (selected != null && selected.remote().address().equals(from) && selected.local().base().equals(local.base())) {
            return selected;
        }
        for (CandidatePair p : checklist.pairs()) {
            if ((p.valid || p.checkedByRemote) && p.remote().address().equals(from) && p.local().base().equals(local.base())) {
                return p;
            }
        }
        return null;
    }

    private Candidate findLocal(InetSocketAddress address, InetSocketAddress base) {
        for (Candidate c : localCandidates) {
            if (c.address().equals(address) && c.base().equals(base)) {
                return c;
            }
        }
        return null;
    }

    /** The host or relayed candidate whose socket (or relayed address) is {@code address}. */
    private Candidate localForAddress(InetSocketAddress address) {
        for (Candidate c : localCandidates) {
            if ((c.type() == CandidateType.HOST || c.type() == CandidateType.RELAYED) && c.base().equals(address)) {
                return c;
            }
        }
        return null;
    }

    private Candidate findRemote(InetSocketAddress address) {
        for (Candidate c : remoteCandidates) {
            if (c.address().equals(address)) {
                return c;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ sending

    private void reply(Candidate local, InetSocketAddress to, byte[] bytes) {
        transmitFrom(local, to, bytes);
    }

    private void transmitFrom(Candidate local, InetSocketAddress to, byte[] bytes) {
        if (selected != null && selected.local() == local && selected.remote().address().equals(to)) {
            lastSentOnSelected = now;
        }
        if (local.type() == CandidateType.RELAYED) {
            TurnClient turn = turnForRelayed(local.address());
            if (turn != null) {
                turn.send(now, to, bytes);
                drainTurn(now, turn);
            }
            return;
        }
        transmits.add(new Datagram(local.base(), to, bytes));
    }

    private void drainTurn(long now, TurnClient turn) {
        for (Datagram d; (d = turn.pollTransmit()) != null; ) {
            transmits.add(d);
        }
        for (TurnClient.Event e; (e = turn.pollEvent()) != null; ) {
            if (e instanceof TurnClient.Event.Allocated a) {
                addRelayed(turn, a.relayed(), a.mapped());
            } else if (e instanceof TurnClient.Event.Data data) {
                receive(now, turn.relayedAddress(), data.peer(), data.data());
            } else if (e instanceof TurnClient.Event.Failed f) {
                log(INFO, "TURN {0}: {1}", turn.server(), f.reason());
            }
        }
        maybeGatheringComplete();
    }

    private TurnClient turnFor(InetSocketAddress local, InetSocketAddress server) {
        for (TurnClient t : turnClients) {
            if (t.local().equals(local) && t.server().equals(server)) {
                return t;
            }
        }
        return null;
    }

    private TurnClient turnForRelayed(InetSocketAddress relayed) {
        for (TurnClient t : turnClients) {
            if (relayed.equals(t.relayedAddress())) {
                return t;
            }
        }
        return null;
    }

    private static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        if (a.isUnresolved() || b.isUnresolved()) {
            return false;
        }
        return (a.getAddress() instanceof java.net.Inet6Address) == (b.getAddress() instanceof java.net.Inet6Address);
    }

    private String randomIceString(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(c);
    }
}
