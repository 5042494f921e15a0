package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.rtp.ExtensionBlock;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import io.jrtc.rtp.cc.BandwidthEstimate;
import io.jrtc.rtp.cc.BandwidthEstimator;
import io.jrtc.rtp.cc.ProbeCluster;
import io.jrtc.rtp.pacing.Pacer;
import io.jrtc.rtp.rtcp.CongestionControlFeedback;
import io.jrtc.rtp.rtcp.FullIntraRequest;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.Goodbye;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.ReceiverReport;
import io.jrtc.rtp.rtcp.Remb;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.rtp.rtcp.SourceDescription;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.Rtx;
import io.jrtc.rtp.stream.TransportCcGenerator;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All RTP and RTCP of one PeerConnection: the streams of every m= section of one BUNDLE transport,
 * as one sans-IO engine (bytes and {@code now} in; datagrams, events and a deadline out; one thread,
 * no clock). Its input is already SRTP-unprotected and its output is plaintext for SRTP to protect.
 *
 * <pre>
 *   handleRtp ──► demux: known SSRC ─► mid extension ─► signalled SSRC ─► payload type
 *                  │  RTX (rtx pt / FID SSRC) ──► unwrap (OSN, apt) ──┐
 *                  ▼                                                  ▼
 *             per remote stream: statistics, duplicates, video FrameAssembler (NACK, PLI) / audio as is
 *                  └──► TrackStarted, RtpReceived, FrameReceived        transport-cc arrivals ──► feedback
 *   sendFrame / sendRtp ──► per section: our SSRC, pt, sequence numbers, mid + transport-wide seq ──► RTP
 *   handleRtcp ──► every part to what it concerns: SR → receive stats; report blocks → RTT;
 *                  NACK → RTX from the cache; PLI / FIR → KeyframeRequested
 *   handleTimeout ──► NACKs and PLIs (one compound), transport-cc feedback, SR/RR + SDES every second
 * </pre>
 *
 * <p>Demultiplexing follows RFC 8843 section 9.2: an SSRC already bound to a section; else the
 * {@code sdes:mid} header extension (the SSRC is then bound to that section, and a packet carrying
 * another section's mid moves a learned SSRC there); else an SSRC the remote signalled with
 * {@code a=ssrc} / {@code a=ssrc-group:FID}; else the payload type, when it belongs to one receiving
 * section only (or to one that has no stream yet). RTX packets (RFC 4588) are unwrapped (original
 * sequence number from the first two payload bytes, payload type from the {@code apt}) and given to
 * their primary stream, so NACKed packets really are repaired. What matches nothing is counted and
 * dropped; malformed RTP or RTCP is counted, logged at debug level ({@code jrtc.rtp}) and dropped,
 * never thrown.
 *
 * <p>After every call, drain {@link #pollTransmit()} and {@link #pollEvent()}, then call
 * {@link #handleTimeout} at {@link #pollTimeout()}.
 */
public final class MediaSession implements Engine<byte[], MediaEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    private final MediaConfig config;
    private final RtpView view = new RtpView();
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<MediaEvent> events = new ArrayDeque<>();
    private Map<String, SectionState> sections = new LinkedHashMap<>();
    /** Remote primary SSRC to its stream. */
    private final Map<Long, InboundStream> inbound = new LinkedHashMap<>();
    /** Remote RTX SSRC to the stream it repairs. */
    private final Map<Long, InboundStream> rtxInbound = new HashMap<>();
    /** Signalled remote SSRCs: primary to mid, RTX to primary, primary to RTX. */
    private final Map<Long, String> signalledMid = new HashMap<>();
    private final Map<Long, Long> signalledRtxToPrimary = new HashMap<>();
    private final Map<Long, Long> signalledPrimaryToRtx = new HashMap<>();
    /** Our SSRC to the stream we send with it. */
    private Map<Long, OutboundStream> outbound = new LinkedHashMap<>();
    private int[] midIds = new int[0];
    private TransportCcGenerator transportCc;
    private int transportSequence;
    private long nextReport = NO_TIMEOUT;
    private long nextCheck = NO_TIMEOUT;

    private long rtpReceived;
    private long rtcpReceived;
    private long rtpSent;
    private long rtcpSent;
    private long malformedRtp;
    private long malformedRtcp;
    private long unknownSsrc;
    private long unsupportedPayload;
    private long unroutedRtx;
    private long notReceiving;
    private long sendsDropped;
    private long transportCcSent;
    private long transportCcReceived;
    private long rembBitrate = -1;
    private long evicted;
    /** The send-side bandwidth estimator, made when the first packet is sent. */
    private BandwidthEstimator bwe;
    /** Every RTP packet we send waits here for its turn; made with the estimator. */
    private Pacer<Queued> pacer;
    private long paddingPacketsSent;
    private long paddingBytesSent;
    private long paddingSkipped;
    /** The last round-trip time a report block about one of our streams gave, -1 before one. */
    private long roundTripNanos = -1;

    /** 5 ms bursts, 2 s of queue at most, audio unpaced; padding packets carry at most 255 bytes of padding. */
    private static final Pacer.Config PACER_CONFIG = new Pacer.Config(5_000_000L, 2_000_000_000L, 8192, false, 255 + 40);

    /** A packet waiting in the pacer: the stream it is sent on, without our header extensions yet. */
    private record Queued(OutboundStream stream, RtpPacket packet, boolean retransmission) {
    }

    /** A session with no sections yet: {@link #configure} them after the first offer/answer. */
    public MediaSession(MediaConfig config) {
        this.config = config;
        this.transportSequence = config.random().nextInt(1 << 16);
    }

    // ================================================================== configuration

    /**
     * Takes the sections negotiated by an offer/answer exchange (all of them, each time). Streams of
     * sections that are still there are kept: a section that keeps its local SSRC keeps its sequence
     * numbers, counters and retransmission cache (a new codec or RTX payload type is taken on), and a
     * remote stream stays as long as its section still receives and its SSRC is not now signalled on
     * another section. Sections that are gone, or no longer receive, lose their remote streams. A
     * sending section whose local SSRC is 0 keeps the SSRC it had, or gets a random one (and an RTX
     * SSRC when RTX is negotiated): see {@link #localSsrc}.
     *
     * @throws IllegalArgumentException if two sections have the same mid or send with the same SSRC
     *     (nothing is changed then)
     */
    public void configure(long now, List<MediaSection> list) {
        Map<String, SectionState> fresh = new LinkedHashMap<>();
        for (MediaSection s : list) {
            if (fresh.put(s.mid(), new SectionState(s)) != null) {
                throw new IllegalArgumentException("two sections with mid " + s.mid());
            }
        }
        Set<Long> sending = new HashSet<>();
        for (SectionState st : fresh.values()) {
            long ssrc = st.section.localSsrc();
            if (st.sends() && ssrc != 0 && (!sending.add(ssrc) || ssrc == st.section.localRtxSsrc())) {
                throw new IllegalArgumentException("SSRC " + ssrc + " is used twice");
            }
        }
        // what we send
        Set<Long> used = new HashSet<>();
        for (SectionState st : fresh.values()) {
            used.add(st.section.localSsrc());
            used.add(st.section.localRtxSsrc());
        }
        Map<Long, OutboundStream> out = new LinkedHashMap<>();
        for (SectionState st : fresh.values()) {
            if (!st.sends()) {
                continue;
            }
            SectionState before = sections.get(st.mid);
            OutboundStream old = before == null ? null : before.out;
            boolean rtx = st.section.codecs().stream().anyMatch(c -> c.rtxPayloadType() != null);
            long ssrc = st.section.localSsrc() != 0 ? st.section.localSsrc() : old != null ? old.ssrc : fresh(used);
            long rtxSsrc = st.section.localRtxSsrc() != 0 ? st.section.localRtxSsrc()
                    : old != null && old.ssrc == ssrc && old.rtxSsrc != 0 ? old.rtxSsrc : rtx ? fresh(used) : 0;
            if (old != null && old.ssrc == ssrc) {
                old.rtxSsrc = rtxSsrc;
                old.reconfigure(st);
                st.out = old;
            } else {
                st.out = new OutboundStream(ssrc, rtxSsrc, st, config.retransmissionCacheSize(), config.random());
            }
            out.put(ssrc, st.out);
        }
        List<Long> gone = new ArrayList<>();
        for (OutboundStream o : outbound.values()) {
            if (!out.containsKey(o.ssrc) && o.sentAny()) {
                gone.add(o.ssrc);
            }
        }
        goodbye(gone);
        outbound = out;

        // what we receive: signalled SSRCs, then the streams that stay
        signalledMid.clear();
        signalledRtxToPrimary.clear();
        signalledPrimaryToRtx.clear();
        Set<Integer> ids = new java.util.LinkedHashSet<>();
        boolean transportCcWanted = false;
        for (SectionState st : fresh.values()) {
            if (!st.receives()) {
                continue;
            }
            for (long s : st.section.remoteSsrcs()) {
                signalledMid.putIfAbsent(s, st.mid);
            }
            for (Map.Entry<Long, Long> e : st.section.remoteRtxSsrcs().entrySet()) {
                signalledMid.putIfAbsent(e.getKey(), st.mid);
                signalledRtxToPrimary.putIfAbsent(e.getValue(), e.getKey());
                signalledPrimaryToRtx.putIfAbsent(e.getKey(), e.getValue());
            }
            if (st.midId > 0) {
                ids.add(st.midId);
            }
            transportCcWanted |= st.transportCcId > 0;
        }
        midIds = ids.stream().mapToInt(Integer::intValue).toArray();
        rtxInbound.clear();
        for (Iterator<InboundStream> it = inbound.values().iterator(); it.hasNext(); ) {
            InboundStream s = it.next();
            String moved = signalledMid.get(s.ssrc);
            SectionState st = fresh.get(s.section.mid);
            if (st == null || !st.receives() || (moved != null && !moved.equals(s.section.mid))) {
                LOG.log(System.Logger.Level.DEBUG, "[RTP] remote stream {0} on mid {1} ends with the new negotiation",
                        s.ssrc, s.section.mid);
                it.remove();
                continue;
            }
            s.section = st;
            Long rtx = signalledPrimaryToRtx.get(s.ssrc);
            if (rtx != null) {
                s.rtxSsrc = rtx;
            }
            if (s.rtxSsrc != 0) {
                rtxInbound.put(s.rtxSsrc, s);
            }
        }
        if (transportCcWanted && transportCc == null) {
            transportCc = new TransportCcGenerator(new TransportCcGenerator.Config(config.receiverSsrc(),
                    config.transportCcIntervalNanos(), Math.min(1200, config.mtu()), 500_000_000L));
        }
        sections = fresh;
        if (nextReport == NO_TIMEOUT && !fresh.isEmpty()) {
            nextReport = now + config.reportIntervalNanos() / 2; // RFC 3550 6.2: the first one after half an interval
        }
        LOG.log(System.Logger.Level.DEBUG, "[RTP] configured {0} sections, sending {1}, signalled remote SSRCs {2}",
                fresh.size(), outbound.keySet(), signalledMid.keySet());
    }

    /**
     * Ends the session: a BYE (after an RR, as RFC 3550 section 6.1 wants it compound) for every SSRC
     * we sent with, and for our receiver SSRC when we received anything, then every section and stream is forgotten and no timer
     * is left. What comes in afterwards matches nothing and is counted as such.
     */
    public void close(long now) {
        List<Long> ssrcs = new ArrayList<>();
        for (OutboundStream o : outbound.values()) {
            if (o.sentAny()) {
                ssrcs.add(o.ssrc);
            }
        }
        if (!inbound.isEmpty()) {
            ssrcs.add(config.receiverSsrc()); // our reports and feedback came from it
        }
        goodbye(ssrcs);
        sections = new LinkedHashMap<>();
        outbound = new LinkedHashMap<>();
        inbound.clear();
        rtxInbound.clear();
        signalledMid.clear();
        signalledRtxToPrimary.clear();
        signalledPrimaryToRtx.clear();
        midIds = new int[0];
        transportCc = null;
        if (pacer != null) {
            sendsDropped += pacer.stats().queuedPackets(); // never sent: the session ended first
            pacer = null;
        }
        nextReport = NO_TIMEOUT;
        nextCheck = NO_TIMEOUT;
        LOG.log(System.Logger.Level.DEBUG, "[RTCP] session closed, BYE for {0}", ssrcs);
    }

    /** An RR of our receiver SSRC and a BYE for {@code ssrcs}, when there are any. */
    private void goodbye(List<Long> ssrcs) {
        for (int i = 0; i < ssrcs.size(); i += 31) {
            transmitRtcp(List.of(new ReceiverReport(config.receiverSsrc(), List.of(), Bytes.EMPTY),
                    new Goodbye(ssrcs.subList(i, Math.min(ssrcs.size(), i + 31)), Bytes.EMPTY)));
        }
    }

    private long fresh(Set<Long> used) {
        long s;
        do {
            s = config.random().nextLong(1, 1L << 32);
        } while (!used.add(s) || s == config.receiverSsrc());
        return s;
    }

    private SectionState section(String mid) {
        SectionState st = sections.get(mid);
        if (st == null) {
            throw new IllegalArgumentException("no media section with mid " + mid);
        }
        return st;
    }

    /** The SSRC we send with on {@code mid}, 0 when the section does not send. */
    public long localSsrc(String mid) {
        SectionState st = sections.get(mid);
        return st == null || st.out == null ? 0 : st.out.ssrc;
    }

    /** The RTX SSRC we retransmit with on {@code mid}, 0 when none. */
    public long localRtxSsrc(String mid) {
        SectionState st = sections.get(mid);
        return st == null || st.out == null || st.out.rtxPayloadType < 0 ? 0 : st.out.rtxSsrc;
    }

    /** The negotiated codec of payload type {@code pt} on {@code mid} (RTX excluded), or {@code null}. */
    public Codec codec(String mid, int pt) {
        SectionState st = sections.get(mid);
        return st == null ? null : st.primary.get(pt);
    }

    // ================================================================== receiving RTP

    /**
     * One RTP packet (already SRTP-unprotected) at {@code plain[off, off+len)}; the bytes are copied,
     * the array may be reused afterwards. An RTCP packet given here by mistake is taken as RTCP.
     */
    public void handleRtp(long now, byte[] plain, int off, int len) {
        if (off < 0 || len < 0 || off > plain.length - len) {
            malformedRtp++;
            return;
        }
        if (RtpPacket.isRtcp(plain, off, len)) {
            handleRtcp(now, plain, off, len);
            return;
        }
        rtpReceived++;
        RtpView v;
        try {
            v = view.wrap(plain, off, len);
        } catch (RtpParseException e) {
            malformedRtp++;
            LOG.log(System.Logger.Level.DEBUG, "[RTP] dropped malformed packet: {0}", e.getMessage());
            return;
        }
        long ssrc = v.ssrc();
        int pt = v.payloadType();
        InboundStream s = inbound.get(ssrc);
        if (s != null && !s.signalled && midIds.length > 0 && !carriesMid(v, s.section)) {
            String mid = readMid(v);
            SectionState other = mid == null || mid.equals(s.section.mid) ? null : sections.get(mid);
            if (other != null && other.receives()) {
                LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0} now carries mid {1} (was {2})", ssrc, mid, s.section.mid);
                remove(s);
                s = null;
            }
        }
        if (s != null) {
            primary(now, s, v, plain, off, len);
            return;
        }
        InboundStream repaired = rtxInbound.get(ssrc);
        if (repaired != null) {
            rtx(now, repaired, v, plain, off, len);
            return;
        }
        Long primarySsrc = signalledRtxToPrimary.get(ssrc);
        if (primarySsrc != null) {
            SectionState st = sections.get(signalledMid.get(primarySsrc));
            feedTransportCc(now, v, st);
            InboundStream p = inbound.get(primarySsrc);
            if (p == null) {
                unroutedRtx++;
                return;
            }
            p.rtxSsrc = ssrc;
            rtxInbound.put(ssrc, p);
            rtx(now, p, v, plain, off, len);
            return;
        }
        String signalled = signalledMid.get(ssrc);
        if (signalled != null) {
            SectionState st = sections.get(signalled);
            if (st.rtxToApt.containsKey(pt) && !st.primary.containsKey(pt)) {
                // an RTX packet on a signalled primary SSRC cannot be: not ours to guess
                unsupportedPayload++;
                return;
            }
            primary(now, create(now, ssrc, st, true), v, plain, off, len);
            return;
        }
        SectionState st = null;
        String mid = midIds.length > 0 ? readMid(v) : null;
        if (mid != null) {
            st = sections.get(mid);
            if (st == null) {
                unknownSsrc++;
                LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0} carries unknown mid {1}: dropped", ssrc, mid);
                return;
            }
        } else {
            st = byPayloadType(pt);
            if (st == null) {
                unknownSsrc++;
                LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0} payload type {1} matches no section: dropped", ssrc, pt);
                return;
            }
        }
        if (!st.receives()) {
            notReceiving++;
            return;
        }
        if (st.primary.containsKey(pt)) {
            primary(now, create(now, ssrc, st, false), v, plain, off, len);
        } else if (st.rtxToApt.containsKey(pt)) {
            feedTransportCc(now, v, st);
            InboundStream p = repairable(st, st.rtxToApt.get(pt));
            if (p == null) {
                unroutedRtx++;
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "[RTP] ssrc {0} is the RTX stream of {1} on mid {2}", ssrc, p.ssrc, st.mid);
            p.rtxSsrc = ssrc;
            rtxInbound.put(ssrc, p);
            rtx(now, p, v, plain, off, len);
        } else {
            feedTransportCc(now, v, st);
            unsupportedPayload++;
        }
    }

    /** The receiving section that {@code pt} identifies alone, or one of several that has no stream yet. */
    private SectionState byPayloadType(int pt) {
        SectionState only = null;
        int n = 0;
        for (SectionState st : sections.values()) {
            if (st.receives() && st.hasPayloadType(pt)) {
                only = st;
                n++;
            }
        }
        if (n <= 1) {
            return only;
        }
        SectionState idle = null;
        int idleCount = 0;
        for (SectionState st : sections.values()) {
            if (st.receives() && st.hasPayloadType(pt) && st.section.remoteSsrcs().isEmpty() && !hasStream(st)) {
                idle = st;
                idleCount++;
            }
        }
        return idleCount == 1 ? idle : null;
    }

    private boolean hasStream(SectionState st) {
        for (InboundStream s : inbound.values()) {
            if (s.section == st) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stream an unsignalled RTX SSRC repairs: among the section's streams without an RTX SSRC yet,
     * one receiving the payload type the RTX one repairs ({@code apt}) before any other, then the one
     * heard last.
     */
    private InboundStream repairable(SectionState st, int apt) {
        InboundStream best = null;
        for (InboundStream s : inbound.values()) {
            if (s.section != st || s.rtxSsrc != 0) {
                continue;
            }
            boolean match = s.payloadType == apt;
            boolean bestMatch = best != null && best.payloadType == apt;
            if (best == null || match && !bestMatch || match == bestMatch && s.lastPacketAt > best.lastPacketAt) {
                best = s;
            }
        }
        return best;
    }

    /** Whether the packet has no mid element, or the mid of {@code st}: no need to read it as text. */
    private boolean carriesMid(RtpView v, SectionState st) {
        for (int id : midIds) {
            int at = v.findExtension(id);
            if (at >= 0 && v.lastExtensionLength() > 0) {
                return st.isMid(v.buffer(), at, v.lastExtensionLength());
            }
        }
        return true;
    }

    private String readMid(RtpView v) {
        for (int id : midIds) {
            int at = v.findExtension(id);
            if (at >= 0 && v.lastExtensionLength() > 0) {
                return new String(v.buffer(), at, v.lastExtensionLength(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private InboundStream create(long now, long ssrc, SectionState st, boolean signalled) {
        if (inbound.size() >= config.maxRemoteStreams()) {
            InboundStream quiet = null;
            for (InboundStream s : inbound.values()) {
                if (quiet == null || s.lastPacketAt < quiet.lastPacketAt) {
                    quiet = s;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "[RTP] {0} remote streams: forgetting ssrc {1}", inbound.size(), quiet.ssrc);
            remove(quiet);
            evicted++;
        }
        InboundStream s = new InboundStream(ssrc, st, signalled, config.assembler());
        s.lastPacketAt = now;
        Long rtx = signalledPrimaryToRtx.get(ssrc);
        if (rtx != null) {
            s.rtxSsrc = rtx;
            rtxInbound.put(rtx, s);
        }
        inbound.put(ssrc, s);
        LOG.log(System.Logger.Level.DEBUG, "[RTP] remote stream {0} starts on mid {1} ({2})", ssrc, st.mid,
                signalled ? "signalled" : "learned");
        events.add(new MediaEvent.TrackStarted(st.mid, ssrc));
        return s;
    }

    private void remove(InboundStream s) {
        inbound.remove(s.ssrc);
        if (s.rtxSsrc != 0) {
            rtxInbound.remove(s.rtxSsrc, s);
        }
    }

    private void feedTransportCc(long now, RtpView v, SectionState st) {
        if (transportCc != null && st != null && st.transportCcId > 0) {
            int at = v.findExtension(st.transportCcId);
            if (at >= 0 && v.lastExtensionLength() == 2) {
                byte[] b = v.buffer();
                transportCc.handleInput(now, v.ssrc(), ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
            }
        }
    }

    private void primary(long now, InboundStream s, RtpView v, byte[] plain, int off, int len) {
        feedTransportCc(now, v, s.section);
        int payload = v.payloadLength();
        int r = s.receive(now, v.sequenceNumber(), v.timestamp(), v.marker(), v.payloadType(), plain, v.payloadOffset(),
                payload, len - payload, false);
        if (r == -2) {
            unsupportedPayload++;
            return;
        }
        if (r == 0 && config.emitRtpPackets()) {
            try {
                events.add(new MediaEvent.RtpReceived(s.section.mid, RtpPacket.parse(plain, off, len)));
            } catch (RtpParseException e) {
                malformedRtp++; // the view took it, so this does not happen
            }
        }
        afterReceive(now, s);
    }

    private void rtx(long now, InboundStream s, RtpView v, byte[] plain, int off, int len) {
        feedTransportCc(now, v, s.section);
        Integer apt = s.section.rtxToApt.get(v.payloadType());
        if (apt == null) {
            unsupportedPayload++;
            return;
        }
        int payload = v.payloadLength();
        if (payload == 0) {
            return; // padding only: a bandwidth probe, already counted for transport-cc
        }
        if (payload < 2) {
            malformedRtp++;
            LOG.log(System.Logger.Level.DEBUG, "[RTP] RTX packet {0} of ssrc {1} has no original sequence number",
                    v.sequenceNumber(), v.ssrc());
            return;
        }
        byte[] b = v.buffer();
        int osn = ((b[v.payloadOffset()] & 0xff) << 8) | (b[v.payloadOffset() + 1] & 0xff);
        int r = s.receive(now, osn, v.timestamp(), v.marker(), apt, plain, v.payloadOffset() + 2, payload - 2,
                len - payload, true);
        if (r == -2) {
            unsupportedPayload++;
            return;
        }
        if (r == 0 && config.emitRtpPackets()) {
            try {
                events.add(new MediaEvent.RtpReceived(s.section.mid, Rtx.unwrap(RtpPacket.parse(plain, off, len), apt, s.ssrc)));
            } catch (RtpParseException e) {
                malformedRtp++;
            }
        }
        afterReceive(now, s);
    }

    private void afterReceive(long now, InboundStream s) {
        s.drainFrames(this::frame);
        if (s.needsCheck() && nextCheck == NO_TIMEOUT) {
            nextCheck = now + config.nackCheckIntervalNanos();
        }
        if (s.keyframeWanted) {
            List<RtcpPacket> fb = new ArrayList<>(1);
            keyframeRequest(now, s, fb);
            sendFeedback(fb);
        }
    }

    private void frame(InboundStream s, io.jrtc.rtp.stream.AssembledFrame f, int pt) {
        events.add(new MediaEvent.FrameReceived(s.section.mid, f, pt));
    }

    // ================================================================== receiving RTCP

    /**
     * One compound RTCP packet (already SRTCP-unprotected): every part goes to what it concerns, by
     * SSRC — sender reports to the remote stream's statistics, report blocks to the stream of ours
     * they describe, NACK/PLI/FIR to the stream they name. A malformed part is counted and skipped;
     * the parts after it are still read when its length is sound.
     */
    public void handleRtcp(long now, byte[] plain, int off, int len) {
        rtcpReceived++;
        if (off < 0 || len <= 0 || off > plain.length - len) {
            malformedRtcp++;
            return;
        }
        int end = off + len;
        int p = off;
        while (p < end) {
            if (end - p < 4) {
                malformedRtcp++;
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] {0} stray bytes after the last packet", end - p);
                return;
            }
            int size = 4 + 4 * (((plain[p + 2] & 0xff) << 8) | (plain[p + 3] & 0xff));
            if (size > end - p) {
                malformedRtcp++;
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] packet of {0} bytes runs past the datagram ({1} left)", size, end - p);
                return;
            }
            try {
                rtcp(now, RtcpPacket.parse(plain, p, size));
            } catch (RtpParseException e) {
                malformedRtcp++;
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] dropped malformed packet: {0}", e.getMessage());
            }
            p += size;
        }
    }

    private void rtcp(long now, RtcpPacket packet) {
        if (packet instanceof SenderReport sr) {
            InboundStream s = inbound.get(sr.ssrc());
            if (s != null) {
                s.onSenderReport(sr, now);
            }
            blocks(now, sr.reports());
        } else if (packet instanceof ReceiverReport rr) {
            blocks(now, rr.reports());
        } else if (packet instanceof GenericNack nack) {
            OutboundStream o = outbound.get(nack.mediaSsrc());
            if (o != null) {
                List<RtpPacket> again = o.answer(nack);
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] NACK for {0} on mid {1}: {2} retransmitted",
                        nack.lostSequenceNumbers(), o.section.mid, again.size());
                for (RtpPacket r : again) {
                    send(now, o, r, true);
                }
            }
        } else if (packet instanceof PictureLossIndication pli) {
            OutboundStream o = outbound.get(pli.mediaSsrc());
            if (o != null) {
                o.pliCount++;
                LOG.log(System.Logger.Level.DEBUG, "[RTCP] PLI for mid {0}", o.section.mid);
                events.add(new MediaEvent.KeyframeRequested(o.section.mid));
            }
        } else if (packet instanceof FullIntraRequest fir) {
            for (FullIntraRequest.Entry e : fir.entries()) {
                OutboundStream o = outbound.get(e.ssrc());
                if (o != null && o.newFir(e.sequenceNumber())) {
                    LOG.log(System.Logger.Level.DEBUG, "[RTCP] FIR #{0} for mid {1}", e.sequenceNumber(), o.section.mid);
                    events.add(new MediaEvent.KeyframeRequested(o.section.mid));
                }
            }
        } else if (packet instanceof Goodbye bye) {
            for (long ssrc : bye.ssrcs()) {
                InboundStream s = inbound.get(ssrc);
                if (s != null) {
                    s.ended = true;
                    LOG.log(System.Logger.Level.DEBUG, "[RTCP] BYE from ssrc {0} on mid {1}", ssrc, s.section.mid);
                }
            }
        } else if (packet instanceof Remb remb) {
            rembBitrate = remb.bitrate();
            if (bwe != null) {
                bwe.onRemb(now, remb.bitrate());
                estimates(now);
            }
        } else if (packet instanceof TransportCcFeedback f) {
            transportCcReceived++;
            if (bwe != null) {
                bwe.onTransportCcFeedback(now, f);
                estimates(now);
            }
        } else if (packet instanceof CongestionControlFeedback f) {
            if (bwe != null) {
                bwe.onCongestionControlFeedback(now, f);
                estimates(now);
            }
        }
    }

    private void blocks(long now, List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            OutboundStream o = outbound.get(b.ssrc());
            if (o != null) {
                ReportBlock previous = o.lastBlock;
                long rttsBefore = o.rttMeasurements;
                o.onReportBlock(b, ntp(now));
                if (o.rttMeasurements > rttsBefore) {
                    roundTripNanos = (long) (o.lastRtt * 1e9);
                }
                if (bwe != null) {
                    if (o.rttMeasurements > rttsBefore) {
                        bwe.onRtt(now, (long) (o.lastRtt * 1e9));
                    }
                    long expected = previous == null ? 0 : b.extendedHighestSequence() - previous.extendedHighestSequence();
                    if (expected > 0) {
                        bwe.onReceiverReportLoss(now, b.fractionLost(), expected); // used only without per-packet feedback
                    }
                    estimates(now);
                }
            }
        }
    }

    // ================================================================== sending

    /**
     * Packetizes one encoded frame (VP8/VP9/AV1 frame, H.264/H.265 access unit in Annex B, Opus packet,
     * any other audio frame as one packet) with the first negotiated codec jrtc can packetize on
     * {@code mid}, and queues its packets. Frames given for a section that does not send (yet) are
     * counted and dropped.
     *
     * @throws IllegalArgumentException if there is no section {@code mid}, or the codec cannot cut
     *     the frame to the MTU (an Opus packet or an H.264 packetization-mode 0 NAL unit too large)
     */
    public void sendFrame(long now, String mid, byte[] frame, long rtpTimestamp) {
        SectionState st = section(mid);
        OutboundStream o = st.out;
        if (o == null || !o.canSendFrames()) {
            sendsDropped++;
            LOG.log(System.Logger.Level.DEBUG, "[RTP] mid {0} does not send with a codec jrtc packetizes: frame dropped", mid);
            return;
        }
        int max = st.maxPayload(config.mtu(), o.rtxPayloadType >= 0);
        for (RtpPacket p : o.packetize(now, frame, rtpTimestamp, max)) {
            send(now, o, p, false);
        }
    }

    /**
     * Forwards an RTP packet from elsewhere (another session's {@link MediaEvent.RtpReceived}) on
     * {@code mid}: our SSRC, the packet's payload type when it is negotiated here (else the section's
     * sending codec's), our sequence numbers, the packet's timestamp, marker, CSRCs and payload; our
     * header extensions replace its own; cached for NACKs. See {@link #sendRtp(long, String, RtpPacket, Codec)}.
     */
    public void sendRtp(long now, String mid, RtpPacket packet) {
        sendRtp(now, mid, packet, null);
    }

    /**
     * Like {@link #sendRtp(long, String, RtpPacket)}, with the codec the packet is in (from its source,
     * e.g. {@code source.codec(sourceMid, packet.payloadType())}): it is sent with the payload type
     * this section negotiated for the same codec. Sequence numbers follow the source's at a fixed
     * offset, so a loss upstream stays a hole the receiver can NACK, and continue ours without a jump
     * whenever the source SSRC changes or frames were sent in between; a packet older than that
     * switch is dropped. Packets larger than the MTU after our extensions are sent as they are.
     */
    public void sendRtp(long now, String mid, RtpPacket packet, Codec sourceCodec) {
        SectionState st = section(mid);
        OutboundStream o = st.out;
        int pt = -1;
        if (o != null) {
            if (sourceCodec != null) {
                for (Codec c : st.section.codecs()) {
                    if (c.matches(sourceCodec)) {
                        pt = c.payloadType();
                        break;
                    }
                }
            } else if (st.primary.containsKey(packet.payloadType())) {
                pt = packet.payloadType();
            }
            if (pt < 0) {
                Codec c = st.sendCodec != null ? st.sendCodec : st.section.codecs().isEmpty() ? null : st.section.codecs().get(0);
                pt = c == null ? -1 : c.payloadType();
            }
        }
        RtpPacket p = pt < 0 ? null : o.forward(now, packet, pt);
        if (p == null) {
            sendsDropped++;
            return;
        }
        send(now, o, p, false);
    }

    /**
     * Hands one packet to the pacer (audio first, then retransmissions, then video; see
     * {@link Pacer}); it goes on the wire, with our header extensions, when the pacer lets it.
     */
    private void send(long now, OutboundStream o, RtpPacket base, boolean retransmission) {
        if (bwe == null) {
            // probes are measured from transport-cc feedback only: without it they would be padding for nothing
            boolean feedback = false;
            for (SectionState s2 : sections.values()) {
                feedback |= s2.out != null && s2.transportCcId > 0;
            }
            bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults().withProbing(feedback));
        }
        if (pacer == null) {
            pacer = new Pacer<>(PACER_CONFIG, bwe.pacingRateBps());
            estimates(now);
        }
        Pacer.Kind kind = retransmission ? Pacer.Kind.RETRANSMISSION
                : o.section.kind == MediaKind.AUDIO ? Pacer.Kind.AUDIO : Pacer.Kind.VIDEO;
        pacer.enqueue(now, new Queued(o, base, retransmission), base.encodedLength() + o.section.extensionLength(), kind);
        runPacer(now);
    }

    /** Sends what the pacer releases at {@code now}, and starts a probe the estimator asked for meanwhile. */
    private void runPacer(long now) {
        drainPacer(now);
        for (int i = 0; i < 4 && pacer.pollTimeout() <= now; i++) {
            pacer.handleTimeout(now);
            drainPacer(now);
        }
    }

    private void drainPacer(long now) {
        for (Pacer.Sent<Queued> s; (s = pacer.pollTransmit()) != null; ) {
            if (s.padding()) {
                padding(now, s.size(), s.probeCluster());
                continue;
            }
            Queued q = s.packet();
            if (outbound.get(q.stream().ssrc) != q.stream()) {
                sendsDropped++; // its section stopped sending while the packet waited
                continue;
            }
            wire(now, q.stream(), q.packet(), q.retransmission(), s.probeCluster(), false);
        }
        for (Pacer.Dropped<Queued> d; (d = pacer.pollEvent()) != null; ) {
            sendsDropped++;
            LOG.log(System.Logger.Level.DEBUG, "[PACER] queue full: dropped packet {0} of mid {1}",
                    d.packet().packet().sequenceNumber(), d.packet().stream().section.mid);
        }
    }

    /**
     * Padding the pacer wants for a probe: a padding-only packet on the RTX stream of a video section
     * when RTX is negotiated (the receiver drops it after counting it for transport-cc), else a
     * padding-only packet on its primary stream (it takes a sequence number; receivers skip it).
     * Sent only on a section that already sent media, with transport-cc; otherwise counted and skipped.
     */
    private void padding(long now, int size, int probeCluster) {
        OutboundStream pick = null;
        for (OutboundStream o : outbound.values()) {
            if (o.sentAny() && o.section.transportCcId > 0 && o.section.kind == MediaKind.VIDEO
                    && (pick == null || pick.rtxPayloadType < 0 && o.rtxPayloadType >= 0)) {
                pick = o;
            }
        }
        if (pick == null) {
            paddingSkipped++;
            return;
        }
        int overhead = RtpPacket.FIXED_HEADER + pick.section.extensionLength();
        int pad = Math.max(1, Math.min(255, size - overhead));
        RtpPacket p = pick.paddingPacket(pad);
        wire(now, pick, p, false, probeCluster, true);
    }

    private void wire(long now, OutboundStream o, RtpPacket base, boolean retransmission, int probeCluster, boolean padding) {
        SectionState st = o.section;
        ExtensionBlock ext = st.extension(transportSequence, now);
        int stamped = -1;
        if (st.transportCcId > 0) {
            stamped = transportSequence;
            transportSequence = (transportSequence + 1) & 0xffff;
        }
        byte[] wire = (ext == null ? base : base.withExtension(ext)).encode();
        if (padding) {
            paddingPacketsSent++;
            paddingBytesSent += wire.length;
        } else {
            o.onWire(base, wire.length, retransmission);
        }
        transmits.add(wire);
        rtpSent++;
        bwe.onPacketSent(now, stamped, base.ssrc(), base.sequenceNumber(), wire.length, probeCluster, padding);
        estimates(now);
    }

    /**
     * Each significant change of the estimate as a {@link MediaEvent.TargetBitrateChanged} for every
     * section that sends.
     */
    private void estimates(long now) {
        for (BandwidthEstimate e; (e = bwe.pollEvent()) != null; ) {
            LOG.log(System.Logger.Level.DEBUG, "[BWE] target {0} kbit/s (delay-based {1}, loss-based {2}, REMB {3})",
                    e.targetBps() / 1000, e.delayBasedBps() / 1000, e.lossBasedBps() / 1000, e.rembBps());
            for (SectionState st : sections.values()) {
                if (st.out != null) {
                    events.add(new MediaEvent.TargetBitrateChanged(st.mid, targetBitrate(st.mid), e));
                }
            }
        }
        if (pacer != null) {
            pacer.setPacingRate(Math.max(1, bwe.pacingRateBps()));
            for (ProbeCluster c; (c = bwe.pollTransmit()) != null; ) {
                LOG.log(System.Logger.Level.DEBUG, "[BWE] probe {0} at {1} kbit/s", c.id(), c.bitrateBps() / 1000);
                pacer.addProbe(c);
            }
        }
    }

    /**
     * What the estimator lets us send in all, bits per second: min(delay-based estimate from
     * transport-cc or RFC 8888 feedback, loss-based bound, the remote's REMB); -1 before the first
     * packet was sent.
     */
    public long availableOutgoingBitrate() {
        return bwe == null ? -1 : bwe.targetBps();
    }

    /**
     * The share of {@link #availableOutgoingBitrate()} for what we send on {@code mid}: the target
     * split evenly over the sections that send (the application may divide it otherwise); -1 when
     * the section does not send or nothing was sent yet.
     */
    public long targetBitrate(String mid) {
        SectionState st = sections.get(mid);
        if (bwe == null || st == null || st.out == null) {
            return -1;
        }
        int senders = 0;
        for (SectionState s2 : sections.values()) {
            if (s2.out != null) {
                senders++;
            }
        }
        return bwe.targetBps() / Math.max(1, senders);
    }

    /** The pacer's counters (packets and bytes sent, padding asked for, probes, queue), or null before the first packet. */
    public Pacer.Stats pacerStats() {
        return pacer == null ? null : pacer.stats();
    }

    /**
     * What was sent to probe the bandwidth.
     *
     * @param packetsSent     padding-only packets sent
     * @param bytesSent       their bytes on the wire (before SRTP)
     * @param requestsSkipped padding the pacer asked for while no video section with transport-cc had sent media
     */
    public record PaddingCounters(long packetsSent, long bytesSent, long requestsSkipped) {
    }

    /** {@return the padding sent for probes so far} */
    public PaddingCounters paddingCounters() {
        return new PaddingCounters(paddingPacketsSent, paddingBytesSent, paddingSkipped);
    }

    /** The estimator's counters (feedback for packets we never sent included), or null before the first packet. */
    public BandwidthEstimator.Stats bandwidthEstimatorStats() {
        return bwe == null ? null : bwe.stats();
    }

    // ================================================================== keyframes and feedback

    /**
     * Asks every remote sender on {@code mid} for a keyframe: PLI when {@code nack pli} was
     * negotiated, else FIR when {@code ccm fir} was; nothing when neither. Requests for one stream are
     * at least {@link MediaConfig#keyframeRequestIntervalNanos()} apart: a request within that time
     * goes out when it has passed (unless a keyframe arrived meanwhile).
     */
    public void requestKeyframe(long now, String mid) {
        SectionState st = section(mid);
        List<RtcpPacket> fb = new ArrayList<>();
        for (InboundStream s : inbound.values()) {
            if (s.section == st && s.video()) {
                s.keyframeWanted = true;
                keyframeRequest(now, s, fb);
            }
        }
        sendFeedback(fb);
    }

    private void keyframeRequest(long now, InboundStream s, List<RtcpPacket> fb) {
        if (!s.keyframeWanted || (s.lastKeyframeRequestAt != Long.MIN_VALUE
                && now - s.lastKeyframeRequestAt < config.keyframeRequestIntervalNanos())) {
            return;
        }
        Codec c = s.codec;
        if (c == null) {
            for (Codec k : s.section.section.codecs()) {
                if (PayloadFormats.isMedia(k)) {
                    c = k;
                    break;
                }
            }
        }
        s.keyframeWanted = false;
        if (c != null && PayloadFormats.hasFeedback(c, "nack", "pli")) {
            fb.add(new PictureLossIndication(config.receiverSsrc(), s.ssrc));
            s.pliCount++;
        } else if (c != null && PayloadFormats.hasFeedback(c, "ccm", "fir")) {
            fb.add(new FullIntraRequest(config.receiverSsrc(), 0,
                    List.of(new FullIntraRequest.Entry(s.ssrc, s.firSequence))));
            s.firSequence = (s.firSequence + 1) & 0xff;
            s.firCount++;
        } else {
            LOG.log(System.Logger.Level.DEBUG, "[RTCP] ssrc {0} needs a keyframe but neither PLI nor FIR was negotiated", s.ssrc);
            return;
        }
        s.lastKeyframeRequestAt = now;
        LOG.log(System.Logger.Level.DEBUG, "[RTCP] keyframe request for ssrc {0} on mid {1}", s.ssrc, s.section.mid);
    }

    /** Feedback packets in as few compound datagrams as the MTU allows. */
    private void sendFeedback(List<RtcpPacket> fb) {
        List<RtcpPacket> batch = new ArrayList<>();
        int size = 0;
        for (RtcpPacket p : fb) {
            if (!batch.isEmpty() && size + p.encodedLength() > config.mtu()) {
                transmitRtcp(batch);
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(p);
            size += p.encodedLength();
        }
        if (!batch.isEmpty()) {
            transmitRtcp(batch);
        }
    }

    private void transmitRtcp(List<RtcpPacket> parts) {
        transmits.add(RtcpPacket.encodeCompound(parts));
        rtcpSent++;
    }

    // ================================================================== timers

    /**
     * How long a NACKed packet may take before it is NACKed again: one round trip (the latest that
     * a remote receiver's report block measured for any stream we send) plus one NACK check interval,
     * at most 1 s; before any measurement, the assembler's configured interval (100 ms by default,
     * libwebrtc's round-trip time before it has one). A packet still missing after the assembler's
     * {@code maxNacks} NACKs is given up: the stream skips to the next keyframe or asks for one (PLI,
     * else FIR, as negotiated; at most one per {@link MediaConfig#keyframeRequestIntervalNanos()}).
     */
    private long nackRetryNanos() {
        if (roundTripNanos <= 0) {
            return config.assembler().nackIntervalNanos();
        }
        return Math.min(1_000_000_000L, roundTripNanos + config.nackCheckIntervalNanos());
    }

    /** NACKs and keyframe requests, transport-cc feedback and the periodic reports that are due. */
    @Override
    public void handleTimeout(long now) {
        if (pacer != null && pacer.pollTimeout() <= now) {
            runPacer(now);
        }
        if (bwe != null) {
            bwe.handleTimeout(now); // time passing with nothing sent is an application-limited region too
        }
        List<RtcpPacket> fb = new ArrayList<>();
        if (now >= nextCheck) {
            boolean again = false;
            for (InboundStream s : inbound.values()) {
                if (!s.needsCheck()) {
                    continue;
                }
                List<Integer> lost = s.nacksDue(now, nackRetryNanos());
                if (!lost.isEmpty() && s.codec != null && PayloadFormats.hasFeedback(s.codec, "nack", null)) {
                    fb.add(GenericNack.of(config.receiverSsrc(), s.ssrc, lost));
                    s.nackCount++;
                }
                s.drainFrames(this::frame);
                again |= s.needsCheck();
            }
            nextCheck = again ? now + config.nackCheckIntervalNanos() : NO_TIMEOUT;
        }
        for (InboundStream s : inbound.values()) {
            keyframeRequest(now, s, fb);
        }
        sendFeedback(fb);
        if (transportCc != null) {
            transportCc.handleTimeout(now);
            for (TransportCcFeedback f; (f = transportCc.pollTransmit()) != null; ) {
                transmits.add(f.encode());
                rtcpSent++;
                transportCcSent++;
            }
        }
        if (now >= nextReport) {
            reports(now);
            nextReport = now + config.reportIntervalNanos();
        }
    }

    /**
     * Sender reports for every stream we sent on (with SDES CNAME), the report blocks of every remote
     * stream heard since the last time in the first SRs, or in an RR of our receiver SSRC.
     */
    private void reports(long now) {
        List<ReportBlock> blocks = new ArrayList<>();
        for (InboundStream s : inbound.values()) {
            ReportBlock b = s.reportBlock(now);
            if (b != null) {
                blocks.add(b);
            }
        }
        int perPacket = Math.max(1, Math.min(31, (config.mtu() - 28 - 64) / ReportBlock.LENGTH));
        List<RtcpPacket> reports = new ArrayList<>();
        List<String> cnames = new ArrayList<>();
        int next = 0;
        long ntp = ntp(now);
        for (OutboundStream o : outbound.values()) {
            if (!o.sentAny()) {
                continue;
            }
            List<ReportBlock> mine = blocks.subList(next, Math.min(blocks.size(), next + perPacket));
            next += mine.size();
            reports.add(new SenderReport(o.ssrc, ntp, o.rtpTimestampAt(now), o.srPackets & 0xffffffffL,
                    o.srOctets & 0xffffffffL, mine, Bytes.EMPTY));
            cnames.add(o.section.section.cname());
        }
        while (next < blocks.size() || reports.isEmpty() && !inbound.isEmpty()) {
            List<ReportBlock> mine = blocks.subList(next, Math.min(blocks.size(), next + perPacket));
            next += mine.size();
            reports.add(new ReceiverReport(config.receiverSsrc(), mine, Bytes.EMPTY));
            cnames.add(sections.isEmpty() ? "jrtc" : sections.values().iterator().next().section.cname());
        }
        if (reports.isEmpty()) {
            return;
        }
        // one compound while it fits, else one per report (each with its own SDES)
        List<RtcpPacket> all = new ArrayList<>(reports);
        all.add(sdes(reports, cnames, 0, reports.size()));
        int size = 0;
        for (RtcpPacket p : all) {
            size += p.encodedLength();
        }
        if (size <= config.mtu() || reports.size() == 1) {
            transmitRtcp(all);
            return;
        }
        for (int i = 0; i < reports.size(); i++) {
            transmitRtcp(List.of(reports.get(i), sdes(reports, cnames, i, i + 1)));
        }
    }

    private static SourceDescription sdes(List<RtcpPacket> reports, List<String> cnames, int from, int to) {
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        Set<Long> done = new HashSet<>();
        for (int i = from; i < to && chunks.size() < 31; i++) {
            RtcpPacket r = reports.get(i);
            long ssrc = r instanceof SenderReport sr ? sr.ssrc() : ((ReceiverReport) r).ssrc();
            if (done.add(ssrc)) {
                chunks.add(new SourceDescription.Chunk(ssrc, List.of(SourceDescription.Item.cname(cnames.get(i)))));
            }
        }
        return new SourceDescription(chunks);
    }

    /** Our 64-bit NTP time at {@code now}. */
    private long ntp(long now) {
        long t = config.ntpOffsetNanos() + now;
        long seconds = Long.divideUnsigned(t, 1_000_000_000L);
        long fraction = (Long.remainderUnsigned(t, 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | fraction;
    }

    // ================================================================== engine outputs

    /** The next plaintext RTP packet or compound RTCP packet to protect and send, or {@code null}. */
    @Override
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    @Override
    public MediaEvent pollEvent() {
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        long t = Math.min(nextReport, nextCheck);
        if (pacer != null) {
            t = Math.min(t, pacer.pollTimeout());
        }
        if (transportCc != null) {
            t = Math.min(t, transportCc.pollTimeout());
        }
        for (InboundStream s : inbound.values()) {
            if (s.keyframeWanted) {
                t = Math.min(t, s.lastKeyframeRequestAt == Long.MIN_VALUE ? s.lastPacketAt
                        : s.lastKeyframeRequestAt + config.keyframeRequestIntervalNanos());
            }
        }
        return t;
    }

    // ================================================================== stats

    /** An immutable snapshot of every stream's counters and the session's. */
    public MediaStats stats(long now) {
        List<MediaStats.Inbound> in = new ArrayList<>();
        for (InboundStream s : inbound.values()) {
            in.add(s.stats());
        }
        List<MediaStats.Outbound> out = new ArrayList<>();
        for (OutboundStream o : outbound.values()) {
            out.add(o.stats(targetBitrate(o.section.mid)));
        }
        List<MediaStats.CodecEntry> codecs = new ArrayList<>();
        for (SectionState st : sections.values()) {
            for (Codec c : st.section.codecs()) {
                codecs.add(new MediaStats.CodecEntry(st.mid, c.payloadType(), PayloadFormats.mimeType(st.kind, c),
                        c.clockRate(), c.channels(), PayloadFormats.fmtpLine(c), c.rtxPayloadType()));
            }
        }
        return new MediaStats(now, in, out, codecs, new MediaStats.Counters(rtpReceived, rtcpReceived, rtpSent, rtcpSent,
                malformedRtp, malformedRtcp, unknownSsrc, unsupportedPayload, unroutedRtx, notReceiving, sendsDropped,
                transportCcSent, transportCcReceived, rembBitrate, evicted), availableOutgoingBitrate());
    }

    /** The kind of section {@code mid}, or {@code null} when there is none. */
    public MediaKind kind(String mid) {
        SectionState st = sections.get(mid);
        return st == null ? null : st.kind;
    }
}
