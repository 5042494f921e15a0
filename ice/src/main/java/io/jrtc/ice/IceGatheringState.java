package io.jrtc.ice;

/** The gathering state, with the meanings of the W3C {@code RTCIceGatheringState}. */
public enum IceGatheringState {
    /** Gathering has not started. */
    NEW,
    /** Host candidates are out; server-reflexive and relayed ones are still being asked for. */
    GATHERING,
    /** Every server answered or gave up: no more local candidates will come (until a restart). */
    COMPLETE;

    /** {@return the W3C name: new, gathering or complete} */
    public String w3cName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
