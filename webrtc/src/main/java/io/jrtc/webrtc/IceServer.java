package io.jrtc.webrtc;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@code iceServers} (W3C {@code RTCIceServer}, URLs of RFC 7064 and RFC 7065):
 * {@code stun:HOST[:PORT]}, {@code turn:HOST[:PORT][?transport=udp|tcp]}, {@code turns:HOST[:PORT]…},
 * with a username and credential for TURN. The default port is 3478 (5349 for {@code turns:}).
 */
public record IceServer(Scheme scheme, String host, int port, Transport transport, String username, String credential) {

    public enum Scheme { STUN, STUNS, TURN, TURNS }

    public enum Transport { UDP, TCP }

    public IceServer {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(host);
        Objects.requireNonNull(transport);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if ((scheme == Scheme.TURN || scheme == Scheme.TURNS) && (username == null || credential == null)) {
            throw new IllegalArgumentException(scheme.name().toLowerCase(Locale.ROOT) + ": needs a username and a credential");
        }
    }

    /** A STUN server. */
    public static IceServer parse(String url) {
        return parse(url, null, null);
    }

    /** Parses a {@code stun:}/{@code turn:} URL as browsers do; IllegalArgumentException with the reason when it is not one. */
    public static IceServer parse(String url, String username, String credential) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not an ICE server URL (no scheme): " + url);
        }
        Scheme scheme;
        try {
            scheme = Scheme.valueOf(url.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ICE server scheme in " + url + " (stun:, stuns:, turn:, turns:)");
        }
        String rest = url.substring(colon + 1);
        Transport transport = scheme == Scheme.TURNS || scheme == Scheme.STUNS ? Transport.TCP : Transport.UDP;
        int q = rest.indexOf('?');
        if (q >= 0) {
            String query = rest.substring(q + 1);
            rest = rest.substring(0, q);
            if (scheme == Scheme.STUN || scheme == Scheme.STUNS) {
                throw new IllegalArgumentException("a stun: URL has no query: " + url);
            }
            if (query.equalsIgnoreCase("transport=udp")) {
                transport = Transport.UDP;
            } else if (query.equalsIgnoreCase("transport=tcp")) {
                transport = Transport.TCP;
            } else {
                throw new IllegalArgumentException("unknown query in " + url + " (transport=udp or transport=tcp)");
            }
        }
        if (rest.startsWith("//")) {
            throw new IllegalArgumentException("an ICE server URL has no //: " + url);
        }
        String host;
        int port = scheme == Scheme.TURNS || scheme == Scheme.STUNS ? 5349 : 3478;
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unclosed IPv6 address in " + url);
            }
            host = rest.substring(1, end);
            String after = rest.substring(end + 1);
            if (after.startsWith(":")) {
                port = port(after.substring(1), url);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("junk after the address in " + url);
            }
        } else {
            int c = rest.lastIndexOf(':');
            host = c < 0 ? rest : rest.substring(0, c);
            if (c >= 0) {
                port = port(rest.substring(c + 1), url);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + url);
        }
        return new IceServer(scheme, host, port, transport, username, credential);
    }

    private static int port(String s, String url) {
        try {
            int p = Integer.parseInt(s);
            if (p <= 0 || p > 65535) {
                throw new IllegalArgumentException("port out of range in " + url);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + url);
        }
    }

    /** The server's address (resolved now). */
    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    public boolean isTurn() {
        return scheme == Scheme.TURN || scheme == Scheme.TURNS;
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme.name().toLowerCase(Locale.ROOT) + ":" + h + ":" + port
                + (isTurn() ? "?transport=" + transport.name().toLowerCase(Locale.ROOT) : "");
    }
}
