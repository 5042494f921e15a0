package io.jrtc.rtp.stream;

import io.jrtc.core.Datagram;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.rtcp.TransportCcFeedback.PacketArrival;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SimNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
/** Given/When/Then cases of the generator; the random-arrival property is in {@link TransportCcGeneratorProperties}. */
class TransportCcGeneratorTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** Feedback as the sender sees it: encoded, parsed back from the wire. */
    private static List<TransportCcFeedback> drain(TransportCcGenerator g) throws RtpParseException {
        List<TransportCcFeedback> out = new ArrayList<>();
        for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
            byte[] wire = f.encode();
            assertTrue(wire.length <= 1200, "feedback of " + wire.length + " bytes");
            List<RtcpPacket> parsed = RtcpPacket.parseCompound(wire);
            assertEquals(1, parsed.size());
            out.add((TransportCcFeedback) parsed.get(0));
        }
        return out;
    }

    /** The latest report per sequence number, as a sender would keep it: seq -> arrival µs or -1. */
    static Map<Integer, Long> latest(List<TransportCcFeedback> feedback) {
        Map<Integer, Long> m = new HashMap<>();
        for (TransportCcFeedback f : feedback) {
            for (PacketArrival a : f.arrivals()) {
                if (a.received() || !m.containsKey(a.sequence()) || m.get(a.sequence()) < 0) {
                    m.put(a.sequence(), a.received() ? a.arrivalMicros() : -1L);
                }
            }
        }
        return m;
    }

    static void assertArrival(long expectedNanos, long micros, String what) {
        long error = Math.abs(micros * US - expectedNanos);
        assertTrue(error <= 125 * US, what + ": reported " + micros + " µs, arrived " + expectedNanos / 1000.0 + " µs");
    }

    @Test
    void reportsArrivalsLossesAndReorderingWithinHalfATick() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(0x1234));
        long t0 = 10_000 * MS + 300 * US;
        g.handleInput(t0, 0xabc, 100);
        // 101 lost
        g.handleInput(t0 + 1_800 * US, 0xabc, 102);
        g.handleInput(t0 + 1_000 * US, 0xabc, 103); // arrived before 102 on the receiver's clock: negative delta
        g.handleInput(t0 + 40 * MS + 77 * US, 0xabc, 104);
        assertNull(g.pollTransmit());
        assertEquals(t0 + 100 * MS, g.pollTimeout());
        g.handleTimeout(t0 + 99 * MS);
        assertNull(g.pollTransmit(), "not before the interval");
        g.handleTimeout(t0 + 100 * MS);
        List<TransportCcFeedback> fb = drain(g);
        assertEquals(1, fb.size());
        TransportCcFeedback f = fb.get(0);
        assertEquals(0x1234, f.senderSsrc());
        assertEquals(0xabc, f.mediaSsrc());
        assertEquals(100, f.baseSequence());
        assertEquals(5, f.statusCount());
        assertEquals(0, f.feedbackCount());
        List<PacketArrival> a = f.arrivals();
        assertArrival(t0, a.get(0).arrivalMicros(), "100");
        assertFalse(a.get(1).received());
        assertArrival(t0 + 1_800 * US, a.get(2).arrivalMicros(), "102");
        assertArrival(t0 + 1_000 * US, a.get(3).arrivalMicros(), "103");
        assertArrival(t0 + 40 * MS + 77 * US, a.get(4).arrivalMicros(), "104");
        assertEquals(List.of(65, 7, -3, 157), f.deltas(), "ticks of 250 µs from the 64 ms reference; 103 before 102");

        // next interval: only what is new, with the next feedback count
        g.handleInput(t0 + 150 * MS, 0xabc, 105);
        g.handleTimeout(t0 + 200 * MS);
        fb = drain(g);
        assertEquals(1, fb.size());
        assertEquals(105, fb.get(0).baseSequence());
        assertEquals(1, fb.get(0).statusCount());
        assertEquals(1, fb.get(0).feedbackCount());
        // and nothing when nothing arrived
        g.handleTimeout(t0 + 300 * MS);
        assertNull(g.pollTransmit());
    }

    /** Found by the fuzz target: an SSRC handed over as a negative int must come out as its 32 bits. */
    @Test
    void mediaSsrcIsKeptAsUnsigned32Bits() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(1));
        g.handleInput(0, 0xdeadbeef, 7);
        g.flush();
        TransportCcFeedback f = g.pollTransmit();
        assertEquals(0xdeadbeefL, f.mediaSsrc());
        assertEquals(f, RtcpPacket.parseCompound(f.encode()).get(0));
    }

    @Test
    void sequenceNumbersWrap() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(1));
        long t = 5 * MS;
        for (int i = 0; i < 20; i++) {
            if (i != 7) {
                g.handleInput(t + i * MS, 2, (65_530 + i) & 0xffff);
            }
        }
        g.flush();
        List<TransportCcFeedback> fb = drain(g);
        assertEquals(1, fb.size());
        assertEquals(65_530, fb.get(0).baseSequence());
        assertEquals(20, fb.get(0).statusCount());
        Map<Integer, Long> m = latest(fb);
        for (int i = 0; i < 20; i++) {
            int seq = (65_530 + i) & 0xffff;
            if (i == 7) {
                assertEquals(-1L, m.get(seq));
            } else {
                assertArrival(t + i * MS, m.get(seq), "seq " + seq);
            }
        }
    }

    @Test
    void aLatePacketIsReportedAgainAsReceived() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(1));
        g.handleInput(0, 9, 1);
        g.handleInput(2 * MS, 9, 3);
        g.handleTimeout(100 * MS);
        Map<Integer, Long> first = latest(drain(g));
        assertEquals(-1L, first.get(2));
        g.handleInput(120 * MS, 9, 2); // 120 ms late, within the 500 ms history
        g.handleInput(121 * MS, 9, 4);
        g.handleTimeout(200 * MS);
        List<TransportCcFeedback> second = drain(g);
        assertEquals(2, second.get(0).baseSequence());
        Map<Integer, Long> m = latest(second);
        assertArrival(120 * MS, m.get(2), "late 2");
        assertArrival(2 * MS, m.get(3), "3 again, same time");
        assertArrival(121 * MS, m.get(4), "4");

        // far too late: ignored and counted
        g.handleInput(900 * MS, 9, 5);
        g.handleInput(901 * MS, 9, 0);
        assertEquals(1, g.stats().tooLate());
        g.handleInput(902 * MS, 9, 5);
        assertEquals(1, g.stats().duplicates());
    }

    @Test
    void aGapLongerThanSixteenBitsOfDeltaStartsANewFeedbackPacket() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(new TransportCcGenerator.Config(1, 20_000 * MS, 1200, 500 * MS));
        g.handleInput(0, 9, 10);
        g.handleInput(1 * MS, 9, 11);
        g.handleInput(9_000 * MS, 9, 12); // 8.999 s after 11: more than 32767 ticks of 250 µs
        g.handleInput(9_001 * MS, 9, 13);
        g.flush();
        List<TransportCcFeedback> fb = drain(g);
        assertEquals(2, fb.size());
        assertEquals(10, fb.get(0).baseSequence());
        assertEquals(2, fb.get(0).statusCount());
        assertEquals(12, fb.get(1).baseSequence());
        Map<Integer, Long> m = latest(fb);
        assertArrival(9_001 * MS, m.get(13), "13");
        // only differences are meaningful across packets: 12 - 11 from the two reference times
        assertEquals(8_999 * 1000L, m.get(12) - m.get(11), 250);
    }

    @Test
    void manyPacketsAreSplitIntoFeedbackOfAtMostMaxBytes() throws Exception {
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(1));
        SplittableRandom r = new SplittableRandom(Seeds.seed(77));
        Map<Integer, Long> sent = new HashMap<>();
        long t = 0;
        for (int i = 0; i < 5000; i++) {
            t += r.nextInt(0, 20_000) * US / 10; // 0 to 2 ms apart: a mix of small and large deltas
            if (r.nextInt(10) != 0) {
                g.handleInput(t, 9, i);
                sent.put(i, t);
            }
        }
        g.flush();
        List<TransportCcFeedback> fb = drain(g); // each checked to be <= 1200 bytes
        assertTrue(fb.size() > 2, fb.size() + " packets");
        int expectBase = 0;
        for (TransportCcFeedback f : fb) {
            assertEquals(expectBase, f.baseSequence(), "consecutive, no gaps or overlaps");
            expectBase += f.statusCount();
        }
        assertEquals(5000 - (sent.containsKey(4999) ? 0 : 1), expectBase, "ends at the highest received");
        Map<Integer, Long> m = latest(fb);
        for (int i = 0; i < expectBase; i++) {
            if (sent.containsKey(i)) {
                assertArrival(sent.get(i), m.get(i), "seq " + i);
            } else {
                assertEquals(-1L, m.get(i), "seq " + i);
            }
        }
    }

    /**
     * A 200 packet/s sender on the simulated network (40 ms latency, 10 ms jitter, 5 % loss, reordering,
     * duplication) and a receiver feeding the generator; the feedback travels back over the same
     * network. From the feedback alone the sender sees every loss and, for every packet that arrived,
     * a one-way delay equal to what the network applied (within the 250 µs tick).
     */
    @Test
    void senderReconstructsDelaysAndLossesOverTheSimulatedNetwork() throws Exception {
        long seed = Seeds.seed(20_261_125L);
        SimNetwork net = new SimNetwork(seed).setDefaultConditions(LinkConditions.perfect()
                .withLatency(Duration.ofMillis(40)).withJitter(Duration.ofMillis(10)).withLoss(0.05)
                .withReordering(0.05, Duration.ofMillis(15)).withDuplication(0.02));
        InetSocketAddress sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
        InetSocketAddress receiver = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6000);
        TransportCcGenerator g = new TransportCcGenerator(TransportCcGenerator.Config.defaults(0x5151));
        Map<Integer, Long> sendTimes = new HashMap<>();
        Map<Integer, Long> arrivalTimes = new HashMap<>();
        Map<Integer, Long> reportedDelay = new HashMap<>();
        Set<Integer> reportedLost = new HashSet<>();
        long now = 0;
        int next = 0;
        long nextSend = 0;
        while (now < 12_000 * MS) {
            if (now >= nextSend && next < 2000) {
                byte[] p = {(byte) (next >>> 8), (byte) next};
                sendTimes.put(next, now);
                net.send(now, new Datagram(sender, receiver, p));
                next++;
                nextSend += 5 * MS;
            }
            for (Datagram d; (d = net.poll(now)) != null; ) {
                if (d.destination().equals(receiver)) {
                    int seq = ((d.data()[0] & 0xff) << 8) | (d.data()[1] & 0xff);
                    arrivalTimes.putIfAbsent(seq, now);
                    g.handleInput(now, 0x77, seq);
                } else {
                    TransportCcFeedback f = (TransportCcFeedback) RtcpPacket.parseCompound(d.data()).get(0);
                    for (PacketArrival a : f.arrivals()) {
                        if (a.received()) {
                            reportedDelay.put(a.sequence(), a.arrivalMicros() * US - sendTimes.get(a.sequence()));
                            reportedLost.remove(a.sequence());
                        } else if (!reportedDelay.containsKey(a.sequence())) {
                            reportedLost.add(a.sequence());
                        }
                    }
                }
            }
            g.handleTimeout(now);
            for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
                net.send(now, new Datagram(receiver, sender, f.encode()));
            }
            long wake = Math.min(g.pollTimeout(), Math.min(net.nextDeliveryTime(), next < 2000 ? nextSend : Long.MAX_VALUE));
            now = Math.max(now + 1, wake == Long.MAX_VALUE ? now + MS : wake);
        }
        assertTrue(arrivalTimes.size() > 1700 && arrivalTimes.size() < 2000, arrivalTimes.size() + " arrived");
        for (Map.Entry<Integer, Long> e : arrivalTimes.entrySet()) {
            Long delay = reportedDelay.get(e.getKey());
            if (delay == null) {
                continue; // its feedback was lost on the way back
            }
            long trueDelay = e.getValue() - sendTimes.get(e.getKey());
            assertTrue(Math.abs(delay - trueDelay) <= 125 * US, "seq " + e.getKey() + ": " + delay + " vs " + trueDelay);
        }
        assertTrue(reportedDelay.size() > 0.85 * arrivalTimes.size(), reportedDelay.size() + " delays reported");
        for (int seq : reportedLost) {
            assertFalse(arrivalTimes.containsKey(seq) && arrivalTimes.get(seq) < 11_000 * MS - 600 * MS,
                    "seq " + seq + " reported lost but arrived at " + arrivalTimes.get(seq));
        }
        int lost = 2000 - arrivalTimes.size();
        System.out.printf("simulated: %d sent, %d arrived, %d delays reported, %d lost, %d reported lost, %d duplicates, %s%n",
                2000, arrivalTimes.size(), reportedDelay.size(), lost, reportedLost.size(), g.stats().duplicates(), net.stats());
        assertTrue(reportedLost.size() >= 0.8 * lost, reportedLost.size() + " reported lost of " + lost);
    }
}
