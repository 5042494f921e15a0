package io.jrtc.testkit;

import io.jrtc.core.Datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A simulated NAT (RFC 4787 terms) with one public address and any number of inside hosts. Its
 * mapping behaviour decides which public port an inside socket gets for a destination; its filtering
 * behaviour decides which outside senders may reach a mapping. Hosts inside the same NAT reach each
 * other directly.
 */
public final class Nat {

    /** How mappings are reused (RFC 4787 §4.1). */
    public enum Mapping {
        /** One public port per inside socket, whatever the destination ("full cone"-like). */
        ENDPOINT_INDEPENDENT,
        /** A new public port per destination IP. */
        ADDRESS_DEPENDENT,
        /** A new public port per destination IP and port ("symmetric"). */
        ADDRESS_AND_PORT_DEPENDENT
    }

    /** Which outside senders may use a mapping (RFC 4787 §5). */
    public enum Filtering {
        ENDPOINT_INDEPENDENT,
        ADDRESS_DEPENDENT,
        ADDRESS_AND_PORT_DEPENDENT
    }

    private record MappingKey(InetSocketAddress inside, Object destinationPart) {
    }

    private final InetAddress publicAddress;
    private final Mapping mapping;
    private final Filtering filtering;
    private final Set<InetAddress> inside = new HashSet<>();
    private final Map<MappingKey, Integer> outbound = new HashMap<>();
    private final Map<Integer, InetSocketAddress> inbound = new HashMap<>();
    private final Map<Integer, Set<InetSocketAddress>> contacted = new HashMap<>();
    private int nextPort = 40000;

    public Nat(InetAddress publicAddress, Mapping mapping, Filtering filtering) {
        this.publicAddress = publicAddress;
        this.mapping = mapping;
        this.filtering = filtering;
    }

    public Nat addInside(InetAddress host) {
        inside.add(host);
        return this;
    }

    public InetAddress publicAddress() {
        return publicAddress;
    }

    public boolean isInside(InetAddress host) {
        return inside.contains(host);
    }

    /** The number of mappings created so far. */
    public int mappings() {
        return inbound.size();
    }

    Datagram translateOutbound(Datagram d) {
        Object destinationPart = switch (mapping) {
            case ENDPOINT_INDEPENDENT -> "any";
            case ADDRESS_DEPENDENT -> d.destination().getAddress();
            case ADDRESS_AND_PORT_DEPENDENT -> d.destination();
        };
        int port = outbound.computeIfAbsent(new MappingKey(d.source(), destinationPart), k -> {
            int p = nextPort++;
            inbound.put(p, d.source());
            return p;
        });
        contacted.computeIfAbsent(port, k -> new HashSet<>()).add(d.destination());
        return new Datagram(new InetSocketAddress(publicAddress, port), d.destination(), d.data());
    }

    /** The inside datagram, or {@code null} when no mapping exists or the filter drops it. */
    Datagram translateInbound(Datagram d) {
        int port = d.destination().getPort();
        InetSocketAddress target = inbound.get(port);
        if (target == null) {
            return null;
        }
        Set<InetSocketAddress> peers = contacted.getOrDefault(port, Set.of());
        boolean allowed = switch (filtering) {
            case ENDPOINT_INDEPENDENT -> true;
            case ADDRESS_DEPENDENT -> peers.stream().anyMatch(p -> p.getAddress().equals(d.source().getAddress()));
            case ADDRESS_AND_PORT_DEPENDENT -> peers.contains(d.source());
        };
        return allowed ? new Datagram(d.source(), target, d.data()) : null;
    }
}
