package io.jrtc.webrtc.media;

import io.jrtc.rtp.stream.FrameAssembler;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The settings of a {@link MediaSession}.
 *
 * @param random                       SSRCs, initial sequence numbers and picture ids come from here (seed it in tests)
 * @param receiverSsrc                 the SSRC our receiver reports and feedback (NACK, PLI, FIR, transport-cc) are sent as
 * @param ntpOffsetNanos               the wall-clock time at {@code now = 0}, in nanoseconds since 1900 (the NTP epoch), for sender reports
 * @param mtu                          the largest RTP or RTCP packet we produce, before SRTP adds its tag (1200 like browsers)
 * @param assembler                    frame assembly and NACK timing of every received video stream
 * @param nackCheckIntervalNanos       how often received video streams are checked for packets to NACK
 * @param retransmissionCacheSize      packets kept per sent stream to answer NACKs (1..32768)
 * @param reportIntervalNanos          how often sender/receiver reports (with SDES CNAME) are sent
 * @param transportCcIntervalNanos     how often transport-wide CC feedback is sent when negotiated (browsers: 50 to 100 ms)
 * @param keyframeRequestIntervalNanos PLIs/FIRs for one remote stream are at least this far apart (a later one waits)
 * @param maxRemoteStreams             remote streams kept at most; one more replaces the one quiet the longest
 * @param emitRtpPackets               whether every received packet is also reported as {@link MediaEvent.RtpReceived}
 */
public record MediaConfig(RandomGenerator random, long receiverSsrc, long ntpOffsetNanos, int mtu,
        FrameAssembler.Config assembler, long nackCheckIntervalNanos, int retransmissionCacheSize,
        long reportIntervalNanos, long transportCcIntervalNanos, long keyframeRequestIntervalNanos,
        int maxRemoteStreams, boolean emitRtpPackets) {

    /** Checks every value. */
    public MediaConfig {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(assembler, "assembler");
        if (receiverSsrc < 1 || receiverSsrc > 0xffffffffL) {
            throw new IllegalArgumentException("receiverSsrc must be a non-zero 32-bit value: " + receiverSsrc);
        }
        if (mtu < 200 || mtu > 65535) {
            throw new IllegalArgumentException("mtu must be 200..65535: " + mtu);
        }
        if (retransmissionCacheSize < 1 || retransmissionCacheSize > 32768) {
            throw new IllegalArgumentException("retransmissionCacheSize must be 1..32768: " + retransmissionCacheSize);
        }
        if (nackCheckIntervalNanos <= 0 || reportIntervalNanos <= 0 || transportCcIntervalNanos <= 0
                || keyframeRequestIntervalNanos < 0) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (maxRemoteStreams < 1) {
            throw new IllegalArgumentException("maxRemoteStreams must be at least 1");
        }
    }

    /**
     * What a browser does: 1200-byte packets, NACK checks every 10 ms, a packet NACKed again after
     * 100 ms (libwebrtc's round-trip time before it measured one; once a report block measured the
     * round trip, after that plus 10 ms) at most 10 times, then given up with a keyframe request, 2048 packets
     * buffered per remote stream, 1024 packets kept for retransmission, reports every
     * second, transport-cc feedback every 100 ms, keyframe requests at least 250 ms apart, 32 remote
     * streams; the receiver SSRC is drawn from {@code random}.
     */
    public static MediaConfig defaults(RandomGenerator random, long ntpOffsetNanos) {
        return new MediaConfig(random, random.nextLong(1, 1L << 32), ntpOffsetNanos, 1200,
                new FrameAssembler.Config(2048, 100_000_000L, 10, 16), 10_000_000L, 1024, 1_000_000_000L, 100_000_000L, 250_000_000L, 32,
                true);
    }

    /** The same settings with another MTU. */
    public MediaConfig withMtu(int bytes) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, bytes, assembler, nackCheckIntervalNanos,
                retransmissionCacheSize, reportIntervalNanos, transportCcIntervalNanos, keyframeRequestIntervalNanos,
                maxRemoteStreams, emitRtpPackets);
    }

    /** The same settings with another report interval. */
    public MediaConfig withReportInterval(long nanos) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, mtu, assembler, nackCheckIntervalNanos,
                retransmissionCacheSize, nanos, transportCcIntervalNanos, keyframeRequestIntervalNanos, maxRemoteStreams,
                emitRtpPackets);
    }

    /** The same settings with another transport-cc feedback interval. */
    public MediaConfig withTransportCcInterval(long nanos) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, mtu, assembler, nackCheckIntervalNanos,
                retransmissionCacheSize, reportIntervalNanos, nanos, keyframeRequestIntervalNanos, maxRemoteStreams,
                emitRtpPackets);
    }

    /** The same settings with other frame assembly and NACK timing. */
    public MediaConfig withAssembler(FrameAssembler.Config c) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, mtu, c, nackCheckIntervalNanos,
                retransmissionCacheSize, reportIntervalNanos, transportCcIntervalNanos, keyframeRequestIntervalNanos,
                maxRemoteStreams, emitRtpPackets);
    }

    /** The same settings with another limit on remote streams. */
    public MediaConfig withMaxRemoteStreams(int n) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, mtu, assembler, nackCheckIntervalNanos,
                retransmissionCacheSize, reportIntervalNanos, transportCcIntervalNanos, keyframeRequestIntervalNanos, n,
                emitRtpPackets);
    }

    /** The same settings, with or without {@link MediaEvent.RtpReceived} events. */
    public MediaConfig withRtpPacketEvents(boolean on) {
        return new MediaConfig(random, receiverSsrc, ntpOffsetNanos, mtu, assembler, nackCheckIntervalNanos,
                retransmissionCacheSize, reportIntervalNanos, transportCcIntervalNanos, keyframeRequestIntervalNanos,
                maxRemoteStreams, on);
    }
}
