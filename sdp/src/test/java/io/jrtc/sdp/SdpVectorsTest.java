package io.jrtc.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector descriptions (our Chromium captures, jrtc-written dialects): parse, write back line for line, typed values spot-checked. */
class SdpVectorsTest {

    static List<String> vectors() {
        return Vectors.ALL;
    }

    /** Attribute names that must come out typed (never Raw) in every vector. */
    private static final Set<String> TYPED = Set.of("group", "msid-semantic", "ice-ufrag", "ice-pwd", "ice-options",
            "ice-lite", "fingerprint", "setup", "mid", "extmap", "extmap-allow-mixed", "sendrecv", "sendonly",
            "recvonly", "inactive", "rtcp", "rtcp-mux", "rtcp-rsize", "rtcp-xr", "rtpmap", "fmtp", "rtcp-fb", "ssrc",
            "ssrc-group", "msid", "rid", "simulcast", "sctp-port", "max-message-size", "sctpmap", "candidate",
            "end-of-candidates");

    @ParameterizedTest
    @MethodSource("vectors")
    void writeKeepsEveryLine(String name) throws Exception {
        String text = Vectors.text(name);
        SessionDescription d = SessionDescription.parse(text);
        String written = d.write();
        assertEquals(Vectors.lines(text), Vectors.lines(written), name);
        assertTrue(written.endsWith("\r\n"));
        assertFalse(written.replace("\r\n", "").contains("\n"), "only CRLF line endings");
        // and the written form parses to the same model
        assertEquals(d, SessionDescription.parse(written), name);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void knownAttributesAreTyped(String name) {
        SessionDescription d = Vectors.parse(name);
        checkTyped(name, d.attributes());
        for (MediaDescription m : d.media()) {
            checkTyped(name + " m=" + m.media(), m.attributes());
        }
    }

    private static void checkTyped(String where, List<Attribute> attributes) {
        for (Attribute a : attributes) {
            if (TYPED.contains(a.name())) {
                assertFalse(a instanceof Attribute.Raw, where + ": a=" + a.text() + " stayed raw");
            }
        }
    }

    @Test
    void chromiumOfferTypedValues() {
        SessionDescription d = Vectors.parse("chromium156_offer_av_dc.sdp");
        assertEquals("7119202483788645750", d.origin().sessionId());
        assertEquals(2, d.origin().sessionVersion());
        assertEquals(List.of("0", "1", "2"), d.bundleMids());
        Attribute.MsidSemantic ms = d.first(Attribute.MsidSemantic.class);
        assertEquals("WMS", ms.semantics());
        assertEquals(List.of("7610fff0-fc15-49f5-9923-69e141215f1f"), ms.ids());
        assertNotNull(d.first(Attribute.Flag.class));
        assertEquals(3, d.media().size());

        MediaDescription audio = d.media().get(0);
        assertEquals("audio", audio.media());
        assertEquals(33442, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        assertEquals("0XA2", audio.first(Attribute.IceUfrag.class).ufrag());
        assertEquals("PJlo3cQZ5o5fmh2tmE4+cMW0", audio.first(Attribute.IcePwd.class).password());
        assertEquals(List.of("trickle"), audio.first(Attribute.IceOptions.class).options());
        Attribute.Fingerprint fp = audio.first(Attribute.Fingerprint.class);
        assertEquals("sha-256", fp.hashFunction());
        assertEquals(32, fp.bytes().length);
        assertEquals((byte) 0x8B, fp.bytes()[0]);
        assertEquals((byte) 0xC3, fp.bytes()[31]);
        assertEquals(SetupRole.ACTPASS, audio.first(Attribute.Setup.class).role());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new Attribute.Rtpmap(111, "opus", 48000, 2), audio.rtpmap(111));
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), audio.fmtp(111).parameters());
        assertEquals(List.of("minptime", "useinbandfec"), List.copyOf(audio.fmtp(111).parameters().keySet()));
        Attribute.Fmtp red = audio.fmtp(63);
        assertTrue(red.parameters().containsKey("111/111"));
        assertNull(red.parameters().get("111/111"));
        List<Attribute.Extmap> ext = audio.all(Attribute.Extmap.class);
        assertEquals(4, ext.size());
        assertEquals(new Attribute.Extmap(1, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null), ext.get(0));
        assertEquals(new Attribute.Msid("7610fff0-fc15-49f5-9923-69e141215f1f", "1370a0e1-aed6-46cb-93ab-0c5bd935e2c8"),
                audio.first(Attribute.Msid.class));
        Attribute.Rtcp rtcp = audio.first(Attribute.Rtcp.class);
        assertEquals(9, rtcp.port());
        assertEquals("0.0.0.0", rtcp.address());
        assertEquals(List.of("rcvr-rtt=all"), audio.first(Attribute.RtcpXr.class).blocks());

