package io.jrtc.ice;

/**
 * The state of a candidate pair in the checklist (RFC 8445 §6.1.2.6).
 *
 * <pre>
 *   Frozen ──unfreeze──► Waiting ──check sent──► In-Progress ──success──► Succeeded
 *                           ▲                         │
 *                           └── triggered check ──────┴──failure/timeout──► Failed
 * </pre>
 */
public enum PairState {
    /** Not checked yet, and not to be until a pair of its foundation succeeds or it is triggered. */
    FROZEN,
    /** To be checked when its turn comes (pacing, Ta). */
    WAITING,
    /** A check was sent; its answer is awaited. */
    IN_PROGRESS,
    /** A check succeeded: the pair (or the valid pair it produced) is on the valid list. */
    SUCCEEDED,
    /** No answer, an error, or an asymmetric answer: the pair is not used. */
    FAILED
}
