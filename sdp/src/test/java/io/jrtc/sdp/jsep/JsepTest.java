package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.CandidateAttribute;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;
import io.jrtc.sdp.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsepTest {

    static final TransportParameters LOCAL = new TransportParameters("jrtc", "0123456789abcdefghijklmn",
            List.of("trickle"), List.of(Attribute.Fingerprint.of("sha-256", new byte[32])));
    static final SendStream AUDIO_OUT = new SendStream("stream", "audio-track", 1111, null, "cname1");
    static final SendStream VIDEO_OUT = new SendStream("stream", "video-track", 2222, 3333L, "cname1");

    private static Offer firstOffer() {
        List<Transceiver> ts = List.of(Transceiver.of(MediaKind.AUDIO, Direction.SENDRECV, AUDIO_OUT),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV, VIDEO_OUT));
        return Jsep.createOffer("4242", 1, LOCAL, ts, DataChannelParameters.defaults(), null);
    }

    @Test
    void offerFromTransceivers() throws Exception {
        Offer offer = firstOffer();
        SessionDescription d = offer.description();
        assertEquals(d, SessionDescription.parse(d.write()), "the offer round-trips");
        assertEquals(List.of("0", "1", "2"), d.bundleMids());
        assertEquals(List.of("0", "1"), List.of(offer.transceivers().get(0).mid(), offer.transceivers().get(1).mid()));
        assertEquals("2", offer.dataChannelMid());
        assertEquals(new Attribute.MsidSemantic("WMS", List.of("stream"), true), d.first(Attribute.MsidSemantic.class));
        for (MediaDescription m : d.media()) {
            assertEquals(SetupRole.ACTPASS, m.first(Attribute.Setup.class).role());
            assertEquals("jrtc", m.first(Attribute.IceUfrag.class).ufrag());
            assertEquals(LOCAL.fingerprints().get(0), m.first(Attribute.Fingerprint.class));
            assertEquals(List.of("trickle"), m.first(Attribute.IceOptions.class).options());
            assertEquals(Jsep.DISCARD_PORT, m.port());
        }
        MediaDescription audio = d.media().get(0);
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(List.of("111", "0", "8"), audio.formats());
        assertTrue(audio.has("rtcp-mux"));
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new Attribute.Msid("stream", "audio-track"), audio.first(Attribute.Msid.class));
        assertEquals("10", audio.fmtp(111).parameters().get("minptime"));
        assertEquals(HeaderExtension.AUDIO_LEVEL, audio.first(Attribute.Extmap.class).uri());
        assertEquals(1111L, audio.first(Attribute.Ssrc.class).ssrc());

        MediaDescription video = d.media().get(1);
        assertEquals(List.of("96", "97", "102", "103", "98", "99"), video.formats());
        assertEquals("rtx", video.rtpmap(97).encoding());
        assertEquals("96", video.fmtp(97).parameters().get("apt"));
        assertEquals("42e01f", video.fmtp(102).parameters().get("profile-level-id"));
        assertEquals(5, video.feedback(96).size());
        assertEquals(new Attribute.SsrcGroup("FID", List.of(2222L, 3333L)), video.first(Attribute.SsrcGroup.class));
        assertEquals(4, video.all(Attribute.Ssrc.class).size());

        MediaDescription data = d.media().get(2);
        assertEquals("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=" + data.mediaLine());
        assertEquals(5000, data.first(Attribute.SctpPort.class).port());
        assertEquals(262144, data.first(Attribute.MaxMessageSize.class).size());
    }

    static List<String> offers() {
        return Vectors.OFFERS;
    }

    /** Answering each vector offer (Chromium captures and jrtc-written dialects) gives what a browser accepts. */
    @ParameterizedTest
    @MethodSource("offers")
    void answersEveryVectorOffer(String name) throws Exception {
        SessionDescription offer = Vectors.parse(name);
        Answer answer = Jsep.createAnswer(offer, AnswerOptions.defaults("99", LOCAL));
        SessionDescription d = answer.description();
        assertEquals(d, SessionDescription.parse(d.write()), "answer round-trips");
        assertEquals(offer.media().size(), d.media().size(), "one answer section per offered section");

        Set<String> setups = new HashSet<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = d.media().get(i);
            assertEquals(o.mid(), a.mid(), name + ": mids in offer order");
            assertEquals(o.media(), a.media());
            assertEquals(o.protocol(), a.protocol());
            if (a.port() == 0) {
                continue;
            }
            accepted.add(a.mid());
            setups.add(a.first(Attribute.Setup.class).role().token());
            assertEquals("jrtc", a.first(Attribute.IceUfrag.class).ufrag());
            if (o.isDataChannel()) {
                if (o.isLegacyDataChannel()) {
                    assertEquals(o.formats(), a.formats());
                    assertNotNull(a.first(Attribute.Sctpmap.class), name + ": legacy syntax answered with sctpmap");
                    assertNull(a.first(Attribute.SctpPort.class));
                } else {
                    assertEquals(List.of("webrtc-datachannel"), a.formats());
                    assertNotNull(a.first(Attribute.SctpPort.class), name + ": current syntax answered with sctp-port");
                    assertNull(a.first(Attribute.Sctpmap.class));
                }
                continue;
            }
            // only offered codecs, with the offer's payload types and rtpmaps
            List<Codec> offered = Jsep.offeredCodecs(o);
            assertFalse(a.formats().isEmpty());
            for (String f : a.formats()) {
                assertTrue(o.formats().contains(f), name + ": answered payload type " + f + " was offered");
                int pt = Integer.parseInt(f);
                Attribute.Rtpmap r = a.rtpmap(pt);
                Codec oc = offered.stream().filter(c -> c.payloadType() == pt).findFirst().orElseThrow();
                assertTrue(r.encoding().equalsIgnoreCase(oc.name()) && r.clockRate() == oc.clockRate(),
                        name + ": " + r.text() + " matches the offer");
                if (r.encoding().equals("rtx")) {
                    String apt = a.fmtp(pt).parameters().get("apt");
                    assertTrue(a.formats().contains(apt), name + ": rtx apt " + apt + " is an answered payload type");
                }
            }
            // a direction compatible with the offer's
            Attribute.MediaDirection od = offer.effective(o, Attribute.MediaDirection.class);
            Direction offeredDir = od == null ? Direction.SENDRECV : od.direction();
            Direction answered = a.direction();
            assertTrue(!answered.sends() || offeredDir.receives());
            assertTrue(!answered.receives() || offeredDir.sends());
            for (Attribute.Extmap e : a.all(Attribute.Extmap.class)) {
                assertTrue(o.all(Attribute.Extmap.class).stream().anyMatch(x -> x.id() == e.id() && x.uri().equals(e.uri())),
                        name + ": extmap " + e.text() + " was offered");
            }
        }
        assertEquals(1, setups.size(), name + ": one setup value " + setups);
        assertFalse(setups.contains("actpass"));
        List<String> expectedBundle = new ArrayList<>(offer.bundleMids());
        expectedBundle.retainAll(accepted);
        assertEquals(expectedBundle, d.bundleMids(), name + ": BUNDLE group of the accepted offered mids");
        assertFalse(accepted.isEmpty(), name + ": something accepted");
    }

    @Test
    void chromiumOfferAnsweredActiveWithExpectedCodecs() {
        SessionDescription offer = Vectors.parse("chromium156_offer_av_dc.sdp");
        Answer answer = Jsep.createAnswer(offer, AnswerOptions.defaults("99", LOCAL));
        assertEquals(SetupRole.ACTIVE, answer.setup());
        MediaDescription audio = answer.description().media().get(0);
        assertEquals(List.of("111", "0", "8"), audio.formats());
        assertEquals(Direction.RECVONLY, audio.direction());
        MediaDescription video = answer.description().media().get(1);
        // VP8 96 (rtx 97), H264 42e01f pm=1 at 108 (rtx 109), VP9 profile 0 at 98 (rtx 99); not 42001f, not pm=0, not VP9 profile 2
        assertEquals(List.of("96", "97", "108", "109", "98", "99"), video.formats());
        assertEquals(List.of(new RtcpFeedback("goog-remb", null), new RtcpFeedback("transport-cc", null),
                new RtcpFeedback("ccm", "fir"), new RtcpFeedback("nack", null), new RtcpFeedback("nack", "pli")),
                answer.sections().get(1).codecs().get(0).feedback());
        assertEquals(List.of("0", "1", "2"), answer.description().bundleMids());
        Negotiated data = answer.sections().get(2);
        assertTrue(data.dataChannel());
        assertEquals(5000, data.remoteSctpPort());
    }

    @Test
    void passiveWhenAskedAndAgainstAnActiveOffer() {
        SessionDescription offer = Vectors.parse("chromium156_offer_dc_only.sdp");
        assertEquals(SetupRole.PASSIVE,
                Jsep.createAnswer(offer, AnswerOptions.defaults("1", LOCAL).withSetup(SetupRole.PASSIVE)).setup());
        SessionDescription activeOffer = Vectors.parse("chromium156_answer_av_dc.sdp");  // a=setup:active everywhere
        assertEquals(SetupRole.PASSIVE, Jsep.createAnswer(activeOffer, AnswerOptions.defaults("1", LOCAL)).setup());
    }

    @Test
    void h264AndVp9ParametersDecide() {
        SessionDescription offer = Vectors.parse("chromium156_offer_av_dc.sdp");
        AnswerOptions only = AnswerOptions.defaults("1", LOCAL).withCodecs(MediaKind.VIDEO,
                List.of(Codec.h264(120, "42001f", 0, 121), Codec.vp9(122, 2, null)));
        Answer a = Jsep.createAnswer(offer, only);
        MediaDescription video = a.description().media().get(1);
        // H.264 baseline 42001f with packetization-mode 0 is PT 104 (its rtx is 107); VP9 profile 2 is PT 100, no rtx locally
        assertEquals(List.of("104", "107", "100"), video.formats());
        // RTX apt remapped to the answer's payload type (104), not the local 120
        assertEquals("104", video.fmtp(107).parameters().get("apt"));
        assertEquals("2", video.fmtp(100).parameters().get("profile-id"));
    }

    @Test
    void rtxAptUsesAnswerPayloadTypes() {
        SessionDescription offer = Vectors.parse("dialect_planb_video_fid_rtx_red_ulpfec.sdp");
        AnswerOptions opts = AnswerOptions.defaults("1", LOCAL).withCodecs(MediaKind.VIDEO, List.of(Codec.vp8(100, 101)));
        Answer a = Jsep.createAnswer(offer, opts);
        MediaDescription video = a.description().media().get(0);
        assertEquals(List.of("96", "97"), video.formats());
        assertEquals("96", video.fmtp(97).parameters().get("apt"));
        assertEquals(Integer.valueOf(97), a.sections().get(0).codecs().get(0).rtxPayloadType());
    }

    @Test
    void answersOnlyMatchingProfilesOfDialectOffers() {
        // VP8, VP9 and H.264 packetization-mode 1 are answered with their rtx; H.264 without packetization-mode (97) is not
        Answer ff = Jsep.createAnswer(Vectors.parse("dialect_video_vp8_vp9_h264.sdp"), AnswerOptions.defaults("1", LOCAL));
        MediaDescription video = ff.description().media().get(0);
        assertEquals(List.of("120", "124", "121", "125", "126", "127"), video.formats());
        assertEquals("126", video.fmtp(127).parameters().get("apt"));
        assertEquals(Direction.RECVONLY, video.direction());
        // H265 and H.264 High (640c1f) are left out; H.264 42e01f and VP8 with their rtx remain
        Answer safari = Jsep.createAnswer(Vectors.parse("dialect_safari_style_offer_h265_dc.sdp"),
                AnswerOptions.defaults("1", LOCAL));
        assertEquals(List.of("100", "101", "102", "103"), safari.description().media().get(1).formats());
        assertEquals(5000, safari.sections().get(2).remoteSctpPort());
        // a sendonly simulcast offer is answered recvonly with VP8 only
        Answer sim = Jsep.createAnswer(Vectors.parse("dialect_simulcast_renomination_no_final_newline_lf.sdp"),
                AnswerOptions.defaults("1", LOCAL));
        MediaDescription simVideo = sim.description().media().get(0);
        assertEquals(List.of("98", "99"), simVideo.formats());
        assertEquals(Direction.RECVONLY, simVideo.direction());
    }

    @Test
    void directionRules() throws Exception {
        String base = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=mid:a\r\n"
                + "a=rtpmap:111 opus/48000/2\r\n";
        AnswerOptions recvOnly = AnswerOptions.defaults("1", LOCAL);
        AnswerOptions sending = recvOnly.withSend("a", AUDIO_OUT);
        assertEquals(Direction.RECVONLY, answerDir(base + "a=sendrecv\r\n", recvOnly));
        assertEquals(Direction.SENDRECV, answerDir(base + "a=sendrecv\r\n", sending));
        assertEquals(Direction.RECVONLY, answerDir(base + "a=sendonly\r\n", sending));
        assertEquals(Direction.SENDONLY, answerDir(base + "a=recvonly\r\n", sending));
        assertEquals(Direction.INACTIVE, answerDir(base + "a=recvonly\r\n", recvOnly));
        assertEquals(Direction.INACTIVE, answerDir(base + "a=inactive\r\n", sending));
        assertEquals(Direction.SENDRECV, answerDir(base, sending), "no direction attribute means sendrecv");
        assertEquals(Direction.INACTIVE, answerDir(base + "a=sendrecv\r\n",
                sending.withDirection("a", Direction.INACTIVE)));
        Answer a = Jsep.createAnswer(SessionDescription.parse(base + "a=sendrecv\r\n"), sending);
        MediaDescription m = a.description().media().get(0);
        assertEquals(new Attribute.Msid("stream", "audio-track"), m.first(Attribute.Msid.class));
        assertEquals(1111L, m.first(Attribute.Ssrc.class).ssrc());
    }

    private static Direction answerDir(String offer, AnswerOptions o) throws Exception {
        return Jsep.createAnswer(SessionDescription.parse(offer), o).description().media().get(0).direction();
    }

    @Test
    void rejectsWhatItCannotAccept() throws Exception {
        String offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v t d\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\na=mid:a\r\na=rtpmap:111 opus/48000/2\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:actpass\r\na=mid:v\r\na=rtpmap:96 FANCY/90000\r\n"
                + "m=text 9 RTP/AVP 98\r\na=mid:t\r\na=rtpmap:98 t140/1000\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=setup:actpass\r\na=mid:d\r\na=sctp-port:5000\r\n"
                + "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\na=mid:gone\r\n";
        Answer a = Jsep.createAnswer(SessionDescription.parse(offer),
                AnswerOptions.defaults("1", LOCAL).withDataChannel(null));
        List<MediaDescription> m = a.description().media();
        assertEquals(9, m.get(0).port());
        assertEquals(0, m.get(1).port(), "no common codec");
        assertEquals(0, m.get(2).port(), "unknown media");
        assertEquals(0, m.get(3).port(), "data channels refused");
        assertEquals(0, m.get(4).port(), "rejected in the offer");
        assertEquals(List.of("a", "v", "t", "d", "gone"), List.of(m.get(0).mid(), m.get(1).mid(), m.get(2).mid(),
                m.get(3).mid(), m.get(4).mid()));
        assertEquals(List.of("a"), a.description().bundleMids());
        assertTrue(a.sections().get(1).rejected());
    }

    @Test
    void renegotiationKeepsOrderAppendsAndRecycles() {
        Offer o1 = firstOffer();
        List<Transceiver> ts = new ArrayList<>(o1.transceivers());
        ts.add(Transceiver.of(MediaKind.VIDEO, Direction.RECVONLY, null));
        Offer o2 = Jsep.createOffer("4242", 2, LOCAL, ts, DataChannelParameters.defaults(), o1.description());
        assertEquals(List.of("0", "1", "2", "3"), mids(o2.description()));
        assertEquals(List.of("audio", "video", "application", "video"), kinds(o2.description()));
        assertEquals("4242", o2.description().origin().sessionId());
        assertEquals(2, o2.description().origin().sessionVersion());
        assertEquals("3", o2.transceivers().get(2).mid());
        assertEquals("2", o2.dataChannelMid());
        // the unchanged sections are the same as before
        assertEquals(o1.description().media().get(0), o2.description().media().get(0));

        // stop the first video transceiver: its section gets port 0 and leaves BUNDLE
        ts = new ArrayList<>(o2.transceivers());
        ts.set(1, ts.get(1).stop());
        Offer o3 = Jsep.createOffer("4242", 3, LOCAL, ts, DataChannelParameters.defaults(), o2.description());
        assertEquals(List.of("0", "1", "2", "3"), mids(o3.description()));
        assertEquals(0, o3.description().media().get(1).port());
        assertEquals(List.of("0", "2", "3"), o3.description().bundleMids());

        // a new transceiver recycles the rejected section, with a new mid
        ts = new ArrayList<>(o3.transceivers());
        ts.add(Transceiver.of(MediaKind.AUDIO, Direction.SENDRECV, null));
        Offer o4 = Jsep.createOffer("4242", 4, LOCAL, ts, DataChannelParameters.defaults(), o3.description());
        assertEquals(List.of("0", "4", "2", "3"), mids(o4.description()));
        assertEquals(List.of("audio", "audio", "application", "video"), kinds(o4.description()));
        assertEquals(9, o4.description().media().get(1).port());
        assertEquals(List.of("0", "4", "2", "3"), o4.description().bundleMids());

        // the answer to a re-offer follows it section for section
        Answer a4 = Jsep.createAnswer(o4.description(), AnswerOptions.defaults("7", LOCAL).withSessionVersion(2));
        assertEquals(List.of("0", "4", "2", "3"), mids(a4.description()));
    }

    private static List<String> mids(SessionDescription d) {
        List<String> out = new ArrayList<>();
        for (MediaDescription m : d.media()) {
            out.add(m.mid());
        }
        return out;
    }

    private static List<String> kinds(SessionDescription d) {
        List<String> out = new ArrayList<>();
        for (MediaDescription m : d.media()) {
            out.add(m.media());
        }
        return out;
    }

    @Test
    void trickleAddsAndRemovesWithoutRewritingTheRest() throws Exception {
        String text = Vectors.text("chromium156_offer_av_dc.sdp");
        SessionDescription d = SessionDescription.parse(text);
        CandidateAttribute c = CandidateAttribute.parse("candidate:1 1 udp 1686052607 127.0.0.1 40000 typ srflx raddr 0.0.0.0 rport 0 "
                + "generation 0 ufrag 0XA2 network-id 1");
        SessionDescription added = Jsep.addCandidate(d, "1", c);
        List<String> before = Vectors.lines(text);
        List<String> after = Vectors.lines(added.write());
        assertEquals(before.size() + 1, after.size());
        List<String> expected = new ArrayList<>(before);
        int videoLine = 0;
        while (!before.get(videoLine).startsWith("m=video")) {
            videoLine++;
        }
        int lastVideoCandidate = videoLine + 4;   // after m=, c=, a=rtcp and the udp candidate
        assertTrue(before.get(lastVideoCandidate).startsWith("a=candidate:3450508514 1 tcp"));
        expected.add(lastVideoCandidate + 1, "a=" + c.name() + ":" + c.value());
        assertEquals(expected, after);
        SessionDescription removed = Jsep.removeCandidate(added, "1", c);
        assertEquals(text, removed.write());
        SessionDescription done = Jsep.endOfCandidates(removed, "2");
        assertTrue(done.section("2").has("end-of-candidates"));
        assertEquals(before.size() + 1, Vectors.lines(done.write()).size());
        assertEquals(done, Jsep.endOfCandidates(done, "2"), "only once");

        // a section without candidates gets the first one before a=ice-ufrag
        SessionDescription answer = Vectors.parse("chromium156_answer_av_dc.sdp");
        SessionDescription withFirst = Jsep.addCandidate(answer, "1", c);
        List<Attribute> attrs = withFirst.section("1").attributes();
        assertEquals("candidate", attrs.get(1).name());
        assertEquals("ice-ufrag", attrs.get(2).name());
        assertNotEquals(answer, withFirst);
    }
}
