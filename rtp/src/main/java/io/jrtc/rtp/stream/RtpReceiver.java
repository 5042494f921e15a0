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

/**
 * The receiving side of one media stream as a sans-IO {@link Engine}: RTP (and RTX) packets and the
 * sender's RTCP go into {@link #handleInput}; whole frames come out as events, in order; NACKs,
 * PLIs and receiver reports come out as RTCP datagrams. Malformed input is dropped and counted.
 */
public final class RtpReceiver implements Engine<byte[], RtpReceiver.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    /** @param checkIntervalNanos how often to look for NACKs to send */
    public record Config(Depacketizer depacketizer, int payloadType, long ssrc, int rtxPayloadType, long rtxSsrc,
                         long receiverSsrc, int clockRate, FrameAssembler.Config assembler, long checkIntervalNanos,
                         long reportIntervalNanos) {
    }

    public sealed interface Event permits FrameReceived, KeyframeRequestSent {
    }

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

    public RtpReceiver(Config config) {
        this.config = config;
        this.assembler = new FrameAssembler(config.depacketizer(), config.assembler());
        this.statistics = new ReceiverStatistics(config.ssrc(), config.clockRate());
    }

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

    public FrameAssembler.Stats assemblerStats() {
        return assembler.stats();
    }

    public ReceiverStatistics statistics() {
        return statistics;
    }

    public long malformed() {
        return malformed;
    }
}
