package io.jrtc.webrtc;

import java.util.Locale;

/** Where the offer/answer exchange stands (W3C {@code RTCSignalingState}, RFC 8829 §3.2). */
public enum SignalingState {
    STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_OFFER, HAVE_LOCAL_PRANSWER, HAVE_REMOTE_PRANSWER, CLOSED;

    /** The W3C name ({@code "have-local-offer"}). */
    public String w3cName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
