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
     * @param ntpOffsetNanos the wall-clock time (nanoseconds since 1900, the NTP epoch) at {@code now = 0}
     * @param rtxPayloadType -1 to resend original packets instead of RTX
     */
    public record Config(Packetizer packetizer, int payloadType, long ssrc, int rtxPayloadType, long rtxSsrc, int clockRate,
                         int mtu, int initialSequence, int cacheSize, long reportIntervalNanos, long ntpOffsetNanos, String cname) {
    }

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

    public RtpSender(Config config) {
        this.config = config;
        this.sender = new FrameSender(config.packetizer(), config.payloadType(), config.ssrc(), config.initialSequence(), config.mtu());
        this.cache = new RetransmissionCache(config.cacheSize(), config.rtxPayloadType(), config.rtxSsrc(), config.initialSequence() + 1000);
    }

    /** Packetizes and queues one frame captured at {@code now} with RTP timestamp {@code rtpTimestamp}. */
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

    /** One RTCP datagram from the receiver. Malformed ones are dropped and counted. */
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

    /** The 64-bit NTP timestamp for {@code now}. */
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

    public long retransmitted() {
        return cache.retransmitted();
    }

    public long malformedRtcp() {
        return badRtcp;
    }
}
