package io.jrtc.webrtc;

import java.util.Locale;
import java.util.Objects;

/**
 * A session description as signalling carries it (W3C {@code RTCSessionDescriptionInit}): its type and
 * the SDP text.
 */
public record RtcSessionDescription(Type type, String sdp) {

    /** W3C {@code RTCSdpType}. */
    public enum Type {
        OFFER, PRANSWER, ANSWER, ROLLBACK;

        public String w3cName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code "offer"}, {@code "answer"}, … as in the JSON a browser sends. */
        public static Type fromW3cName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public RtcSessionDescription {
        Objects.requireNonNull(type, "type");
        if (sdp == null) {
            sdp = "";
        }
    }

    public static RtcSessionDescription offer(String sdp) {
        return new RtcSessionDescription(Type.OFFER, sdp);
    }

    public static RtcSessionDescription answer(String sdp) {
        return new RtcSessionDescription(Type.ANSWER, sdp);
    }
}
