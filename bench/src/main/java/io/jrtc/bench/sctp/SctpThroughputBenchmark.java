package io.jrtc.bench.sctp;

import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpEvent;
import io.jrtc.sctp.SendOptions;
import io.jrtc.testkit.VirtualPath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * CPU throughput of an association pair in memory (no DTLS), one thread: 64 KiB messages, sender and
 * receiver both on this core, over a zero-delay {@link VirtualPath} with optional loss. One operation
 * is one 64 KiB message delivered; Gbit/s = ops/s x 65536 x 8 / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SctpThroughputBenchmark {
    static final int MESSAGES = 256;

    @Param({"0", "0.01"})
    public double loss;

    /** CRC32c on every packet, or RFC 9653 zero checksum (what WebRTC peers negotiate over DTLS). */
    @Param({"crc32c", "zero"})
    public String checksum;

    private SctpAssociation a;
    private SctpAssociation b;
    private VirtualPath path;
    private final byte[] message = new byte[65536];
    private long received;

    @Setup(Level.Trial)
    public void setUp() {
        boolean zero = checksum.equals("zero");
        a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(1)).withZeroChecksum(zero).withHeartbeatInterval(0));
        b = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(2)).withZeroChecksum(zero).withHeartbeatInterval(0));
        path = new VirtualPath(a, a::handleInput, b, b::handleInput, 3, 0, loss, 0);
        a.connect(0);
        path.runUntil(() -> a.state() == SctpAssociation.State.ESTABLISHED && b.state() == SctpAssociation.State.ESTABLISHED,
                60_000_000_000L);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long transfer() {
        long target = received + (long) MESSAGES * message.length;
        int[] sent = {0};
        path.runUntil(() -> {
            while (sent[0] < MESSAGES && a.bufferedAmount() < 4L * 1024 * 1024) {
                a.send(path.now(), 1, 53, message, SendOptions.RELIABLE_ORDERED);
                sent[0]++;
            }
            for (SctpEvent e; (e = b.pollEvent()) != null; ) {
                if (e instanceof SctpEvent.Message m) received += m.data().length;
            }
            while (a.pollEvent() != null) {
                // sender events are not needed
            }
            return received >= target;
        }, Long.MAX_VALUE / 4);
        if (received < target) throw new IllegalStateException("transfer stalled");
        return received;
    }
}
