package io.jrtc.bench.cc;

import io.jrtc.rtp.cc.BandwidthEstimator;
import io.jrtc.rtp.cc.ProbeCluster;
import io.jrtc.rtp.pacing.Pacer;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost per packet of send-side congestion control: the estimator (a packet recorded as sent, and
 * its share of a transport-cc feedback covering 64 packets: delay-based filter, detector, AIMD,
 * loss-based, acknowledged rate) and the pacer (queued, released in a burst, polled).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CongestionControlBenchmark {
    private static final int BATCH = 64;
    private static final long MS = 1_000_000L;

    private BandwidthEstimator bwe;
    private TransportCcFeedback[] feedback;
    private int batch;
    private long now;
    private Pacer<byte[]> pacer;
    private byte[] packet;
    private long pacerNow;

    @Setup
    public void setup() {
        bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults().withProbing(false));
        // one feedback per batch of 64 sequence numbers, all of 65,536 covered; packets 1 ms apart
        // arrive 1 ms apart (4 ticks of 250 µs), one in 32 lost
        feedback = new TransportCcFeedback[65536 / BATCH];
        for (int b = 0; b < feedback.length; b++) {
            List<TransportCcFeedback.PacketResult> r = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                r.add(new TransportCcFeedback.PacketResult(b * BATCH + i, i % 32 != 7, 4));
            }
            feedback[b] = TransportCcFeedback.build(1, 2, b * BATCH, 0, b & 0xff, r);
        }
        pacer = new Pacer<>(Pacer.Config.defaults(), 2_500_000);
        packet = new byte[1200];
    }

    /** 64 packets sent and one feedback about them, per packet. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long estimatorPerPacket() {
        int base = batch * BATCH;
        for (int i = 0; i < BATCH; i++) {
            bwe.onPacketSent(now, (base + i) & 0xffff, 1, -1, 1200, ProbeCluster.NONE, false);
            now += MS;
        }
        bwe.onTransportCcFeedback(now, feedback[batch]);
        batch = (batch + 1) % feedback.length;
        while (bwe.pollEvent() != null) {
            // drained
        }
        return bwe.targetBps();
    }

    /** 64 packets queued at once, then released burst by burst, per packet. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pacerPerPacket(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            pacer.enqueue(pacerNow, packet, 1200, Pacer.Kind.VIDEO);
        }
        while (true) {
            for (Pacer.Sent<byte[]> s; (s = pacer.pollTransmit()) != null; ) {
                bh.consume(s);
            }
            long t = pacer.pollTimeout();
            if (t == Long.MAX_VALUE) {
                break;
            }
            pacerNow = t;
            pacer.handleTimeout(pacerNow);
        }
    }
}
