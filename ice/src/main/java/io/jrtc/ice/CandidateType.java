package io.jrtc.ice;

/** The four ICE candidate types (RFC 8445 §5.1.1) with their recommended type preferences (§5.1.2.2). */
public enum CandidateType {
    /** A host candidate: an address of a local socket (type preference 126). */
    HOST("host", 126),
    /** A peer-reflexive candidate, learned from a check (110). */
    PEER_REFLEXIVE("prflx", 110),
    /** A server-reflexive candidate: the NAT's mapping, learned from a STUN server (100). */
    SERVER_REFLEXIVE("srflx", 100),
    /** A relayed candidate: an address allocated on a TURN server (0). */
    RELAYED("relay", 0);

    private final String sdpName;
    private final int typePreference;

    CandidateType(String sdpName, int typePreference) {
        this.sdpName = sdpName;
        this.typePreference = typePreference;
    }

    /** {@return the name in an SDP candidate line ({@code typ host})} */
    public String sdpName() {
        return sdpName;
    }

    /** {@return the type preference of RFC 8445 §5.1.2.2 (126, 110, 100, 0)} */
    public int typePreference() {
        return typePreference;
    }
}
