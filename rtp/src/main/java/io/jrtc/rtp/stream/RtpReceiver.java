package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.ReceiverReport;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The receiving side of one media stream as a sans-IO {@link Engine}: RTP (and RTX) packets and the
 * sender's RTCP go into {@link #handleInput}; whole frames come out as events, in order; NACKs,
 * PLIs and receiver reports come out as RTCP datagrams. Malformed input is dropped and counted.
 */
public final class RtpReceiver implements Engine<byte[], RtpReceiver.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    /**
     * What one receiving stream is configured with. Make one with {@link #builder}; the depacketizer,
     * payload type and SSRC of the stream, and our own SSRC for RTCP, are its arguments, everything
     * else has the default its setter names.
     */
    public static final class Config {
        private final Depacketizer depacketizer;
        private final int payloadType;
        private final long ssrc;
        private final int rtxPayloadType;
        private final long rtxSsrc;
        private final long receiverSsrc;
        private final int clockRate;
        private final FrameAssembler.Config assembler;
        private final long checkIntervalNanos;
        private final long reportIntervalNanos;

        private Config(Builder b) {
            this.depacketizer = b.depacketizer;
            this.payloadType = b.payloadType;
            this.ssrc = b.ssrc;
            this.rtxPayloadType = b.rtxPayloadType;
            this.rtxSsrc = b.rtxSsrc;
            this.receiverSsrc = b.receiverSsrc;
            this.clockRate = b.clockRate;
            this.assembler = b.assembler;
            this.checkIntervalNanos = b.checkIntervalNanos;
            this.reportIntervalNanos = b.reportIntervalNanos;
        }

        /**
         * A builder for the stream {@code ssrc} with payload type {@code payloadType}.
         *
         * @param depacketizer turns payloads back into frames
         * @param payloadType the stream's RTP payload type
         * @param ssrc the stream's SSRC
         * @param receiverSsrc the SSRC our NACKs, PLIs and receiver reports are sent as
         * @return a builder with every other field at its default
         */
        public static Builder builder(Depacketizer depacketizer, int payloadType, long ssrc, long receiverSsrc) {
            return new Builder(depacketizer, payloadType, ssrc, receiverSsrc);
        }

        /** {@return the depacketizer} */
        public Depacketizer depacketizer() { return depacketizer; }
        /** {@return the stream's RTP payload type} */
        public int payloadType() { return payloadType; }
        /** {@return the stream's SSRC} */
        public long ssrc() { return ssrc; }
        /** {@return the RTX payload type, or -1 without RTX} */
        public int rtxPayloadType() { return rtxPayloadType; }
        /** {@return the RTX stream's SSRC (unused without RTX)} */
        public long rtxSsrc() { return rtxSsrc; }
        /** {@return the SSRC our RTCP is sent as} */
        public long receiverSsrc() { return receiverSsrc; }
        /** {@return the RTP clock rate in Hz} */
        public int clockRate() { return clockRate; }
        /** {@return the frame assembler's configuration} */
        public FrameAssembler.Config assembler() { return assembler; }
        /** {@return how often to look for NACKs to send, in nanoseconds} */
        public long checkIntervalNanos() { return checkIntervalNanos; }
        /** {@return the time between two receiver reports, in nanoseconds} */
        public long reportIntervalNanos() { return reportIntervalNanos; }

        /** Collects a {@link Config}; each setter names its default. */
        public static final class Builder {
            private final Depacketizer depacketizer;
            private final int payloadType;
            private final long ssrc;
            private final long receiverSsrc;
            private int rtxPayloadType = -1;
            private long rtxSsrc = -1;
            private int clockRate = 90_000;
            private FrameAssembler.Config assembler = FrameAssembler.Config.defaults();
            private long checkIntervalNanos = 10_000_000L;
            private long reportIntervalNanos = 1_000_000_000L;

            private Builder(Depacketizer depacketizer, int payloadType, long ssrc, long receiverSsrc) {
                this.depacketizer = Objects.requireNonNull(depacketizer, "depacketizer");
                this.payloadType = payloadType;
                this.ssrc = ssrc;
                this.receiverSsrc = receiverSsrc;
            }

            /**
             * Retransmissions arrive as RTX (RFC 4588) with this payload type and SSRC. Default: none
             * (payload type -1).
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
             * The RTP clock rate (for jitter). Default 90000 (video); 48000 for Opus.
             *
             * @param hz ticks per second of the RTP timestamp
             * @return this builder
             */
            public Builder clockRate(int hz) {
                this.clockRate = hz;
                return this;
            }

            /**
             * The frame assembler's limits and NACK timing. Default {@link FrameAssembler.Config#defaults()}.
             *
             * @param config the assembler configuration
             * @return this builder
             */
            public Builder assembler(FrameAssembler.Config config) {
                this.assembler = Objects.requireNonNull(config);
                return this;
            }

            /**
             * How often the receiver looks for NACKs to send. Default 10 ms.
             *
             * @param nanos the interval in nanoseconds
             * @return this builder
             */
            public Builder checkIntervalNanos(long nanos) {
                this.checkIntervalNanos = nanos;
                return this;
            }

            /**
             * Time between two receiver reports. Default 1 s.
             *
             * @param nanos the interval in nanoseconds
             * @return this builder
             */
            public Builder reportIntervalNanos(long nanos) {
                this.reportIntervalNanos = nanos;
                return this;
            }

            /** {@return the configuration} */
            public Config build() {
                return new Config(this);
            }
        }
    }

    /**
     * The receiver's counters at one moment.
     *
     * @param malformed datagrams dropped because they did not parse
     * @param assembler the frame assembler's counters
     */
    public record Stats(long malformed, FrameAssembler.Stats assembler) {
    }

    /** What a receiver reports. */
    public sealed interface Event permits FrameReceived, KeyframeRequestSent {
    }

    /**
     * A whole frame, in order.
     *
     * @param frame the frame and its RTP timestamp and keyframe flag
     */
    public record FrameReceived(AssembledFrame frame) implements Event {
    }

    /** The assembler gave up on a broken stream and a PLI was sent. */
    public record KeyframeRequestSent() implements Event {
    }

    private final Config config;
    private final FrameAssembler assembler;
    private final ReceiverStatistics statistics;
    private final RtpView view = new RtpView();
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long nextCheck = Long.MIN_VALUE;
    private long nextReport = Long.MIN_VALUE;
    private long malformed;

    /**
     * A receiver; its timers start with the first datagram.
     *
     * @param config the stream
     */
    public RtpReceiver(Config config) {
        this.config = config;
        this.assembler = new FrameAssembler(config.depacketizer(), config.assembler());
        this.statistics = new ReceiverStatistics(config.ssrc(), config.clockRate());
    }

    /**
     * An RTP, RTX or RTCP datagram (SRTP already removed); malformed ones are dropped and counted.
     *
     * @param now the arrival time (nanoseconds)
     * @param datagram the datagram
     */
    public void handleInput(long now, byte[] datagram) {
        if (nextCheck == Long.MIN_VALUE) {
            nextCheck = now + config.checkIntervalNanos();
            nextReport = now + config.reportIntervalNanos();
        }
        try {
            if (RtpPacket.isRtcp(datagram, 0, datagram.length)) {
                for (RtcpPacket p : RtcpPacket.parseCompound(datagram)) {
                    if (p instanceof SenderReport && ((SenderReport) p).ssrc() == config.ssrc()) {
                        statistics.onSenderReport((SenderReport) p, now);
                    }
                }
                return;
            }
            // A reused view validates the header without allocating; a media packet's payload is then
            // copied once, straight into the assembler (RTX, the rare case, is parsed into a value).
            RtpView v = view.wrap(datagram, 0, datagram.length);
            if (v.ssrc() == config.rtxSsrc() && v.payloadType() == config.rtxPayloadType()) {
                assembler.push(Rtx.unwrap(RtpPacket.parse(datagram), config.payloadType(), config.ssrc()));
            } else if (v.ssrc() == config.ssrc() && v.payloadType() == config.payloadType()) {
                statistics.onPacket(v.sequenceNumber(), v.timestamp(), now);
                int from = v.payloadOffset();
                assembler.push(v.sequenceNumber(), v.timestamp(), v.marker(),
                        Arrays.copyOfRange(datagram, from, from + v.payloadLength()));
            } else {
                return;
            }
        } catch (RtpParseException e) {
            malformed++;
            LOG.log(System.Logger.Level.DEBUG, "[RTP] dropped malformed packet: {0}", e.getMessage());
            return;
        }
        drain();
    }

    private void drain() {
        for (AssembledFrame f; (f = assembler.pollFrame()) != null; ) {
            events.add(new FrameReceived(f));
        }
        if (assembler.pollKeyframeRequest()) {
            transmits.add(new PictureLossIndication(config.receiverSsrc(), config.ssrc()).encode());
            events.add(new KeyframeRequestSent());
        }
    }

    @Override
    public void handleTimeout(long now) {
        if (nextCheck == Long.MIN_VALUE) {
            return;
        }
        if (now >= nextCheck) {
            List<Integer> lost = assembler.nacksDue(now);
            drain();
            if (!lost.isEmpty()) {
                transmits.add(GenericNack.of(config.receiverSsrc(), config.ssrc(), lost).encode());
            }
            nextCheck = now + config.checkIntervalNanos();
        }
        if (now >= nextReport) {
            List<RtcpPacket> rr = new ArrayList<>();
            rr.add(new ReceiverReport(config.receiverSsrc(), List.of(statistics.reportBlock(now)), Bytes.EMPTY));
            transmits.add(RtcpPacket.encodeCompound(rr));
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
        return nextCheck == Long.MIN_VALUE ? NO_TIMEOUT : Math.min(nextCheck, nextReport);
    }

    /**
     * The counters now, as an immutable value.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        return new Stats(malformed, assembler.stats());
    }

    /**
     * The reception statistics behind the receiver reports (live, not a snapshot).
     *
     * @return the statistics of the stream
     */
    public ReceiverStatistics statistics() {
        return statistics;
    }
}
