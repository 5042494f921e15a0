package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.core.QueuedEngine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * Many ICE agents behind one local UDP port, the way an SFU runs behind one port and one firewall
 * rule. Sans-IO like the agents: the caller owns the one socket, hands every datagram to
 * {@link #handleInput}, and sends what {@link #pollTransmit()} returns.
 *
 * <p>Demultiplexing: a STUN Binding request names its agent in USERNAME ({@code ourUfrag:theirUfrag});
 * once an agent has accepted a remote address (a check from it authenticated, or the agent sent to
 * it) everything else from that address (responses, DTLS, SRTP) goes to the same agent.
 *
 * <pre>
 *            one socket 0.0.0.0:3478
 *                      │
 *                 ┌────┴─────┐  STUN request? ─► USERNAME "ufrag:…" ─► agent with that ufrag
 *                 │  UdpMux  │  otherwise     ─► remote address ─► the agent that knows it
 *                 └┬───┬───┬─┘
 *               agent agent agent …
 * </pre>
 */
public final class UdpMux extends QueuedEngine<Datagram, UdpMux.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.ice");

    /** An agent's event, tagged with the agent. */
    public record Event(IceAgent agent, IceEvent event) {
    }

    private static final class Slot {
        final IceAgent agent;
        long deadline;

        Slot(IceAgent agent) {
            this.agent = agent;
        }
    }

    private final InetSocketAddress local;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<IceAgent, Slot> slotOf = new HashMap<>();
    private final Map<String, IceAgent> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, IceAgent> byRemote = new HashMap<>();
    private long unroutable;

    /**
     * A mux for the socket bound on {@code local}; every agent added must list it as a local address.
     *
     * @param local the local socket's address
     */
    public UdpMux(InetSocketAddress local) {
        this.local = local;
    }

    /** {@return the shared socket's address} */
    public InetSocketAddress local() {
        return local;
    }

    /**
     * Adds an agent (and collects what it has to send or report already).
     *
     * @param agent the agent to remove
     */
    public void add(IceAgent agent) {
        Slot slot = new Slot(agent);
        slots.add(slot);
        slotOf.put(agent, slot);
        byUfrag.put(agent.localUfrag(), agent);
        collect(agent);
    }

    /**
     * Stops routing to {@code agent} (its remote addresses are forgotten).
     *
     * @param agent the agent to remove
     */
    public void remove(IceAgent agent) {
        Slot slot = slotOf.remove(agent);
        if (slot != null) {
            slots.remove(slot);
        }
        byUfrag.values().removeIf(a -> a == agent);
        byRemote.values().removeIf(a -> a == agent);
    }

    /** {@return the agents served, in the order added} */
    public List<IceAgent> agents() {
        List<IceAgent> list = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            list.add(s.agent);
        }
        return Collections.unmodifiableList(list);
    }

    /** {@return datagrams no agent could be found for} */
    public long unroutable() {
        return unroutable;
    }

    /** {@return how many remote addresses are currently mapped to agents} */
    public int knownRemoteAddresses() {
        return byRemote.size();
    }

    /**
     * The mux's counters, a snapshot.
     *
     * @param unroutable           datagrams no agent could be found for
     * @param knownRemoteAddresses remote addresses mapped to agents when the snapshot was taken
     */
    public record Stats(long unroutable, int knownRemoteAddresses) {
    }

    /** @return the counters, a snapshot */
    public Stats stats() {
        return new Stats(unroutable, byRemote.size());
    }

    /**
     * A datagram that arrived on the shared socket.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param d the datagram; its destination is the shared socket
     */
    public void handleInput(long now, Datagram d) {
        if (d.source() == null) {
            unroutable++;
            return;
        }
        IceAgent agent = null;
        byte[] data = d.data();
        if (IceStun.looksLikeStun(data) && (data[0] & 0x01) == 0 && (data[1] & 0x10) == 0) {
            // a request (class bits 00): route by the ufrag in USERNAME
            String ufrag = requestUfrag(data);
            if (ufrag != null) {
                agent = agentForUfrag(ufrag);
            }
        }
        if (agent == null) {
            agent = byRemote.get(d.source());
        }
        if (agent == null) {
            unroutable++;
            LOG.log(DEBUG, "[ICE] mux: no agent for a datagram from {0}", d.source());
            return;
        }
        agent.handleInput(now, d);
        if (!byRemote.containsKey(d.source()) && agent.knowsRemote(d.source())) {
            byRemote.put(d.source(), agent);
        }
        collect(agent);
    }

    private static String requestUfrag(byte[] data) {
        try {
            IceStun.Msg m = IceStun.parse(data);
            if (m.cls != IceStun.REQUEST || m.username == null) {
                return null;
            }
            int colon = m.username.indexOf(':');
            return colon < 0 ? m.username : m.username.substring(0, colon);
        } catch (IceParseException e) {
            return null;
        }
    }

    private IceAgent agentForUfrag(String ufrag) {
        IceAgent a = byUfrag.get(ufrag);
        if (a != null && a.acceptsUfrag(ufrag)) {
            return a;
        }
        // an ICE restart changed some agent's ufrag: look again
        for (Slot s : slots) {
            if (s.agent.acceptsUfrag(ufrag)) {
                byUfrag.put(ufrag, s.agent);
                return s.agent;
            }
        }
        return null;
    }

    @Override
    public void handleTimeout(long now) {
        for (Slot s : slots) {
            if (s.deadline <= now) {
                s.agent.handleTimeout(now);
                collect(s.agent);
            }
        }
    }

    @Override
    public long pollTimeout() {
        long t = NO_TIMEOUT;
        for (Slot s : slots) {
            t = Math.min(t, s.deadline);
        }
        return t;
    }

    /**
     * Collects what an agent has to send and report, and its next deadline. The mux does this itself
     * after every input and timeout; call it after calling the agent directly (adding a remote
     * candidate, {@code send}, a restart), so the mux sees the result.
     *
     * @param agent the agent to remove
     */
    public void collect(IceAgent agent) {
        for (Datagram d; (d = agent.pollTransmit()) != null; ) {
            if (local.equals(d.source())) {
                byRemote.putIfAbsent(d.destination(), agent);
            }
            transmits.add(d);
        }
        for (IceEvent e; (e = agent.pollEvent()) != null; ) {
            events.add(new Event(agent, e));
        }
        Slot slot = slotOf.get(agent);
        if (slot != null) {
            slot.deadline = agent.pollTimeout();
        }
    }
}
