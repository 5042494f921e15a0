package io.jrtc.webrtc;

/**
 * One trickled ICE candidate (W3C {@code RTCIceCandidateInit}): {@code candidate} is the attribute
 * value without {@code a=} ({@code "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"}); an empty
 * candidate means end of candidates, as browsers send it.
 */
public record RtcIceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {

    public RtcIceCandidate {
        if (candidate == null) {
            candidate = "";
        }
    }

    /** Whether this is the end-of-candidates marker (an empty candidate). */
    public boolean isEndOfCandidates() {
        return candidate.isBlank();
    }
}
