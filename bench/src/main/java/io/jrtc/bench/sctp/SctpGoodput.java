package io.jrtc.bench.sctp;

import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpEvent;
import io.jrtc.sctp.SctpStats;
import io.jrtc.sctp.SendOptions;
import io.jrtc.testkit.VirtualPath;

import java.util.SplittableRandom;

/**
 * Goodput in simulated time of a bulk transfer (64 KiB messages) over a path with a 100 Mbit/s
 * bottleneck, a given RTT and random loss, for jrtc's default congestion control (ADAPTIVE,
 * RTO.Min 200 ms) and for RFC 9260 Reno with RTO.Min 1 s, each averaged over seeds.
 *
 * <pre>java -cp bench/target/jrtc-benchmarks.jar io.jrtc.bench.sctp.SctpGoodput [seconds] [seeds]</pre>
 */
public final class SctpGoodput {
    private SctpGoodput() {
    }

    record Result(double mbps, double cpuSeconds, SctpStats stats) {
    }

    static Result run(boolean reno, long seed, int seconds, double loss, long rttMs) {
        return run(reno, seed, seconds, loss, rttMs, 1 << 20, 100_000_000L);
    }

    /** As above, with the receiver's buffer (its a_rwnd) and the bottleneck's rate in bit/s. */
    static Result run(boolean reno, long seed, int seconds, double loss, long rttMs, int receiveBuffer, long bitsPerSecond) {
        SctpConfig ca = SctpConfig.defaults(new SplittableRandom(seed)).withHeartbeatInterval(0);
        SctpConfig cb = SctpConfig.defaults(new SplittableRandom(seed + 1)).withHeartbeatInterval(0);
        cb = cb.withBuffers(receiveBuffer, cb.sendBuffer());
        if (reno) {
            ca = ca.classicReno();
            cb = cb.classicReno();
        }
        SctpAssociation a = new SctpAssociation(ca);
        SctpAssociation b = new SctpAssociation(cb);
        VirtualPath path = new VirtualPath(a, a::handleInput, b, b::handleInput, seed, rttMs * 500_000L, loss, bitsPerSecond);
        a.connect(0);
        path.runUntil(() -> a.state() == SctpAssociation.State.ESTABLISHED && b.state() == SctpAssociation.State.ESTABLISHED,
                60_000_000_000L);
        long[] got = {0};
        byte[] msg = new byte[65536];
        long cpu0 = System.nanoTime();
        path.runUntil(() -> {
            while (a.bufferedAmount() < 4L * 1024 * 1024) a.send(path.now(), 1, 53, msg, SendOptions.RELIABLE_ORDERED);
            for (SctpEvent e; (e = b.pollEvent()) != null; ) if (e instanceof SctpEvent.Message m) got[0] += m.data().length;
            while (a.pollEvent() != null) {
                // not needed
            }
            return false;
        }, seconds * 1_000_000_000L);
        return new Result(got[0] * 8.0 / seconds / 1e6, (System.nanoTime() - cpu0) / 1e9, a.stats());
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int receiveBuffer = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        long mbit = args.length > 3 ? Long.parseLong(args[3]) : 100;
        System.out.printf("%d Mbit/s bottleneck, receive buffer %d bytes, 64 KiB messages, %d s of simulated time, mean of %d seeds%n",
                mbit, receiveBuffer, seconds, seeds);
        System.out.printf("%-8s %-6s %-30s %12s %8s %8s %10s%n", "RTT", "loss", "sender", "goodput", "rtx", "T3", "CPU s");
        for (long rtt : new long[] {50}) {
            for (double loss : new double[] {0, 0.01, 0.03}) {
                for (boolean reno : new boolean[] {false, true}) {
                    double mbps = 0;
                    double cpu = 0;
                    long rtx = 0;
                    long t3 = 0;
                    for (int s = 1; s <= seeds; s++) {
                        Result r = run(reno, s, seconds, loss, rtt, receiveBuffer, mbit * 1_000_000L);
                        mbps += r.mbps() / seeds;
                        cpu += r.cpuSeconds();
                        rtx += r.stats().retransmissions();
                        t3 += r.stats().t3Expirations();
                    }
                    System.out.printf("%-8s %-6s %-30s %8.2f Mb/s %8d %8d %10.2f%n", rtt + " ms", (loss * 100) + "%",
                            reno ? "RENO, RTO.Min 1 s" : "ADAPTIVE, RTO.Min 200 ms", mbps, rtx / seeds, t3 / seeds, cpu);
                }
            }
        }
    }
}
