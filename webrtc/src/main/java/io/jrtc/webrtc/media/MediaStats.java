package io.jrtc.webrtc.media;

import io.jrtc.sdp.jsep.MediaKind;

import java.util.List;

/**
 * An immutable snapshot of a {@link MediaSession}'s counters ({@link MediaSession#stats}), named
 * after the W3C webrtc-stats members they feed: {@code inbound-rtp}, {@code outbound-rtp},
 * {@code remote-inbound-rtp} and {@code codec}. Times are in seconds where W3C uses seconds.
 *
 * @param timestampNanos the {@code now} the snapshot was taken at
 * @param inbound        one per remote stream (primary SSRC)
 * @param outbound       one per stream we send
 * @param codecs         every negotiated codec of every section
 * @param counters       what the session dropped or sent as a whole
 * @param availableOutgoingBitrate what the send-side bandwidth estimator allows, bits per second (W3C
 *                       {@code availableOutgoingBitrate} of the selected candidate pair); -1 before anything was sent
 */
public record MediaStats(long timestampNanos, List<Inbound> inbound, List<Outbound> outbound, List<CodecEntry> codecs,
        Counters counters, long availableOutgoingBitrate) {

    /** Copies the lists. */
    public MediaStats {
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
        codecs = List.copyOf(codecs);
    }

    /** The inbound entry of {@code ssrc}, or {@code null}. */
    public Inbound inbound(long ssrc) {
        return inbound.stream().filter(i -> i.ssrc() == ssrc).findFirst().orElse(null);
    }

    /** The first inbound entry on {@code mid}, or {@code null}. */
    public Inbound inbound(String mid) {
        return inbound.stream().filter(i -> i.mid().equals(mid)).findFirst().orElse(null);
    }

    /** The outbound entry on {@code mid}, or {@code null}. */
    public Outbound outbound(String mid) {
        return outbound.stream().filter(o -> o.mid().equals(mid)).findFirst().orElse(null);
    }

    /**
     * A received stream ({@code inbound-rtp}).
     *
     * @param rtxSsrc                      the RTX SSRC repairing it (0 when none seen or signalled)
     * @param payloadType                  the payload type of its last packet (-1 before the first), with its codec's mime type and clock rate
     * @param packetsReceived              primary packets plus the retransmissions unwrapped from RTX (W3C: retransmissions included); duplicates too
     * @param bytesReceived                payload bytes of those (RTP headers, padding and RTX's OSN not counted)
     * @param headerBytesReceived          RTP header and padding bytes of those
     * @param packetsLost                  RFC 3550 cumulative loss on the primary SSRC (before repair, as the receiver reports say)
     * @param jitter                       RFC 3550 interarrival jitter, in seconds
     * @param packetsDuplicated            packets received again (the second copy is dropped)
     * @param retransmittedPacketsReceived packets repaired through RTX (or resent on the primary SSRC)
     * @param framesReceived               whole frames handed out (W3C framesReceived / framesDecoded for a decoder behind us)
     * @param keyFramesReceived            of which keyframes (W3C keyFramesDecoded)
     * @param framesDropped                frames given up (a hole NACKed too often, a bad payload, a full buffer)
     * @param nackCount                    NACK packets sent for it
     * @param pliCount                     PLI packets sent for it
     * @param firCount                     FIR packets sent for it
     * @param lastPacketReceivedNanos      {@code now} of its last packet
     * @param ended                        the remote side sent BYE for it
     */
    public record Inbound(long ssrc, long rtxSsrc, String mid, MediaKind kind, int payloadType, String mimeType,
            int clockRate, long packetsReceived, long bytesReceived, long headerBytesReceived, long packetsLost,
            double jitter, long packetsDuplicated, long retransmittedPacketsReceived, long retransmittedBytesReceived,
            long paddingPacketsReceived, long framesReceived, long keyFramesReceived, long framesDropped,
            long nackCount, long pliCount, long firCount, long lastPacketReceivedNanos, boolean ended) {
    }

    /**
     * A stream we send ({@code outbound-rtp}), with what the remote receiver last reported about it.
     *
     * @param packetsSent              media packets plus retransmissions (W3C: retransmissions included)
     * @param bytesSent                payload bytes of those
     * @param headerBytesSent          RTP header (extensions included) and padding bytes of those
     * @param retransmittedPacketsSent NACKed packets sent again (on RTX when negotiated)
     * @param framesSent               frames given to {@code sendFrame}, or marker bits of forwarded video packets (W3C framesEncoded)
     * @param keyFramesSent            of which keyframes (W3C keyFramesEncoded)
     * @param nackCount                NACK packets received for it
     * @param pliCount                 PLI packets received for it
     * @param firCount                 new FIR requests received for it
     * @param targetBitrate            the bandwidth estimator's target for it, bits per second (W3C
     *                                 {@code targetBitrate}: see {@link MediaSession#targetBitrate}), -1 before the first packet
     * @param remote                   the last report block about it ({@code remote-inbound-rtp}), or {@code null} before one
     */
    public record Outbound(long ssrc, long rtxSsrc, String mid, MediaKind kind, int payloadType, String mimeType,
            int clockRate, long packetsSent, long bytesSent, long headerBytesSent, long retransmittedPacketsSent,
            long retransmittedBytesSent, long framesSent, long keyFramesSent, long nackCount, long pliCount,
            long firCount, long targetBitrate, RemoteInbound remote) {
    }

    /**
     * What the remote receiver's last report block said about one of our streams.
     *
     * @param fractionLost              lost in the last interval, 0..1
     * @param packetsLost               cumulative
     * @param jitter                    seconds
     * @param roundTripTime             seconds, from the block's LSR/DLSR and our SR times; {@code NaN} before a block echoed one of our SRs
     * @param totalRoundTripTime        seconds, the sum of every measurement
     * @param roundTripTimeMeasurements how many measurements that sum has
     * @param reportsReceived           report blocks received about the stream
     */
    public record RemoteInbound(double fractionLost, long packetsLost, double jitter, double roundTripTime,
            double totalRoundTripTime, long roundTripTimeMeasurements, long reportsReceived,
            long extendedHighestSequence) {
    }

    /**
     * One negotiated codec of a section ({@code codec}).
     *
     * @param mimeType    {@code kind/name}, e.g. {@code video/VP8}, {@code audio/opus}
     * @param channels    from the rtpmap (0 when it has none)
     * @param sdpFmtpLine the {@code a=fmtp} parameters, e.g. {@code minptime=10;useinbandfec=1}, or {@code null}
     * @param rtxPayloadType its RTX payload type, or {@code null}
     */
    public record CodecEntry(String mid, int payloadType, String mimeType, int clockRate, int channels,
            String sdpFmtpLine, Integer rtxPayloadType) {
    }

    /**
     * Session-wide counters.
     *
     * @param malformedRtp               RTP that did not parse (dropped)
     * @param malformedRtcp              RTCP datagrams or parts of one that did not parse (dropped)
     * @param unknownSsrcPackets         RTP that matched no section by SSRC, mid or payload type (dropped)
     * @param unsupportedPayloadPackets  RTP with a payload type not negotiated on its section, or one jrtc cannot depacketize (RED, FEC)
     * @param unroutedRtxPackets         RTX packets whose primary stream was not known yet (dropped)
     * @param notReceivingPackets        RTP for a section that does not receive (dropped)
     * @param sendsDropped               frames or packets the application gave for a section that does not send
     * @param transportCcFeedbackSent    transport-wide CC feedback packets sent
     * @param transportCcFeedbackReceived transport-wide CC feedback packets received
     * @param rembBitrate                the last REMB estimate received, bits per second (-1 before one)
     * @param streamsEvicted             remote streams forgotten to stay within {@link MediaConfig#maxRemoteStreams()}
     */
    public record Counters(long rtpPacketsReceived, long rtcpPacketsReceived, long rtpPacketsSent, long rtcpPacketsSent,
            long malformedRtp, long malformedRtcp, long unknownSsrcPackets, long unsupportedPayloadPackets,
            long unroutedRtxPackets, long notReceivingPackets, long sendsDropped, long transportCcFeedbackSent,
            long transportCcFeedbackReceived, long rembBitrate, long streamsEvicted) {
    }
}
