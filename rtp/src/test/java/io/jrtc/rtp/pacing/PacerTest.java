package io.jrtc.rtp.pacing;

import io.jrtc.core.Engine;
import io.jrtc.rtp.cc.ProbeCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest {
    private static final long MS = 1_000_000L;

    private record Out(long at, Pacer.Sent<String> sent) {
    }

    /** Runs the pacer's timers until {@code until}, collecting what leaves and when. */
    private static List<Out> run(Pacer<String> p, long from, long until) {
        List<Out> out = new ArrayList<>();
        long now = from;
        while (true) {
            for (Pacer.Sent<String> s; (s = p.pollTransmit()) != null; ) {
                out.add(new Out(now, s));
            }
            long t = p.pollTimeout();
            if (t == Engine.NO_TIMEOUT || t > until) {
                return out;
            }
            now = Math.max(now, t);
            p.handleTimeout(now);
        }
    }

    @Test
    void aFrameLeavesInFiveMillisecondBurstsAtThePacingRate() {
        Pacer<String> p = new Pacer<>(Pacer.Config.defaults(), 2_400_000); // 300 bytes a millisecond
        for (int i = 0; i < 20; i++) {
            p.enqueue(0, "v" + i, 1000, Pacer.Kind.VIDEO);
        }
        List<Out> out = new ArrayList<>();
        for (Pacer.Sent<String> s; (s = p.pollTransmit()) != null; ) {
            out.add(new Out(0, s));
        }
        // the first burst: 5 ms of budget (1500 bytes) allows two packets (the second one into debt)
        assertEquals(2, out.size());
        out.addAll(run(p, 0, 1_000 * MS));
        assertEquals(20, out.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("v" + i, out.get(i).sent().packet());
        }
        // 20,000 bytes at 300 bytes/ms take about 66 ms; never more than 1 burst (1500 bytes) + 1 packet ahead of the rate
        long last = out.get(19).at();
        assertTrue(last >= 55 * MS && last <= 70 * MS, "last packet at " + last / 1e6 + " ms");
        for (int i = 0; i < 20; i++) {
            long bytesSoFar = (i + 1) * 1000L;
            long allowed = 1500 + 1000 + out.get(i).at() * 300 / MS;
            assertTrue(bytesSoFar <= allowed, "packet " + i + " at " + out.get(i).at() / 1e6 + " ms is ahead of the rate");
        }
        // bursts: packets leave together, at least 5 ms apart
        for (int i = 1; i < 20; i++) {
            long gap = out.get(i).at() - out.get(i - 1).at();
            assertTrue(gap == 0 || gap >= 5 * MS, "gap " + gap);
        }
        assertEquals(Engine.NO_TIMEOUT, p.pollTimeout());
    }

    @Test
    void audioGoesFirstThenRetransmissionsThenVideo() {
        Pacer<String> p = new Pacer<>(Pacer.Config.defaults(), 800_000); // 100 bytes/ms: one 500-byte burst
        p.enqueue(0, "v0", 1000, Pacer.Kind.VIDEO); // into debt: everything else waits
        assertEquals("v0", p.pollTransmit().packet());
        p.enqueue(0, "v1", 1000, Pacer.Kind.VIDEO);
        p.enqueue(0, "r1", 1000, Pacer.Kind.RETRANSMISSION);
        p.enqueue(0, "v2", 1000, Pacer.Kind.VIDEO);
        p.enqueue(0, "a1", 100, Pacer.Kind.AUDIO); // not paced: leaves at once
        assertEquals("a1", p.pollTransmit().packet());
        assertNull(p.pollTransmit());
        List<String> order = new ArrayList<>();
        for (Out o : run(p, 0, 1_000 * MS)) {
            order.add(o.sent().packet());
        }
        assertEquals(List.of("r1", "v1", "v2"), order);
    }

    @Test
    void paddingIsOnlySentToProbeAndProbesGoAtTheirRate() {
        Pacer<String> p = new Pacer<>(Pacer.Config.defaults(), 1_000_000);
        assertEquals(Engine.NO_TIMEOUT, p.pollTimeout());
        assertTrue(run(p, 0, 1_000 * MS).isEmpty(), "no padding without a probe");
        p.addProbe(ProbeCluster.of(7, 4_000_000, 15 * MS, 5)); // 7500 bytes in 15 ms
        p.enqueue(0, "v0", 1000, Pacer.Kind.VIDEO);
        List<Out> out = run(p, 0, 1_000 * MS);
        assertEquals("v0", out.get(0).sent().packet()); // media first, as part of the probe
        assertEquals(7, out.get(0).sent().probeCluster());
        long bytes = 0;
        for (Out o : out) {
            assertEquals(7, o.sent().probeCluster());
            bytes += o.sent().size();
            assertTrue(o.sent().padding() == (o.sent().packet() == null));
        }
        assertTrue(out.size() >= 5 && bytes >= 7500, out.size() + " packets, " + bytes + " bytes");
        long lastSize = out.get(out.size() - 1).sent().size();
        double rate = (bytes - lastSize) * 8e9 / (out.get(out.size() - 1).at() - out.get(0).at());
        assertEquals(4_000_000, rate, 200_000);
        assertEquals(1, p.stats().probesDone());
        assertTrue(run(p, 1_000 * MS, 2_000 * MS).isEmpty(), "no padding after the probe");
    }

    @Test
    void aFullQueueDropsTheOldestVideoAndSaysSo() {
        Pacer<String> p = new Pacer<>(new Pacer.Config(5 * MS, 2_000 * MS, 3, false, 1100), 80_000);
        p.enqueue(0, "v0", 1000, Pacer.Kind.VIDEO); // leaves on the initial burst... into debt
        for (int i = 1; i <= 4; i++) {
            p.enqueue(0, "v" + i, 1000, Pacer.Kind.VIDEO);
        }
        Pacer.Dropped<String> d = p.pollEvent();
        assertEquals("v1", d.packet());
        assertEquals(Pacer.Kind.VIDEO, d.kind());
        assertNull(p.pollEvent());
        assertEquals(1, p.stats().dropped());
        assertEquals(3, p.stats().queuedPackets());
    }

    @Test
    void aQueueThatWouldTakeTooLongDrainsFaster() {
        Pacer<String> p = new Pacer<>(new Pacer.Config(5 * MS, 500 * MS, 8192, false, 1100), 80_000); // 10 bytes/ms
        for (int i = 0; i < 100; i++) {
            p.enqueue(0, "v" + i, 1000, Pacer.Kind.VIDEO); // 100 kB: 10 s at the pacing rate
        }
        List<Out> out = run(p, 0, 10_000 * MS);
        assertEquals(100, out.size());
        long last = out.get(99).at();
        // the drain rate follows the queue (each packet raises it less), so it takes a few 500 ms limits, not 10 s
        assertTrue(last < 3_000 * MS, "drained at " + last / 1e6 + " ms");
        assertFalse(p.queueDelayNanos(last) > 0);
    }
}
