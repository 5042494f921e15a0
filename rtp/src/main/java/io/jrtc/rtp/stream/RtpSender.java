package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.Packetizer;
import io.jrtc.rtp.rtcp.FullIntraRequest;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.ReceiverReport;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.rtp.rtcp.SourceDescription;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The sending side of one media stream as a sans-IO {@link Engine}: {@link #sendFrame} packetizes a
 * frame into RTP; {@link #handleInput} takes RTCP from the receiver (NACKs are answered from the
 * retransmission cache with RTX, PLI/FIR and RTT become events); {@link #handleTimeout} sends a
 * sender report (SR + SDES CNAME) every {@code reportInterval}. Transmits are whole RTP or RTCP
 * datagrams, ready for SRTP.
 */
public final class RtpSender implements Engine<byte[], RtpSender.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    /**
     * What one sending stream is configured with. Make one with {@link #builder}; the three things
     * every stream must say (packetizer, payload type, SSRC) are its arguments, everything else has
     * the default its setter names.
     */
    public static final class Config {
        private final Packetizer packetizer;
        private final int payloadType;
        private final long ssrc;
        private final int rtxPayloadType;
        private final long rtxSsrc;
        private final int clockRate;
        private final int mtu;
        private final int initialSequence;
        private final int cacheSize;
        private final long reportIntervalNanos;
        private final long ntpOffsetNanos;
        private final String cname;

        private Config(Builder b) {
            this.packetizer = b.packetizer;
            this.payloadType = b.payloadType;
            this.ssrc = b.ssrc;
            this.rtxPayloadType = b.rtxPayloadType;
            this.rtxSsrc = b.rtxSsrc;
            this.clockRate = b.clockRate;
            this.mtu = b.mtu;
            this.initialSequence = b.initialSequence;
            this.cacheSize = b.cacheSize;
            this.reportIntervalNanos = b.reportIntervalNanos;
            this.ntpOffsetNanos = b.ntpOffsetNanos;
            this.cname = b.cname;
        }

        /**
         * A builder for a stream of {@code packetizer}'s codec.
         *
         * @param packetizer cuts each frame into RTP payloads
         * @param payloadType the RTP payload type (0..127)
         * @param ssrc the stream's SSRC (32 bits)
         * @return a builder with every other field at its default
         */
        public static Builder builder(Packetizer packetizer, int payloadType, long ssrc) {
            return new Builder(packetizer, payloadType, ssrc);
        }

        /** {@return the packetizer} */
        public Packetizer packetizer() { return packetizer; }
        /** {@return the RTP payload type} */
        public int payloadType() { return payloadType; }
        /** {@return the stream's SSRC} */
        public long ssrc() { return ssrc; }
        /** {@return the RTX payload type, or -1 to resend original packets} */
        public int rtxPayloadType() { return rtxPayloadType; }
        /** {@return the RTX stream's SSRC (unused without RTX)} */
        public long rtxSsrc() { return rtxSsrc; }
        /** {@return the RTP clock rate in Hz} */
        public int clockRate() { return clockRate; }
        /** {@return the largest RTP packet, in bytes} */
        public int mtu() { return mtu; }
        /** {@return the sequence number of the first packet} */
        public int initialSequence() { return initialSequence; }
        /** {@return how many sent packets are kept for retransmission} */
        public int cacheSize() { return cacheSize; }
        /** {@return the time between two sender reports, in nanoseconds} */
        public long reportIntervalNanos() { return reportIntervalNanos; }
        /** {@return the wall-clock time (nanoseconds since 1900, the NTP epoch) at {@code now = 0}} */
        public long ntpOffsetNanos() { return ntpOffsetNanos; }
        /** {@return the SDES CNAME sent with every sender report} */
        public String cname() { return cname; }

        /** Collects a {@link Config}; each setter names its default. */
        public static final class Builder {
            private final Packetizer packetizer;
            private final int payloadType;
            private final long ssrc;
            private int rtxPayloadType = -1;
            private long rtxSsrc = -1;
            private int clockRate = 90_000;
            private int mtu = 1200;
            private int initialSequence;
            private int cacheSize = 1024;
            private long reportIntervalNanos = 1_000_000_000L;
            private long ntpOffsetNanos;
            private String cname = "";

            private Builder(Packetizer packetizer, int payloadType, long ssrc) {
                this.packetizer = Objects.requireNonNull(packetizer, "packetizer");
                if (payloadType < 0 || payloadType > 127) {
                    throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
                }
                this.payloadType = payloadType;
                this.ssrc = ssrc & 0xffffffffL;
            }

            /**
             * Retransmissions as RTX (RFC 4588) with this payload type and SSRC. Default: none
             * (payload type -1), NACKed packets are resent as they were.
             *
             * @param payloadType the RTX payload type, or -1 for none
             * @param ssrc the RTX stream's SSRC
             * @return this builder
             */
            public Builder rtx(int payloadType, long ssrc) {
                this.rtxPayloadType = payloadType;
                this.rtxSsrc = ssrc;
                return this;
            }

            /**
             * The RTP clock rate. Default 90000 (video); 48000 for Opus.
             *
             * @param hz ticks per second of the RTP timestamp
             * @return this builder
             */
            public Builder clockRate(int hz) {
                this.clockRate = hz;
                return this;
            }

            /**
             * The largest RTP packet the packetizer makes. Default 1200 bytes.
             *
             * @param bytes the size limit, header included
             * @return this builder
             */
            public Builder mtu(int bytes) {
                this.mtu = bytes;
                return this;
            }

            /**
             * The first sequence number. Default 0; RFC 3550 §5.1 wants a random one, so pass a value
             * from the caller's (seedable) randomness.
             *
             * @param sequence 16 bits
             * @return this builder
             */
            public Builder initialSequence(int sequence) {
                this.initialSequence = sequence;
                return this;
            }

            /**
             * How many sent packets are kept to answer NACKs. Default 1024.
             *
             * @param packets the cache size
             * @return this builder
             */
            public Builder cacheSize(int packets) {
                this.cacheSize = packets;
                return this;
            }

            /**
             * Time between two sender reports (SR + SDES). Default 1 s.
             *
             * @param nanos the interval in nanoseconds
             * @return this builder
             */
            public Builder reportIntervalNanos(long nanos) {
                this.reportIntervalNanos = nanos;
                return this;
            }

            /**
             * The wall-clock time at {@code now = 0}, so sender reports carry NTP time without the
             * engine reading a clock. Default 0.
             *
             * @param nanos nanoseconds since 1900-01-01 (the NTP epoch)
             * @return this builder
             */
            public Builder ntpOffsetNanos(long nanos) {
                this.ntpOffsetNanos = nanos;
                return this;
            }

            /**
             * The SDES CNAME (RFC 3550 §6.5.1). Default empty.
             *
             * @param cname the canonical name
             * @return this builder
             */
            public Builder cname(String cname) {
                this.cname = Objects.requireNonNull(cname);
                return this;
            }

            /** {@return the configuration} */
            public Config build() {
                return new Config(this);
            }
        }
    }

    /**
     * The sender's counters at one moment.
     *
     * @param packetsSent RTP packets made from frames (retransmissions not included)
     * @param octetsSent payload bytes of those packets
     * @param retransmitted packets resent in answer to NACKs
     * @param malformedRtcp RTCP datagrams dropped because they did not parse
     */
    public record Stats(long packetsSent, long octetsSent, long retransmitted, long malformedRtcp) {
    }

    /** What a sender reports. */
    public sealed interface Event permits KeyframeRequested, RoundTripTime {
    }

    /** The receiver asked for a keyframe (PLI or FIR). */
    public record KeyframeRequested(long fromSsrc) implements Event {
    }

    /** A report block about our stream gave a round-trip time. */
    public record RoundTripTime(long nanos, ReportBlock block) implements Event {
    }

    private final Config config;
    private final FrameSender sender;
    private final RetransmissionCache cache;
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long nextReport = Long.MIN_VALUE;
    private long packets;
    private long octets;
    private long lastRtpTimestamp;
    private long lastFrameTime;
    private long badRtcp;

    /**
     * A sender; its report timer starts with the first frame.
     *
     * @param config the stream
     */
    public RtpSender(Config config) {
        this.config = config;
        this.sender = new FrameSender(config.packetizer(), config.payloadType(), config.ssrc(), config.initialSequence(), config.mtu());
        this.cache = new RetransmissionCache(config.cacheSize(), config.rtxPayloadType(), config.rtxSsrc(), config.initialSequence() + 1000);
    }

    /**
     * Packetizes and queues one frame captured at {@code now} with RTP timestamp {@code rtpTimestamp}.
     *
     * @param now the capture time (nanoseconds)
     * @param frame the encoded frame
     * @param rtpTimestamp its RTP timestamp
     * @return the packets queued for {@link #pollTransmit}
     */
    public List<RtpPacket> sendFrame(long now, byte[] frame, long rtpTimestamp) {
        List<RtpPacket> out = sender.send(frame, rtpTimestamp);
        for (RtpPacket p : out) {
            cache.put(p);
            transmits.add(p.encode());
            packets++;
            octets += p.payload().length();
        }
        lastRtpTimestamp = rtpTimestamp & 0xffffffffL;
        lastFrameTime = now;
        if (nextReport == Long.MIN_VALUE) {
            nextReport = now + config.reportIntervalNanos();
        }
        return out;
    }

    /**
     * One RTCP datagram from the receiver. Malformed ones are dropped and counted.
     *
     * @param now the current time (nanoseconds)
     * @param datagram an RTCP (compound) packet
     */
    public void handleInput(long now, byte[] datagram) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpPacket.parseCompound(datagram);
        } catch (RtpParseException e) {
            badRtcp++;
            LOG.log(System.Logger.Level.DEBUG, "[RTCP] dropped malformed packet: {0}", e.getMessage());
            return;
        }
        for (RtcpPacket p : packets) {
            if (p instanceof GenericNack) {
                GenericNack n = (GenericNack) p;
                List<RtpPacket> again = cache.answer(n);
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] NACK for {0}: retransmitting {1}", n.lostSequenceNumbers(), again.size());
                again.forEach(r -> transmits.add(r.encode()));
            } else if (p instanceof PictureLossIndication && ((PictureLossIndication) p).mediaSsrc() == config.ssrc()) {
                events.add(new KeyframeRequested(((PictureLossIndication) p).senderSsrc()));
            } else if (p instanceof FullIntraRequest) {
                FullIntraRequest f = (FullIntraRequest) p;
                if (f.entries().stream().anyMatch(e -> e.ssrc() == config.ssrc())) {
                    events.add(new KeyframeRequested(f.senderSsrc()));
                }
            } else if (p instanceof ReceiverReport) {
                blocks(now, ((ReceiverReport) p).reports());
            } else if (p instanceof SenderReport) {
                blocks(now, ((SenderReport) p).reports());
            }
        }
    }

    private void blocks(long now, List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            if (b.ssrc() == config.ssrc()) {
                long rtt = ReceiverStatistics.roundTripNanos(ntp(now), b);
                if (rtt >= 0) {
                    events.add(new RoundTripTime(rtt, b));
                }
            }
        }
    }

    /**
     * The 64-bit NTP timestamp for {@code now}.
     *
     * @param now engine time (nanoseconds)
     * @return the NTP timestamp (seconds since 1900 in 32.32 fixed point)
     */
    public long ntp(long now) {
        long t = config.ntpOffsetNanos() + now;
        long seconds = Long.divideUnsigned(t, 1_000_000_000L);
        long fraction = (Long.remainderUnsigned(t, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | fraction;
    }

    @Override
    public void handleTimeout(long now) {
        if (nextReport != Long.MIN_VALUE && now >= nextReport) {
            long rtpNow = lastRtpTimestamp + (now - lastFrameTime) / 1000L * config.clockRate() / 1_000_000L;
            SenderReport sr = new SenderReport(config.ssrc(), ntp(now), rtpNow & 0xffffffffL, packets & 0xffffffffL,
                    octets & 0xffffffffL, List.of(), Bytes.EMPTY);
            SourceDescription sdes = new SourceDescription(List.of(new SourceDescription.Chunk(config.ssrc(),
                    List.of(SourceDescription.Item.cname(config.cname())))));
            transmits.add(RtcpPacket.encodeCompound(List.of(sr, sdes)));
            nextReport = now + config.reportIntervalNanos();
        }
    }

    @Override
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    @Override
    public Event pollEvent() {
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        return nextReport == Long.MIN_VALUE ? NO_TIMEOUT : nextReport;
    }

    /**
     * The counters now, as an immutable value.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        return new Stats(packets, octets, cache.retransmitted(), badRtcp);
    }
}
