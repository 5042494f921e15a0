package io.jrtc.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialects the parser tolerates, and the errors it gives for what it cannot read. */
class SdpParseTest {

    private static final String MINIMAL = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\n";

    @Test
    void lfTrailingWhitespaceAndBlankLines() throws Exception {
        SessionDescription d = SessionDescription.parse("v=0  \r\no=- 42 7 IN IP4 127.0.0.1\t\n\ns=-\nt=0 0 \n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0   \r\n\r\n");
        assertEquals("42", d.origin().sessionId());
        assertEquals(7, d.origin().sessionVersion());
        assertEquals("0", d.media().get(0).mid());
        assertEquals("v=0\r\no=- 42 7 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n",
                d.write());
    }

    @Test
    void unknownLinesAndAttributesAreKeptRaw() throws Exception {
        String text = MINIMAL + "x=something new\na=x-google-flag:conference\na=foo\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\ny=media level\na=framerate:30\n";
        SessionDescription d = SessionDescription.parse(text);
        assertEquals(List.of("x=something new"), d.otherLines());
        assertEquals(new Attribute.Raw("x-google-flag", "conference"), d.attributes().get(0));
        assertEquals(new Attribute.Raw("foo", null), d.attributes().get(1));
        assertEquals(List.of("y=media level"), d.media().get(0).otherLines());
        assertEquals(Vectors.lines(text), Vectors.lines(d.write()));
    }

    @Test
    void nonCanonicalKnownAttributeStaysRawButReadsTyped() throws Exception {
        SessionDescription d = SessionDescription.parse(MINIMAL + "m=audio 9 RTP/AVP 111\n"
                + "a=fmtp:111 minptime=10; useinbandfec=1\na=setup: active\n");
        MediaDescription m = d.media().get(0);
        assertInstanceOf(Attribute.Raw.class, m.attributes().get(0));
        assertTrue(d.write().contains("a=fmtp:111 minptime=10; useinbandfec=1\r\n"), "written back unchanged");
        assertEquals("1", m.fmtp(111).parameters().get("useinbandfec"));
        assertEquals(SetupRole.ACTIVE, m.first(Attribute.Setup.class).role());
    }

