/** jrtc SDP (RFC 8866) and JSEP (RFC 8829): session descriptions, attributes, offers and answers. */
module io.jrtc.sdp {
    requires transitive io.jrtc.core;

    exports io.jrtc.sdp;
    exports io.jrtc.sdp.jsep;
}
