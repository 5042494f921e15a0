package io.jrtc.examples.sctp;

import io.jrtc.examples.Example;
import io.jrtc.sctp.Chunk;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpEvent;
import io.jrtc.sctp.SctpPacket;
import io.jrtc.sctp.SctpParseException;
import io.jrtc.sctp.SctpStats;
import io.jrtc.sctp.SendOptions;
import io.jrtc.testkit.VirtualPath;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two SCTP associations in memory on a seeded lossy path in virtual time (25 ms each way, no DTLS):
 * the four-way handshake chunk by chunk, then a bulk transfer with the retransmissions and the
 * congestion window it ended with, then a graceful SHUTDOWN.
 */
public final class SctpDemo implements Example {
    private PrintStream out = System.out;

    public SctpDemo() {
    }

    SctpDemo(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "sctp-demo";
    }

    @Override
    public String usage() {
        return "[--loss P] [--bytes N] [--rtt MS] [--seed S]";
    }

    @Override
    public String description() {
        return "SCTP handshake and a bulk transfer between two associations on a simulated lossy path";
    }

    @Override
    public int run(String[] args) throws Exception {
        double loss = 0.01;
        long bytes = 10L * 1024 * 1024;
        long rttMs = 50;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--loss" -> loss = Double.parseDouble(args[i + 1]);
                case "--bytes" -> bytes = Long.parseLong(args[i + 1]);
                case "--rtt" -> rttMs = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + usage());
            }
        }
        if (args.length % 2 != 0) throw new IllegalArgumentException("usage: " + usage());

        // 1. Two associations with seeded randomness (tags, TSNs, cookie keys), WebRTC's port 5000.
        SctpAssociation alice = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed)));
        SctpAssociation bob = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed + 1)));
        // 2. A path with a 100 Mbit/s bottleneck, RTT/2 each way and random loss, in virtual time.
        VirtualPath path = new VirtualPath(alice, alice::handleInput, bob, bob::handleInput, seed,
                rttMs * 500_000L, loss, 100_000_000L);
        int[] logged = {0};
        path.setObserver((now, fromA, packet, lost) -> narrate(now, fromA, packet, lost, logged));
        out.printf("[SCTP] path: RTT %d ms, loss %.1f %%, MTU %d (1200-byte DTLS datagrams minus record overhead)%n",
                rttMs, loss * 100, SctpConfig.DEFAULT_MTU);

        // 3. Handshake. Only alice opens here; bob keeps no state until a valid COOKIE-ECHO arrives.
        alice.connect(0);
        boolean up = path.runUntil(() -> alice.state() == SctpAssociation.State.ESTABLISHED
                && bob.state() == SctpAssociation.State.ESTABLISHED, 120_000_000_000L);
        if (!up) {
            out.println("[SCTP] handshake failed");
            return 1;
        }
        out.printf("[SCTP] both ESTABLISHED at t=%.0f ms%n", path.now() / 1e6);

        // 4. Bulk transfer: 64 KiB messages, keeping at most 4 MiB buffered at the sender.
        long total = bytes;
        long[] sent = {0};
        long[] received = {0};
        boolean[] corrupt = {false};
        long t0 = path.now();
        long cpu0 = System.nanoTime();
        path.runUntil(() -> {
            while (sent[0] < total && alice.bufferedAmount() < 4L * 1024 * 1024) {
                int n = (int) Math.min(65536, total - sent[0]);
                byte[] m = new byte[n];
                Arrays.fill(m, (byte) (sent[0] / 65536));
                alice.send(path.now(), 1, 53, m, SendOptions.RELIABLE_ORDERED);
                sent[0] += n;
            }
            for (SctpEvent e; (e = bob.pollEvent()) != null; ) {
                if (e instanceof SctpEvent.Message msg) {
                    if (msg.data()[0] != (byte) (received[0] / 65536)) corrupt[0] = true;
                    received[0] += msg.data().length;
                }
            }
            while (alice.pollEvent() != null) {
                // nothing else to see on the sender
            }
            return received[0] >= total;
        }, 3600_000_000_000L);
        double secs = (path.now() - t0) / 1e9;
        double cpu = (System.nanoTime() - cpu0) / 1e9;
        SctpStats s = alice.stats();
        out.printf("[SCTP] transferred %d bytes in %.2f s of virtual time: %.2f Mbit/s goodput%s%n", received[0], secs,
                received[0] * 8 / secs / 1e6, corrupt[0] ? " (CORRUPTED)" : ", in order");
        out.printf("[SCTP] sender: %d DATA chunks, %d retransmissions (%d fast), %d T3-rtx timeouts, final cwnd %d bytes, "
                        + "ssthresh %d, srtt %.1f ms, rto %.0f ms%n", s.dataChunksSent(), s.retransmissions(),
                s.fastRetransmits(), s.t3Expirations(), s.cwnd(), s.ssthresh(), s.srttNanos() / 1e6, s.rtoNanos() / 1e6);
        out.printf("[SCTP] path: %d packets delivered, %d lost; simulation took %.2f s of CPU (%.0f Mbit/s)%n",
                path.delivered(), path.lost(), cpu, received[0] * 8 / cpu / 1e6);

        // 5. Graceful close: SHUTDOWN, SHUTDOWN-ACK, SHUTDOWN-COMPLETE.
        logged[0] = 0;
        alice.shutdown(path.now());
        boolean closed = path.runUntil(() -> bob.state() == SctpAssociation.State.CLOSED
                && alice.state() == SctpAssociation.State.CLOSED, 120_000_000_000L);
        out.println(closed ? "[SCTP] association closed" : "[SCTP] shutdown did not complete");
        return received[0] == total && !corrupt[0] && closed ? 0 : 1;
    }

    /** Prints every chunk that is not bulk DATA/SACK, and the first few of those. */
    private void narrate(long now, boolean fromA, byte[] packet, boolean lost, int[] logged) {
        SctpPacket p;
        try {
            p = SctpPacket.parse(packet, true);
        } catch (SctpParseException e) {
            return;
        }
        for (Chunk c : p.chunks()) {
            boolean bulk = c instanceof Chunk.Data || c instanceof Chunk.Sack;
            if (bulk && logged[0]++ >= 6) continue;
            out.printf("[SCTP] %8.1f ms %s %s%s%n", now / 1e6, fromA ? "alice → bob  " : "bob   → alice", describe(c),
                    lost ? "  (lost)" : "");
        }
    }

    private static String describe(Chunk c) {
        if (c instanceof Chunk.Init i) {
            return String.format("INIT tag=%08x a_rwnd=%d streams=%d/%d initial TSN=%d, %d parameters", i.initiateTag(),
                    i.aRwnd(), i.outboundStreams(), i.inboundStreams(), i.initialTsn(), i.params().size());
        }
        if (c instanceof Chunk.InitAck i) {
            return String.format("INIT-ACK tag=%08x initial TSN=%d, state cookie of %d bytes (HMAC-signed)", i.initiateTag(),
                    i.initialTsn(), i.cookie() == null ? 0 : i.cookie().cookie().length());
        }
        if (c instanceof Chunk.CookieEcho e) return "COOKIE-ECHO (" + e.cookie().length() + " bytes)";
        if (c instanceof Chunk.CookieAck) return "COOKIE-ACK";
        if (c instanceof Chunk.Sack s) {
            return "SACK cum TSN=" + s.cumTsnAck() + " a_rwnd=" + s.aRwnd() + " gaps=" + s.gaps().size() + " dups=" + s.duplicates().size();
        }
        if (c instanceof Chunk.Shutdown s) return "SHUTDOWN cum TSN=" + s.cumTsnAck();
        if (c instanceof Chunk.ShutdownAck) return "SHUTDOWN-ACK";
        if (c instanceof Chunk.ShutdownComplete) return "SHUTDOWN-COMPLETE";
        return c.toString();
    }
}
