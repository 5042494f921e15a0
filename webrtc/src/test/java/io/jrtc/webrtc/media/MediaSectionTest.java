package io.jrtc.webrtc.media;

import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.jsep.Answer;
import io.jrtc.sdp.jsep.AnswerOptions;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@link MediaSection#negotiate} on Chromium's captured descriptions and on jrtc's own offers and answers, from both sides. */
class MediaSectionTest {
    static final long CHROME_AUDIO_SSRC = 3458421313L;
    static final long CHROME_VIDEO_SSRC = 2302022001L;
    static final long CHROME_VIDEO_RTX_SSRC = 3684628921L;

    static List<Integer> pts(MediaSection s) {
        return s.codecs().stream().map(Codec::payloadType).toList();
    }

    static List<Integer> rtxPts(MediaSection s) {
        return s.codecs().stream().map(c -> c.rtxPayloadType() == null ? -1 : c.rtxPayloadType()).toList();
    }

    static Map<String, Integer> extensionIds(MediaSection s) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        s.extensions().forEach(e -> m.put(e.uri(), e.id()));
        return m;
    }

    @Test
    void jrtcAnswersChromiumOfferAnswererSide() {
        SessionDescription offer = Sdps.vector("chromium156_offer_av_dc.sdp");
        Answer answer = Jsep.createAnswer(offer, AnswerOptions.defaults("7", Sdps.transport("jrtc"))
                .withSend("0", new SendStream("s", "a", 3333, null, "jrtc"))
                .withSend("1", new SendStream("s", "v", 1111, 2222L, "jrtc")));
        SessionDescription ours = Sdps.wire(answer.description());
        List<MediaSection> sections = MediaSection.negotiate(ours, offer, "jrtc");
        assertEquals(List.of("0", "1"), sections.stream().map(MediaSection::mid).toList(), "the data channel is left out");

        MediaSection audio = sections.get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertTrue(audio.send() && audio.receive());
        assertEquals(List.of(111, 0, 8), pts(audio), "what both list, in the offer's order");
        assertEquals("opus", audio.codecs().get(0).name());
        assertEquals(2, audio.codecs().get(0).channels());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), audio.codecs().get(0).parameters());
        assertEquals(List.of(RtcpFeedback.of("transport-cc")), audio.codecs().get(0).feedback());
        assertEquals(List.of(-1, -1, -1), rtxPts(audio));
        assertEquals(Map.of(HeaderExtension.AUDIO_LEVEL, 1, HeaderExtension.ABS_SEND_TIME, 2, HeaderExtension.TRANSPORT_CC, 3,
                HeaderExtension.MID, 4), extensionIds(audio));
        assertEquals(3333, audio.localSsrc());
        assertEquals(0, audio.localRtxSsrc());
        assertEquals(List.of(CHROME_AUDIO_SSRC), audio.remoteSsrcs());
        assertEquals(Map.of(), audio.remoteRtxSsrcs());

        MediaSection video = sections.get(1);
        assertEquals(MediaKind.VIDEO, video.kind());
        assertTrue(video.send() && video.receive());
        // jrtc's H.264 is 42e01f packetization-mode 1: Chromium's 108, not its 102 (42001f) nor 114 (mode 0)
        assertEquals(List.of(96, 108, 98), pts(video));
        assertEquals(List.of(97, 109, 99), rtxPts(video));
        assertEquals(List.of("VP8", "H264", "VP9"), video.codecs().stream().map(Codec::name).toList());
        assertEquals("42e01f", video.codecs().get(1).parameters().get("profile-level-id"));
        assertEquals(RtcpFeedback.videoDefaults(), video.codecs().get(0).feedback());
        assertEquals(List.of(HeaderExtension.TOFFSET, HeaderExtension.ABS_SEND_TIME, HeaderExtension.VIDEO_ORIENTATION,
                HeaderExtension.TRANSPORT_CC, HeaderExtension.MID, HeaderExtension.RID, HeaderExtension.REPAIRED_RID),
                new ArrayList<>(extensionIds(video).keySet()));
        assertEquals(List.of(14, 2, 13, 3, 4, 10, 11), new ArrayList<>(extensionIds(video).values()));
        assertEquals(1111, video.localSsrc());
        assertEquals(2222, video.localRtxSsrc());
        assertEquals(List.of(CHROME_VIDEO_SSRC), video.remoteSsrcs(), "the RTX SSRC of the FID group is not a primary");
        assertEquals(Map.of(CHROME_VIDEO_SSRC, CHROME_VIDEO_RTX_SSRC), video.remoteRtxSsrcs());
        assertEquals("jrtc", video.cname());
    }

    @Test
    void chromiumOfferAgainstChromiumAnswerOffererSide() {
        SessionDescription offer = Sdps.vector("chromium156_offer_av_dc.sdp");
        SessionDescription answer = Sdps.vector("chromium156_answer_av_dc.sdp");
        List<MediaSection> sections = MediaSection.negotiate(offer, answer, "H9jbWN5fPMYbS+0U");
        MediaSection audio = sections.get(0);
        assertTrue(audio.send(), "we offered sendrecv, they answered recvonly");
        assertFalse(audio.receive());
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), pts(audio));
        assertEquals(CHROME_AUDIO_SSRC, audio.localSsrc());
        assertEquals(List.of(), audio.remoteSsrcs(), "a recvonly answer signals nothing");

        MediaSection video = sections.get(1);
        assertTrue(video.send());
        assertFalse(video.receive());
        assertEquals(List.of(96, 102, 104, 108, 114, 116, 39, 45, 98, 100, 118, 120), pts(video));
        assertEquals(List.of(97, 103, 107, 109, 115, 117, 40, 46, 99, 101, 119, -1), rtxPts(video));
        assertEquals(CHROME_VIDEO_SSRC, video.localSsrc());
        assertEquals(CHROME_VIDEO_RTX_SSRC, video.localRtxSsrc(), "our RTX SSRC from our FID group");
        assertEquals(List.of(), video.remoteSsrcs());
        assertEquals(Map.of(), video.remoteRtxSsrcs());
        assertEquals(11, video.extensions().size());
        assertEquals(4, extensionIds(video).get(HeaderExtension.MID));
    }

    @Test
    void jrtcToJrtcBothSidesAgree() {
        Sdps.Exchange x = Sdps.exchange(List.of(
                Transceiver.of(MediaKind.AUDIO, Direction.SENDRECV, new SendStream("s", "a", 10, null, "o")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV, new SendStream("s", "v", 20, 21L, "o")),
                Transceiver.of(MediaKind.VIDEO, Direction.RECVONLY, null)),
                o -> o.withSend("0", new SendStream("t", "a", 30, null, "a")).withSend("1", new SendStream("t", "v", 40, 41L, "a"))
                        .withSend("2", new SendStream("t", "w", 50, 51L, "a")),
                t -> t);
        assertEquals(3, x.offerer().size());
        for (int i = 0; i < 3; i++) {
            MediaSection o = x.offerer().get(i);
            MediaSection a = x.answerer().get(i);
            assertEquals(o.mid(), a.mid());
            assertEquals(o.codecs().stream().map(c -> c.payloadType() + "/" + c.rtxPayloadType()).toList(),
                    a.codecs().stream().map(c -> c.payloadType() + "/" + c.rtxPayloadType()).toList(), "mid " + o.mid());
            assertEquals(extensionIds(o), extensionIds(a));
            assertEquals(o.send(), a.receive());
            assertEquals(o.receive(), a.send());
            if (o.send()) {
                assertEquals(List.of(o.localSsrc()), a.remoteSsrcs());
                assertEquals(o.localRtxSsrc() == 0 ? Map.of() : Map.of(o.localSsrc(), o.localRtxSsrc()), a.remoteRtxSsrcs());
            } else {
                assertEquals(List.of(), a.remoteSsrcs(), "the offerer does not send on mid " + o.mid());
            }
            if (a.send()) {
                assertEquals(List.of(a.localSsrc()), o.remoteSsrcs());
                assertEquals(a.localRtxSsrc() == 0 ? Map.of() : Map.of(a.localSsrc(), a.localRtxSsrc()), o.remoteRtxSsrcs());
            } else {
                assertEquals(List.of(), o.remoteSsrcs(), "the answerer does not send on mid " + a.mid());
            }
        }
        MediaSection video = x.offerer().get(1);
        assertEquals(List.of(96, 102, 98), pts(video));
        assertEquals(List.of(97, 103, 99), rtxPts(video));
        assertEquals(20, video.localSsrc());
        assertEquals(21, video.localRtxSsrc());
        assertEquals(List.of(40L), video.remoteSsrcs());
        assertEquals(Map.of(40L, 41L), video.remoteRtxSsrcs());
        assertEquals(List.of(10L), x.answerer().get(0).remoteSsrcs());
        // the third section: we offered recvonly, so the answerer only sends
        assertFalse(x.offerer().get(2).send());
        assertTrue(x.offerer().get(2).receive());
        assertEquals(0, x.offerer().get(2).localSsrc());
        assertEquals(List.of(50L), x.offerer().get(2).remoteSsrcs());
        assertTrue(x.answerer().get(2).send());
        assertFalse(x.answerer().get(2).receive());
        assertEquals(50, x.answerer().get(2).localSsrc());
    }

    @Test
    void rtxNeedsBothSidesAndFeedbackIsTheIntersection() {
        // the answerer has VP8 without RTX and only PLI: no RTX pt, feedback reduced, on both sides
        Codec vp8 = new Codec(96, "VP8", 90000, 0, Map.of(), List.of(RtcpFeedback.of("nack", "pli")), null);
        Sdps.Exchange x = Sdps.exchange(List.of(Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV,
                        new SendStream("s", "v", 20, 21L, "o"))),
                o -> o.withCodecs(MediaKind.VIDEO, List.of(vp8)), t -> t);
        for (MediaSection s : List.of(x.offerer().get(0), x.answerer().get(0))) {
            assertEquals(List.of(96), pts(s));
            assertNull(s.codecs().get(0).rtxPayloadType());
            assertEquals(List.of(RtcpFeedback.of("nack", "pli")), s.codecs().get(0).feedback());
        }
        assertEquals(0, x.offerer().get(0).localRtxSsrc(), "an RTX SSRC is only used with an RTX payload type");
    }

    @Test
    void rejectedAndInvalidSections() {
        SessionDescription offer = Sdps.vector("chromium156_offer_av_dc.sdp");
        MediaDescription video = offer.media().get(1);
        MediaSection r = MediaSection.negotiate(video, video.withPort(0), "x");
        assertFalse(r.send() || r.receive());
        assertTrue(r.codecs().isEmpty());
        assertEquals("1", r.mid());
        assertThrows(IllegalArgumentException.class, () -> MediaSection.negotiate(offer.media().get(2), offer.media().get(2), "x"),
                "a data channel section");
        assertThrows(IllegalArgumentException.class, () -> MediaSection.negotiate(video, offer.media().get(0), "x"),
                "video against audio");
        // a sendonly remote: we only receive
        MediaDescription sendonly = video.withAttributes(video.attributes().stream()
                .map(a -> a.name().equals("sendrecv") ? new io.jrtc.sdp.Attribute.MediaDirection(Direction.SENDONLY) : a)
                .toList());
        MediaSection recv = MediaSection.negotiate(video, sendonly, "x");
        assertTrue(recv.receive());
        assertFalse(recv.send());
        assertEquals(0, recv.localSsrc());
    }

    @Test
    void firefoxStyleOfferWithOtherPayloadTypesAndIds() {
        SessionDescription offer = Sdps.vector("dialect_video_vp8_vp9_h264.sdp");
        Answer answer = Jsep.createAnswer(offer, AnswerOptions.defaults("8", Sdps.transport("jrtc"))
                .withSend("0", new SendStream("s", "v", 77, 78L, "jrtc")));
        MediaSection ours = MediaSection.negotiate(Sdps.wire(answer.description()), offer, "jrtc").get(0);
        assertEquals(List.of(120, 121, 126), pts(ours), "H.264 97 is packetization-mode 0: not ours");
        assertEquals(List.of(124, 125, 127), rtxPts(ours));
        assertEquals(Map.of(HeaderExtension.MID, 3, HeaderExtension.ABS_SEND_TIME, 4, HeaderExtension.TOFFSET, 5,
                HeaderExtension.TRANSPORT_CC, 7), extensionIds(ours));
        assertEquals(List.of(3048571926L), ours.remoteSsrcs());
        assertEquals(Map.of(3048571926L, 1593726480L), ours.remoteRtxSsrcs());
        assertEquals(77, ours.localSsrc());
        assertEquals(78, ours.localRtxSsrc());
        // and the other way: that offer's side of it
        MediaSection theirs = MediaSection.negotiate(offer.media().get(0), Sdps.wire(answer.description()).media().get(0), "x");
        assertEquals(pts(ours), pts(theirs));
        assertEquals(rtxPts(ours), rtxPts(theirs));
        assertEquals(3048571926L, theirs.localSsrc());
        assertEquals(1593726480L, theirs.localRtxSsrc());
        assertEquals(List.of(77L), theirs.remoteSsrcs());
    }
}
