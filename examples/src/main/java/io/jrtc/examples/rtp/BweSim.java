package io.jrtc.examples.rtp;

import io.jrtc.examples.Example;
import io.jrtc.rtp.cc.BandwidthEstimator;
import io.jrtc.rtp.cc.ProbeCluster;
import io.jrtc.rtp.pacing.Pacer;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.TransportCcGenerator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Send-side bandwidth estimation over a simulated bottleneck, in virtual time: a video source that
 * follows the estimator's target (30 frames a second, plus 100-byte audio packets every 20 ms), the
 * pacer at 2.5 × the target, the transport-wide sequence number on every packet, a bottleneck link
 * of the given capacity with a 100 ms drop-tail queue, and the receiver's transport-cc feedback
 * every 100 ms coming back to the estimator. One line per simulated second, a summary at the end.
 */
public final class BweSim implements Example {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long AUDIO_BPS = 100 * 8 * 50;

    /** What the run measured, for the test. */
    public record Summary(List<long[]> seconds, double utilization, double delayP95Ms, double loss) {
    }

    @Override
    public String name() {
        return "bwe-sim";
    }

    @Override
    public String usage() {
        return "--capacity-kbps C --rtt-ms R [--loss P] [--seconds S] [--step-at S2 --step-kbps C2] [--seed N]";
    }

    @Override
    public String description() {
        return "RTP: GCC bandwidth estimation + pacer over a simulated bottleneck, one line per second";
    }

