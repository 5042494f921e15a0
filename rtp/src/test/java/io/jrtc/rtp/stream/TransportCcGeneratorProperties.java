package io.jrtc.rtp.stream;

import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.rtcp.TransportCcFeedback.PacketArrival;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jqwik property of {@link TransportCcGenerator} (one test engine per class: JUnit's cases are in
 * {@link TransportCcGeneratorTest}, so both engines never write the same report file).
 */
class TransportCcGeneratorProperties {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /**
     * Random arrivals (loss, reordering, duplicates, gaps, wrap): every packet that arrived within the
     * history is reported received with its time (±125 µs), every feedback fits its size, and the
     * generator never throws.
     */
    @Property(tries = 300)
    void everyArrivalIsReported(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int count,
                                @ForAll @IntRange(min = 64, max = 1500) int maxBytes) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        TransportCcGenerator g = new TransportCcGenerator(new TransportCcGenerator.Config(1, 100 * MS, maxBytes, 500 * MS));
        int base = r.nextInt(65_536);
        Map<Integer, Long> firstArrival = new HashMap<>();
        List<TransportCcFeedback> fb = new ArrayList<>();
        long t = r.nextLong(-1_000_000 * MS, 1_000_000 * MS);
        for (int i = 0; i < count; i++) {
            t += r.nextInt(0, 4) == 0 ? r.nextLong(0, 300 * MS) : r.nextLong(0, 3 * MS);
            int offset = i + (r.nextInt(20) == 0 ? -r.nextInt(0, 30) : 0); // some arrive late
            if (offset < 0 || r.nextInt(8) == 0) {
                continue; // lost
            }
            int seq = (base + offset) & 0xffff;
            g.handleInput(t, 7, seq);
            firstArrival.putIfAbsent(seq, t);
            if (t >= g.pollTimeout()) {
                g.handleTimeout(t);
            }
            for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
                assertTrue(f.encodedLength() <= maxBytes, f.encodedLength() + " > " + maxBytes);
                fb.add((TransportCcFeedback) RtcpPacket.parseCompound(f.encode()).get(0));
            }
        }
        g.flush();
        for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
            assertTrue(f.encodedLength() <= maxBytes, f.encodedLength() + " > " + maxBytes);
            fb.add((TransportCcFeedback) RtcpPacket.parseCompound(f.encode()).get(0));
        }
        Map<Integer, Long> m = TransportCcGeneratorTest.latest(fb);
        // sequence numbers reported received: the arrival is right up to a common offset per reference
        // epoch; compare differences against the first arrival reported in the same feedback
        Set<Integer> reported = new HashSet<>();
        for (TransportCcFeedback f : fb) {
            long anchorRecv = Long.MIN_VALUE;
            long anchorTrue = 0;
            for (PacketArrival a : f.arrivals()) {
                if (!a.received()) {
                    continue;
                }
                reported.add(a.sequence());
                Long truth = firstArrival.get(a.sequence());
                assertTrue(truth != null, "reported received but never arrived: " + a.sequence());
                if (anchorRecv == Long.MIN_VALUE) {
                    anchorRecv = a.arrivalMicros();
                    anchorTrue = truth;
                    TransportCcGeneratorTest.assertArrival(truth, a.arrivalMicros(), "first of a feedback, seq " + a.sequence());
                } else {
                    long error = Math.abs((a.arrivalMicros() - anchorRecv) * US - (truth - anchorTrue));
                    assertTrue(error <= 250 * US, "seq " + a.sequence() + " off by " + error + " ns");
                }
            }
        }
        long ignored = g.stats().tooLate() + g.stats().duplicates();
        int missing = 0;
        for (int seq : firstArrival.keySet()) {
            if (!reported.contains(seq)) {
                missing++;
            }
        }
        assertTrue(missing <= g.stats().tooLate(), missing + " arrivals never reported, " + g.stats().tooLate() + " counted too late");
        assertTrue(ignored <= g.stats().packets());
        assertTrue(m.size() >= reported.size());
    }
}