    @Test
    void writeUsesRfcOrder() throws Exception {
        // a=, then b= and c= out of order inside the section
        SessionDescription d = SessionDescription.parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\na=ice-lite\nt=0 0\n"
                + "m=audio 9 RTP/AVP 0\na=mid:a\nc=IN IP4 0.0.0.0\nb=AS:64\n");
        assertEquals("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n"
                + "m=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\nb=AS:64\r\na=mid:a\r\n", d.write());
        assertEquals(new Bandwidth("AS", 64), d.media().get(0).bandwidths().get(0));
    }

    @Test
    void allSessionLevelFields() throws Exception {
        String text = "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\n"
                + "i=A Seminar on the session description protocol\r\nu=http://www.example.com/seminars/sdp.pdf\r\n"
                + "e=j.doe@example.com (Jane Doe)\r\np=+1 617 555-6011\r\nc=IN IP4 224.2.17.12/127\r\n"
                + "b=CT:128\r\nt=2873397496 2873404696\r\nr=7d 1h 0 25h\r\nz=2882844526 -1h 2898848070 0\r\n"
                + "k=prompt\r\na=recvonly\r\nm=audio 49170 RTP/AVP 0\r\ni=audio\r\nm=video 51372/2 RTP/AVP 99\r\n"
                + "c=IN IP6 ff15::101/3\r\na=rtpmap:99 h263-1998/90000\r\n";
        SessionDescription d = SessionDescription.parse(text);
        assertEquals(text, d.write());
        assertEquals("jdoe", d.origin().username());
        assertEquals(List.of("7d 1h 0 25h"), d.timings().get(0).repeats());
        assertEquals(2, d.media().get(1).portCount());
        assertEquals("audio", d.media().get(0).information());
    }

    @Test
    void errorsNameTheLine() {
        assertError("", 1, "empty description");
        assertError("o=- 1 1 IN IP4 0.0.0.0\n", 1, "starts with v=0");
        assertError("v=1\n", 1, "unsupported version");
        assertError("v=0\no=- 1 IN IP4 0.0.0.0\n", 2, "o= must be");
        assertError("v=0\no=- 1 x IN IP4 0.0.0.0\n", 2, "session version is not a number");
        assertError(MINIMAL + "garbage\n", 5, "expected '<type>=<value>'");
        assertError(MINIMAL + "m=audio 70000 RTP/AVP 0\n", 5, "m= port 70000 is out of range");
        assertError(MINIMAL + "m=audio 9\n", 5, "m= must be");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=setup:sometimes\n", 6, "setup must be");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=rtpmap:300 opus/48000\n", 6, "rtpmap payload type 300");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=rtpmap:111 opus\n", 6, "rtpmap encoding");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=candidate:1 1 udp 10 1.2.3.4 9 host\n", 6, "at least 8 fields");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=candidate:1 1 udp 10 1.2.3.400 9 typ host\n", 6,
                "candidate address");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=candidate:1 1 tcp 10 1.2.3.4 9 typ host tcptype up\n", 6,
                "tcptype must be");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=candidate:1 1 udp 10 1.2.3.4 9 typ host generation\n", 6,
                "has no value");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=fingerprint:sha-256 XY:12\n", 6, "hex pairs");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\na=extmap:0 urn:x\n", 6, "extmap id 0");
        assertError(MINIMAL + "m=audio 9 RTP/AVP 0\nt=0 0\n", 6, "not allowed in a media section");
        assertError(MINIMAL + "s=again\n", 5, "second s= line");
        assertError("v=0\ns=-\nt=0 0\n", 3, "missing o= line");
        assertError(MINIMAL + "a=ssrc:4294967296 cname:x\n", 5, "ssrc 4294967296 is out of range");
        assertError(MINIMAL + "a=simulcast:send\n", 5, "simulcast must be");
    }

    private static void assertError(String text, int line, String what) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void lessCommonTypedAttributes() throws Exception {
        String text = MINIMAL + "a=identity:eyJpZHAiOnt9fQ==\na=group:LS 0 1\n"
                + "m=video 0 UDP/TLS/RTP/SAVPF 96\na=bundle-only\na=mid:1\n"
                + "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\n"
                + "a=fingerprint:sha-512 " + "AB:".repeat(63) + "CD\n"
                + "a=rtcp-mux-only\na=rtcp:9\na=ssrc-group:SIM 1 2 3\na=ssrc-group:FEC-FR 1 4\na=ssrc:4 mslabel\n"
                + "a=rid:h send pt=96;max-width=1280;max-height=720\na=simulcast:send h;~m,l recv r\n"
                + "a=extmap:3/recvonly urn:ietf:params:rtp-hdrext:encrypt urn:x:inner\n";
        SessionDescription d = SessionDescription.parse(text);
        assertEquals(new Attribute.Identity("eyJpZHAiOnt9fQ=="), d.attributes().get(0));
        assertEquals(new Attribute.Group("LS", List.of("0", "1")), d.attributes().get(1));
        MediaDescription m = d.media().get(0);
        assertTrue(!m.isRejected(), "port 0 with bundle-only is not rejected");
        List<Attribute.Fingerprint> fps = m.all(Attribute.Fingerprint.class);
        assertEquals(2, fps.size());
        assertEquals(20, fps.get(0).bytes().length);
        assertEquals(64, fps.get(1).bytes().length);
        assertEquals(new Attribute.Flag("rtcp-mux-only"), m.attributes().get(4));
        assertEquals(new Attribute.Rtcp(9, null, null, null), m.attributes().get(5));
        assertEquals(List.of(1L, 2L, 3L), m.all(Attribute.SsrcGroup.class).get(0).ssrcs());
        assertEquals("FEC-FR", m.all(Attribute.SsrcGroup.class).get(1).semantics());
        assertEquals(new Attribute.Ssrc(4, "mslabel", null), m.first(Attribute.Ssrc.class));
        Attribute.Rid rid = m.first(Attribute.Rid.class);
        assertEquals(List.of("pt", "max-width", "max-height"), List.copyOf(rid.parameters().keySet()));
        Attribute.Simulcast sim = m.first(Attribute.Simulcast.class);
        assertEquals(List.of(List.of("h"), List.of("~m", "l")), sim.send());
        assertEquals(List.of(List.of("r")), sim.receive());
        Attribute.Extmap enc = m.first(Attribute.Extmap.class);
        assertEquals(Direction.RECVONLY, enc.direction());
        assertEquals("urn:x:inner", enc.attributes());
        for (Attribute a : m.attributes()) {
            assertTrue(!(a instanceof Attribute.Raw), a.text());
        }
        assertEquals(Vectors.lines(text), Vectors.lines(d.write()));
    }

    @Test
    void candidateGrammar() throws Exception {
        CandidateAttribute relay = CandidateAttribute.parse("a=candidate:3 1 udp 41885439 203.0.113.7 50000 typ relay raddr 198.51.100.2 "
                + "rport 61000 generation 2 ufrag Ab+/ network-id 3 network-cost 10 x-custom yes");
        assertEquals("relay", relay.type());
        assertEquals("198.51.100.2", relay.relatedAddress());
        assertEquals(61000, relay.relatedPort());
        assertEquals(2, relay.generation());
        assertEquals("Ab+/", relay.ufrag());
        assertEquals("yes", relay.extensions().get("x-custom"));
        assertEquals("candidate:3 1 udp 41885439 203.0.113.7 50000 typ relay raddr 198.51.100.2 rport 61000 "
                + "generation 2 ufrag Ab+/ network-id 3 network-cost 10 x-custom yes", relay.toCandidateString());
        CandidateAttribute so = CandidateAttribute.parse("candidate:7 1 TCP 1 ::1 9 typ host tcptype so");
        assertEquals("so", so.tcpType());
        assertEquals(CandidateAttribute.AddressKind.IPV6, so.addressKind());
        assertEquals(CandidateAttribute.AddressKind.IPV6, CandidateAttribute.parse("1 1 udp 1 fe80::1%eth0 1 typ host").addressKind());
        assertEquals(CandidateAttribute.AddressKind.IPV6, CandidateAttribute.parse("1 1 udp 1 ::ffff:192.0.2.1 1 typ host").addressKind());
        assertThrows(SdpParseException.class, () -> CandidateAttribute.parse("1 1 udp 1 1:2:3:4:5:6:7:8:9 1 typ host"));
        assertThrows(SdpParseException.class, () -> CandidateAttribute.parse("1 1 udp 1 1::2::3 1 typ host"));
        assertThrows(SdpParseException.class, () -> CandidateAttribute.parse("1 1 udp 4294967296 1.2.3.4 1 typ host"));
        assertThrows(SdpParseException.class, () -> CandidateAttribute.parse("1 0 udp 1 1.2.3.4 1 typ host"));
        assertThrows(SdpParseException.class, () -> CandidateAttribute.parse("f*o 1 udp 1 1.2.3.4 1 typ host"));
    }

    /** {@link #MINIMAL} padded with {@code a=x-pad:} lines to exactly {@code length} characters. */
    private static String ofLength(int length) {
        StringBuilder b = new StringBuilder(length).append(MINIMAL);
        String line = "a=x-pad:" + "p".repeat(990) + "\n";
        while (b.length() + line.length() <= length - 10) {
            b.append(line);
        }
        b.append("a=x-pad:");
        while (b.length() < length - 1) {
            b.append('q');
        }
        return b.append('\n').toString();
    }

    @Test
    void descriptionsUpToOneMebibyteParseAndLongerOnesAreRefusedBeforeAnyWork() throws Exception {
        assertEquals(1 << 20, SessionDescription.MAX_LENGTH);
        String atLimit = ofLength(SessionDescription.MAX_LENGTH);
        assertEquals(SessionDescription.MAX_LENGTH, atLimit.length());
        SessionDescription d = SessionDescription.parse(atLimit);
        assertTrue(d.attributes().size() > 1000);
        SdpParseException e = assertThrows(SdpParseException.class,
                () -> SessionDescription.parse(ofLength(SessionDescription.MAX_LENGTH + 1)));
        assertEquals("description of 1048577 characters exceeds 1048576", e.getMessage());
    }
}
