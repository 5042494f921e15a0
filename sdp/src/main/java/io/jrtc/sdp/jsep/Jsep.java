package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.CandidateAttribute;
import io.jrtc.sdp.Connection;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.Origin;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSEP offer/answer rules (RFC 8829) over plain values: no other jrtc layer is needed. The
 * future {@code webrtc} module hands in transceivers, codecs and the ICE/DTLS parameters its layers
 * produced, and gets back descriptions to send and the negotiated result to configure its layers.
 * Everything here is a pure function of its arguments.
 */
public final class Jsep {
    private static final System.Logger LOG = System.getLogger("jrtc.sdp");

    /** The RTP profile of every WebRTC media section (RFC 8829 section 5.1.2). */
    public static final String RTP_PROFILE = "UDP/TLS/RTP/SAVPF";
    /** The data channel profile (RFC 8841). */
    public static final String SCTP_PROFILE = "UDP/DTLS/SCTP";
    /** The port written before candidates are known (RFC 8829 section 5.2.1). */
    public static final int DISCARD_PORT = 9;

    private Jsep() {
    }

    // ================================================================== offer

    /**
     * Creates an offer (RFC 8829 sections 5.2.1 and 5.2.2).
     *
     * <p>A first offer ({@code previous == null}) writes one m= section per transceiver in order, then
     * the data channel section. A subsequent offer keeps the m= line order and mids of
     * {@code previous}: a stopped transceiver's section gets port 0; a section rejected last time whose
     * transceiver is gone or stopped is recycled for a new transceiver (with a new mid); other new
     * transceivers are appended. The session id stays, the version is {@code sessionVersion}.
     *
     * @param dataChannel {@code null} for no data channel section
     * @param sessionId the session id of the o= line
     * @param sessionVersion the session version of the o= line
     * @param transport the transport as written (udp, UDP, tcp)
     * @param transceivers the transceivers, one media section each
     * @param previous the previous offer in this session, or null for the first
     * @return the offer and the transceivers with their mids
     */
    public static Offer createOffer(String sessionId, long sessionVersion, TransportParameters transport,
            List<Transceiver> transceivers, DataChannelParameters dataChannel, SessionDescription previous) {
        List<MediaDescription> prev = previous == null ? List.of() : previous.media();
        Set<String> usedMids = new LinkedHashSet<>();
        for (MediaDescription m : prev) {
            if (m.mid() != null) {
                usedMids.add(m.mid());
            }
        }
        Map<String, Transceiver> byMid = new LinkedHashMap<>();
        List<Transceiver> fresh = new ArrayList<>();
        for (Transceiver t : transceivers) {
            if (t.mid() != null) {
                byMid.put(t.mid(), t);
                usedMids.add(t.mid());
            } else if (!t.stopped()) {
                fresh.add(t);
            }
        }
        int[] nextMid = {0};
        for (String mid : usedMids) {
            if (mid.chars().allMatch(Character::isDigit) && mid.length() < 9) {
                nextMid[0] = Math.max(nextMid[0], Integer.parseInt(mid) + 1);
            }
        }

        // Slots in m= line order: a transceiver, the data channel, or a free (recyclable) section.
        List<Object> slots = new ArrayList<>();
        String dataMid = null;
        for (MediaDescription m : prev) {
            String mid = m.mid();
            Transceiver t = mid == null ? null : byMid.remove(mid);
            if (t != null && t.stopped() && m.port() == 0) {
                slots.add(m);               // stopped and already rejected: recyclable
            } else if (t != null) {
                slots.add(t);
            } else if (m.isDataChannel() && dataChannel != null && !m.isRejected()) {
                dataMid = mid;
                slots.add(DATA);
            } else if (m.isRejected()) {
                slots.add(m.withPort(0));   // recyclable
            } else {
                slots.add(m);               // its owner went away: reject now, recycle later
            }
        }
        for (Transceiver t : byMid.values()) {   // mids unknown to previous: append in given order
            slots.add(t);
        }
        List<Transceiver> assigned = new ArrayList<>();
        for (Transceiver t : fresh) {
            Transceiver withMid = t.withMid(Integer.toString(nextMid[0]++));
            int free = firstFree(slots);
            if (free >= 0) {
                LOG.log(System.Logger.Level.DEBUG, "[SDP] recycling rejected m-section {0} for mid {1}", free,
                        withMid.mid());
                slots.set(free, withMid);
            } else {
                slots.add(withMid);
            }
            assigned.add(withMid);
        }
        if (dataChannel != null && dataMid == null) {
            dataMid = Integer.toString(nextMid[0]++);
            int free = firstFree(slots);
            if (free >= 0) {
                slots.set(free, DATA);
            } else {
                slots.add(DATA);
            }
        }

        List<MediaDescription> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        for (Object slot : slots) {
            if (slot == DATA) {
                media.add(dataSection(SCTP_PROFILE, false, dataMid, transport, SetupRole.ACTPASS, dataChannel, null));
                bundle.add(dataMid);
            } else if (slot instanceof Transceiver) {
                Transceiver t = (Transceiver) slot;
                if (t.stopped()) {
                    media.add(rejected(t.kind().token(), RTP_PROFILE, formats(t.codecs()), t.mid()));
                } else {
                    media.add(offerSection(t, transport));
                    bundle.add(t.mid());
                    if (t.send() != null && t.direction().sends() && !streams.contains(t.send().streamId())) {
                        streams.add(t.send().streamId());
                    }
                }
            } else {
                MediaDescription m = (MediaDescription) slot;
                media.add(rejected(m.media(), m.protocol(), m.formats(), m.mid()));
            }
        }
        List<Transceiver> result = new ArrayList<>();
        for (Transceiver t : transceivers) {
            if (t.mid() == null && !t.stopped()) {
                result.add(assigned.remove(0));
            } else {
                result.add(t);
            }
        }
        SessionDescription d = SessionDescription.of(origin(sessionId, sessionVersion),
                sessionAttributes(bundle, streams), media);
        LOG.log(System.Logger.Level.DEBUG, "[SDP] offer v{0}: {1} m-sections, BUNDLE {2}", sessionVersion,
                media.size(), bundle);
        return new Offer(d, result, dataMid);
    }

