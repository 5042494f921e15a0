package io.jrtc.testkit;

import io.jrtc.core.Datagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class SimNetworkTest {
    static final InetSocketAddress A = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000);
    static final InetSocketAddress B;

    static {
        try {
            B = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 2000);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static List<Long> deliveryTimes(long seed, LinkConditions c, int count) {
        SimNetwork net = new SimNetwork(seed).setDefaultConditions(c);
        for (int i = 0; i < count; i++) {
            net.send(i * 1_000_000L, new Datagram(A, B, new byte[] {(byte) i}));
        }
        List<Long> times = new ArrayList<>();
        long t;
        while ((t = net.nextDeliveryTime()) != Long.MAX_VALUE) {
            Datagram d = net.poll(t);
            times.add(t * 1000 + (d.data()[0] & 0xff));
        }
        return times;
    }

    @Test
    void sameSeedSameDeliveries() {
        LinkConditions c = LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withJitter(Duration.ofMillis(10))
                .withLoss(0.2).withDuplication(0.1).withReordering(0.1, Duration.ofMillis(50));
        assertEquals(deliveryTimes(7, c, 500), deliveryTimes(7, c, 500));
        assertNotEquals(deliveryTimes(7, c, 500), deliveryTimes(8, c, 500));
    }

    @Test
    void latencyDelaysDelivery() {
        SimNetwork net = new SimNetwork(1).setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(30)));
        net.send(5, new Datagram(A, B, new byte[3]));
        assertNull(net.poll(5 + 29_999_999));
        assertEquals(5 + 30_000_000, net.nextDeliveryTime());
        assertEquals(3, net.poll(5 + 30_000_000).data().length);
    }

    @Test
    void lossRateIsRoughlyWhatWasAsked() {
        SimNetwork net = new SimNetwork(3).setDefaultConditions(LinkConditions.perfect().withLoss(0.3));
        for (int i = 0; i < 10_000; i++) {
            net.send(0, new Datagram(A, B, new byte[1]));
        }
        double rate = net.stats().lost / 10_000.0;
        assertTrue(rate > 0.27 && rate < 0.33, "loss rate " + rate);
    }

    @Test
    void burstLossComesInBursts() {
        SimNetwork net = new SimNetwork(4).setDefaultConditions(
                LinkConditions.perfect().withBurstLoss(LinkConditions.GilbertElliott.withAverage(0.1, 5)));
        int bursts = 0;
        boolean previousLost = false;
        long lostBefore = 0;
        for (int i = 0; i < 20_000; i++) {
            net.send(0, new Datagram(A, B, new byte[1]));
            boolean lost = net.stats().lost > lostBefore;
            lostBefore = net.stats().lost;
            if (lost && !previousLost) bursts++;
            previousLost = lost;
        }
        double rate = net.stats().lost / 20_000.0;
        double meanBurst = (double) net.stats().lost / bursts;
        assertTrue(rate > 0.07 && rate < 0.13, "loss rate " + rate);
        assertTrue(meanBurst > 3.5 && meanBurst < 6.5, "mean burst " + meanBurst);
    }

    @Test
    void mtuDropsBigDatagrams() {
        SimNetwork net = new SimNetwork(5).setDefaultConditions(LinkConditions.perfect().withMtu(1200));
        net.send(0, new Datagram(A, B, new byte[1200]));
        net.send(0, new Datagram(A, B, new byte[1201]));
        assertEquals(1, net.stats().droppedMtu);
        assertEquals(1200, net.poll(0).data().length);
        assertNull(net.poll(0));
    }

    @Test
    void bandwidthQueuesAndDropsTail() {
        // 1 Mbit/s: a 1250-byte datagram takes 10 ms to serialise; the queue holds 2500 bytes.
        SimNetwork net = new SimNetwork(6).setDefaultConditions(LinkConditions.perfect().withBandwidth(1_000_000, 2500));
        for (int i = 0; i < 4; i++) {
            net.send(0, new Datagram(A, B, new byte[1250]));
        }
        assertEquals(2, net.stats().droppedQueue);
        assertEquals(10_000_000L, net.nextDeliveryTime());
        net.poll(10_000_000L);
        assertEquals(20_000_000L, net.nextDeliveryTime());
    }

    @Test
    void duplicationDeliversTwice() {
        SimNetwork net = new SimNetwork(9).setDefaultConditions(LinkConditions.perfect().withDuplication(1.0));
        net.send(0, new Datagram(A, B, new byte[] {42}));
        assertEquals(42, net.poll(0).data()[0]);
        assertEquals(42, net.poll(0).data()[0]);
        assertNull(net.poll(0));
    }
}
