/** jrtc SCTP over DTLS (RFC 8261, RFC 9260) and data channels (RFC 8831, RFC 8832). */
module io.jrtc.sctp {
    requires transitive io.jrtc.core;

    exports io.jrtc.sctp;
    exports io.jrtc.sctp.datachannel;
}
