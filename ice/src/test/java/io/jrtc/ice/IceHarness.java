package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.Simulation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Two agents on a {@link Simulation} with an instant signalling channel between them: credentials
 * are exchanged up front, local candidates are trickled through their SDP form, and the end of
 * gathering becomes end-of-candidates on the other side.
 */
final class IceHarness {
    final Simulation sim;
    final IceAgent a;
    final IceAgent b;
    final EngineNode<Datagram, IceEvent> nodeA;
    final EngineNode<Datagram, IceEvent> nodeB;
    boolean signalling = true;
    private int seenA;
    private int seenB;
    final List<Long> stateTimesA = new ArrayList<>();
    final List<IceConnectionState> statesA = new ArrayList<>();
    final List<IceConnectionState> statesB = new ArrayList<>();

    IceHarness(Simulation sim, IceAgent a, InetSocketAddress[] addressesA, IceAgent b, InetSocketAddress[] addressesB) {
        this.sim = sim;
        this.a = a;
        this.b = b;
        this.nodeA = sim.add(EngineNode.ofDatagrams(a, a::handleInput), addressesA);
        this.nodeB = sim.add(EngineNode.ofDatagrams(b, b::handleInput), addressesB);
    }

    /** Exchanges credentials and starts gathering on both sides. */
    IceHarness start() {
        long now = sim.now();
        a.setRemoteCredentials(now, b.localUfrag(), b.localPassword());
        b.setRemoteCredentials(now, a.localUfrag(), a.localPassword());
        a.startGathering(now);
        b.startGathering(now);
        pump();
        return this;
    }

    /** Forwards new events of each side to the other (the signalling channel). */
    void pump() {
        seenA = forward(nodeA.events(), seenA, b, statesA);
        seenB = forward(nodeB.events(), seenB, a, statesB);
    }

    private int forward(List<IceEvent> events, int seen, IceAgent peer, List<IceConnectionState> states) {
        for (int i = seen; i < events.size(); i++) {
            IceEvent e = events.get(i);
            if (e instanceof IceEvent.ConnectionStateChanged s) {
                states.add(s.state());
                if (peer == b) {
                    stateTimesA.add(sim.now());
                }
            }
            if (!signalling) {
                continue;
            }
            if (e instanceof IceEvent.LocalCandidate c) {
                try {
                    peer.addRemoteCandidate(sim.now(), c.candidate().toSdp());
                } catch (IceParseException ex) {
                    throw new AssertionError(ex);
                }
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                peer.endOfRemoteCandidates(sim.now());
            }
        }
        return events.size();
    }

    void runUntil(BooleanSupplier done, Duration limit, String what) {
        sim.runUntilOrFail(() -> {
            pump();
            return done.getAsBoolean();
        }, limit, what);
    }

    void runFor(Duration d) {
        sim.runUntil(() -> {
            pump();
            return false;
        }, d);
    }

    boolean bothConnected() {
        return connected(a) && connected(b);
    }

    static boolean connected(IceAgent x) {
        return x.connectionState() == IceConnectionState.CONNECTED || x.connectionState() == IceConnectionState.COMPLETED;
    }

    static <T extends IceEvent> List<T> eventsOf(EngineNode<Datagram, IceEvent> node, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (IceEvent e : node.events()) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Sends {@code text} from one agent and returns whether the other got it as data. */
    static int dataCount(EngineNode<Datagram, IceEvent> node) {
        return eventsOf(node, IceEvent.DataReceived.class).size();
    }
}
