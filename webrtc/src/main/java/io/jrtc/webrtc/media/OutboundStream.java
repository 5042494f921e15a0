package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.Packetizer;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.stream.ReceiverStatistics;
import io.jrtc.rtp.stream.RetransmissionCache;
import io.jrtc.rtp.stream.SequenceUnwrapper;
import io.jrtc.sdp.jsep.Codec;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One stream we send on a section: our SSRC, our sequence numbers (one counter for packetized frames
 * and forwarded packets), the retransmission cache, the sender report counters and what the remote
 * receiver reports about it. Produces RTP packets without header extensions; {@link MediaSession}
 * stamps those (mid, transport-wide sequence, abs-send-time) on every packet it sends, retransmissions included.
 */
final class OutboundStream {
    final long ssrc;
    long rtxSsrc;
    SectionState section;
    Codec codec;
    Packetizer packetizer;
    int payloadType;
    int clockRate;
    int rtxPayloadType = -1;
    private final int cacheSize;
    private final RandomGenerator random;
    RetransmissionCache cache;
    private long cacheRtxSsrc;
    /** The extended sequence number of the next packet. */
    private long nextSequence;
    /** Forwarding: the source whose sequence numbers map onto ours by a fixed offset. */
    private long sourceSsrc = -1;
    private SequenceUnwrapper sourceSequences;
    private long sourceOffset;
    private long sourceStart;

    private boolean sentAny;
    private long lastRtpTimestamp;
    private long lastSendNow;
    long srPackets;
    long srOctets;

    long packetsSent;
    long bytesSent;
    long headerBytesSent;
    long retransmittedPacketsSent;
    long retransmittedBytesSent;
    long framesSent;
    long keyFramesSent;
    long nackCount;
    long pliCount;
    long firCount;
    private int lastFirSequence = -1;

    ReportBlock lastBlock;
    double lastRtt = Double.NaN;
    double totalRtt;
    long rttMeasurements;
    long blocksReceived;

    OutboundStream(long ssrc, long rtxSsrc, SectionState section, int cacheSize, RandomGenerator random) {
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.cacheSize = cacheSize;
        this.random = random;
        this.nextSequence = random.nextInt(1 << 15);
        reconfigure(section);
    }

    /** Takes a new negotiation of the same SSRC: codec, RTX; sequence numbers and counters go on. */
    void reconfigure(SectionState s) {
        this.section = s;
        Codec c = s.sendCodec;
        if (codec == null || c == null || c.payloadType() != codec.payloadType() || !c.matches(codec)) {
            packetizer = c == null ? null : PayloadFormats.packetizer(c, s.kind, random);
        }
        codec = c;
        payloadType = c == null ? -1 : c.payloadType();
        clockRate = c == null ? 90000 : c.clockRate();
        int rtxPt = c == null || c.rtxPayloadType() == null || rtxSsrc == 0 ? -1 : c.rtxPayloadType();
        if (cache == null || rtxPt != rtxPayloadType || rtxSsrc != cacheRtxSsrc) {
            RetransmissionCache fresh = new RetransmissionCache(cacheSize, rtxPt, rtxSsrc, random.nextInt(1 << 16));
            if (cache != null) {
                // what was sent stays answerable
                for (long s2 = Math.max(0, nextSequence - cacheSize); s2 < nextSequence; s2++) {
                    RtpPacket p = cache.get((int) (s2 & 0xffff));
                    if (p != null) {
                        fresh.put(p);
                    }
                }
            }
            cache = fresh;
            cacheRtxSsrc = rtxSsrc;
            rtxPayloadType = rtxPt;
        }
    }

    boolean canSendFrames() {
        return packetizer != null;
    }

    /** Packetizes one frame with our SSRC, payload type and sequence numbers. */
    List<RtpPacket> packetize(long now, byte[] frame, long rtpTimestamp, int maxPayload) {
        List<byte[]> payloads = packetizer.packetize(frame, maxPayload);
        List<RtpPacket> out = new ArrayList<>(payloads.size());
        long ts = rtpTimestamp & 0xffffffffL;
        for (int i = 0; i < payloads.size(); i++) {
            RtpPacket p = RtpPacket.of(i == payloads.size() - 1, payloadType, (int) (nextSequence++ & 0xffff), ts, ssrc,
                    Bytes.wrap(payloads.get(i)));
            sent(now, p);
            out.add(p);
        }
        sourceSsrc = -1; // a forwarded stream continues after what we just numbered
        framesSent++;
        if (PayloadFormats.isKeyframe(codec, section.kind, frame)) {
            keyFramesSent++;
        }
        return out;
    }

