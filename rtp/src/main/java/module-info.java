/**
 * jrtc RTP and RTCP (RFC 3550 and the feedback RFCs): packets, header extensions, packetizers, streams,
 * media files, congestion control and pacing.
 */
module io.jrtc.rtp {
    requires transitive io.jrtc.core;

    exports io.jrtc.rtp;
    exports io.jrtc.rtp.cc;
    exports io.jrtc.rtp.codec;
    exports io.jrtc.rtp.media;
    exports io.jrtc.rtp.pacing;
    exports io.jrtc.rtp.rtcp;
    exports io.jrtc.rtp.stream;
}
