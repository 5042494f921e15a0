package io.jrtc.ice;

/**
 * The connection state of an agent, with the meanings of the W3C {@code RTCIceConnectionState}
 * (single transport, single component).
 *
 * <pre>
 *   new ──► checking ──► connected ──► completed
 *              │   ▲         │  ▲          │
 *              │   └─restart─┤  │          │
 *              ▼             ▼  │          ▼
 *            failed ◄── disconnected ◄─────┘     (any) ──close()──► closed
 * </pre>
 */
public enum IceConnectionState {
    /** Not started: no remote candidates or no remote credentials yet. */
    NEW,
    /** Checks are running and no usable pair has been found yet. */
    CHECKING,
    /** A pair is selected and usable; checks may still be running. */
    CONNECTED,
    /** A pair is selected, checks are over and the remote side said end-of-candidates. */
    COMPLETED,
    /** Consent has not been confirmed for a while (transient: it may come back). */
    DISCONNECTED,
    /** No pair worked, or consent was lost (RFC 7675): nothing is sent any more. */
    FAILED,
    /** {@link IceAgent#close} was called. */
    CLOSED;

    /** {@return the W3C name ({@code "checking"})} */
    public String w3cName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
