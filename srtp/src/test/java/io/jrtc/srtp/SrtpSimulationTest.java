package io.jrtc.srtp;

import io.jrtc.core.Datagram;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SimNode;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SRTP over a bad simulated network (loss, duplication, reordering, jitter) in virtual time: a
 * 50 packet/s sender whose sequence numbers wrap, RTCP every second, and a receiver that must accept
 * every distinct packet that arrives exactly once and refuse every duplicate, with no authentication
 * failure and its rollover counter in step.
 */
@ExtendWith(SeedReporter.class)
class SrtpSimulationTest {
    static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 5000);
    static final int SSRC = 0xcafe0001;
    static final long PTIME = Duration.ofMillis(20).toNanos();

    static final class Sender implements SimNode {
        final SrtpContext tx;
        final ArrayDeque<Datagram> out = new ArrayDeque<>();
        long next = 0;
        int seq = 65536 - 700;
        int sent;
        final int total;

        Sender(SrtpContext tx, int total) {
            this.tx = tx;
            this.total = total;
        }

        @Override
        public void handleInput(long now, Datagram d) {
        }

        @Override
        public void handleTimeout(long now) {
            byte[] p = SrtpProperties.rtpPacketOf(SSRC, seq, 160);
            byte[] buf = Arrays.copyOf(p, p.length + 16);
            int n = tx.protectRtp(buf, 0, p.length);
            out.add(new Datagram(A, B, Arrays.copyOf(buf, n)));
            if (sent % 50 == 49) {
                byte[] r = SrtpProperties.rtcpPacketOf(SSRC, sent);
                byte[] rb = Arrays.copyOf(r, r.length + 20);
                int m = tx.protectRtcp(rb, 0, r.length);
                out.add(new Datagram(A, B, Arrays.copyOf(rb, m)));
            }
            seq = (seq + 1) & 0xffff;
            sent++;
            next = sent < total ? now + PTIME : Long.MAX_VALUE;
        }

        @Override
        public Datagram pollTransmit() {
            return out.poll();
        }

        @Override
        public long pollTimeout() {
            return next;
        }
    }

    static final class Receiver implements SimNode {
        final SrtpContext rx;
        final Set<Integer> acceptedRtp = new HashSet<>();
        int acceptedRtcp;
        int refused;

        Receiver(SrtpContext rx) {
            this.rx = rx;
        }

        @Override
        public void handleInput(long now, Datagram d) {
            byte[] b = d.data().clone();
            int pt = b[1] & 0x7f;
            boolean rtcp = pt >= 64 && pt <= 95; // RFC 5761 demultiplexing: RTCP types 192-223
            int n = rtcp ? rx.unprotectRtcp(b, 0, b.length) : rx.unprotectRtp(b, 0, b.length);
            if (n < 0) {
                refused++;
            } else if (rtcp) {
                acceptedRtcp++;
            } else {
                int seq = SrtpContext.u16(b, 2);
                assertTrue(acceptedRtp.add(seq), "sequence " + seq + " accepted twice");
                assertArrayEquals(SrtpProperties.rtpPacketOf(SSRC, seq, 160), Arrays.copyOf(b, n));
            }
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Datagram pollTransmit() {
            return null;
        }

        @Override
        public long pollTimeout() {
            return Long.MAX_VALUE;
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyDistinctPacketOnceNoDuplicateAcrossTheWrap(SrtpProfile profile) {
        Simulation sim = new Simulation(Seeds.seed(20_251_125L + profile.ordinal()));
        sim.network().setDefaultConditions(LinkConditions.perfect()
                .withLatency(Duration.ofMillis(30)).withJitter(Duration.ofMillis(15))
                .withLoss(0.05).withDuplication(0.1).withReordering(0.1, Duration.ofMillis(100)));
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        Arrays.fill(key, (byte) 7);
        Arrays.fill(salt, (byte) 9);
        int total = 1500;
        Sender s = sim.add(new Sender(SrtpContext.create(profile, key, salt), total), A);
        Receiver r = sim.add(new Receiver(SrtpContext.create(profile, key, salt)), B);
        sim.runFor(Duration.ofSeconds(40));

        SrtpContext rx = r.rx;
        long delivered = sim.network().stats().delivered;
        assertEquals(total, s.sent);
        assertEquals(0, rx.count(SrtpStatus.AUTH_FAILED));
        assertEquals(0, rx.count(SrtpStatus.TOO_OLD), "100 ms of reordering is 5 packets: within 64");
        assertTrue(sim.network().stats().duplicated > 0 && sim.network().stats().lost > 0);
        assertEquals(delivered, r.acceptedRtp.size() + r.acceptedRtcp + r.refused);
        assertEquals(r.refused, rx.count(SrtpStatus.REPLAYED), "every refusal is a duplicate");
        assertTrue(r.acceptedRtp.size() > total * 0.9);
        assertEquals(1, rx.rolloverCounter(SSRC), "the sequence numbers wrapped once");
    }
}
