/** jrtc STUN (RFC 8489): messages, attributes, integrity, client transactions, a server. */
module io.jrtc.stun {
    requires transitive io.jrtc.core;

    exports io.jrtc.stun;
}
