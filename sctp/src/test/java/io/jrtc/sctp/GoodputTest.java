package io.jrtc.sctp;

import io.jrtc.testkit.VirtualPath;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The congestion control design goal, checked in virtual time: on a 50 ms RTT path with 1 % loss the
 * default (ADAPTIVE, RTO.Min 200 ms) moves several times what RFC Reno with RTO.Min 1 s moves.
 */
class GoodputTest {

    /** Bytes delivered in {@code seconds} of virtual time with 64 KiB messages. */
    static long goodput(SctpConfig.CongestionControl cc, boolean classic, long seed, int seconds, double loss, long rttMs) {
        SctpConfig ca = SctpConfig.defaults(new SplittableRandom(seed)).withHeartbeatInterval(0);
        SctpConfig cb = SctpConfig.defaults(new SplittableRandom(seed + 1)).withHeartbeatInterval(0);
        if (classic) {
            ca = ca.classicReno();
            cb = cb.classicReno();
        }
        ca = ca.withCongestionControl(cc);
        SctpAssociation a = new SctpAssociation(ca);
        SctpAssociation b = new SctpAssociation(cb);
        VirtualPath path = new VirtualPath(a, a::handleInput, b, b::handleInput, seed, rttMs * 500_000L, loss, 100_000_000L);
        a.connect(0);
        b.connect(0);
        path.runUntil(() -> a.state() == SctpAssociation.State.ESTABLISHED && b.state() == SctpAssociation.State.ESTABLISHED, 60_000_000_000L);
        long[] got = {0};
        byte[] msg = new byte[65536];
        long start = path.now();
        path.runUntil(() -> {
            while (a.bufferedAmount() < 4L * 1024 * 1024) a.send(path.now(), 1, 53, msg.clone(), SendOptions.RELIABLE_ORDERED);
            for (SctpEvent e; (e = b.pollEvent()) != null; ) if (e instanceof SctpEvent.Message m) got[0] += m.data().length;
            while (a.pollEvent() != null) { }
            return false;
        }, seconds * 1_000_000_000L);
        assertTrue(path.now() - start >= seconds * 1_000_000_000L - 1);
        return got[0];
    }

    @Test
    void adaptiveBeatsClassicRenoSeveralTimesAt50msAndOnePercentLoss() {
        long adaptive = 0;
        long reno = 0;
        for (int seed = 1; seed <= 3; seed++) {
            adaptive += goodput(SctpConfig.CongestionControl.ADAPTIVE, false, seed, 60, 0.01, 50);
            reno += goodput(SctpConfig.CongestionControl.RENO, true, seed, 60, 0.01, 50);
        }
        System.out.printf("adaptive %.2f Mbit/s, reno-1s %.2f Mbit/s%n", adaptive * 8 / 180e6, reno * 8 / 180e6);
        assertTrue(adaptive > 3 * reno, "adaptive " + adaptive + " vs reno " + reno);
    }
}
