package io.jrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SDP attribute {@code a=candidate:} (RFC 8839 section 5.1): an ICE candidate as text, kept field by
 * field. Not the ICE agent's {@code io.jrtc.ice.Candidate} (this module does not depend on ICE); the two
 * meet through the candidate string ({@link #toCandidateString()}):
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
 *           [raddr &lt;related-address&gt;] [rport &lt;related-port&gt;] *(&lt;extension-name&gt; &lt;extension-value&gt;)
 * </pre>
 *
 * Extensions ({@code tcptype}, {@code generation}, {@code ufrag}, {@code network-id},
 * {@code network-cost} and any unknown pair) are kept in an ordered map, in the order written; the
 * typed accessors read the well-known ones. The transport is kept as written ({@code UDP} from
 * Firefox, {@code udp} from Chromium). The address is IPv4, IPv6 or a host name (an mDNS
 * {@code .local} name).
 *
 * @param foundation     the foundation (1..32 ice-chars)
 * @param component      the component id (1 RTP, 2 RTCP)
 * @param transport      the transport as written (udp, UDP, tcp)
 * @param priority       the priority (32 bits)
 * @param address        the address: IPv4, IPv6 or a host name
 * @param port           the port
 * @param type           the type: host, srflx, prflx or relay
 * @param relatedAddress the raddr, or null
 * @param relatedPort    the rport, or null
 * @param extensions     the extension pairs in order (tcptype, generation, ufrag, network-id, ...)
 */
public record CandidateAttribute(String foundation, int component, String transport, long priority, String address,
        int port, String type, String relatedAddress, Integer relatedPort, Map<String, String> extensions)
        implements Attribute {

    /** What kind of address a candidate carries. */
    public enum AddressKind {
        /** A dotted-quad IPv4 address. */
        IPV4,
        /** An IPv6 address (with {@code ::}, an embedded IPv4 address or a zone). */
        IPV6,
        /** A host name: an mDNS {@code .local} name, or any other. */
        FQDN
    }

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param foundation the foundation (1..32 ice-chars)
     * @param component the component id (1 RTP, 2 RTCP)
     * @param transport the transport as written (udp, UDP, tcp)
     * @param priority the priority (32 bits)
     * @param address the address: IPv4, IPv6 or a host name
     * @param port the port
     * @param type the type: host, srflx, prflx or relay
     * @param relatedAddress the raddr, or null
     * @param relatedPort the rport, or null
     * @param extensions the extension pairs in order (tcptype, generation, ufrag, network-id, ...)
     */
    public CandidateAttribute {
        Objects.requireNonNull(foundation);
        Objects.requireNonNull(transport);
        Objects.requireNonNull(address);
        Objects.requireNonNull(type);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * A host candidate without extensions.
     *
     * @param foundation the foundation (RFC 8445 §5.1.1.3)
     * @param component the component id (1: RTP; 2: RTCP without rtcp-mux)
     * @param transport the transport as written (udp, UDP, tcp)
     * @param priority the candidate priority (RFC 8445 §5.1.2)
     * @param address the address
     * @param port the port
     * @return a host candidate without extensions
     */
    public static CandidateAttribute host(String foundation, int component, String transport, long priority, String address,
            int port) {
        return new CandidateAttribute(foundation, component, transport, priority, address, port, "host", null, null, Map.of());
    }

    @Override
    public String name() {
        return "candidate";
    }

    @Override
    public String value() {
        StringBuilder sb = new StringBuilder(96);
        sb.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            sb.append(' ').append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }

    /** {@return the text trickled in signaling: {@code candidate:...} without {@code a=}} */
    public String toCandidateString() {
        return "candidate:" + value();
    }

    /** {@return whether the transport is UDP, in any case} */
    public boolean isUdp() {
        return transport.equalsIgnoreCase("udp");
    }

    /** {@return whether the transport is TCP (RFC 6544), in any case} */
    public boolean isTcp() {
        return transport.equalsIgnoreCase("tcp");
    }

    /** {@return {@code active}, {@code passive} or {@code so} for TCP candidates (RFC 6544), else {@code null}} */
    public String tcpType() {
        return extensions.get("tcptype");
    }

    /**
     * Chromium's {@code generation} (ICE restart count), or -1.
     *
     * @return the generation, or -1 when absent
     */
    public int generation() {
        return intExtension("generation");
    }

    /** {@return the ICE ufrag the candidate belongs to (trickle), or {@code null}} */
    public String ufrag() {
        return extensions.get("ufrag");
    }

    /**
     * Chromium's {@code network-id}, or -1.
     *
     * @return the network-id, or -1 when absent
     */
    public int networkId() {
        return intExtension("network-id");
    }

    /**
     * Chromium's {@code network-cost}, or -1.
     *
     * @return the network-cost, or -1 when absent
     */
    public int networkCost() {
        return intExtension("network-cost");
    }

    private int intExtension(String key) {
        String v = extensions.get(key);
        return v == null || !Tokens.isDigits(v, 9) ? -1 : Integer.parseInt(v);
    }

    /** {@return what kind of address the candidate carries} */
    public AddressKind addressKind() {
        return kindOf(address);
    }

    /**
     * Parses {@code candidate:...}, {@code a=candidate:...} or just the value after the colon.
     *
     * @param text the text
     * @return the candidate
     * @throws SdpParseException saying what is wrong, with its line number
     */
    public static CandidateAttribute parse(String text) throws SdpParseException {
        String s = text.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        return parseValue(s, 0);
    }

    static CandidateAttribute parseValue(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        if (t.size() < 8) {
            throw new SdpParseException(line, "candidate needs at least 8 fields (foundation component transport "
                    + "priority address port typ type), found " + t.size());
        }
        String foundation = t.get(0);
        if (foundation.length() > 32 || !isIceChars(foundation)) {
            throw new SdpParseException(line, "candidate foundation '" + foundation + "' is not 1 to 32 ice-chars");
        }
        int component = Tokens.integer(t.get(1), 1, 256, line, "candidate component");
        String transport = t.get(2);
        if (!Tokens.isToken(transport)) {
            throw new SdpParseException(line, "candidate transport is not a token");
        }
        long priority = Tokens.number(t.get(3), 0, 0xFFFFFFFFL, line, "candidate priority");
        String address = t.get(4);
        if (kindOf(address) == null) {
            throw new SdpParseException(line, "candidate address '" + address + "' is not IPv4, IPv6 or a host name");
        }
        int port = Tokens.integer(t.get(5), 0, 65535, line, "candidate port");
        if (!t.get(6).equals("typ")) {
            throw new SdpParseException(line, "expected 'typ' after the candidate port, found '" + t.get(6) + "'");
        }
        String type = t.get(7);
        if (!Tokens.isToken(type)) {
            throw new SdpParseException(line, "candidate type is not a token");
        }
        int i = 8;
        String raddr = null;
        Integer rport = null;
        if (i + 1 < t.size() && t.get(i).equals("raddr")) {
            raddr = t.get(i + 1);
            if (kindOf(raddr) == null) {
                throw new SdpParseException(line, "candidate raddr '" + raddr + "' is not an address");
            }
            i += 2;
        }
        if (i + 1 < t.size() && t.get(i).equals("rport")) {
            rport = Tokens.integer(t.get(i + 1), 0, 65535, line, "candidate rport");
            i += 2;
        }
        Map<String, String> ext = new LinkedHashMap<>();
        while (i < t.size()) {
            String key = t.get(i);
            if (i + 1 >= t.size()) {
                throw new SdpParseException(line, "candidate extension '" + key + "' has no value");
            }
            String v = t.get(i + 1);
            switch (key) {
                case "tcptype":
                    if (!v.equals("active") && !v.equals("passive") && !v.equals("so")) {
                        throw new SdpParseException(line, "tcptype must be active, passive or so, found '" + v + "'");
                    }
                    break;
                case "generation":
                case "network-id":
                case "network-cost":
                    Tokens.number(v, 0, Integer.MAX_VALUE, line, "candidate " + key);
                    break;
                case "raddr":
                case "rport":
                    throw new SdpParseException(line, "candidate " + key + " is out of place");
                default:
                    break;
            }
            if (ext.putIfAbsent(key, v) != null) {
                throw new SdpParseException(line, "candidate extension '" + key + "' appears twice");
            }
            i += 2;
        }
        return new CandidateAttribute(foundation, component, transport, priority, address, port, type, raddr, rport, ext);
    }

    private static boolean isIceChars(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** IPV4, IPV6, FQDN, or {@code null} when the text is none of them. */
    static AddressKind kindOf(String a) {
        if (a.isEmpty() || a.length() > 255) {
            return null;
        }
        if (a.indexOf(':') >= 0) {
            return isIpv6(a) ? AddressKind.IPV6 : null;
        }
        if (isIpv4(a)) {
            return AddressKind.IPV4;
        }
        boolean allDigitsAndDots = true;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_';
            if (!ok) {
                return null;
            }
            if (c != '.' && (c < '0' || c > '9')) {
                allDigitsAndDots = false;
            }
        }
        if (allDigitsAndDots || a.startsWith(".") || a.contains("..")) {
            return null;
        }
        return AddressKind.FQDN;
    }

    private static boolean isIpv4(String a) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!Tokens.isDigits(p, 3) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String a) {
        String s = a;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        if ((s.startsWith(":") && !s.startsWith("::")) || (s.endsWith(":") && !s.endsWith("::"))) {
            return false;
        }
        String body = dc >= 0 ? s.substring(0, dc) + ":" + s.substring(dc + 2) : s;
        int groups = 0;
        String[] parts = body.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                if (dc >= 0) {
                    continue;
                }
                return false;
            }
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return false;
                }
                groups += 2;
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int k = 0; k < p.length(); k++) {
                if (!Tokens.isHex(p.charAt(k))) {
                    return false;
                }
            }
            groups++;
        }
        return dc >= 0 ? groups < 8 : groups == 8;
    }
}
