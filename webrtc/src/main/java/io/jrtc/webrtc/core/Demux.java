package io.jrtc.webrtc.core;

/**
 * What a datagram on the connection's 5-tuple carries, by its first byte (RFC 7983 §7, the table
 * every WebRTC endpoint implements):
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--> STUN          (ICE agent: checks, consent, TURN control)
 *                  |      [16..19] -+--> ZRTP          (not used by WebRTC: dropped, counted)
 *   packet -->     |      [20..63] -+--> DTLS          (DTLS endpoint; SCTP rides in its application data)
 *                  |      [64..79] -+--> TURN Channel  (the ICE agent's TURN client unwraps these)
 *                  |    [128..191] -+--> RTP/RTCP      (SRTP/SRTCP, then RTP streams)
 *                  +----------------+    anything else: dropped, counted
 * </pre>
 *
 * RTP and RTCP share the range; RFC 5761 §4 tells them apart by the second byte
 * ({@code io.jrtc.rtp.RtpPacket.isRtcp}).
 */
public enum Demux {
    STUN, ZRTP, DTLS, TURN_CHANNEL, RTP_RTCP, DROP;

    /** The layer for a datagram whose first byte is {@code first}. */
    public static Demux classify(byte first) {
        int b = first & 0xff;
        if (b <= 3) {
            return STUN;
        } else if (b >= 16 && b <= 19) {
            return ZRTP;
        } else if (b >= 20 && b <= 63) {
            return DTLS;
        } else if (b >= 64 && b <= 79) {
            return TURN_CHANNEL;
        } else if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        }
        return DROP;
    }
}
