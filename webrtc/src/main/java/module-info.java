/**
 * jrtc's PeerConnection (W3C RTCPeerConnection shape), its sans-IO composition core, the media session
 * and the Netty UDP transport.
 */
module io.jrtc.webrtc {
    requires transitive io.jrtc.core;
    requires transitive io.jrtc.stun;
    requires transitive io.jrtc.ice;
    requires transitive io.jrtc.dtls;
    requires transitive io.jrtc.srtp;
    requires transitive io.jrtc.sctp;
    requires transitive io.jrtc.sdp;
    requires transitive io.jrtc.rtp;
    requires io.netty.common;
    requires io.netty.buffer;
    requires transitive io.netty.transport;
    requires io.netty.transport.classes.epoll;

    exports io.jrtc.webrtc;
    exports io.jrtc.webrtc.core;
    exports io.jrtc.webrtc.media;
    exports io.jrtc.webrtc.transport;
}