        List<CandidateAttribute> c = audio.candidates();
        assertEquals(2, c.size());
        CandidateAttribute udp = c.get(0);
        assertEquals("855654518", udp.foundation());
        assertEquals(1, udp.component());
        assertTrue(udp.isUdp());
        assertEquals(2122260223L, udp.priority());
        assertEquals("127.0.0.1", udp.address());
        assertEquals(CandidateAttribute.AddressKind.IPV4, udp.addressKind());
        assertEquals(33442, udp.port());
        assertEquals("host", udp.type());
        assertEquals(0, udp.generation());
        assertEquals(1, udp.networkId());
        assertEquals(50, udp.networkCost());
        CandidateAttribute tcp = c.get(1);
        assertTrue(tcp.isTcp());
        assertEquals("active", tcp.tcpType());
        assertEquals(9, tcp.port());
        assertEquals(List.of("tcptype", "generation", "network-id", "network-cost"), List.copyOf(tcp.extensions().keySet()));

        MediaDescription video = d.media().get(1);
        assertEquals(23, video.formats().size());
        assertEquals(new Attribute.Rtpmap(102, "H264", 90000, 0), video.rtpmap(102));
        assertEquals("42001f", video.fmtp(102).parameters().get("profile-level-id"));
        assertEquals("1", video.fmtp(102).parameters().get("packetization-mode"));
        assertEquals("96", video.fmtp(97).parameters().get("apt"));
        assertEquals(5, video.feedback(96).size());
        assertEquals(new Attribute.RtcpFb("96", "nack", "pli"), video.feedback(96).get(4));
        Attribute.SsrcGroup fid = video.first(Attribute.SsrcGroup.class);
        assertEquals("FID", fid.semantics());
        assertEquals(List.of(2302022001L, 3684628921L), fid.ssrcs());
        Attribute.Ssrc ssrc = video.first(Attribute.Ssrc.class);
        assertEquals(2302022001L, ssrc.ssrc());
        assertEquals("cname", ssrc.attribute());
        assertEquals("H9jbWN5fPMYbS+0U", ssrc.attributeValue());

