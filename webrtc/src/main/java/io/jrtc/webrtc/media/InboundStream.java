package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.stream.FrameAssembler;
import io.jrtc.rtp.stream.ReceiverStatistics;
import io.jrtc.rtp.stream.SequenceUnwrapper;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One remote stream (a primary SSRC and, when known, its RTX SSRC) on a section: reception
 * statistics for report blocks, a duplicate filter, and for video a {@link FrameAssembler} with the
 * depacketizer of the payload type being received (a new payload type restarts it). Audio frames are
 * one packet each and are handed out as they arrive: a jitter buffer behind us orders them, and no
 * NACK is sent for audio.
 */
final class InboundStream {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");
    private static final int WINDOW = 1024;
    /** A jump further than this (either way) in a stream's sequence numbers restarts it (RFC 3550 A.1). */
    static final int RESYNC_DISTANCE = 3000;
    /** Consecutive packets after a backward jump that confirm it (RFC 3550 A.1's MIN_SEQUENTIAL). */
    private static final int RESYNC_RUN = 2;

    final long ssrc;
    long rtxSsrc;
    SectionState section;
    final boolean signalled;
    private final FrameAssembler.Config assemblerConfig;
    private FrameAssembler assembler;
    int payloadType = -1;
    Codec codec;
    private ReceiverStatistics statistics;
    private SequenceUnwrapper sequences = SequenceUnwrapper.sequence();
    private long resyncLast = Long.MIN_VALUE;
    private int resyncRun;
    /** The packets of a backward jump not yet confirmed: replayed when it is. */
    private final List<Held> held = new ArrayList<>();

    private record Held(int seq, long timestamp, boolean marker, int pt, byte[] payload, int headerBytes) {
    }
    private final long[] seen = new long[WINDOW / 64];
    private long highest = -1;
    /** Frames out since the last drain, with their payload type. */
    private final List<AssembledFrame> frames = new ArrayList<>();
    private final List<Integer> framePayloadTypes = new ArrayList<>();

    long lastPacketAt;
    long packetsReceived;
    long bytesReceived;
    long headerBytesReceived;
    long duplicates;
    long retransmittedPackets;
    long retransmittedBytes;
    long paddingPackets;
    long framesReceived;
    long keyFramesReceived;
    long nackCount;
    long pliCount;
    long firCount;
    int firSequence;
    boolean ended;
    /** A keyframe request is due (the assembler gave up, or the application asked). */
    boolean keyframeWanted;
    long lastKeyframeRequestAt = Long.MIN_VALUE;
    private long framesDroppedBefore;
    private long primaryPacketsAtLastReport;
    private long primaryPackets;

    InboundStream(long ssrc, SectionState section, boolean signalled, FrameAssembler.Config assemblerConfig) {
        this.ssrc = ssrc;
        this.section = section;
        this.signalled = signalled;
        this.assemblerConfig = assemblerConfig;
    }

    boolean video() {
        return section.kind == MediaKind.VIDEO;
    }