    /** Runs the scenario; a wrong argument throws {@link IllegalArgumentException} (the launcher prints it with the usage, exit 2). */
    @Override
    public int run(String[] args) {
        long capacity = -1;
        long rtt = -1;
        double loss = 0;
        int seconds = 30;
        int stepAt = -1;
        long stepKbps = -1;
        long seed = 1;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--capacity-kbps" -> capacity = Long.parseLong(v) * 1000;
                case "--rtt-ms" -> rtt = Long.parseLong(v) * MS;
                case "--loss" -> loss = Double.parseDouble(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--step-at" -> stepAt = Integer.parseInt(v);
                case "--step-kbps" -> stepKbps = Long.parseLong(v) * 1000;
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (capacity <= 0 || rtt < 0 || seconds <= 0 || loss < 0 || loss >= 1 || (stepAt >= 0) != (stepKbps > 0)) {
            throw new IllegalArgumentException("need --capacity-kbps > 0, --rtt-ms >= 0, 0 <= --loss < 1, "
                    + "--step-at with --step-kbps");
        }
        simulate(capacity, rtt, loss, seconds, stepAt, stepKbps, seed, true);
        return 0;
    }

    /** A one-way link: a drop-tail queue drained at the capacity, then a fixed delay; seeded random loss. */
    private static final class Bottleneck {
        private final SplittableRandom random;
        private final double loss;
        private final long delay;
        long capacity;
        private long freeAt;
        private long order;
        final PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        final ArrayDeque<byte[]> payloads = new ArrayDeque<>();
        long dropped;
        long lost;

        Bottleneck(SplittableRandom random, long capacity, long delay, double loss) {
            this.random = random;
            this.capacity = capacity;
            this.delay = delay;
            this.loss = loss;
        }

        /** Returns the queuing delay the packet will see, or -1 when it is dropped or lost. */
        long send(long now, byte[] packet, List<byte[]> store) {
            if (loss > 0 && random.nextDouble() < loss) {
                lost++;
                return -1;
            }
            long start = Math.max(now, freeAt);
            long queued = start - now;
            if (capacity > 0 && queued + packet.length * 8L * S / capacity > 100 * MS) {
                dropped++;
                return -1;
            }
            freeAt = capacity > 0 ? start + packet.length * 8L * S / capacity : now;
            store.add(packet);
            inFlight.add(new long[] {freeAt + delay, order++, store.size() - 1});
            return queued;
        }

        long next() {
            long[] p = inFlight.peek();
            return p == null ? Long.MAX_VALUE : p[0];
        }
    }

    /** The whole run; prints a line per second when {@code print}. */
    public static Summary simulate(long capacity, long rtt, double loss, int seconds, int stepAt, long stepBps, long seed,
            boolean print) {
        SplittableRandom random = new SplittableRandom(seed);
        // 1. The sender: estimator, pacer, and the transport-wide sequence numbers it stamps.
        BandwidthEstimator bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults().withBounds(30_000, 50_000_000));
        Pacer<byte[]> pacer = new Pacer<>(Pacer.Config.defaults(), bwe.pacingRateBps());
        // 2. The path: the bottleneck forward, a clean path back (the RTT split evenly).
        Bottleneck forward = new Bottleneck(random.split(), capacity, rtt / 2, loss);
        Bottleneck back = new Bottleneck(random.split(), 0, rtt / 2, 0);
        List<byte[]> forwardStore = new ArrayList<>();
        List<byte[]> backStore = new ArrayList<>();
        // 3. The receiver: transport-cc feedback every 100 ms.
        TransportCcGenerator feedback = new TransportCcGenerator(TransportCcGenerator.Config.defaults(0x9999));

        long end = seconds * S;
        long now = 0;
        long nextFrame = 0;
        long nextAudio = 0;
        long carry = 0;
        int tseq = 0;
        long secondBytes = 0;
        long secondQueueMax = 0;
        long sentPackets = 0;
        long deliveredBits = 0;
        double capacityBits = 0;
        long[] delays = new long[1 << 12];
        int delayCount = 0;
        List<long[]> perSecond = new ArrayList<>();
        while (now < end) {
            long next = Math.min(Math.min(nextFrame, nextAudio), Math.min(pacer.pollTimeout(), feedback.pollTimeout()));
            next = Math.min(next, Math.min(forward.next(), back.next()));
            long secondEnd = (perSecond.size() + 1) * S;
            next = Math.min(Math.max(next, now), secondEnd);
            capacityBits += forward.capacity * (double) (next - now) / S;
            now = next;
            if (now >= secondEnd) {
                int t = perSecond.size() + 1;
                perSecond.add(new long[] {t, bwe.targetBps(), secondBytes * 8, secondQueueMax / MS});
                if (print) {
                    System.out.printf("t=%d estimate_kbps=%d sent_kbps=%d queue_ms=%d%n", t, bwe.targetBps() / 1000,
                            secondBytes * 8 / 1000, secondQueueMax / MS);
                }
                secondBytes = 0;
                secondQueueMax = 0;
                if (t == stepAt) {
                    forward.capacity = stepBps;
                }
                continue;
            }
            // the source: video follows the target (less the audio), audio every 20 ms
            if (now >= nextFrame) {
                long bits = Math.max(bwe.targetBps() - AUDIO_BPS, 10_000) / 30 + carry;
                int bytes = (int) (bits / 8);
                carry = bits - bytes * 8L;
                for (; bytes > 0; bytes -= 1200) {
                    int n = Math.min(bytes, 1200);
                    pacer.enqueue(now, new byte[n], n, Pacer.Kind.VIDEO);
                }
                nextFrame = now + S / 30;
            }
            if (now >= nextAudio) {
                pacer.enqueue(now, new byte[100], 100, Pacer.Kind.AUDIO);
                nextAudio = now + 20 * MS;
            }
            pacer.handleTimeout(now);
            // what the pacer lets go gets its transport-wide sequence number and enters the bottleneck
            for (Pacer.Sent<byte[]> s; (s = pacer.pollTransmit()) != null; ) {
                byte[] p = s.packet() != null ? s.packet().clone() : new byte[s.size()];
                if (p.length < 2) {
                    p = Arrays.copyOf(p, 2);
                }
                p[0] = (byte) (tseq >>> 8);
                p[1] = (byte) tseq;
                bwe.onPacketSent(now, tseq, 1, -1, p.length, s.probeCluster(), s.padding());
                tseq = (tseq + 1) & 0xffff;
                sentPackets++;
                secondBytes += p.length;
                long q = forward.send(now, p, forwardStore);
                if (q >= 0) {
                    secondQueueMax = Math.max(secondQueueMax, q);
                    if (delayCount == delays.length) {
                        delays = Arrays.copyOf(delays, delayCount * 2);
                    }
                    delays[delayCount++] = q;
                }
            }
            // arrivals at the receiver
            while (forward.next() <= now) {
                byte[] p = forwardStore.set((int) forward.inFlight.poll()[2], null);
                deliveredBits += p.length * 8L;
                feedback.handleInput(now, 1, ((p[0] & 0xff) << 8) | (p[1] & 0xff));
            }
            feedback.handleTimeout(now);
            for (TransportCcFeedback f; (f = feedback.pollTransmit()) != null; ) {
                back.send(now, f.encode(), backStore);
            }
            // feedback back at the sender
            while (back.next() <= now) {
                byte[] p = backStore.set((int) back.inFlight.poll()[2], null);
                try {
                    for (RtcpPacket r : RtcpPacket.parseCompound(p)) {
                        if (r instanceof TransportCcFeedback f) {
                            bwe.onTransportCcFeedback(now, f);
                        }
                    }
                } catch (io.jrtc.rtp.RtpParseException e) {
                    throw new IllegalStateException("our own feedback did not parse", e);
                }
            }
            for (ProbeCluster c; (c = bwe.pollTransmit()) != null; ) {
                pacer.addProbe(c);
            }
            while (bwe.pollEvent() != null) {
                // the source reads the target at every frame
            }
            while (pacer.pollEvent() != null) {
                // dropped at the pacer (counted in its stats)
            }
            pacer.setPacingRate(bwe.pacingRateBps());
        }
        long[] d = Arrays.copyOf(delays, delayCount);
        Arrays.sort(d);
        double p95 = d.length == 0 ? 0 : d[(int) Math.min(d.length - 1, Math.ceil(d.length * 0.95) - 1)] / 1e6;
        double lossRate = sentPackets == 0 ? 0 : (double) (forward.dropped + forward.lost) / sentPackets;
        double utilization = capacityBits == 0 ? 0 : deliveredBits / capacityBits;
        if (print) {
            System.out.printf("utilization=%.3f delay_p95_ms=%.1f loss=%.4f%n", utilization, p95, lossRate);
        }
        return new Summary(perSecond, utilization, p95, lossRate);
    }
}