    /**
     * A packet from elsewhere, re-sent as ours: our SSRC, {@code pt}, payload, marker, timestamp and
     * CSRCs kept; sequence numbers follow the source's at a fixed offset (so its gaps stay gaps the
     * receiver can NACK), chosen so that they continue ours when the source starts or changes. A packet
     * from before that point is dropped (null): its number is taken.
     */
    RtpPacket forward(long now, RtpPacket in, int pt) {
        if (in.ssrc() != sourceSsrc) {
            sourceSsrc = in.ssrc();
            sourceSequences = SequenceUnwrapper.sequence();
            long first = sourceSequences.unwrap(in.sequenceNumber());
            sourceOffset = nextSequence - first;
            sourceStart = nextSequence;
        }
        long seq = sourceSequences.unwrap(in.sequenceNumber()) + sourceOffset;
        if (seq < sourceStart) {
            return null;
        }
        nextSequence = Math.max(nextSequence, seq + 1);
        RtpPacket p = new RtpPacket(in.marker(), pt, (int) (seq & 0xffff), in.timestamp(), ssrc, in.csrcs(), null,
                in.payload(), in.paddingLength());
        sent(now, p);
        if (in.marker() || section.kind == io.jrtc.sdp.jsep.MediaKind.AUDIO) {
            framesSent++;
        }
        return p;
    }

    private void sent(long now, RtpPacket p) {
        cache.put(p);
        srPackets++;
        srOctets += p.payload().length();
        lastRtpTimestamp = p.timestamp();
        lastSendNow = now;
        sentAny = true;
    }

    /**
     * A padding-only packet of {@code paddingLength} bytes (1..255) for a bandwidth probe: on the RTX
     * stream when RTX is negotiated (its sequence numbers), else on ours with the last timestamp
     * (it takes a sequence number). Not cached for retransmission, not counted as media.
     */
    RtpPacket paddingPacket(int paddingLength) {
        if (rtxPayloadType >= 0) {
            return cache.padding(paddingLength, lastRtpTimestamp);
        }
        return new RtpPacket(false, payloadType, (int) (nextSequence++ & 0xffff), lastRtpTimestamp, ssrc, List.of(), null,
                Bytes.EMPTY, paddingLength);
    }

    /** Counts one packet (or retransmission) on the wire with its extension block length. */
    void onWire(RtpPacket p, int encodedLength, boolean retransmission) {
        int payload = p.payload().length() - (retransmission && rtxPayloadType >= 0 ? 2 : 0);
        packetsSent++;
        bytesSent += payload;
        headerBytesSent += encodedLength - payload;
        if (retransmission) {
            retransmittedPacketsSent++;
            retransmittedBytesSent += payload;
        }
    }

    /** The packets to send for a NACK: RTX-wrapped when negotiated, else the originals again. */
    List<RtpPacket> answer(GenericNack nack) {
        nackCount++;
        return cache.answer(nack);
    }

    /** A FIR entry for us: true when its sequence number is a new request (RFC 5104 section 4.3.1.2). */
    boolean newFir(int sequenceNumber) {
        if (sequenceNumber == lastFirSequence) {
            return false;
        }
        lastFirSequence = sequenceNumber;
        firCount++;
        return true;
    }

    /** A report block about this stream, and its round-trip time when it echoes one of our SRs. */
    void onReportBlock(ReportBlock b, long nowNtp) {
        lastBlock = b;
        blocksReceived++;
        long rtt = ReceiverStatistics.roundTripNanos(nowNtp, b);
        if (rtt >= 0 && rtt < 60_000_000_000L) {
            lastRtt = rtt / 1e9;
            totalRtt += lastRtt;
            rttMeasurements++;
        }
    }

    boolean sentAny() {
        return sentAny;
    }

    /** The RTP timestamp matching {@code now}, extrapolated from the last packet sent. */
    long rtpTimestampAt(long now) {
        long elapsed = now - lastSendNow;
        return (lastRtpTimestamp + elapsed / 1000L * clockRate / 1_000_000L) & 0xffffffffL;
    }

    MediaStats.Outbound stats(long targetBitrate) {
        MediaStats.RemoteInbound remote = lastBlock == null ? null
                : new MediaStats.RemoteInbound(lastBlock.fractionLost() / 256.0, lastBlock.cumulativeLost(),
                        clockRate == 0 ? 0 : (double) lastBlock.jitter() / clockRate, lastRtt, totalRtt, rttMeasurements,
                        blocksReceived, lastBlock.extendedHighestSequence());
        return new MediaStats.Outbound(ssrc, rtxPayloadType >= 0 ? rtxSsrc : 0, section.mid, section.kind, payloadType,
                codec == null ? null : PayloadFormats.mimeType(section.kind, codec), clockRate, packetsSent, bytesSent,
                headerBytesSent, retransmittedPacketsSent, retransmittedBytesSent, framesSent, keyFramesSent, nackCount,
                pliCount, firCount, targetBitrate, remote);
    }
}
