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
    FROZEN,
    WAITING,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
}
