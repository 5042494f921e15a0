package io.jrtc.testkit;

import io.jrtc.core.Datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a simulated link for code that moves bare byte arrays rather than addressed
 * datagrams (a packetizer feeding a depacketizer, the {@code media-roundtrip} example): a
 * {@link SimNetwork} of its own with two fixed endpoints, so loss, duplication, latency, jitter and
 * every other {@link LinkConditions} behave exactly as on the full simulated network, seeded and in
 * virtual time.
 *
 * <pre>{@code
 * SimPath forward = new SimPath(seed, LinkConditions.perfect().withLatency(Duration.ofMillis(20))
 *         .withJitter(Duration.ofMillis(40)).withLoss(0.1).withDuplication(0.05));
 * forward.send(now, packet);
 * for (byte[] p : forward.receive(later)) receiver.push(p);
 * }</pre>
 */
public final class SimPath {
    private static final InetSocketAddress FROM = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    private static final InetSocketAddress TO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);

    private final SimNetwork network;

    /**
     * A path whose datagrams suffer {@code conditions}.
     *
     * @param seed the seed of the path's randomness (loss, duplication, jitter)
     * @param conditions what the path does to each datagram
     */
    public SimPath(long seed, LinkConditions conditions) {
        this.network = new SimNetwork(seed).setDefaultConditions(conditions);
    }

    /**
     * Sends a copy of {@code datagram} at virtual time {@code now}.
     *
     * @param now the virtual time in nanoseconds
     * @param datagram the bytes to send (copied)
     */
    public void send(long now, byte[] datagram) {
        network.send(now, new Datagram(FROM, TO, datagram.clone()));
    }

    /**
     * Datagrams that have arrived by {@code now}, in arrival order.
     *
     * @param now the virtual time in nanoseconds
     * @return the datagrams, possibly none
     */
    public List<byte[]> receive(long now) {
        List<byte[]> out = new ArrayList<>();
        for (Datagram d; (d = network.poll(now)) != null; ) {
            out.add(d.data());
        }
        return out;
    }

    /**
     * When the next datagram arrives.
     *
     * @return that virtual time, or {@link Long#MAX_VALUE} when none is in flight
     */
    public long nextArrival() {
        return network.nextDeliveryTime();
    }

    /**
     * Datagrams sent so far.
     *
     * @return the count
     */
    public long sent() {
        return network.stats().sent;
    }

    /**
     * Datagrams the path lost so far (not counting those dropped for the MTU or a full queue).
     *
     * @return the count
     */
    public long lost() {
        return network.stats().lost;
    }

    /**
     * The network underneath, for its statistics.
     *
     * @return the path's own network
     */
    public SimNetwork network() {
        return network;
    }
}