        MediaDescription data = d.media().get(2);
        assertTrue(data.isDataChannel());
        assertFalse(data.isLegacyDataChannel());
        assertEquals(5000, data.first(Attribute.SctpPort.class).port());
        assertEquals(262144, data.first(Attribute.MaxMessageSize.class).size());
        assertEquals("2", data.mid());
    }

    @Test
    void chromiumAnswerIsActive() {
        SessionDescription d = Vectors.parse("chromium156_answer_av_dc.sdp");
        for (MediaDescription m : d.media()) {
            assertEquals(SetupRole.ACTIVE, m.first(Attribute.Setup.class).role());
        }
        assertEquals(Direction.RECVONLY, d.media().get(0).direction());
        assertEquals("BJM/", d.media().get(1).first(Attribute.IceUfrag.class).ufrag());
        assertTrue(d.first(Attribute.MsidSemantic.class).ids().isEmpty());
    }

    @Test
    void firefoxStyleAudioOffer() {
        SessionDescription d = Vectors.parse("dialect_firefox_style_audio_rtcp_port_session_fingerprint.sdp");
        assertEquals("mozilla...THIS_IS_SDPARTA-115.3.1", d.origin().username());
        assertEquals("4720915836240197", d.origin().sessionId());
        // the fingerprint (and ice-options) at session level, none in the media section
        Attribute.Fingerprint fp = d.first(Attribute.Fingerprint.class);
        assertEquals("sha-256", fp.hashFunction());
        assertEquals((byte) 0x20, fp.bytes()[0]);
        assertEquals((byte) 0x53, fp.bytes()[31]);
        assertEquals(List.of("trickle"), d.first(Attribute.IceOptions.class).options());
        assertEquals(new Attribute.MsidSemantic("WMS", List.of("*"), false), d.first(Attribute.MsidSemantic.class));
        MediaDescription audio = d.media().get(0);
        assertEquals("sdparta_0", audio.mid());
        assertNull(audio.first(Attribute.Fingerprint.class));
        assertEquals(fp, d.effective(audio, Attribute.Fingerprint.class));
        assertEquals(List.of(new Connection("IN", "IP4", "203.0.113.77")), audio.connections());
        List<CandidateAttribute> c = audio.candidates();
        assertEquals(10, c.size());
        assertEquals("UDP", c.get(0).transport());
        assertTrue(c.get(0).isUdp());
        assertEquals("198.51.100.23", c.get(0).address());
        assertEquals(CandidateAttribute.AddressKind.IPV6, c.get(1).addressKind());
        assertEquals("2001:db8:c0de::23", c.get(1).address());
        assertTrue(c.get(2).isTcp());
        assertEquals("active", c.get(2).tcpType());
        assertEquals(2, c.get(4).component());
        assertEquals(49171, c.get(4).port());
        CandidateAttribute srflx = c.get(8);
        assertEquals("srflx", srflx.type());
        assertEquals("203.0.113.77", srflx.address());
        assertEquals("198.51.100.23", srflx.relatedAddress());
        assertEquals(49170, srflx.relatedPort());
        assertEquals(-1, srflx.generation());
        assertEquals(2, c.get(9).component());
        assertEquals(new Attribute.Extmap(1, Direction.SENDONLY, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null),
                audio.first(Attribute.Extmap.class));
        assertEquals(Direction.RECVONLY, audio.all(Attribute.Extmap.class).get(1).direction());
        assertTrue(audio.has("end-of-candidates"));
        assertEquals(List.of("0-15"), List.copyOf(audio.fmtp(101).parameters().keySet()));
        assertEquals(List.of("maxplaybackrate", "stereo", "useinbandfec"),
                List.copyOf(audio.fmtp(109).parameters().keySet()));
        assertEquals(new Attribute.Rtpmap(109, "opus", 48000, 2), audio.rtpmap(109));
        assertEquals(new Attribute.Rtpmap(9, "G722", 8000, 1), audio.rtpmap(9));
        assertEquals(new Attribute.Rtpmap(101, "telephone-event", 8000, 1), audio.rtpmap(101));
        assertEquals(new Attribute.Msid("{0f40cf83-d3d3-4ae6-9a4a-00474887ead4}", "{408b1412-ab31-42f6-91b6-675c4139e864}"),
                audio.first(Attribute.Msid.class));
        Attribute.Rtcp rtcp = audio.first(Attribute.Rtcp.class);
        assertEquals(49171, rtcp.port());
        assertEquals("203.0.113.77", rtcp.address());
        assertEquals("3130", audio.first(Attribute.IceUfrag.class).ufrag());
    }

    @Test
    void legacyDataChannelSyntax() {
        SessionDescription d = Vectors.parse("dialect_legacy_sctpmap_datachannel.sdp");
        MediaDescription m = d.media().get(0);
        assertTrue(m.isDataChannel());
        assertTrue(m.isLegacyDataChannel());
        assertEquals("DTLS/SCTP", m.protocol());
        assertEquals(51000, m.port());
        assertEquals(List.of("5000"), m.formats());
        assertEquals(new Attribute.Sctpmap(5000, "webrtc-datachannel", 512), m.first(Attribute.Sctpmap.class));
        assertNull(m.first(Attribute.SctpPort.class));
        assertEquals(131072L, m.first(Attribute.MaxMessageSize.class).size());
        assertEquals("data", m.mid());
        CandidateAttribute mdns = m.candidates().get(0);
        assertEquals(CandidateAttribute.AddressKind.FQDN, mdns.addressKind());
        assertEquals("7b3aa5a3-44d7-4ad1-a5f2-8d4d6bd7599f.local", mdns.address());

        SessionDescription safari = Vectors.parse("dialect_safari_style_av_legacy_dc.sdp");
        assertEquals(List.of("audio", "video", "data"), safari.bundleMids());
        MediaDescription data = safari.media().get(2);
        assertTrue(data.isLegacyDataChannel());
        assertEquals("data", data.mid());
        assertEquals(new Attribute.Sctpmap(5000, "webrtc-datachannel", 1024), data.first(Attribute.Sctpmap.class));
        assertNull(data.first(Attribute.MaxMessageSize.class));
        // Plan B ssrc lines next to the legacy data channel
        MediaDescription video = safari.media().get(1);
        assertEquals(new Attribute.SsrcGroup("FID", List.of(2201938475L, 3301928374L)),
                video.first(Attribute.SsrcGroup.class));
        List<Attribute.Ssrc> vs = video.all(Attribute.Ssrc.class);
        assertEquals(8, vs.size());
        assertEquals(new Attribute.Ssrc(2201938475L, "mslabel", "jrtcSafariStream"), vs.get(2));
        assertEquals(new Attribute.Ssrc(3301928374L, "label", "jrtcSafariStream-v0"), vs.get(7));
        assertEquals("640c1f", video.fmtp(96).parameters().get("profile-level-id"));
        assertEquals(new Attribute.Ssrc(3918274650L, "msid", "jrtcSafariStream jrtcSafariStream-a0"),
                safari.media().get(0).all(Attribute.Ssrc.class).get(1));
    }

    @Test
    void currentDataChannelSyntax() {
        SessionDescription d = Vectors.parse("dialect_current_datachannel.sdp");
        MediaDescription m = d.media().get(0);
        assertTrue(m.isDataChannel());
        assertFalse(m.isLegacyDataChannel());
        assertEquals("UDP/DTLS/SCTP", m.protocol());
        assertEquals(List.of("webrtc-datachannel"), m.formats());
        assertEquals(5000, m.first(Attribute.SctpPort.class).port());
        assertEquals(1048576L, m.first(Attribute.MaxMessageSize.class).size());
        assertNull(m.first(Attribute.Sctpmap.class));
        assertEquals("88d9", m.first(Attribute.IceUfrag.class).ufrag());
        assertEquals(SetupRole.ACTPASS, d.effective(m, Attribute.Setup.class).role());
        assertEquals((byte) 0xC5, d.first(Attribute.Fingerprint.class).bytes()[0]);
    }

    @Test
    void videoOfferWithVp8Vp9AndTwoH264() {
        SessionDescription d = Vectors.parse("dialect_video_vp8_vp9_h264.sdp");
        MediaDescription video = d.media().get(0);
        assertEquals(List.of("120", "124", "121", "125", "126", "127", "97", "98"), video.formats());
        assertEquals(new Attribute.Rtpmap(120, "VP8", 90000, 0), video.rtpmap(120));
        assertEquals(new Attribute.Rtpmap(121, "VP9", 90000, 0), video.rtpmap(121));
        assertEquals(new Attribute.Rtpmap(126, "H264", 90000, 0), video.rtpmap(126));
        assertEquals(new Attribute.Rtpmap(97, "H264", 90000, 0), video.rtpmap(97));
        assertEquals("1", video.fmtp(126).parameters().get("packetization-mode"));
        assertNull(video.fmtp(97).parameters().get("packetization-mode"));
        assertEquals("42e01f", video.fmtp(97).parameters().get("profile-level-id"));
        assertEquals(Map.of("max-fs", "8160", "max-fr", "30"), video.fmtp(121).parameters());
        assertEquals("120", video.fmtp(124).parameters().get("apt"));
        assertEquals("97", video.fmtp(98).parameters().get("apt"));
        assertEquals(5, video.feedback(121).size());
        assertEquals(new Attribute.RtcpFb("97", "transport-cc", null), video.feedback(97).get(4));
        assertEquals(new Attribute.Extmap(6, Direction.RECVONLY,
                "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", null), video.all(Attribute.Extmap.class).get(3));
        assertEquals(new Attribute.SsrcGroup("FID", List.of(3048571926L, 1593726480L)), video.first(Attribute.SsrcGroup.class));
        assertTrue(video.has("rtcp-rsize"));
        assertEquals(Direction.SENDRECV, video.direction());
    }

    @Test
    void firefoxStyleSimulcastOffer() {
        SessionDescription d = Vectors.parse("dialect_simulcast_rid_send_lf.sdp");
        assertFalse(Vectors.text("dialect_simulcast_rid_send_lf.sdp").contains("\r"), "the vector is LF only");
        MediaDescription video = d.media().get(0);
        List<Attribute.Rid> rids = video.all(Attribute.Rid.class);
        assertEquals(3, rids.size());
        assertEquals("full", rids.get(0).id());
        assertEquals("send", rids.get(0).direction());
        assertTrue(rids.get(0).parameters().isEmpty());
        assertEquals("quarter", rids.get(2).id());
        Attribute.Simulcast sim = video.first(Attribute.Simulcast.class);
        assertEquals(List.of(List.of("full"), List.of("half"), List.of("quarter")), sim.send());
        assertTrue(sim.receive().isEmpty());
        assertEquals(new Attribute.Msid("-", "{c3d6fcd5-d8a5-41f1-90ff-a0107e6811ea}"), video.first(Attribute.Msid.class));
        List<Attribute.SsrcGroup> groups = video.all(Attribute.SsrcGroup.class);
        assertEquals(3, groups.size());
        assertEquals(List.of(3049586712L, 3344556677L), groups.get(2).ssrcs());
        assertEquals(6, video.all(Attribute.Ssrc.class).size());
        Attribute.Extmap rid = video.all(Attribute.Extmap.class).get(4);
        assertEquals(10, rid.id());
        assertEquals(Direction.SENDONLY, rid.direction());
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", rid.uri());
        assertTrue(video.has("extmap-allow-mixed"));
        assertEquals(Direction.SENDONLY, video.direction());
    }

    @Test
    void chromeStyleSimulcastOffer() {
        String text = Vectors.text("dialect_simulcast_renomination_no_final_newline_lf.sdp");
        assertFalse(text.contains("\r"), "the vector is LF only");
        assertFalse(text.endsWith("\n"), "the vector has no final newline");
        SessionDescription d = Vectors.parse("dialect_simulcast_renomination_no_final_newline_lf.sdp");
        assertEquals(List.of("0", "1"), d.bundleMids());
        MediaDescription video = d.media().get(0);
        assertEquals(List.of("trickle", "renomination"), video.first(Attribute.IceOptions.class).options());
        assertEquals(List.of(List.of("lo"), List.of("me"), List.of("hi")), video.first(Attribute.Simulcast.class).send());
        assertEquals(List.of("lo", "me", "hi"), video.all(Attribute.Rid.class).stream().map(Attribute.Rid::id).toList());
        assertEquals("640c1f", video.fmtp(96).parameters().get("profile-level-id"));
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(11, video.all(Attribute.Extmap.class).size());
        assertNull(video.first(Attribute.Ssrc.class), "simulcast by rid, no ssrc lines");
        MediaDescription audio = d.media().get(1);
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1", "usedtx", "1"), audio.fmtp(111).parameters());
        assertEquals(new Attribute.Extmap(12, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null),
                audio.first(Attribute.Extmap.class));
        assertEquals(3141592653L, audio.first(Attribute.Ssrc.class).ssrc());
    }

    @Test
    void safariStyleOfferWithH265() {
        SessionDescription d = Vectors.parse("dialect_safari_style_offer_h265_dc.sdp");
        assertEquals(List.of("0", "1", "2"), d.bundleMids());
        assertEquals(new Attribute.MsidSemantic("WMS", List.of(), true), d.first(Attribute.MsidSemantic.class));
        MediaDescription audio = d.media().get(0);
        assertEquals(new Attribute.Msid("-", "3b194995-d77a-4741-90f4-0a1e0dc42110"), audio.first(Attribute.Msid.class));
        assertEquals(new Attribute.Rtpmap(63, "red", 48000, 2), audio.rtpmap(63));
        MediaDescription video = d.media().get(1);
        assertEquals(new Attribute.Msid("-", "581d72a7-4cc9-4030-98ca-fb9b270ef8b6"), video.first(Attribute.Msid.class));
        assertEquals(new Attribute.Rtpmap(96, "H265", 90000, 0), video.rtpmap(96));
        assertEquals(List.of("level-id", "profile-id", "tier-flag", "tx-mode"),
                List.copyOf(video.fmtp(96).parameters().keySet()));
        assertEquals("SRST", video.fmtp(96).parameters().get("tx-mode"));
        assertEquals("96", video.fmtp(97).parameters().get("apt"));
        assertEquals(new Attribute.Ssrc(1414213562L, "msid", "- 581d72a7-4cc9-4030-98ca-fb9b270ef8b6"),
                video.all(Attribute.Ssrc.class).get(1));
        assertEquals(14, video.first(Attribute.Extmap.class).id());
        MediaDescription data = d.media().get(2);
        assertTrue(data.isDataChannel());
        assertFalse(data.isLegacyDataChannel());
        assertEquals(262144L, data.first(Attribute.MaxMessageSize.class).size());
        assertEquals((byte) 0xB5, data.first(Attribute.Fingerprint.class).bytes()[0]);
    }

    @Test
    void sessionLevelIceAndDtlsAnswer() {
        SessionDescription d = Vectors.parse("dialect_session_level_ice_dtls_answer.sdp");
        assertEquals("jrtc-peer", d.origin().username());
        MediaDescription m = d.media().get(0);
        assertNull(m.first(Attribute.IceUfrag.class));
        assertNull(m.first(Attribute.Fingerprint.class));
        assertEquals("cb00", d.effective(m, Attribute.IceUfrag.class).ufrag());
        assertEquals("JQrNlBc+XEk1PCknwLCEF9MI", d.effective(m, Attribute.IcePwd.class).password());
        assertEquals((byte) 0xCF, d.effective(m, Attribute.Fingerprint.class).bytes()[31]);
        assertEquals(SetupRole.ACTIVE, d.effective(m, Attribute.Setup.class).role());
        assertEquals(List.of("ice2,trickle"), d.first(Attribute.IceOptions.class).options());
        assertEquals(2, m.candidates().size());
        assertEquals("srflx", m.candidates().get(1).type());
        assertEquals("0.0.0.0", m.candidates().get(1).relatedAddress());
        assertEquals(0, m.candidates().get(1).relatedPort());
        assertTrue(m.has("end-of-candidates"));
        assertEquals(Direction.SENDRECV, m.direction());
        assertEquals(5000, m.first(Attribute.SctpPort.class).port());
    }

    @Test
    void planBLeftoversAndIpv6() {
        SessionDescription d = Vectors.parse("dialect_planb_audio_ipv6.sdp");
        MediaDescription audio = d.media().get(0);
        assertEquals(List.of(new Connection("IN", "IP6", "2001:db8:4a1:7::15")), audio.connections());
        List<Attribute.Ssrc> ssrcs = audio.all(Attribute.Ssrc.class);
        assertEquals(4, ssrcs.size());
        assertEquals(new Attribute.Ssrc(1739204856L, "msid", "jrtcPlanBStreamA jrtcPlanBStreamA-audio0"), ssrcs.get(1));
        assertEquals("mslabel", ssrcs.get(2).attribute());
        assertEquals("jrtcPlanBStreamA", ssrcs.get(2).attributeValue());
        assertEquals("label", ssrcs.get(3).attribute());
        assertEquals("jrtcPlanBStreamA-audio0", ssrcs.get(3).attributeValue());
        assertEquals(List.of("jrtcPlanBStreamA"), d.first(Attribute.MsidSemantic.class).ids());
        assertNull(audio.first(Attribute.Msid.class), "Plan B: no a=msid line, msid on the ssrc");
        CandidateAttribute v6 = audio.candidates().get(0);
        assertEquals("2001:db8:4a1:7::15", v6.address());
        assertEquals(CandidateAttribute.AddressKind.IPV6, v6.addressKind());
        assertEquals(2, v6.networkId());
        assertEquals(10, v6.networkCost());
        CandidateAttribute tcp6 = audio.candidates().get(2);
        assertTrue(tcp6.isTcp());
        assertEquals(CandidateAttribute.AddressKind.IPV6, tcp6.addressKind());
        assertEquals(9, tcp6.port());
        assertEquals("active", tcp6.tcpType());
    }

    @Test
    void planBVideoWithRtxRedAndUlpfec() {
        SessionDescription d = Vectors.parse("dialect_planb_video_fid_rtx_red_ulpfec.sdp");
        MediaDescription video = d.media().get(0);
        assertEquals("video", video.mid());
        assertEquals(new Attribute.Rtpmap(116, "red", 90000, 0), video.rtpmap(116));
        assertEquals(new Attribute.Rtpmap(117, "ulpfec", 90000, 0), video.rtpmap(117));
        assertEquals("116", video.fmtp(118).parameters().get("apt"));
        assertEquals("98", video.fmtp(99).parameters().get("apt"));
        assertEquals(new Attribute.SsrcGroup("FID", List.of(2873461095L, 1120398457L)), video.first(Attribute.SsrcGroup.class));
        List<Attribute.Ssrc> ssrcs = video.all(Attribute.Ssrc.class);
        assertEquals(8, ssrcs.size());
        assertEquals(new Attribute.Ssrc(1120398457L, "label", "jrtcPlanBStreamV-video0"), ssrcs.get(7));
        assertEquals(new Attribute.RtcpFb("96", "nack", "pli"), video.feedback(96).get(3));
    }

    @Test
    void sipGatewayAndIceLite() {
        SessionDescription gw = Vectors.parse("dialect_sip_gateway_session_c_ptime_no_mid.sdp");
        assertEquals(new Connection("IN", "IP4", "203.0.113.10"), gw.connection());
        assertEquals("JrtcSipGateway", gw.sessionName());
        assertEquals(1764100001L, gw.origin().sessionVersion());
        assertTrue(gw.bundleMids().isEmpty());
        MediaDescription m = gw.media().get(0);
        assertNull(m.mid());
        assertTrue(m.connections().isEmpty(), "only the session-level c=");
        assertEquals(new Attribute.Raw("ptime", "20"), m.attributes().get(2));
        assertEquals(new Attribute.Raw("silenceSupp", "off - - - -"), m.attributes().get(4));
        assertEquals(List.of("0-16"), List.copyOf(m.fmtp(101).parameters().keySet()));
        assertEquals(SetupRole.ACTIVE, m.first(Attribute.Setup.class).role());
        assertEquals(24680, m.first(Attribute.Rtcp.class).port());
        assertEquals(659136, m.candidates().get(0).priority());
        assertEquals("0481726354", m.candidates().get(0).foundation());
        assertEquals(Direction.SENDRECV, m.direction());

        SessionDescription lite = Vectors.parse("dialect_ice_lite_audio.sdp");
        assertEquals(new Attribute.Flag("ice-lite"), lite.attributes().get(0));
        MediaDescription audio = lite.media().get(0);
        assertEquals(2, audio.candidates().size());
        assertTrue(audio.candidates().stream().allMatch(c -> c.type().equals("host")), "a lite agent only has host candidates");
        assertEquals("passive", audio.candidates().get(1).tcpType());
        assertEquals("fe28", audio.first(Attribute.IceUfrag.class).ufrag());
        assertEquals(SetupRole.ACTPASS, audio.first(Attribute.Setup.class).role());
    }

    @Test
    void mdnsCandidate() throws Exception {
        CandidateAttribute c = CandidateAttribute.parse("candidate:1560499547 1 udp 2113937151 2cf0b2c0-0842-4fe3-aaa0-4556a2dfbadc.local "
                + "33192 typ host generation 0 network-cost 999");
        assertEquals(CandidateAttribute.AddressKind.FQDN, c.addressKind());
        assertEquals("2cf0b2c0-0842-4fe3-aaa0-4556a2dfbadc.local", c.address());
        assertEquals(999, c.networkCost());
        assertEquals(-1, c.networkId());
    }
}
