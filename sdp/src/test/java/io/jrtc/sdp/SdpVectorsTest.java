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

/** Real browser and library descriptions: parse, write back line for line, typed values spot-checked. */
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

        List<Candidate> c = audio.candidates();
        assertEquals(2, c.size());
        Candidate udp = c.get(0);
        assertEquals("855654518", udp.foundation());
        assertEquals(1, udp.component());
        assertTrue(udp.isUdp());
        assertEquals(2122260223L, udp.priority());
        assertEquals("127.0.0.1", udp.address());
        assertEquals(Candidate.AddressKind.IPV4, udp.addressKind());
        assertEquals(33442, udp.port());
        assertEquals("host", udp.type());
        assertEquals(0, udp.generation());
        assertEquals(1, udp.networkId());
        assertEquals(50, udp.networkCost());
        Candidate tcp = c.get(1);
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
    void firefoxAudioOffer() {
        SessionDescription d = Vectors.parse("aiortc_firefox58_audio.sdp");
        assertEquals("mozilla...THIS_IS_SDPARTA-58.0.1", d.origin().username());
        // Firefox puts the fingerprint and a direction at session level
        assertEquals("sha-256", d.first(Attribute.Fingerprint.class).hashFunction());
        assertEquals(new Attribute.MsidSemantic("WMS", List.of("*"), false), d.first(Attribute.MsidSemantic.class));
        MediaDescription audio = d.media().get(0);
        assertEquals("sdparta_0", audio.mid());
        assertNotNull(d.effective(audio, Attribute.Fingerprint.class));
        List<Candidate> c = audio.candidates();
        assertEquals(10, c.size());
        assertEquals("UDP", c.get(0).transport());
        assertTrue(c.get(0).isUdp());
        assertEquals(Candidate.AddressKind.IPV6, c.get(1).addressKind());
        assertEquals(2, c.get(4).component());
        Candidate srflx = c.get(8);
        assertEquals("srflx", srflx.type());
        assertEquals("192.168.99.58", srflx.relatedAddress());
        assertEquals(37264, srflx.relatedPort());
        assertEquals(-1, srflx.generation());
        assertEquals(new Attribute.Extmap(1, Direction.SENDONLY, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null),
                audio.first(Attribute.Extmap.class));
        assertTrue(audio.has("end-of-candidates"));
        assertEquals(List.of("0-15"), List.copyOf(audio.fmtp(101).parameters().keySet()));
        assertEquals(new Attribute.Rtpmap(9, "G722", 8000, 1), audio.rtpmap(9));
        Attribute.Rtcp rtcp = audio.first(Attribute.Rtcp.class);
        assertEquals(38612, rtcp.port());
    }

    @Test
    void legacyDataChannelSyntax() {
        SessionDescription d = Vectors.parse("aiortc_firefox58_datachannel_legacy_sctpmap.sdp");
        MediaDescription m = d.media().get(0);
        assertTrue(m.isDataChannel());
        assertTrue(m.isLegacyDataChannel());
        assertEquals("DTLS/SCTP", m.protocol());
        assertEquals(List.of("5000"), m.formats());
        assertEquals(new Attribute.Sctpmap(5000, "webrtc-datachannel", 256), m.first(Attribute.Sctpmap.class));
        assertEquals(1073741823L, m.first(Attribute.MaxMessageSize.class).size());

        SessionDescription safari = Vectors.parse("aiortc_safari_av_legacy_datachannel.sdp");
        MediaDescription data = safari.media().get(2);
        assertTrue(data.isLegacyDataChannel());
        assertEquals(new Attribute.Sctpmap(5000, "webrtc-datachannel", 1024), data.first(Attribute.Sctpmap.class));
    }

    @Test
    void firefoxSimulcastOffer() {
        SessionDescription d = Vectors.parse("webrtc-rs_firefox152_simulcast_offer_lf.sdp");
        MediaDescription video = d.media().get(0);
        List<Attribute.Rid> rids = video.all(Attribute.Rid.class);
        assertEquals(3, rids.size());
        assertEquals("h", rids.get(0).id());
        assertEquals("send", rids.get(0).direction());
        Attribute.Simulcast sim = video.first(Attribute.Simulcast.class);
        assertEquals(List.of(List.of("h"), List.of("m"), List.of("l")), sim.send());
        assertTrue(sim.receive().isEmpty());
        assertEquals(new Attribute.Msid("-", "{aea1c6e2-84b9-4fa0-b786-abff665a9575}"), video.first(Attribute.Msid.class));
        assertEquals(3, video.all(Attribute.SsrcGroup.class).size());
        Attribute.Extmap rid = video.all(Attribute.Extmap.class).get(6);
        assertEquals(9, rid.id());
        assertEquals(Direction.SENDONLY, rid.direction());
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", rid.uri());
        assertTrue(video.has("extmap-allow-mixed"));
    }

    @Test
    void chromeSimulcastOffer() {
        SessionDescription d = Vectors.parse("getstream_ios_chrome_simulcast_offer_lf.sdp");
        MediaDescription video = d.media().get(0);
        assertEquals(List.of("trickle", "renomination"), video.first(Attribute.IceOptions.class).options());
        assertEquals(List.of(List.of("q"), List.of("h"), List.of("f")), video.first(Attribute.Simulcast.class).send());
        assertEquals(List.of("q", "h", "f"), video.all(Attribute.Rid.class).stream().map(Attribute.Rid::id).toList());
        assertEquals("640c29", video.fmtp(96).parameters().get("profile-level-id"));
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(13, video.all(Attribute.Extmap.class).size());
    }

    @Test
    void libdatachannelSessionLevelTransport() {
        SessionDescription d = Vectors.parse("libdatachannel_answer_dc_session_level.sdp");
        MediaDescription m = d.media().get(0);
        assertNull(m.first(Attribute.IceUfrag.class));
        assertEquals("7hJ1", d.effective(m, Attribute.IceUfrag.class).ufrag());
        assertEquals(SetupRole.ACTIVE, d.effective(m, Attribute.Setup.class).role());
        assertEquals(List.of("ice2,trickle"), d.first(Attribute.IceOptions.class).options());
        assertEquals("srflx", m.candidates().get(1).type());
        assertEquals(0, m.candidates().get(1).relatedPort());
        assertEquals(Direction.SENDRECV, m.direction());
    }

    @Test
    void planBLeftoversAndIpv6() {
        SessionDescription d = Vectors.parse("aiortc_chrome_audio_planb_ipv6.sdp");
        MediaDescription audio = d.media().get(0);
        List<Attribute.Ssrc> ssrcs = audio.all(Attribute.Ssrc.class);
        assertEquals(4, ssrcs.size());
        assertEquals("mslabel", ssrcs.get(2).attribute());
        assertEquals("label", ssrcs.get(3).attribute());
        Candidate v6 = audio.candidates().get(0);
        assertEquals("2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c", v6.address());
        assertEquals(Candidate.AddressKind.IPV6, v6.addressKind());
        assertEquals(2, v6.networkId());
        assertEquals(10, v6.networkCost());
    }

    @Test
    void freeswitchAndIceLite() {
        SessionDescription fs = Vectors.parse("aiortc_freeswitch_audio.sdp");
        assertEquals(new Connection("IN", "IP4", "1.2.3.4"), fs.connection());
        assertEquals("FreeSWITCH", fs.sessionName());
        MediaDescription m = fs.media().get(0);
        assertNull(m.mid());
        assertEquals(new Attribute.Raw("ptime", "20"), m.attributes().get(2));
        assertEquals(659136, m.candidates().get(0).priority());
        assertEquals("0560693492", m.candidates().get(0).foundation());

        SessionDescription lite = Vectors.parse("aiortc_ice_lite_audio.sdp");
        assertEquals(new Attribute.Flag("ice-lite"), lite.attributes().get(0));
    }

    @Test
    void mdnsCandidate() throws Exception {
        Candidate c = Candidate.parse("candidate:1560499547 1 udp 2113937151 2cf0b2c0-0842-4fe3-aaa0-4556a2dfbadc.local "
                + "33192 typ host generation 0 network-cost 999");
        assertEquals(Candidate.AddressKind.FQDN, c.addressKind());
        assertEquals("2cf0b2c0-0842-4fe3-aaa0-4556a2dfbadc.local", c.address());
        assertEquals(999, c.networkCost());
        assertEquals(-1, c.networkId());
    }
}
