package io.jrtc.ice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * The checklist of an {@link IceAgent} (RFC 8445 §6.1.2): its candidate pairs, the triggered-check
 * queue (§7.3.1.4), and every change of a pair's state. A pair's state changes in this file and
 * nowhere else; the agent decides <em>when</em> (a check sent, answered, timed out), this class
 * applies the transition and reports it as an {@link IceEvent.PairStateChanged}:
 *
 * <pre>
 *   (formed) ─► Frozen ──{@link #unfreeze}──► Waiting ──{@link #checkSent}──► In-Progress ──{@link #succeeded}──► Succeeded
 *                           ▲   {@link #add}: Waiting at once         │
 *                           └──── {@link #trigger} ───────────────────┴──{@link #fail}──► Failed
 * </pre>
 *
 * <p>Pairs of an older ICE generation (a restart) may stay on the list while they carry data, so
 * most queries take the generation's {@link IceAgent.Credentials}. Confined to the agent's thread.
 */
final class Checklist {

    /** How the agent logs (its prefix names the agent). */
    interface Log {
        void log(System.Logger.Level level, String format, Object... args);
    }

    private final List<CandidatePair> pairs = new ArrayList<>();
    private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
    private final Consumer<IceEvent> events;
    private final Log log;

    Checklist(Consumer<IceEvent> events, Log log) {
        this.events = events;
        this.log = log;
    }

    // ------------------------------------------------------------------ the list

    /** @return every pair, in the order formed (a read-only view) */
    List<CandidatePair> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    boolean contains(CandidatePair p) {
        return pairs.contains(p);
    }

    /**
     * Forms a pair from signalling or from a check (RFC 8445 §6.1.2): Frozen, and Waiting at once when
     * no other pair of its foundation is waiting or in progress. At {@code maxPairs} pairs of this
     * generation the lowest-priority pair that is not selected, succeeded or in progress makes room,
     * or the new pair is not formed when it would be the lowest (§6.1.2.5).
     *
     * @return the new pair, or {@code null} when it exists already or did not fit
     */
    CandidatePair add(Candidate local, Candidate remote, IceAgent.Credentials credentials, IceRole role,
                      CandidatePair selected, int maxPairs) {
        if (find(local, remote, credentials) != null) {
            return null;
        }
        CandidatePair pair = new CandidatePair(local, remote, credentials);
        int count = 0;
        CandidatePair lowest = null;
        for (CandidatePair p : pairs) {
            if (p.credentials == credentials) {
                count++;
                if (p != selected && p.state != PairState.SUCCEEDED && p.state != PairState.IN_PROGRESS
                        && (lowest == null || Long.compareUnsigned(p.priority(role), lowest.priority(role)) < 0)) {
                    lowest = p;
                }
            }
        }
        if (count >= maxPairs) {
            if (lowest == null || Long.compareUnsigned(lowest.priority(role), pair.priority(role)) >= 0) {
                return null;
            }
            remove(lowest);
        }
        pairs.add(pair);
        boolean foundationActive = false;
        for (CandidatePair p : pairs) {
            if (p != pair && p.credentials == credentials && p.foundation().equals(pair.foundation())
                    && (p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS)) {
                foundationActive = true;
            }
        }
        events.accept(new IceEvent.PairStateChanged(local, remote, PairState.FROZEN));
        if (!foundationActive) {
            setState(pair, PairState.WAITING);
        }
        return pair;
    }

    /**
     * Adds the valid pair a check produced when its mapped address was another local candidate
     * (RFC 8445 §7.2.5.3.2), Frozen until {@link #succeeded}.
     */
    CandidatePair addValid(Candidate mappedLocal, Candidate remote, IceAgent.Credentials credentials) {
        CandidatePair valid = new CandidatePair(mappedLocal, remote, credentials);
        pairs.add(valid);
        events.accept(new IceEvent.PairStateChanged(valid.local(), valid.remote(), PairState.FROZEN));
        return valid;
    }

    /** The pair of this generation with that local base and remote address, or {@code null}. */
    CandidatePair find(Candidate local, Candidate remote, IceAgent.Credentials credentials) {
        for (CandidatePair p : pairs) {
            if (p.credentials == credentials && p.local().base().equals(local.base())
                    && p.remote().address().equals(remote.address())) {
                return p;
            }
        }
        return null;
    }

    void remove(CandidatePair p) {
        pairs.remove(p);
        triggered.remove(p);
    }

    /** Takes {@code p} off the list (a triggered check on it is skipped when its turn comes). */
    void removeFromList(CandidatePair p) {
        pairs.remove(p);
    }

    /** Drops every pair but {@code keep} (a restart), and the triggered queue. */
    void retainOnly(CandidatePair keep) {
        pairs.removeIf(p -> p != keep);
        triggered.clear();
    }

    void clear() {
        pairs.clear();
        triggered.clear();
    }

    /** Forgets the triggered checks (the agent closed). */
    void clearTriggered() {
        triggered.clear();
    }

    /**
     * A pair was selected: the checks of its generation that have not started are dropped (RFC 8445
     * §8.1.2), and so are the triggered checks of pairs that are gone, unless nominating.
     */
    void dropUnstarted(IceAgent.Credentials credentials) {
        for (Iterator<CandidatePair> it = pairs.iterator(); it.hasNext(); ) {
            CandidatePair p = it.next();
            if (p.credentials == credentials && (p.state == PairState.FROZEN || p.state == PairState.WAITING)) {
                it.remove();
            }
        }
        triggered.removeIf(p -> !p.nominating && !pairs.contains(p));
    }

    // ------------------------------------------------------------------ transitions

    /** A check is going out on {@code p}: In-Progress (a succeeded pair stays Succeeded). */
    void checkSent(CandidatePair p) {
        if (p.state != PairState.SUCCEEDED) {
            setState(p, PairState.IN_PROGRESS);
        }
    }

    /** A check on {@code p} succeeded (or, ICE-lite, a check from the peer arrived on it). */
    void succeeded(CandidatePair p) {
        if (p.state != PairState.SUCCEEDED) {
            setState(p, PairState.SUCCEEDED);
        }
    }

    /** Frozen pairs of {@code foundation} become Waiting (RFC 8445 §7.2.5.3.3). */
    void unfreeze(String foundation) {
        for (CandidatePair p : pairs) {
            if (p.state == PairState.FROZEN && p.foundation().equals(foundation)) {
                setState(p, PairState.WAITING);
            }
        }
    }

    /**
     * {@code p} failed: a check timed out, was answered with an error or not symmetrically. It stops
     * nominating; a succeeded pair fails only when it is not nominated (it is then no longer valid).
     */
    void fail(CandidatePair p) {
        p.nominating = false;
        if (p.state != PairState.SUCCEEDED) {
            setState(p, PairState.FAILED);
        } else if (!p.nominated) {
            p.valid = false;
            setState(p, PairState.FAILED);
        }
    }

    /** A triggered check on {@code p} (RFC 8445 §7.3.1.4, or after a 487): Waiting, queued last. */
    void trigger(CandidatePair p) {
        setState(p, PairState.WAITING);
        triggered.add(p);
    }

    /** Nomination: the next check goes on {@code p}, ahead of the other triggered ones. */
    void triggerFirst(CandidatePair p) {
        triggered.addFirst(p);
    }

    boolean isTriggered(CandidatePair p) {
        return triggered.contains(p);
    }

    boolean hasTriggered() {
        return !triggered.isEmpty();
    }

    private void setState(CandidatePair p, PairState s) {
        if (p.state == s) {
            return;
        }
        p.state = s;
        log.log(DEBUG, "pair {0} -> {1}: {2}", p.local(), p.remote(), s);
        events.accept(new IceEvent.PairStateChanged(p.local(), p.remote(), s));
    }

    // ------------------------------------------------------------------ what to check next

    /**
     * The pair the next ordinary check goes on: a triggered one (if it is still on the list and not
     * succeeded, unless nominating), else the best Waiting pair, else the best Frozen one.
     */
    CandidatePair next(IceAgent.Credentials credentials, IceRole role) {
        CandidatePair p;
        while ((p = triggered.poll()) != null) {
            if (pairs.contains(p) && (p.state != PairState.SUCCEEDED || p.nominating)) {
                return p;
            }
        }
        p = best(PairState.WAITING, credentials, role);
        return p != null ? p : best(PairState.FROZEN, credentials, role);
    }

    private CandidatePair best(PairState s, IceAgent.Credentials credentials, IceRole role) {
        return highest(p -> p.state == s && p.credentials == credentials, role);
    }

    /** The valid pair of this generation with the highest priority, or {@code null}. */
    CandidatePair bestValid(IceAgent.Credentials credentials, IceRole role) {
        return highest(p -> p.valid && p.credentials == credentials, role);
    }

    private CandidatePair highest(Predicate<CandidatePair> filter, IceRole role) {
        CandidatePair best = null;
        for (CandidatePair p : pairs) {
            if (filter.test(p) && (best == null || Long.compareUnsigned(p.priority(role), best.priority(role)) > 0)) {
                best = p;
            }
        }
        return best;
    }

    /** Whether a pair of this generation better than {@code than} is still to be decided. */
    boolean betterPending(CandidatePair than, IceAgent.Credentials credentials, IceRole role) {
        for (CandidatePair p : pairs) {
            if (p.credentials == credentials && Long.compareUnsigned(p.priority(role), than.priority(role)) > 0
                    && p.state != PairState.FAILED && p.state != PairState.SUCCEEDED) {
                return true;
            }
        }
        return false;
    }

    /** Whether a check is still to be sent: a triggered one, or a Waiting or Frozen pair of this generation. */
    boolean hasCheckWork(IceAgent.Credentials credentials) {
        return !triggered.isEmpty() || anyIn(credentials, EnumSet.of(PairState.WAITING, PairState.FROZEN));
    }

    /** Like {@link #hasCheckWork} and also a check in progress. */
    boolean checksRunning(IceAgent.Credentials credentials) {
        return !triggered.isEmpty()
                || anyIn(credentials, EnumSet.of(PairState.WAITING, PairState.FROZEN, PairState.IN_PROGRESS));
    }

    private boolean anyIn(IceAgent.Credentials credentials, EnumSet<PairState> states) {
        for (CandidatePair p : pairs) {
            if (p.credentials == credentials && states.contains(p.state)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every pair on the list failed (true for an empty list). */
    boolean allFailed() {
        for (CandidatePair p : pairs) {
            if (p.state != PairState.FAILED) {
                return false;
            }
        }
        return true;
    }

    /** The valid list: pairs that a check succeeded on, highest priority first. */
    List<CandidatePair> validList(IceRole role) {
        List<CandidatePair> v = new ArrayList<>();
        for (CandidatePair p : pairs) {
            if (p.valid) {
                v.add(p);
            }
        }
        v.sort((a, b) -> Long.compareUnsigned(b.priority(role), a.priority(role)));
        return v;
    }
}
