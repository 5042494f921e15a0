package io.jrtc.webrtc;

import java.util.Locale;

/**
 * The aggregate state of a connection, with the meanings of the W3C {@code RTCPeerConnectionState}:
 * the worst of the ICE and DTLS transport states.
 */
public enum PeerConnectionState {
    /** Nothing started yet (or every transport is new / closed). */
    NEW,
    /** ICE is checking or DTLS is handshaking. */
    CONNECTING,
    /** ICE has a selected pair and DTLS is established. */
    CONNECTED,
    /** ICE lost consent for a while; it may come back. */
    DISCONNECTED,
    /** ICE failed or DTLS failed (handshake timeout, fatal alert, wrong fingerprint). */
    FAILED,
    /** {@link PeerConnection#close()} was called, or the peer closed DTLS (close_notify). */
    CLOSED;

    /** The W3C name ({@code "connected"}). */
    public String w3cName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
