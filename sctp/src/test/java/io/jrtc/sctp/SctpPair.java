package io.jrtc.sctp;

import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.Simulation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Two associations on the simulated network, both opening at once as WebRTC peers do. */
final class SctpPair {
    static final InetSocketAddress A = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001);
    static final InetSocketAddress B = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40002);

    final Simulation sim;
    final SctpAssociation a;
    final SctpAssociation b;
    final EngineNode<byte[], SctpEvent> na;
    final EngineNode<byte[], SctpEvent> nb;

    SctpPair(long seed, LinkConditions link, UnaryOperator<SctpConfig> tweak) {
        this(seed, link, tweak, tweak);
    }

    SctpPair(long seed, LinkConditions link, UnaryOperator<SctpConfig> tweakA, UnaryOperator<SctpConfig> tweakB) {
        sim = new Simulation(seed);
        sim.network().setDefaultConditions(link);
        a = new SctpAssociation(tweakA.apply(SctpConfig.defaults(new SplittableRandom(seed * 31 + 1))));
        b = new SctpAssociation(tweakB.apply(SctpConfig.defaults(new SplittableRandom(seed * 31 + 2))));
        na = sim.add(EngineNode.pointToPoint(a, A, B, a::handleInput), A);
        nb = sim.add(EngineNode.pointToPoint(b, B, A, b::handleInput), B);
    }

    static LinkConditions link(double loss, int latencyMs) {
        LinkConditions l = LinkConditions.perfect().withLatency(Duration.ofMillis(latencyMs)).withLoss(loss);
        if (loss > 0) {
            l = l.withDuplication(0.01).withReordering(0.02, Duration.ofMillis(3)).withJitter(Duration.ofMillis(1));
        }
        return l;
    }

    void connectBoth() {
        a.connect(sim.now());
        b.connect(sim.now());
        sim.runUntilOrFail(() -> connected(na) && connected(nb), Duration.ofSeconds(60), "both associations established");
    }

    static boolean connected(EngineNode<byte[], SctpEvent> n) {
        return n.events().stream().anyMatch(e -> e instanceof SctpEvent.Connected);
    }

    static <T> List<T> take(EngineNode<byte[], SctpEvent> n, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SctpEvent e : n.events()) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }

    /** A byte of the deterministic test stream at absolute position {@code pos}. */
    static byte pattern(long pos) {
        long x = pos * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ pos);
    }

    static byte[] chunkOf(long start, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = pattern(start + i);
        return b;
    }
}
