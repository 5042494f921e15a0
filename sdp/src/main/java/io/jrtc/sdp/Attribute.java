package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code a=} line. The attributes WebRTC relies on are typed records; everything else is a
 * {@link Raw} that is written back exactly as it was read.
 *
 * <p>The parser only keeps a typed record when writing it back gives the very same text; a known
 * attribute written in an unusual way (extra spaces, a different order) stays {@link Raw} so that
 * nothing read is ever changed. {@link #typed()} still reads such a Raw as its typed record when it
 * can.
 */
public sealed interface Attribute permits Attribute.Raw, Attribute.Flag, Attribute.MediaDirection,
        Attribute.Group, Attribute.MsidSemantic, Attribute.IceUfrag, Attribute.IcePwd, Attribute.IceOptions,
        Attribute.Fingerprint, Attribute.Setup, Attribute.Mid, Attribute.Extmap, Attribute.Rtcp, Attribute.RtcpXr,
        Attribute.Rtpmap, Attribute.Fmtp, Attribute.RtcpFb, Attribute.Ssrc, Attribute.SsrcGroup, Attribute.Msid,
        Attribute.Rid, Attribute.Simulcast, Attribute.SctpPort, Attribute.MaxMessageSize, Attribute.Sctpmap,
        Attribute.Identity, CandidateAttribute {

    /** {@return the attribute name, before the colon} */
    String name();

    /** {@return the text after the colon, or {@code null} for a property attribute such as {@code a=rtcp-mux}} */
    String value();

    /** {@return the line without {@code a=}: {@code name} or {@code name:value}} */
    default String text() {
        String v = value();
        return v == null ? name() : name() + ":" + v;
    }

    /**
     * {@return this attribute as its typed record when it is a {@link Raw} of a known attribute that parses; else
     * itself}
     */
    default Attribute typed() {
        return this;
    }

    /** Known property attributes (no value). */
    List<String> FLAGS = List.of("extmap-allow-mixed", "ice-lite", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize",
            "end-of-candidates", "bundle-only");

    /**
     * Parses one attribute. A known attribute whose value does not follow its grammar is an error
     * (with {@code line} in the message); an unknown one is kept {@link Raw}.
     *
     * @param name the name
     * @param value the value
     * @param line the 1-based line number of the offending line, or 0 when it is not about one line
     * @return the attribute: its record, or {@link Raw}
     * @throws SdpParseException saying what is wrong, with its line number
     */
    static Attribute parse(String name, String value, int line) throws SdpParseException {
        if (name.isEmpty()) {
            throw new SdpParseException(line, "attribute without a name");
        }
        Attribute a = Parsers.parseTyped(name, value, line);
        if (a == null) {
            return new Raw(name, value);
        }
        String written = a.value();
        return Objects.equals(written, value) ? a : new Raw(name, value);
    }

    /**
     * Parses the text after {@code a=}.
     *
     * @param text the text
     * @return the attribute
     * @throws SdpParseException saying what is wrong, with its line number
     */
    static Attribute parse(String text) throws SdpParseException {
        int colon = text.indexOf(':');
        return colon < 0 ? parse(text, null, 0) : parse(text.substring(0, colon), text.substring(colon + 1), 0);
    }

    /**
     * An attribute kept as written: unknown ones, and known ones written in a non-canonical way.
     *
     * @param name  the attribute name
     * @param value its value as written, or null for a flag
     */
    record Raw(String name, String value) implements Attribute {
        /**
         * Checks the components.
         *
         * @param name the attribute name
         * @param value its value as written, or null for a flag
         */
        public Raw {
            Objects.requireNonNull(name);
        }

        @Override
        public Attribute typed() {
            try {
                Attribute a = Parsers.parseTyped(name, value == null ? null : value.strip(), 0);
                return a == null ? this : a;
            } catch (SdpParseException e) {
                return this;
            }
        }
    }

    /**
     * A known property attribute: rtcp-mux, rtcp-mux-only, rtcp-rsize, ice-lite, extmap-allow-mixed,
     * end-of-candidates, bundle-only.
     *
     * @param name the attribute name (ice-lite, rtcp-mux, ...)
     */
    record Flag(String name) implements Attribute {
        /**
         * Checks the components.
         *
         * @param name the attribute name (ice-lite, rtcp-mux, ...)
         */
        public Flag {
            Objects.requireNonNull(name);
        }

        @Override
        public String value() {
            return null;
        }
    }

    /** {@code a=sendrecv}, {@code a=sendonly}, {@code a=recvonly} or {@code a=inactive}. */
    record MediaDirection(Direction direction) implements Attribute {
        @Override
        public String name() {
            return direction.token();
        }

        @Override
        public String value() {
            return null;
        }
    }

    /**
     * {@code a=group:BUNDLE 0 1 2} (RFC 5888, RFC 9143).
     *
     * @param semantics the semantics (BUNDLE, LS, ...)
     * @param mids      the mids grouped, in order
     */
    record Group(String semantics, List<String> mids) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param semantics the semantics (BUNDLE, LS, ...)
         * @param mids the mids grouped, in order
         */
        public Group {
            mids = List.copyOf(mids);
        }

        @Override
        public String name() {
            return "group";
        }

        @Override
        public String value() {
            return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
        }
    }

    /**
     * {@code a=msid-semantic:WMS *} (Firefox) or {@code a=msid-semantic: WMS id} (Chromium, with the space
     * of the old draft: {@code spaced} keeps it).
     *
     * @param semantics the semantics (WMS)
     * @param ids       the stream ids, if any
     * @param spaced    whether written with a space after the colon (Chromium's form)
     */
    record MsidSemantic(String semantics, List<String> ids, boolean spaced) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param semantics the semantics (WMS)
         * @param ids the stream ids, if any
         * @param spaced whether written with a space after the colon (Chromium's form)
         */
        public MsidSemantic {
            ids = List.copyOf(ids);
        }

        @Override
        public String name() {
            return "msid-semantic";
        }

        @Override
        public String value() {
            String v = ids.isEmpty() ? semantics : semantics + " " + String.join(" ", ids);
            return spaced ? " " + v : v;
        }
    }

    /** {@code a=ice-ufrag} (RFC 8839). */
    record IceUfrag(String ufrag) implements Attribute {
        @Override
        public String name() {
            return "ice-ufrag";
        }

        @Override
        public String value() {
            return ufrag;
        }
    }

    /** {@code a=ice-pwd} (RFC 8839). */
    record IcePwd(String password) implements Attribute {
        @Override
        public String name() {
            return "ice-pwd";
        }

        @Override
        public String value() {
            return password;
        }
    }

    /**
     * {@code a=ice-options:trickle renomination} (RFC 8839).
     *
     * @param options the options (trickle, ice2, renomination, ...)
     */
    record IceOptions(List<String> options) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param options the options (trickle, ice2, renomination, ...)
         */
        public IceOptions {
            options = List.copyOf(options);
        }

        @Override
        public String name() {
            return "ice-options";
        }

        @Override
        public String value() {
            return String.join(" ", options);
        }
    }

    /** {@code a=fingerprint:sha-256 AB:CD:...} (RFC 8122): the hash of the DTLS certificate. */
    record Fingerprint(String hashFunction, String fingerprint) implements Attribute {
        @Override
        public String name() {
            return "fingerprint";
        }

        @Override
        public String value() {
            return hashFunction + " " + fingerprint;
        }

        /** {@return the hash bytes} */
        public byte[] bytes() {
            byte[] out = new byte[(fingerprint.length() + 1) / 3];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) Integer.parseInt(fingerprint.substring(i * 3, i * 3 + 2), 16);
            }
            return out;
        }

        /**
         * Builds the attribute from hash bytes, upper-case hex as browsers write it.
         *
         * @param hashFunction the hash function name (sha-256, ...)
         * @param hash the hash value
         * @return the attribute
         */
        public static Fingerprint of(String hashFunction, byte[] hash) {
            StringBuilder sb = new StringBuilder(hash.length * 3);
            for (int i = 0; i < hash.length; i++) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(String.format("%02X", hash[i] & 0xff));
            }
            return new Fingerprint(hashFunction, sb.toString());
        }
    }

    /** {@code a=setup:actpass} (RFC 8842). */
    record Setup(SetupRole role) implements Attribute {
        @Override
        public String name() {
            return "setup";
        }

        @Override
        public String value() {
            return role.token();
        }
    }

    /** {@code a=mid:0} (RFC 9143): names a media section for BUNDLE and RTP routing. */
    record Mid(String mid) implements Attribute {
        @Override
        public String name() {
            return "mid";
        }

        @Override
        public String value() {
            return mid;
        }
    }

    /** {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285). */
    record Extmap(int id, Direction direction, String uri, String attributes) implements Attribute {
        @Override
        public String name() {
            return "extmap";
        }

        @Override
        public String value() {
            StringBuilder sb = new StringBuilder().append(id);
            if (direction != null) {
                sb.append('/').append(direction.token());
            }
            sb.append(' ').append(uri);
            if (attributes != null) {
                sb.append(' ').append(attributes);
            }
            return sb.toString();
        }
    }

    /** {@code a=rtcp:9 IN IP4 0.0.0.0} (RFC 3605); the address part is optional. */
    record Rtcp(int port, String netType, String addrType, String address) implements Attribute {
        @Override
        public String name() {
            return "rtcp";
        }

        @Override
        public String value() {
            return address == null ? Integer.toString(port) : port + " " + netType + " " + addrType + " " + address;
        }
    }

    /**
     * {@code a=rtcp-xr:rcvr-rtt=all} (RFC 3611), its space-separated report blocks.
     *
     * @param blocks the XR block types, as written
     */
    record RtcpXr(List<String> blocks) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param blocks the XR block types, as written
         */
        public RtcpXr {
            blocks = List.copyOf(blocks);
        }

        @Override
        public String name() {
            return "rtcp-xr";
        }

        @Override
        public String value() {
            return String.join(" ", blocks);
        }
    }

    /** {@code a=rtpmap:111 opus/48000/2}; {@code channels} is 0 when absent. */
    record Rtpmap(int payloadType, String encoding, int clockRate, int channels) implements Attribute {
        @Override
        public String name() {
            return "rtpmap";
        }

        @Override
        public String value() {
            String v = payloadType + " " + encoding + "/" + clockRate;
            return channels > 0 ? v + "/" + channels : v;
        }
    }

    /**
     * {@code a=fmtp:111 minptime=10;useinbandfec=1}: the format parameters as an ordered map. A
     * parameter without {@code =} (such as {@code 111/111} of RED or {@code 0-15} of telephone-event)
     * is a key with a {@code null} value.
     *
     * @param payloadType the payload type
     * @param parameters  the parameters in order (a bare value is a key with a null value)
     */
    record Fmtp(int payloadType, Map<String, String> parameters) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param payloadType the payload type
         * @param parameters the parameters in order (a bare value is a key with a null value)
         */
        public Fmtp {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public String name() {
            return "fmtp";
        }

        @Override
        public String value() {
            if (parameters.isEmpty()) {
                return Integer.toString(payloadType);
            }
            StringBuilder sb = new StringBuilder().append(payloadType).append(' ');
            boolean first = true;
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (!first) {
                    sb.append(';');
                }
                first = false;
                sb.append(e.getKey());
                if (e.getValue() != null) {
                    sb.append('=').append(e.getValue());
                }
            }
            return sb.toString();
        }
    }

    /** {@code a=rtcp-fb:96 nack pli} (RFC 4585); the payload type may be {@code *}. */
    record RtcpFb(String payloadType, String type, String parameter) implements Attribute {
        @Override
        public String name() {
            return "rtcp-fb";
        }

        @Override
        public String value() {
            return parameter == null ? payloadType + " " + type : payloadType + " " + type + " " + parameter;
        }
    }

    /** {@code a=ssrc:123 cname:abc} (RFC 5576); {@code value} is {@code null} for a bare attribute. */
    record Ssrc(long ssrc, String attribute, String attributeValue) implements Attribute {
        @Override
        public String name() {
            return "ssrc";
        }

        @Override
        public String value() {
            return attributeValue == null ? ssrc + " " + attribute : ssrc + " " + attribute + ":" + attributeValue;
        }
    }

    /**
     * {@code a=ssrc-group:FID 1 2} (RFC 5576): FID (RTX), SIM (simulcast), FEC-FR.
     *
     * @param semantics the semantics (FID, SIM, FEC-FR, ...)
     * @param ssrcs     the SSRCs, in order
     */
    record SsrcGroup(String semantics, List<Long> ssrcs) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param semantics the semantics (FID, SIM, FEC-FR, ...)
         * @param ssrcs the SSRCs, in order
         */
        public SsrcGroup {
            ssrcs = List.copyOf(ssrcs);
        }

        @Override
        public String name() {
            return "ssrc-group";
        }

        @Override
        public String value() {
            StringBuilder sb = new StringBuilder(semantics);
            for (Long s : ssrcs) {
                sb.append(' ').append(s);
            }
            return sb.toString();
        }
    }

    /** {@code a=msid:<stream id> [<track id>]} (RFC 8830). */
    record Msid(String streamId, String trackId) implements Attribute {
        @Override
        public String name() {
            return "msid";
        }

        @Override
        public String value() {
            return trackId == null ? streamId : streamId + " " + trackId;
        }
    }

    /**
     * {@code a=rid:h send pt=96;max-width=1280} (RFC 8851); parameters in order, {@code null} value for bare keys.
     *
     * @param id         the RTP stream id
     * @param direction  send or recv
     * @param parameters the restrictions and payload types, in order
     */
    record Rid(String id, String direction, Map<String, String> parameters) implements Attribute {
        /**
         * Keeps unmodifiable copies of the collections.
         *
         * @param id the RTP stream id
         * @param direction send or recv
         * @param parameters the restrictions and payload types, in order
         */
        public Rid {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public String name() {
            return "rid";
        }

        @Override
        public String value() {
            StringBuilder sb = new StringBuilder(id).append(' ').append(direction);
            boolean first = true;
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                sb.append(first ? ' ' : ';');
                first = false;
                sb.append(e.getKey());
                if (e.getValue() != null) {
                    sb.append('=').append(e.getValue());
                }
            }
            return sb.toString();
        }
    }

    /**
     * {@code a=simulcast:send h;m;l recv a} (RFC 8853). Each list holds alternatives of one stream
     * ({@code a,b}); a paused stream keeps its {@code ~} prefix.
     *
     * @param send    the send streams: alternatives per layer
     * @param receive the receive streams
     */
    record Simulcast(List<List<String>> send, List<List<String>> receive) implements Attribute {
        /**
         * Keeps unmodifiable copies of the stream lists.
         *
         * @param send the send streams: alternatives per layer
         * @param receive the receive streams
         */
        public Simulcast {
            send = copy(send);
            receive = copy(receive);
        }

        private static List<List<String>> copy(List<List<String>> l) {
            List<List<String>> out = new ArrayList<>();
            for (List<String> alt : l) {
                out.add(List.copyOf(alt));
            }
            return List.copyOf(out);
        }

        @Override
        public String name() {
            return "simulcast";
        }

        @Override
        public String value() {
            StringBuilder sb = new StringBuilder();
            if (!send.isEmpty()) {
                sb.append("send ").append(streams(send));
            }
            if (!receive.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append("recv ").append(streams(receive));
            }
            return sb.toString();
        }

        private static String streams(List<List<String>> l) {
            List<String> s = new ArrayList<>();
            for (List<String> alt : l) {
                s.add(String.join(",", alt));
            }
            return String.join(";", s);
        }
    }

    /** {@code a=sctp-port:5000} (RFC 8841): the SCTP port of the data channel association. */
    record SctpPort(int port) implements Attribute {
        @Override
        public String name() {
            return "sctp-port";
        }

        @Override
        public String value() {
            return Integer.toString(port);
        }
    }

    /** {@code a=max-message-size:262144} (RFC 8841); 0 means no limit. */
    record MaxMessageSize(long size) implements Attribute {
        @Override
        public String name() {
            return "max-message-size";
        }

        @Override
        public String value() {
            return Long.toString(size);
        }
    }

    /** The legacy {@code a=sctpmap:5000 webrtc-datachannel 1024} (draft-ietf-mmusic-sctp-sdp-05); streams 0 if absent. */
    record Sctpmap(int number, String protocol, int streams) implements Attribute {
        @Override
        public String name() {
            return "sctpmap";
        }

        @Override
        public String value() {
            return streams > 0 ? number + " " + protocol + " " + streams : number + " " + protocol;
        }
    }

    /** {@code a=identity:<assertion>} (RFC 8827), kept as text. */
    record Identity(String assertion) implements Attribute {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public String value() {
            return assertion;
        }
    }
}
