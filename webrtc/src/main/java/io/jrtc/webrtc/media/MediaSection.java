package io.jrtc.webrtc.media;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one m= section of the BUNDLE group negotiated, seen from our side: what {@link MediaSession}
 * needs to send and receive RTP on it.
 *
 * <p>{@code codecs} are the formats both sides listed, in the remote side's order of preference
 * (RFC 3264 section 6.1: each side sends with what the other prefers to receive), with the remote
 * side's payload types and format parameters, the RTCP feedback both listed, and the RTX payload type
 * in {@link Codec#rtxPayloadType()} when both sides listed an {@code rtx} for it. {@code extensions}
 * are the header extensions both listed, with the remote side's ids. Under JSEP the answer uses the
 * offer's payload types and ids, so both sides agree on every number.
 *
 * <p>{@code localSsrc}/{@code localRtxSsrc} are what we send with (0 when we do not send, or when
 * our description signals none: {@link MediaSession} then picks one); {@code remoteSsrcs} are the
 * primary SSRCs the remote side signalled with {@code a=ssrc} (not the RTX or FEC ones of its
 * {@code a=ssrc-group:FID} / {@code FEC-FR} groups), {@code remoteRtxSsrcs} maps each primary to its
 * RTX SSRC. Both may be empty: the session then learns streams from the packets (by the
 * {@code sdes:mid} header extension, else by payload type).
 *
 * @param cname the RTCP CNAME we send in SDES
 */
public record MediaSection(String mid, MediaKind kind, boolean send, boolean receive, List<Codec> codecs,
        List<HeaderExtension> extensions, long localSsrc, long localRtxSsrc, List<Long> remoteSsrcs,
        Map<Long, Long> remoteRtxSsrcs, String cname) {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");

    /** Copies the lists and map; checks the SSRCs are 32-bit. */
    public MediaSection {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cname, "cname");
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        remoteSsrcs = List.copyOf(remoteSsrcs);
        remoteRtxSsrcs = Collections.unmodifiableMap(new LinkedHashMap<>(remoteRtxSsrcs));
        if (localSsrc < 0 || localSsrc > 0xffffffffL || localRtxSsrc < 0 || localRtxSsrc > 0xffffffffL) {
            throw new IllegalArgumentException("local SSRCs are 32 bits");
        }
        for (long s : remoteSsrcs) {
            if (s < 0 || s > 0xffffffffL) {
                throw new IllegalArgumentException("remote SSRC out of 32 bits: " + s);
            }
        }
    }

    /**
     * Builds one from our m= section ({@code local}) and the remote side's with the same mid, after an
     * offer/answer exchange; it works the same whether we offered or answered. A section rejected on
     * either side (port 0 without {@code bundle-only}) neither sends nor receives and has no codecs.
     * The direction attributes are read from the sections (absent = sendrecv): we send when ours sends
     * and theirs receives, and receive when ours receives and theirs sends.
     *
     * @throws IllegalArgumentException if the sections are not audio/video RTP sections with the same mid
     */
    public static MediaSection negotiate(MediaDescription local, MediaDescription remote, String cname) {
        MediaKind kind = MediaKind.fromToken(local.media());
        if (kind == null || !local.protocol().contains("RTP")) {
            throw new IllegalArgumentException("not an audio or video RTP section: m=" + local.mediaLine());
        }
        if (!local.media().equals(remote.media())) {
            throw new IllegalArgumentException("local m=" + local.media() + " against remote m=" + remote.media());
        }
        String mid = local.mid() != null ? local.mid() : remote.mid();
        if (mid == null || (remote.mid() != null && !mid.equals(remote.mid()))) {
            throw new IllegalArgumentException("sections need the same mid: local " + local.mid() + ", remote " + remote.mid());
        }
        if (local.isRejected() || remote.isRejected()) {
            return new MediaSection(mid, kind, false, false, List.of(), List.of(), 0, 0, List.of(), Map.of(), cname);
        }
        Direction ours = direction(local);
        Direction theirs = direction(remote);
        boolean send = ours.sends() && theirs.receives();
        boolean receive = ours.receives() && theirs.sends();

        List<Codec> codecs = codecs(mid, Jsep.offeredCodecs(local), Jsep.offeredCodecs(remote));
        List<HeaderExtension> extensions = extensions(mid, local, remote);

        Ssrcs localSsrcs = Ssrcs.of(local);
        Ssrcs remoteSsrcs = Ssrcs.of(remote);
        boolean rtx = codecs.stream().anyMatch(c -> c.rtxPayloadType() != null);
        long localSsrc = 0;
        long localRtx = 0;
        if (send && !localSsrcs.primaries.isEmpty()) {
            localSsrc = localSsrcs.primaries.get(0);
            Long r = localSsrcs.rtx.get(localSsrc);
            localRtx = rtx && r != null ? r : 0;
        }
        return new MediaSection(mid, kind, send, receive, codecs, extensions, localSsrc, localRtx,
                remoteSsrcs.primaries, remoteSsrcs.rtx, cname);
    }

    /**
     * Every audio/video section of {@code local} negotiated against the section of {@code remote} with
     * the same mid, in {@code local}'s order; data channel sections and sections without a mid are left
     * out, so is a section the remote side does not have.
     */
    public static List<MediaSection> negotiate(SessionDescription local, SessionDescription remote, String cname) {
        Map<String, MediaDescription> theirs = new HashMap<>();
        for (MediaDescription m : remote.media()) {
            if (m.mid() != null) {
                theirs.putIfAbsent(m.mid(), m);
            }
        }
        List<MediaSection> out = new ArrayList<>();
        for (MediaDescription m : local.media()) {
            MediaDescription r = m.mid() == null ? null : theirs.get(m.mid());
            if (r != null && MediaKind.fromToken(m.media()) != null && m.protocol().contains("RTP")
                    && m.media().equals(r.media())) {
                out.add(negotiate(m, r, cname));
            }
        }
        return out;
    }

    private static Direction direction(MediaDescription m) {
        Direction d = m.direction();
        return d == null ? Direction.SENDRECV : d;
    }

    /** The remote codecs (not rtx) that match one of ours, in the remote order, with RTX where both have it. */
    private static List<Codec> codecs(String mid, List<Codec> local, List<Codec> remote) {
        List<Codec> out = new ArrayList<>();
        Set<Integer> used = new LinkedHashSet<>();
        for (Codec r : remote) {
            if (r.isRtx() || used.contains(r.payloadType())) {
                continue;
            }
            Codec l = null;
            for (Codec c : local) {
                if (!c.isRtx() && c.payloadType() == r.payloadType() && c.matches(r)) {
                    l = c;
                    break;
                }
            }
            if (l == null) {
                for (Codec c : local) {
                    if (!c.isRtx() && c.matches(r)) {
                        l = c;
                        LOG.log(System.Logger.Level.DEBUG, "[SDP] mid {0}: {1} is payload type {2} here and {3} there; sending with {3}",
                                mid, r.name(), c.payloadType(), r.payloadType());
                        break;
                    }
                }
            }
            if (l == null) {
                continue;
            }
            List<RtcpFeedback> feedback = new ArrayList<>();
            for (RtcpFeedback f : r.feedback()) {
                if (l.feedback().contains(f) && !feedback.contains(f)) {
                    feedback.add(f);
                }
            }
            Integer remoteRtx = rtxFor(remote, r.payloadType());
            Integer localRtx = rtxFor(local, l.payloadType());
            Integer rtx = remoteRtx != null && localRtx != null ? remoteRtx : null;
            used.add(r.payloadType());
            out.add(new Codec(r.payloadType(), r.name(), r.clockRate(), r.channels(), r.parameters(), feedback, rtx));
        }
        return out;
    }

    private static Integer rtxFor(List<Codec> codecs, int pt) {
        String apt = Integer.toString(pt);
        for (Codec c : codecs) {
            String a = c.parameters().get("apt");
            if (c.isRtx() && a != null && a.strip().equals(apt)) {
                return c.payloadType();
            }
        }
        return null;
    }

    private static List<HeaderExtension> extensions(String mid, MediaDescription local, MediaDescription remote) {
        Map<String, Attribute.Extmap> ours = new HashMap<>();
        for (Attribute.Extmap e : local.all(Attribute.Extmap.class)) {
            ours.putIfAbsent(e.uri(), e);
        }
        List<HeaderExtension> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Attribute.Extmap e : remote.all(Attribute.Extmap.class)) {
            Attribute.Extmap l = ours.get(e.uri());
            if (l == null || e.id() < 1 || e.id() > 255 || !seen.add(e.uri())
                    || e.direction() == Direction.INACTIVE || l.direction() == Direction.INACTIVE) {
                continue;
            }
            if (l.id() != e.id()) {
                LOG.log(System.Logger.Level.DEBUG, "[SDP] mid {0}: extension {1} is id {2} here and {3} there; using {3}",
                        mid, e.uri(), l.id(), e.id());
            }
            out.add(new HeaderExtension(e.id(), e.uri(), l.direction()));
        }
        return out;
    }

    /** The SSRCs one section signals: primaries in order, and primary to RTX from FID groups. */
    private static final class Ssrcs {
        final List<Long> primaries = new ArrayList<>();
        final Map<Long, Long> rtx = new LinkedHashMap<>();

        static Ssrcs of(MediaDescription m) {
            Ssrcs s = new Ssrcs();
            Set<Long> secondary = new LinkedHashSet<>();
            for (Attribute.SsrcGroup g : m.all(Attribute.SsrcGroup.class)) {
                if ((g.semantics().equals("FID") || g.semantics().equals("FEC-FR")) && g.ssrcs().size() >= 2) {
                    secondary.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
                    if (g.semantics().equals("FID")) {
                        s.rtx.putIfAbsent(g.ssrcs().get(0), g.ssrcs().get(1));
                    }
                }
            }
            Set<Long> primaries = new LinkedHashSet<>();
            for (Attribute.Ssrc a : m.all(Attribute.Ssrc.class)) {
                if (!secondary.contains(a.ssrc())) {
                    primaries.add(a.ssrc());
                }
            }
            for (Long p : s.rtx.keySet()) {
                if (!secondary.contains(p)) {
                    primaries.add(p);
                }
            }
            s.primaries.addAll(primaries);
            s.rtx.keySet().retainAll(primaries);
            return s;
        }
    }
}