    private static final Object DATA = new Object();

    private static int firstFree(List<Object> slots) {
        for (int i = 0; i < slots.size(); i++) {
            Object s = slots.get(i);
            if (s instanceof MediaDescription && ((MediaDescription) s).port() == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Origin origin(String sessionId, long version) {
        return new Origin("-", sessionId, version, "IN", "IP4", "127.0.0.1");
    }

    private static List<Attribute> sessionAttributes(List<String> bundle, List<String> streams) {
        List<Attribute> a = new ArrayList<>();
        if (!bundle.isEmpty()) {
            a.add(new Attribute.Group("BUNDLE", bundle));
        }
        a.add(new Attribute.MsidSemantic("WMS", streams, true));
        return a;
    }

    private static List<String> formats(List<Codec> codecs) {
        List<String> f = new ArrayList<>();
        for (Codec c : codecs) {
            f.add(Integer.toString(c.payloadType()));
            if (c.rtxPayloadType() != null) {
                f.add(Integer.toString(c.rtxPayloadType()));
            }
        }
        return f;
    }

    private static void transportAttributes(List<Attribute> a, TransportParameters transport, SetupRole setup,
            String mid) {
        a.add(new Attribute.IceUfrag(transport.iceUfrag()));
        a.add(new Attribute.IcePwd(transport.icePwd()));
        if (!transport.iceOptions().isEmpty()) {
            a.add(new Attribute.IceOptions(transport.iceOptions()));
        }
        a.addAll(transport.fingerprints());
        a.add(new Attribute.Setup(setup));
        if (mid != null) {
            a.add(new Attribute.Mid(mid));
        }
    }

    private static MediaDescription offerSection(Transceiver t, TransportParameters transport) {
        List<Attribute> a = new ArrayList<>();
        a.add(new Attribute.Rtcp(DISCARD_PORT, "IN", "IP4", "0.0.0.0"));
        transportAttributes(a, transport, SetupRole.ACTPASS, t.mid());
        for (HeaderExtension e : t.extensions()) {
            a.add(new Attribute.Extmap(e.id(), e.direction(), e.uri(), null));
        }
        a.add(new Attribute.MediaDirection(t.direction()));
        SendStream s = t.direction().sends() ? t.send() : null;
        if (s != null) {
            a.add(new Attribute.Msid(s.streamId(), s.trackId()));
        }
        a.add(new Attribute.Flag("rtcp-mux"));
        a.add(new Attribute.Flag("rtcp-rsize"));
        codecAttributes(a, t.codecs());
        if (s != null) {
            ssrcAttributes(a, s, t.codecs().stream().anyMatch(c -> c.rtxPayloadType() != null));
        }
        return MediaDescription.of(t.kind().token(), DISCARD_PORT, RTP_PROFILE, formats(t.codecs()),
                Connection.unspecifiedIp4(), a);
    }

    private static void codecAttributes(List<Attribute> a, List<Codec> codecs) {
        for (Codec c : codecs) {
            a.add(new Attribute.Rtpmap(c.payloadType(), c.name(), c.clockRate(), c.channels()));
            for (RtcpFeedback fb : c.feedback()) {
                a.add(new Attribute.RtcpFb(Integer.toString(c.payloadType()), fb.type(), fb.parameter()));
            }
            if (!c.parameters().isEmpty()) {
                a.add(new Attribute.Fmtp(c.payloadType(), c.parameters()));
            }
            if (c.rtxPayloadType() != null) {
                a.add(new Attribute.Rtpmap(c.rtxPayloadType(), "rtx", c.clockRate(), 0));
                a.add(new Attribute.Fmtp(c.rtxPayloadType(), Map.of("apt", Integer.toString(c.payloadType()))));
            }
        }
    }

    private static void ssrcAttributes(List<Attribute> a, SendStream s, boolean rtx) {
        String msid = s.streamId() + " " + s.trackId();
        if (rtx && s.rtxSsrc() != null) {
            a.add(new Attribute.SsrcGroup("FID", List.of(s.ssrc(), s.rtxSsrc())));
        }
        a.add(new Attribute.Ssrc(s.ssrc(), "cname", s.cname()));
        a.add(new Attribute.Ssrc(s.ssrc(), "msid", msid));
        if (rtx && s.rtxSsrc() != null) {
            a.add(new Attribute.Ssrc(s.rtxSsrc(), "cname", s.cname()));
            a.add(new Attribute.Ssrc(s.rtxSsrc(), "msid", msid));
        }
    }

    private static MediaDescription dataSection(String protocol, boolean legacy, String mid,
            TransportParameters transport, SetupRole setup, DataChannelParameters dc, MediaDescription offered) {
        List<Attribute> a = new ArrayList<>();
        transportAttributes(a, transport, setup, mid);
        List<String> formats;
        if (legacy) {
            Attribute.Sctpmap map = offered.first(Attribute.Sctpmap.class);
            int number = map != null ? map.number() : dc.sctpPort();
            formats = offered.formats().isEmpty() ? List.of(Integer.toString(number)) : offered.formats();
            a.add(new Attribute.Sctpmap(number, "webrtc-datachannel", map != null && map.streams() > 0
                    ? map.streams() : 1024));
        } else {
            formats = List.of("webrtc-datachannel");
            a.add(new Attribute.SctpPort(dc.sctpPort()));
        }
        if (!legacy || offered.first(Attribute.MaxMessageSize.class) != null) {
            a.add(new Attribute.MaxMessageSize(dc.maxMessageSize()));
        }
        return MediaDescription.of("application", DISCARD_PORT, protocol, formats, Connection.unspecifiedIp4(), a);
    }

    private static MediaDescription rejected(String media, String protocol, List<String> formats, String mid) {
        List<Attribute> a = new ArrayList<>();
        if (mid != null) {
            a.add(new Attribute.Mid(mid));
        }
        a.add(new Attribute.MediaDirection(Direction.INACTIVE));
        return MediaDescription.of(media, 0, protocol, formats.isEmpty() ? List.of("0") : formats,
                Connection.unspecifiedIp4(), a);
    }

    // ================================================================== answer

    /**
     * Answers an offer (RFC 8829 section 5.3.1): one m= section per offered one, same order and mids;
     * codecs, RTCP feedback and header extensions intersected with {@code options}; directions by the
     * RFC 3264 rules; {@code setup:active} (or {@code options.setup()}) for an {@code actpass} offer;
     * the offered BUNDLE group accepted for the sections not rejected; a data channel section answered
     * in the syntax it was offered in; sections that cannot be accepted rejected with port 0.
     *
     * @param offer the offer
     * @param options what the answer uses
     * @return the answer and what was negotiated per section
     */
    public static Answer createAnswer(SessionDescription offer, AnswerOptions options) {
        SetupRole setup = answerSetup(offer, options.setup());
        List<MediaDescription> media = new ArrayList<>();
        List<Negotiated> sections = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        Set<String> accepted = new LinkedHashSet<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid();
            MediaKind kind = MediaKind.fromToken(m.media());
            MediaDescription section = null;
            Negotiated outcome = null;
            if (!m.isRejected()) {
                if (m.isDataChannel() && options.dataChannel() != null) {
                    boolean legacy = m.isLegacyDataChannel();
                    section = dataSection(m.protocol(), legacy, mid, options.transport(), setup,
                            options.dataChannel(), m);
                    Attribute.SctpPort port = m.first(Attribute.SctpPort.class);
                    Attribute.Sctpmap map = m.first(Attribute.Sctpmap.class);
                    int remotePort = port != null ? port.port() : map != null ? map.number() : 5000;
                    outcome = new Negotiated(mid, m.media(), false, Direction.SENDRECV, List.of(), List.of(), true,
                            legacy, remotePort);
                } else if (kind != null && m.protocol().contains("RTP")) {
                    RtpAnswer r = answerRtp(offer, m, kind, options, setup);
                    if (r != null) {
                        section = r.section;
                        outcome = r.outcome;
                        SendStream s = options.sendStreams().get(mid);
                        if (s != null && r.outcome.direction().sends() && !streams.contains(s.streamId())) {
                            streams.add(s.streamId());
                        }
                    }
                }
            }
            if (section == null) {
                section = rejected(m.media(), m.protocol(), m.formats(), mid);
                outcome = new Negotiated(mid, m.media(), true, Direction.INACTIVE, List.of(), List.of(),
                        m.isDataChannel(), m.isLegacyDataChannel(), 0);
                LOG.log(System.Logger.Level.DEBUG, "[SDP] answer rejects m={0} mid {1}", m.media(), mid);
            } else if (mid != null) {
                accepted.add(mid);
            }
            media.add(section);
            sections.add(outcome);
        }
        List<String> bundle = new ArrayList<>();
        for (String mid : offer.bundleMids()) {
            if (accepted.contains(mid)) {
                bundle.add(mid);
            }
        }
        SessionDescription d = SessionDescription.of(origin(options.sessionId(), options.sessionVersion()),
                sessionAttributes(bundle, streams), media);
        LOG.log(System.Logger.Level.DEBUG, "[SDP] answer v{0}: setup {1}, BUNDLE {2}", options.sessionVersion(),
                setup.token(), bundle);
        return new Answer(d, sections, setup);
    }

    /** RFC 8842: actpass → our preference; active → passive; passive → active; absent → passive (offerer is active). */
    static SetupRole answerSetup(SessionDescription offer, SetupRole preferred) {
        for (MediaDescription m : offer.media()) {
            if (m.isRejected()) {
                continue;
            }
            Attribute.Setup s = offer.effective(m, Attribute.Setup.class);
            if (s == null) {
                return SetupRole.PASSIVE;
            }
            switch (s.role()) {
                case ACTIVE:
                    return SetupRole.PASSIVE;
                case PASSIVE:
                    return SetupRole.ACTIVE;
                default:
                    return preferred;
            }
        }
        return preferred;
    }

    private static final class RtpAnswer {
        final MediaDescription section;
        final Negotiated outcome;

        RtpAnswer(MediaDescription section, Negotiated outcome) {
            this.section = section;
            this.outcome = outcome;
        }
    }

    /**
     * The codecs an RTP m= section offers, in m= line order (RTX ones as plain codecs named rtx).
     *
     * @param m the message
     * @return the codecs an RTP m= section offers, in m= line order (RTX ones as plain codecs named rtx)
     */
    public static List<Codec> offeredCodecs(MediaDescription m) {
        // one pass over the attributes, then look-ups by payload type
        Map<Integer, Attribute.Rtpmap> rtpmaps = new java.util.HashMap<>();
        Map<Integer, Attribute.Fmtp> fmtps = new java.util.HashMap<>();
        Map<String, List<RtcpFeedback>> feedback = new java.util.HashMap<>();
        for (Attribute raw : m.attributes()) {
            Attribute a = raw.typed();
            if (a instanceof Attribute.Rtpmap) {
                rtpmaps.putIfAbsent(((Attribute.Rtpmap) a).payloadType(), (Attribute.Rtpmap) a);
            } else if (a instanceof Attribute.Fmtp) {
                fmtps.putIfAbsent(((Attribute.Fmtp) a).payloadType(), (Attribute.Fmtp) a);
            } else if (a instanceof Attribute.RtcpFb) {
                Attribute.RtcpFb f = (Attribute.RtcpFb) a;
                feedback.computeIfAbsent(f.payloadType(), k -> new ArrayList<>())
                        .add(new RtcpFeedback(f.type(), f.parameter()));
            }
        }
        List<RtcpFeedback> wildcard = feedback.getOrDefault("*", List.of());
        List<Codec> out = new ArrayList<>();
        for (String f : m.formats()) {
            if (f.isEmpty() || f.length() > 3 || !f.chars().allMatch(Character::isDigit)) {
                continue;
            }
            int pt = Integer.parseInt(f);
            if (pt > 127) {
                continue;
            }
            Attribute.Rtpmap r = rtpmaps.get(pt);
            String name;
            int clock;
            int channels;
            if (r != null) {
                name = r.encoding();
                clock = r.clockRate();
                channels = r.channels();
            } else if (pt == 0 || pt == 8 || pt == 9) {   // static payload types of RFC 3551
                name = pt == 0 ? "PCMU" : pt == 8 ? "PCMA" : "G722";
                clock = 8000;
                channels = 0;
            } else {
                continue;
            }
            Attribute.Fmtp fmtp = fmtps.get(pt);
            List<RtcpFeedback> fb = new ArrayList<>(feedback.getOrDefault(f, List.of()));
            fb.addAll(wildcard);
            out.add(new Codec(pt, name, clock, channels, fmtp == null ? Map.of() : fmtp.parameters(), fb, null));
        }
        return out;
    }

    private static RtpAnswer answerRtp(SessionDescription offer, MediaDescription m, MediaKind kind,
            AnswerOptions options, SetupRole setup) {
        List<Codec> local = options.codecs().getOrDefault(kind, List.of());
        List<Codec> offered = offeredCodecs(m);
        // primary codecs, in the offer's order, with the offer's payload types
        List<Codec> answer = new ArrayList<>();
        Map<Integer, Codec> localFor = new LinkedHashMap<>();
        for (Codec o : offered) {
            if (o.isRtx()) {
                continue;
            }
            for (Codec l : local) {
                if (!l.isRtx() && o.matches(l)) {
                    List<RtcpFeedback> fb = new ArrayList<>();
                    for (RtcpFeedback f : o.feedback()) {
                        if (l.feedback().contains(f) && !fb.contains(f)) {
                            fb.add(f);
                        }
                    }
                    Map<String, String> params = o.name().equalsIgnoreCase("red") ? o.parameters() : l.parameters();
                    answer.add(new Codec(o.payloadType(), o.name(), o.clockRate(), o.channels(), params, fb, null));
                    localFor.put(o.payloadType(), l);
                    break;
                }
            }
        }
        if (answer.isEmpty()) {
            return null;
        }
        // RTX: an offered rtx whose apt is an accepted codec we can repair; apt in the answer's payload types
        for (Codec o : offered) {
            if (!o.isRtx()) {
                continue;
            }
            String apt = o.parameters().get("apt");
            if (apt == null || !apt.chars().allMatch(Character::isDigit) || apt.isEmpty() || apt.length() > 3) {
                continue;
            }
            int primary = Integer.parseInt(apt);
            Codec l = localFor.get(primary);
            if (l == null || l.rtxPayloadType() == null) {
                continue;
            }
            for (int i = 0; i < answer.size(); i++) {
                Codec a = answer.get(i);
                if (a.payloadType() == primary && a.rtxPayloadType() == null) {
                    answer.set(i, a.withRtx(o.payloadType()));
                }
            }
        }
        // header extensions: offered URIs we know, with the offer's ids
        List<HeaderExtension> localExt = options.extensions().getOrDefault(kind, List.of());
        List<HeaderExtension> ext = new ArrayList<>();
        for (Attribute.Extmap e : m.all(Attribute.Extmap.class)) {
            for (HeaderExtension l : localExt) {
                if (l.uri().equals(e.uri()) && e.id() <= 255) {
                    ext.add(new HeaderExtension(e.id(), e.uri(), e.direction() == null ? null : e.direction().reverse()));
                    break;
                }
            }
        }
        // direction (RFC 3264 section 6.1)
        Attribute.MediaDirection md = offer.effective(m, Attribute.MediaDirection.class);
        Direction offeredDir = md == null ? Direction.SENDRECV : md.direction();
        SendStream send = options.sendStreams().get(m.mid());
        Direction wanted = options.directions().getOrDefault(m.mid(),
                send != null ? Direction.SENDRECV : Direction.RECVONLY);
        Direction dir = offeredDir.reverse().intersect(wanted);
        if (send == null) {
            dir = dir.intersect(Direction.RECVONLY);
        }

        List<Attribute> a = new ArrayList<>();
        a.add(new Attribute.Rtcp(DISCARD_PORT, "IN", "IP4", "0.0.0.0"));
        transportAttributes(a, options.transport(), setup, m.mid());
        for (HeaderExtension e : ext) {
            a.add(new Attribute.Extmap(e.id(), e.direction(), e.uri(), null));
        }
        a.add(new Attribute.MediaDirection(dir));
        if (send != null && dir.sends()) {
            a.add(new Attribute.Msid(send.streamId(), send.trackId()));
        }
        if (m.has("rtcp-mux")) {
            a.add(new Attribute.Flag("rtcp-mux"));
        }
        if (m.has("rtcp-rsize")) {
            a.add(new Attribute.Flag("rtcp-rsize"));
        }
        codecAttributes(a, answer);
        if (send != null && dir.sends()) {
            ssrcAttributes(a, send, answer.stream().anyMatch(c -> c.rtxPayloadType() != null));
        }
        MediaDescription section = MediaDescription.of(m.media(), DISCARD_PORT, m.protocol(), formats(answer),
                Connection.unspecifiedIp4(), a);
        return new RtpAnswer(section, new Negotiated(m.mid(), m.media(), false, dir, answer, ext, false, false, 0));
    }

    // ================================================================== trickle

    /**
     * Adds a trickled candidate to the section with {@code mid}: a new {@code a=candidate} line after
     * the section's last candidate (or before its {@code a=ice-ufrag} when it has none); every other
     * line stays as it was.
     *
     * @param d the description
     * @param mid the media section's mid
     * @param candidate the candidate
     * @return the description with the candidate
     */
    public static SessionDescription addCandidate(SessionDescription d, String mid, CandidateAttribute candidate) {
        return editSection(d, mid, attrs -> {
            int at = -1;
            for (int i = 0; i < attrs.size(); i++) {
                if (attrs.get(i).name().equals("candidate")) {
                    at = i + 1;
                }
            }
            if (at < 0) {
                for (int i = 0; i < attrs.size() && at < 0; i++) {
                    if (attrs.get(i).name().equals("ice-ufrag")) {
                        at = i;
                    }
                }
            }
            attrs.add(at < 0 ? attrs.size() : at, candidate);
        });
    }

    /**
     * Removes a candidate (RFC 8838 section 4.4; matched by its text) from the section with {@code mid}.
     *
     * @param d the description
     * @param mid the media section's mid
     * @param candidate the candidate
     * @return the description without it
     */
    public static SessionDescription removeCandidate(SessionDescription d, String mid, CandidateAttribute candidate) {
        String value = candidate.value();
        return editSection(d, mid, attrs -> attrs.removeIf(a -> a.name().equals("candidate")
                && value.equals(a.value())));
    }

    /**
     * Marks the end of candidates for a section ({@code a=end-of-candidates}, RFC 8838), once.
     *
     * @param d the description
     * @param mid the media section's mid
     * @return the description with {@code a=end-of-candidates} in that section
     */
    public static SessionDescription endOfCandidates(SessionDescription d, String mid) {
        return editSection(d, mid, attrs -> {
            if (attrs.stream().noneMatch(a -> a.name().equals("end-of-candidates"))) {
                attrs.add(new Attribute.Flag("end-of-candidates"));
            }
        });
    }

    private interface Edit {
        void apply(List<Attribute> attributes);
    }

    private static SessionDescription editSection(SessionDescription d, String mid, Edit edit) {
        List<MediaDescription> media = new ArrayList<>(d.media());
        for (int i = 0; i < media.size(); i++) {
            if (mid.equals(media.get(i).mid())) {
                List<Attribute> attrs = new ArrayList<>(media.get(i).attributes());
                edit.apply(attrs);
                media.set(i, media.get(i).withAttributes(attrs));
                return d.withMedia(media);
            }
        }
        throw new IllegalArgumentException("no m= section with mid " + mid);
    }
}
