package io.jrtc.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * An ICE candidate (RFC 8445 §5.1): a transport address the agent can be reached on, with its type,
 * priority and foundation. Only UDP and component 1 are used (WebRTC bundles and muxes RTCP); TCP
 * (RFC 6544) and unknown transports parse, so a browser's lines can be handed over blindly, and the
 * agent ignores them.
 *
 * <p>{@code base} is the local address a local candidate sends from (RFC 8445 §5.1.1.1): the host
 * address for host and server-reflexive candidates, the relayed address itself for a relayed one.
 * Remote candidates have no base ({@code null}).
 *
 * <p>A remote mDNS candidate ({@code 1f4712db-….local}) has an <em>unresolved</em> address
 * ({@link InetSocketAddress#isUnresolved()}); the agent resolves it through its resolver hook or
 * ignores it.
 *
 * @param foundation     groups candidates that are likely to behave the same (RFC 8445 §5.1.1.3)
 * @param component      1 (RTP, and RTCP muxed on it)
 * @param priority       RFC 8445 §5.1.2.1, an unsigned 32-bit value
 * @param address        the transport address
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress the base (srflx, prflx) or the mapped address (relay), or {@code null}
 * @param base           for a local candidate, where it sends from; {@code null} for a remote one
 * @param transport      {@code udp}, {@code tcp} (RFC 6544) or another transport token, lower case
 * @param tcpType        for a TCP candidate, its {@code tcptype} (RFC 6544 §4.5); {@code null} otherwise
 */
public record Candidate(String foundation, int component, long priority, InetSocketAddress address,
                        CandidateType type, InetSocketAddress relatedAddress, InetSocketAddress base,
                        String transport, TcpType tcpType) {

    /** The {@code tcptype} of a TCP candidate (RFC 6544 §4.5). */
    public enum TcpType {
        /** Opens connections, never accepts them (its port is 9, the discard port). */
        ACTIVE("active"),
        /** Accepts connections, never opens them. */
        PASSIVE("passive"),
        /** Simultaneous open: both ends connect at the same time. */
        SO("so");

        private final String sdpName;

        TcpType(String sdpName) {
            this.sdpName = sdpName;
        }

        /** {@return the type as SDP writes it: host, srflx, prflx or relay} */
        public String sdpName() {
            return sdpName;
        }
    }

    /**
     * Checks the components.
     *
     * @param foundation groups candidates that are likely to behave the same (RFC 8445 §5.1.1.3)
     * @param component 1 (RTP, and RTCP muxed on it)
     * @param priority RFC 8445 §5.1.2.1, an unsigned 32-bit value
     * @param address the transport address
     * @param type host, srflx, prflx or relay
     * @param relatedAddress the base (srflx, prflx) or the mapped address (relay), or {@code null}
     * @param base for a local candidate, where it sends from; {@code null} for a remote one
     * @param transport {@code udp}, {@code tcp} (RFC 6544) or another transport token, lower case
     * @param tcpType for a TCP candidate, its {@code tcptype} (RFC 6544 §4.5); {@code null} otherwise
     */
    public Candidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transport, "transport");
        transport = transport.toLowerCase(Locale.ROOT);
        if (tcpType != null && !transport.equals("tcp")) {
            throw new IllegalArgumentException("tcptype on a " + transport + " candidate");
        }
        if (priority < 1 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component out of range: " + component);
        }
    }

    /**
     * A UDP candidate.
     *
     * @param foundation the foundation (RFC 8445 §5.1.1.3)
     * @param component the component id (1: RTP; 2: RTCP without rtcp-mux)
     * @param priority the candidate priority (RFC 8445 §5.1.2)
     * @param address the transport address the candidate is reached at
     * @param type the candidate type
     * @param relatedAddress the related address (raddr), or null
     * @param base the base
     */
    public Candidate(String foundation, int component, long priority, InetSocketAddress address,
                     CandidateType type, InetSocketAddress relatedAddress, InetSocketAddress base) {
        this(foundation, component, priority, address, type, relatedAddress, base, "udp", null);
    }

    /** {@return whether this is a UDP candidate, the only transport the agent pairs and checks} */
    public boolean isUdp() {
        return transport.equals("udp");
    }

    /**
     * The priority formula of RFC 8445 §5.1.2.1:
     * {@code 2^24 * type preference + 2^8 * local preference + (256 - component id)}.
     *
     * @param type the candidate type
     * @param localPreference the local preference, 0..65535 (RFC 8445 §5.1.2.1)
     * @param component the component id (1: RTP; 2: RTCP without rtcp-mux)
     * @return the priority formula of RFC 8445 §5.1.2.1: {@code 2^24 * type preference + 2^8 * local preference +
     *         (256 - component id)}
     */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 65535) {
            throw new IllegalArgumentException("local preference out of range: " + localPreference);
        }
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /**
     * The local preference encoded in a priority (bits 8..23).
     *
     * @param priority the candidate priority (RFC 8445 §5.1.2)
     * @return the local preference encoded in a priority (bits 8..23)
     */
    public static int localPreference(long priority) {
        return (int) ((priority >>> 8) & 0xFFFF);
    }

    /**
     * A foundation (RFC 8445 §5.1.1.3): equal for candidates of the same type, base IP address,
     * STUN/TURN server address and transport; here a CRC-32 of those, in decimal.
     *
     * @param type the candidate type
     * @param baseAddress the base's IP address
     * @param serverAddress the STUN or TURN server's address, or null
     * @return a foundation (RFC 8445 §5.1.1.3): equal for candidates of the same type, base IP address, STUN/TURN
     *         server address and transport; here a CRC-32 of those, in decimal
     */
    public static String foundation(CandidateType type, InetAddress baseAddress, InetAddress serverAddress) {
        CRC32 crc = new CRC32();
        crc.update(type.sdpName().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(baseAddress.getAddress());
        if (serverAddress != null) {
            crc.update(serverAddress.getAddress());
        }
        crc.update("udp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Long.toString(crc.getValue());
    }

    /**
     * A local host candidate on {@code address}.
     *
     * @param address the transport address the candidate is reached at
     * @param localPreference the local preference, 0..65535 (RFC 8445 §5.1.2.1)
     * @return a local host candidate on {@code address}
     */
    public static Candidate host(InetSocketAddress address, int localPreference) {
        return new Candidate(foundation(CandidateType.HOST, address.getAddress(), null), 1,
                priority(CandidateType.HOST, localPreference, 1), address, CandidateType.HOST, null, address);
    }

    /** {@return whether this is an mDNS name that still has to be resolved} */
    public boolean isUnresolved() {
        return address.isUnresolved();
    }

    /** {@return whether the address is IPv6} */
    public boolean isIpv6() {
        return !address.isUnresolved() && address.getAddress() instanceof java.net.Inet6Address;
    }

    /**
     * A copy with another address (an mDNS name resolved).
     *
     * @param resolved the resolved address
     * @return a copy with another address (an mDNS name resolved)
     */
    public Candidate withAddress(InetSocketAddress resolved) {
        return new Candidate(foundation, component, priority, resolved, type, relatedAddress, base, transport, tcpType);
    }

    /**
     * {@return the SDP attribute value (RFC 8839 §5.1) without the {@code a=} prefix: {@code candidate:1 1 udp
     * 2130706431 127.0.0.1 5000 typ host}}
     */
    public String toSdp() {
        StringBuilder sb = new StringBuilder("candidate:").append(foundation).append(' ').append(component)
                .append(' ').append(transport).append(' ').append(priority).append(' ').append(hostString(address)).append(' ')
                .append(address.getPort()).append(" typ ").append(type.sdpName());
        if (relatedAddress != null) {
            sb.append(" raddr ").append(hostString(relatedAddress)).append(" rport ").append(relatedAddress.getPort());
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType.sdpName());
        }
        return sb.toString();
    }

    private static String hostString(InetSocketAddress a) {
        return a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
    }

    /**
     * Parses a remote candidate from its SDP form, with or without {@code a=} and {@code candidate:}.
     * Every transport token parses (RFC 8839 §5.1 {@code transport-extension}); a {@code tcp} one
     * must carry {@code tcptype active|passive|so} (RFC 6544 §4.5). Only UDP candidates are paired
     * by the agent; the others are accepted and ignored by it. The address must be an IP literal or an mDNS {@code .local}
     * name (kept unresolved); no name is ever looked up here.
     *
     * @param sdp the candidate in its SDP form, with or without the a= prefix
     * @return the candidate
     * @throws IceParseException saying what is wrong
     */
    public static Candidate parse(String sdp) throws IceParseException {
        if (sdp == null) {
            throw new IceParseException("candidate: null");
        }
        String s = sdp.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        if (s.length() > 1024) {
            throw new IceParseException("candidate: line longer than 1024 characters");
        }
        String[] f = s.split("\\s+");
        if (f.length < 8) {
            throw new IceParseException("candidate: expected at least 8 fields, got " + f.length + " in '" + s + "'");
        }
        String foundation = f[0];
        if (foundation.isEmpty() || foundation.length() > 32) {
            throw new IceParseException("candidate: foundation must be 1 to 32 characters: '" + foundation + "'");
        }
        int component = (int) parseNumber(f[1], "component", 1, 256);
        String transport = f[2].toLowerCase(Locale.ROOT);
        if (!isToken(transport) || transport.length() > 32) {
            throw new IceParseException("candidate: bad transport '" + f[2] + "'");
        }
        long priority = parseNumber(f[3], "priority", 1, 0xFFFF_FFFFL);
        int port = (int) parseNumber(f[5], "port", 0, 65535);
        InetSocketAddress address = address(f[4], port);
        if (!f[6].equals("typ")) {
            throw new IceParseException("candidate: expected 'typ' at field 7, got '" + f[6] + "'");
        }
        CandidateType type = null;
        for (CandidateType t : CandidateType.values()) {
            if (t.sdpName().equals(f[7].toLowerCase(Locale.ROOT))) {
                type = t;
            }
        }
        if (type == null) {
            throw new IceParseException("candidate: unknown type '" + f[7] + "'");
        }
        String raddr = null;
        int rport = -1;
        String tcptype = null;
        for (int i = 8; i + 1 < f.length; i += 2) {
            if (f[i].equals("raddr")) {
                raddr = f[i + 1];
            } else if (f[i].equals("rport")) {
                rport = (int) parseNumber(f[i + 1], "rport", 0, 65535);
            } else if (f[i].equals("tcptype")) {
                tcptype = f[i + 1];
            }
        }
        InetSocketAddress related = raddr != null && rport >= 0 ? address(raddr, rport) : null;
        TcpType tcpType = null;
        if (transport.equals("tcp")) {
            if (tcptype == null) {
                throw new IceParseException("candidate: tcp candidate without tcptype (RFC 6544 §4.5)");
            }
            for (TcpType t : TcpType.values()) {
                if (t.sdpName().equals(tcptype.toLowerCase(Locale.ROOT))) {
                    tcpType = t;
                }
            }
            if (tcpType == null) {
                throw new IceParseException("candidate: unknown tcptype '" + tcptype + "' (active, passive or so)");
            }
        }
        return new Candidate(foundation, component, priority, address, type, related, null, transport, tcpType);
    }

    /** RFC 4566 token characters. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static long parseNumber(String s, String what, long min, long max) throws IceParseException {
        if (s.isEmpty() || s.length() > 10) {
            throw new IceParseException("candidate: bad " + what + " '" + s + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IceParseException("candidate: " + what + " is not a number: '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw new IceParseException("candidate: " + what + " " + v + " outside " + min + ".." + max);
        }
        return v;
    }

    /** An IP literal, or an unresolved {@code .local} name; nothing else (no DNS lookups). */
    static InetSocketAddress address(String host, int port) throws IceParseException {
        if (host.toLowerCase(Locale.ROOT).endsWith(".local") && host.length() <= 255) {
            return InetSocketAddress.createUnresolved(host, port);
        }
        if (!isIpLiteral(host)) {
            throw new IceParseException("candidate: address is neither an IP literal nor a .local name: '" + host + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IceParseException("candidate: bad IP literal '" + host + "'", e);
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.isEmpty() || host.length() > 45) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String t = isUdp() ? "" : " " + transport + (tcpType != null ? " " + tcpType.sdpName() : "");
        return type.sdpName() + t + " " + hostString(address) + ":" + address.getPort() + " (prio " + priority + ")";
    }
}