    /**
     * A packet's payload type changed or came first: takes the codec; for video a new assembler
     * (frames in flight of the old codec are given up). False when the payload type is not one this
     * section can hand out as frames.
     */
    private boolean codecFor(int pt) {
        if (pt == payloadType) {
            return codec != null;
        }
        Codec c = section.primary.get(pt);
        if (c == null || !PayloadFormats.isMedia(c)) {
            return false;
        }
        if (video()) {
            var d = PayloadFormats.videoDepacketizer(c);
            if (d == null) {
                return false;
            }
            if (assembler != null) {
                framesDroppedBefore += assembler.stats().framesDropped();
                LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0}: payload type {1} -> {2}, frame assembly restarts",
                        ssrc, payloadType, pt);
            }
            assembler = new FrameAssembler(d, assemblerConfig);
        }
        if (statistics == null) {
            statistics = new ReceiverStatistics(ssrc, c.clockRate());
        }
        codec = c;
        payloadType = pt;
        return true;
    }

    /** Whether this sequence number was received already (a window of the last 1024). Marks it. */
    private boolean duplicate(long ext) {
        if (highest < 0 || ext > highest) {
            long from = highest < 0 ? ext : highest + 1;
            if (ext - from >= WINDOW) {
                Arrays.fill(seen, 0);
            } else {
                for (long k = from; k <= ext; k++) {
                    seen[(int) ((k % WINDOW) >>> 6)] &= ~(1L << (k & 63));
                }
            }
            highest = ext;
        } else if (ext <= highest - WINDOW) {
            return false; // too old to know; the assembler calls it late
        }
        int word = (int) ((ext % WINDOW) >>> 6);
        long bit = 1L << (ext & 63);
        if ((seen[word] & bit) != 0) {
            return true;
        }
        seen[word] |= bit;
        return false;
    }

    /**
     * One media packet (primary, or unwrapped from RTX when {@code retransmission}). Returns -1 when
     * it was dropped as a duplicate, -2 when its payload type cannot be handed out (nothing counted
     * but arrival), else 0; frames that completed wait in {@link #drainFrames}.
     */
    int receive(long now, int seq, long timestamp, boolean marker, int pt, byte[] buf, int payloadOffset,
            int payloadLength, int headerBytes, boolean retransmission) {
        lastPacketAt = now;
        boolean padding = payloadLength == 0;
        if (!padding && !codecFor(pt)) {
            return -2;
        }
        if (statistics == null) {
            Codec c = section.primary.get(pt);
            statistics = new ReceiverStatistics(ssrc, c == null ? (video() ? 90000 : 48000) : c.clockRate());
        }
        long ext = sequences.unwrap(seq);
        if (highest >= 0 && (ext < highest - RESYNC_DISTANCE || ext > highest + RESYNC_DISTANCE)) {
            // far from everything so far: stale, or the sender started numbering anew
            boolean forward = ext > highest;
            if (retransmission) {
                duplicates++; // a stale repair
                packetsReceived++;
                return -1;
            }
            if (ext != resyncLast + 1) {
                resyncRun = 0;
                held.clear();
            }
            resyncRun++;
            resyncLast = ext;
            if (!forward && resyncRun < RESYNC_RUN) {
                if (held.size() < RESYNC_RUN) {
                    held.add(new Held(seq, timestamp, marker, pt, Arrays.copyOfRange(buf, payloadOffset, payloadOffset + payloadLength),
                            headerBytes));
                }
                return -1;
            }
            List<Held> replay = new ArrayList<>(held);
            restart(seq);
            for (Held h : replay) {
                receive(now, h.seq, h.timestamp, h.marker, h.pt, h.payload, 0, h.payload.length, h.headerBytes, false);
            }
            ext = sequences.unwrap(seq);
        }
        if (!retransmission) {
            statistics.onPacket(seq, timestamp, now);
            primaryPackets++;
        }
        if (duplicate(ext)) {
            duplicates++;
            packetsReceived++;
            return -1;
        }
        packetsReceived++;
        bytesReceived += payloadLength;
        headerBytesReceived += headerBytes;
        if (retransmission) {
            retransmittedPackets++;
            retransmittedBytes += payloadLength;
        }
        if (padding) {
            paddingPackets++;
            if (assembler != null) {
                assembler.pushPadding(seq);
                collect();
            }
            return 0;
        }
        if (video()) {
            assembler.push(seq, timestamp, marker, Arrays.copyOfRange(buf, payloadOffset, payloadOffset + payloadLength));
            collect();
        } else {
            frames.add(new AssembledFrame(timestamp, true, ext, ext, Bytes.of(buf, payloadOffset, payloadLength)));
            framePayloadTypes.add(pt);
            framesReceived++;
            keyFramesReceived++;
        }
        return 0;
    }

    /**
     * The sender jumped its sequence numbers: reception statistics, the duplicate window and frame
     * assembly start over from this packet (the assembler waits for a keyframe, and asks for one).
     */
    private void restart(int seq) {
        LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0}: sequence number jumped to {1}, the stream starts over", ssrc, seq);
        sequences = SequenceUnwrapper.sequence();
        highest = -1;
        Arrays.fill(seen, 0);
        resyncRun = 0;
        resyncLast = Long.MIN_VALUE;
        held.clear();
        if (statistics != null) {
            statistics = new ReceiverStatistics(ssrc, codec == null ? 90000 : codec.clockRate());
            primaryPacketsAtLastReport = primaryPackets;
        }
        if (assembler != null) {
            framesDroppedBefore += assembler.stats().framesDropped();
            assembler = new FrameAssembler(PayloadFormats.videoDepacketizer(codec), assemblerConfig);
        }
    }

    private void collect() {
        for (AssembledFrame f; (f = assembler.pollFrame()) != null; ) {
            frames.add(f);
            framePayloadTypes.add(payloadType);
            framesReceived++;
            if (f.keyframe()) {
                keyFramesReceived++;
                keyframeWanted = false; // what was asked for came
            }
        }
        if (assembler.pollKeyframeRequest()) {
            keyframeWanted = true;
        }
    }

    /** Calls {@code out} with every frame completed since the last call, in order. */
    void drainFrames(FrameSink out) {
        for (int i = 0; i < frames.size(); i++) {
            out.frame(this, frames.get(i), framePayloadTypes.get(i));
        }
        frames.clear();
        framePayloadTypes.clear();
    }

    /** Sink of {@link #drainFrames}. */
    interface FrameSink {
        void frame(InboundStream stream, AssembledFrame frame, int payloadType);
    }

    /** Whether the assembler holds packets, so holes may need NACKs or time out. */
    boolean needsCheck() {
        return assembler != null && assembler.bufferedPackets() > 0;
    }

    /**
     * The NACK check: sequence numbers to NACK now (the assembler's timers run even when NACK is off),
     * a packet NACKed again after {@code retryNanos}.
     */
    List<Integer> nacksDue(long now, long retryNanos) {
        if (assembler == null) {
            return List.of();
        }
        assembler.setRetryIntervalNanos(retryNanos);
        List<Integer> lost = assembler.nacksDue(now);
        collect();
        return lost;
    }

    void onSenderReport(SenderReport sr, long now) {
        if (statistics != null) {
            statistics.onSenderReport(sr, now);
        }
    }

    /** The report block for the next RR/SR, or null when nothing arrived since the last one. */
    ReportBlock reportBlock(long now) {
        if (statistics == null || primaryPackets == primaryPacketsAtLastReport) {
            return null;
        }
        primaryPacketsAtLastReport = primaryPackets;
        return statistics.reportBlock(now);
    }

    MediaStats.Inbound stats() {
        int clock = codec == null ? 0 : codec.clockRate();
        long lost = statistics == null ? 0 : statistics.cumulativeLost();
        double jitter = statistics == null || clock == 0 ? 0 : (double) statistics.jitter() / clock;
        long dropped = framesDroppedBefore + (assembler == null ? 0 : assembler.stats().framesDropped());
        return new MediaStats.Inbound(ssrc, rtxSsrc, section.mid, section.kind, payloadType,
                codec == null ? null : PayloadFormats.mimeType(section.kind, codec), clock, packetsReceived, bytesReceived,
                headerBytesReceived, lost, jitter, duplicates, retransmittedPackets, retransmittedBytes, paddingPackets,
                framesReceived, keyFramesReceived, dropped, nackCount, pliCount, firCount, lastPacketAt, ended);
    }
}
