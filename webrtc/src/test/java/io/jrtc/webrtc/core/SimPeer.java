package io.jrtc.webrtc.core;

import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.testkit.SimNode;
import io.jrtc.webrtc.RtcConfiguration;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** A {@link PeerConnectionCore} on the simulated network: every event it reports is kept, and passed to a hook. */
final class SimPeer implements SimNode {
    final PeerConnectionCore core;
    final InetSocketAddress address;
    final List<PeerEvent> events = new ArrayList<>();
    Consumer<PeerEvent> onEvent = e -> { };
    long now;

    SimPeer(String label, InetSocketAddress address, long seed, RtcConfiguration.Builder rtc) {
        this.address = address;
        SecureRandom secure = seeded(seed);
        DtlsCertificate cert = DtlsCertificate.selfSignedEcdsa(secure, Instant.parse("2026-01-01T00:00:00Z"));
        RtcConfiguration cfg = rtc.addressFilter(a -> a.isLoopbackAddress()).label(label).rethrowInternalErrors(true).build();
        this.core = new PeerConnectionCore(new CoreConfig(cfg, List.of(address), new SplittableRandom(seed), secure, cert,
                3_900_000_000L * 1_000_000_000L, null));
    }

    SimPeer(String label, InetSocketAddress address, long seed) {
        this(label, address, seed, RtcConfiguration.builder());
    }

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static SecureRandom seeded(long seed) {
        return io.jrtc.testkit.Seeds.secureRandom(seed);
    }

    /** Drains the core's events into {@link #events} and the hook; call after every API call. */
    void drain() {
        for (PeerEvent e; (e = core.pollEvent()) != null; ) {
            events.add(e);
            onEvent.accept(e);
        }
    }

    <T extends PeerEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (PeerEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    @Override
    public void handleInput(long now, Datagram datagram) {
        this.now = now;
        core.handleInput(now, datagram);
        drain();
    }

    @Override
    public void handleTimeout(long now) {
        this.now = now;
        core.handleTimeout(now);
        drain();
    }

    @Override
    public Datagram pollTransmit() {
        return core.pollTransmit();
    }

    @Override
    public long pollTimeout() {
        return core.pollTimeout();
    }
}
