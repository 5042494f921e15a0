package io.jrtc.sdp;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated descriptions round-trip through write and parse; mutated vector descriptions (lines dropped,
 * duplicated, truncated, characters flipped) either parse or raise {@link SdpParseException}, nothing else.
 */
class SdpProperties {

    // ------------------------------------------------------------ generators

    private static Arbitrary<String> token() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/-")
                .ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> iceChars() {
        return Arbitraries.strings().withChars("abcdefXYZ0123456789+/").ofMinLength(1).ofMaxLength(10);
    }

    private static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
    }

    private static Arbitrary<String> address() {
        return Arbitraries.oneOf(ipv4(), Arbitraries.of("::1", "2001:db8::7", "fe80::1:2:3:4",
                "2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c"),
                Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(1).ofMaxLength(36)
                        .map(s -> "h" + s + ".local"));
    }

    private static Arbitrary<CandidateAttribute> candidate() {
        Arbitrary<Map<String, String>> ext = Combinators.combine(
                Arbitraries.of("", "active", "passive", "so"),
                Arbitraries.integers().between(-1, 9),
                Arbitraries.integers().between(-1, 99),
                iceChars().injectNull(0.5)).as((tcp, gen, cost, ufrag) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    if (!tcp.isEmpty()) {
                        m.put("tcptype", tcp);
                    }
                    if (gen >= 0) {
                        m.put("generation", Integer.toString(gen));
                    }
                    if (ufrag != null) {
                        m.put("ufrag", ufrag);
                    }
                    if (cost >= 0) {
                        m.put("network-cost", Integer.toString(cost));
                    }
                    return m;
                });
        return Combinators.combine(iceChars(), Arbitraries.integers().between(1, 2),
                Arbitraries.of("udp", "tcp", "UDP"), Arbitraries.longs().between(0, 0xFFFFFFFFL), address(),
                Arbitraries.integers().between(0, 65535), Arbitraries.of("host", "srflx", "prflx", "relay"),
                ext).as((f, c, t, p, a, port, type, e) -> {
                    boolean related = !type.equals("host");
                    return new CandidateAttribute(f, c, t, p, a, port, type, related ? "0.0.0.0" : null, related ? 0 : null, e);
                });
    }

    private static Arbitrary<Attribute> mediaAttribute() {
        Arbitrary<Integer> pt = Arbitraries.integers().between(0, 127);
        return Arbitraries.oneOf(
                Arbitraries.of(Direction.class).map(Attribute.MediaDirection::new),
                Arbitraries.of("rtcp-mux", "rtcp-rsize", "rtcp-mux-only", "end-of-candidates", "bundle-only")
                        .map(Attribute.Flag::new),
                token().map(Attribute.Mid::new),
                token().map(Attribute.IceUfrag::new),
                token().map(Attribute.IcePwd::new),
                Arbitraries.of(SetupRole.class).map(Attribute.Setup::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(64)
                        .map(b -> Attribute.Fingerprint.of("sha-256", b)),
                Combinators.combine(Arbitraries.integers().between(1, 14), Arbitraries.of(Direction.class).injectNull(0.7),
                        token().map(s -> "urn:x:" + s)).as((id, d, uri) -> new Attribute.Extmap(id, d, uri, null)),
                Combinators.combine(pt, Arbitraries.strings().withChars("abcXYZ0129-").ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(8000, 48000, 90000), Arbitraries.of(0, 1, 2))
                        .as(Attribute.Rtpmap::new),
                Combinators.combine(pt, Arbitraries.maps(token(), token().injectNull(0.2)).ofMaxSize(4))
                        .as(Attribute.Fmtp::new),
                Combinators.combine(pt, token(), token().injectNull(0.5))
                        .as((p, t, x) -> new Attribute.RtcpFb(Integer.toString(p), t, x)),
                Combinators.combine(Arbitraries.longs().between(0, 0xFFFFFFFFL), token(), token().injectNull(0.3))
                        .as(Attribute.Ssrc::new),
                Arbitraries.longs().between(0, 0xFFFFFFFFL).list().ofMinSize(1).ofMaxSize(3)
                        .map(l -> new Attribute.SsrcGroup("FID", l)),
                Combinators.combine(token(), token().injectNull(0.3)).as(Attribute.Msid::new),
                Combinators.combine(token(), Arbitraries.of("send", "recv")).as((id, d) -> new Attribute.Rid(id, d, Map.of())),
                token().list().ofMinSize(1).ofMaxSize(3).map(l -> {
                    List<List<String>> s = new ArrayList<>();
                    for (String r : l) {
                        s.add(List.of(r));
                    }
                    return new Attribute.Simulcast(s, List.of());
                }),
                Arbitraries.integers().between(0, 65535).map(Attribute.SctpPort::new),
                Arbitraries.longs().between(0, 1L << 40).map(Attribute.MaxMessageSize::new),
                Arbitraries.integers().between(0, 65535).map(p -> new Attribute.Rtcp(p, "IN", "IP4", "0.0.0.0")),
                candidate().map(c -> (Attribute) c),
                Combinators.combine(Arbitraries.of("ptime", "x-google-flag", "framerate", "label"),
                        token().injectNull(0.3)).as(Attribute.Raw::new));
    }

    private static Arbitrary<MediaDescription> media() {
        return Combinators.combine(Arbitraries.of("audio", "video", "application"),
                Arbitraries.integers().between(0, 65535),
                Arbitraries.of("UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "RTP/AVP"),
                Arbitraries.integers().between(0, 127).map(String::valueOf).list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.of(true, false),
                mediaAttribute().list().ofMaxSize(12)).as((m, port, proto, fmts, c, attrs) -> MediaDescription.of(m,
                        port, proto, fmts, c ? Connection.unspecifiedIp4() : null, attrs));
    }

    @Provide
    Arbitrary<SessionDescription> descriptions() {
        Arbitrary<Attribute> session = Arbitraries.oneOf(
                token().list().ofMaxSize(4).map(l -> new Attribute.Group("BUNDLE", l)),
                Combinators.combine(token().list().ofMaxSize(2), Arbitraries.of(true, false))
                        .as((l, sp) -> new Attribute.MsidSemantic("WMS", l, sp)),
                Arbitraries.of(new Attribute.Flag("ice-lite"), new Attribute.Flag("extmap-allow-mixed")),
                token().list().ofMinSize(1).ofMaxSize(2).map(Attribute.IceOptions::new));
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 1000), session.list().ofMaxSize(4), media().list().ofMaxSize(4))
                .as((id, v, attrs, media) -> SessionDescription.of(
                        new Origin("-", Long.toString(id), v, "IN", "IP4", "127.0.0.1"), attrs, media));
    }

    // ------------------------------------------------------------ round trip

    @Property(tries = 300)
    void generatedDescriptionsRoundTrip(@ForAll("descriptions") SessionDescription d) throws Exception {
        String text = d.write();
        SessionDescription back = SessionDescription.parse(text);
        assertEquals(d, back);
        assertEquals(text, back.write());
        // LF-only input gives the same model
        assertEquals(d, SessionDescription.parse(text.replace("\r\n", "\n")));
    }

    // ------------------------------------------------------------ mutations

    enum Mutation { DROP_LINE, DUPLICATE_LINE, TRUNCATE, FLIP_BYTES, SWAP_LINES, GARBAGE_LINE }

    @Property(tries = 600)
    void mutatedDescriptionsOnlyRaiseParseExceptions(@ForAll @IntRange(min = 0, max = 17) int vector,
            @ForAll Mutation mutation, @ForAll long seed) {
        String text = Vectors.text(Vectors.ALL.get(vector));
        String mutated = mutate(text, mutation, new Random(seed));
        checkOnlyParseException(mutated);
    }

    @Property(tries = 300)
    void randomTextOnlyRaisesParseExceptions(@ForAll String text) {
        checkOnlyParseException(text);
        checkOnlyParseException("v=0\r\n" + text);
        checkOnlyParseException("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\na=" + text);
    }

    private static void checkOnlyParseException(String text) {
        SessionDescription d;
        try {
            d = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            if (!e.getMessage().startsWith("line ")) {
                throw new AssertionError("error without a line number: " + e.getMessage());
            }
            return;
        }
        // what parses must write and parse back to the same model
        String written = d.write();
        try {
            assertEquals(d, SessionDescription.parse(written));
        } catch (SdpParseException e) {
            throw new AssertionError("written form does not parse: " + e.getMessage() + "\n" + written, e);
        }
    }

    static String mutate(String text, Mutation mutation, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int i = r.nextInt(lines.size());
        switch (mutation) {
            case DROP_LINE:
                lines.remove(i);
                return String.join("\n", lines);
            case DUPLICATE_LINE:
                lines.add(i, lines.get(i));
                return String.join("\n", lines);
            case SWAP_LINES: {
                int j = r.nextInt(lines.size());
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
                return String.join("\n", lines);
            }
            case GARBAGE_LINE: {
                String[] junk = {"a=", "=", "a=candidate:", "m=", "a=rtpmap:", "a=fmtp:", "c=IN", "a=extmap:99999 x",
                    "a=ssrc:1", "b=AS:", "t=1", "a=rid:x", "a=simulcast:send ;", "o=- - - - - -", "a=sctpmap:x y"};
                lines.add(i, junk[r.nextInt(junk.length)]);
                return String.join("\n", lines);
            }
            case TRUNCATE:
                return text.substring(0, r.nextInt(text.length() + 1));
            case FLIP_BYTES: {
                char[] c = text.toCharArray();
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int p = r.nextInt(c.length);
                    c[p] = (char) (c[p] ^ (1 << r.nextInt(8)));
                }
                return new String(c);
            }
            default:
                throw new IllegalStateException();
        }
    }
}
