/** jrtc ICE (RFC 8445): the agent, candidates, the checklist, consent, ICE-lite, TURN client, UDP mux. */
module io.jrtc.ice {
    requires transitive io.jrtc.core;
    requires transitive io.jrtc.stun;

    exports io.jrtc.ice;
}
