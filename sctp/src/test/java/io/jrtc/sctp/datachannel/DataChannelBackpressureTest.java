package io.jrtc.sctp.datachannel;

import io.jrtc.core.Datagram;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SimNode;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.jrtc.sctp.datachannel.DataChannelTest.all;
import static io.jrtc.sctp.datachannel.DataChannelTest.has;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpressure through data channels, both ways: an application that stops reading
 * ({@link DataChannels#setReceivePaused}) closes the peer's window instead of losing or refusing
 * anything, and a full send buffer is a {@code false} from {@link DataChannel#trySend}, never an
 * exception on the receive path.
 */
@ExtendWith(SeedReporter.class)
class DataChannelBackpressureTest {
    static final InetSocketAddress A = new InetSocketAddress(InetAddress.getLoopbackAddress(), 42001);
    static final InetSocketAddress B = new InetSocketAddress(InetAddress.getLoopbackAddress(), 42002);

    /** A message: channel-local sequence number, then bytes derived from it; {@link #check} verifies both. */
    static byte[] message(int seq, int size) {
        byte[] b = new byte[Math.max(size, 4)];
        ByteBuffer.wrap(b).putInt(seq);
        for (int i = 4; i < b.length; i++) b[i] = (byte) (seq * 31 + i);
        return b;
    }

    static int check(byte[] b) {
        int seq = ByteBuffer.wrap(b).getInt();
        for (int i = 4; i < b.length; i++) {
            if (b[i] != (byte) (seq * 31 + i)) throw new AssertionError("message " + seq + " corrupted at byte " + i);
        }
        return seq;
    }

    static final class Pair {
        final Simulation sim;
        final DataChannels client;
        final DataChannels server;
        final EngineNode<byte[], DataChannelEvent> nc;
        final EngineNode<byte[], DataChannelEvent> ns;

        Pair(long seed, LinkConditions link, int clientReceive, long clientSend, int serverReceive, long serverSend) {
            sim = new Simulation(seed);
            sim.network().setDefaultConditions(link);
            client = new DataChannels(SctpConfig.defaults(new SplittableRandom(seed)).withBuffers(clientReceive, clientSend),
                    DataChannels.Role.CLIENT, 256 * 1024);
            server = new DataChannels(SctpConfig.defaults(new SplittableRandom(seed + 1)).withBuffers(serverReceive, serverSend),
                    DataChannels.Role.SERVER, 256 * 1024);
            nc = sim.add(EngineNode.pointToPoint(client, A, B, client::handleInput), A);
            ns = sim.add(EngineNode.pointToPoint(server, B, A, server::handleInput), B);
            client.connect(0);
            server.connect(0);
            sim.runUntilOrFail(() -> has(nc, DataChannelEvent.Connected.class) && has(ns, DataChannelEvent.Connected.class),
                    Duration.ofSeconds(30), "associations up");
        }

        void assertHealthy() {
            assertFalse(has(nc, DataChannelEvent.AssociationClosed.class), "client's association closed");
            assertFalse(has(ns, DataChannelEvent.AssociationClosed.class), "server's association closed");
            assertTrue(nc.inputErrors().isEmpty() && ns.inputErrors().isEmpty(), "exceptions on the receive path: "
                    + nc.inputErrors() + ns.inputErrors());
            assertEquals(0, client.association().stats().internalErrors());
            assertEquals(0, server.association().stats().internalErrors());
        }
    }

    @Test
    void givenAPausedReceiverWhenTheSenderKeepsSendingThenItsWindowClosesAndAfterResumingEverythingArrivesInOrder() {
        // Given: a data channel over a 30 ms RTT path; the server's application stops reading
        Pair p = new Pair(Seeds.seed(201), LinkConditions.perfect().withLatency(Duration.ofMillis(15)),
                1 << 20, 2L << 20, 256 * 1024, 1 << 20);
        DataChannel ch = p.client.createChannel(p.sim.now(), "bulk", DataChannelOptions.RELIABLE);
        p.sim.runUntilOrFail(() -> has(p.ns, DataChannelEvent.Open.class) && ch.state() == DataChannel.State.OPEN,
                Duration.ofSeconds(5), "open");
        p.server.setReceivePaused(p.sim.now(), true);
        assertTrue(p.server.receivePaused());
        int total = 600; // 600 x 8 KiB = 4.7 MiB, more than the client's 2 MiB send buffer
        int[] next = {0};
        int[] refused = {0};
        long[] maxBuffered = {0};
        Runnable offer = () -> {
            while (next[0] < total) {
                if (!ch.trySend(p.sim.now(), message(next[0], 8192))) {
                    refused[0]++;
                    return;
                }
                next[0]++;
            }
        };

        // When: the client's application keeps offering messages for 20 s
        p.sim.runUntil(() -> {
            offer.run();
            maxBuffered[0] = Math.max(maxBuffered[0], ch.bufferedAmount());
            return false;
        }, Duration.ofSeconds(20));

        // Then: no message was delivered, the server's window is closed and the client knows it,
        // the client's bufferedAmount grew to its send buffer and trySend said no: nothing threw
        assertTrue(all(p.ns, DataChannelEvent.Message.class).isEmpty(), "no message while paused");
        assertEquals(0, p.server.association().stats().receiveWindow(), "server window " + p.server.association().stats());
        assertEquals(0, p.client.association().stats().peerReceiveWindow(), "client's view " + p.client.association().stats());
        assertTrue(maxBuffered[0] > 3L << 19, "bufferedAmount grew: " + maxBuffered[0]);
        assertTrue(refused[0] > 0 && next[0] < total, "trySend refused");
        p.assertHealthy();

        // When: the server's application resumes
        p.server.setReceivePaused(p.sim.now(), false);
        List<Integer> got = new ArrayList<>();
        p.sim.runUntilOrFail(() -> {
            offer.run();
            for (DataChannelEvent e : p.ns.events()) if (e instanceof DataChannelEvent.Message m) got.add(check(m.data()));
            p.ns.events().removeIf(e -> e instanceof DataChannelEvent.Message);
            return got.size() == total;
        }, Duration.ofSeconds(120), () -> got.size() + " of " + total);

        // Then: every message arrived once, in order, intact
        for (int i = 0; i < total; i++) assertEquals(i, got.get(i));
        assertTrue(has(p.nc, DataChannelEvent.SendBufferAvailable.class), "the client was told when to send again");
        p.assertHealthy();
    }

    @Test
    void pausingAndResumingForThirtySecondsUnderLossAndReorderingLosesAndDuplicatesNothing() {
        long seed = Seeds.seed(202);
        LinkConditions link = LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withLoss(0.03)
                .withDuplication(0.02).withReordering(0.05, Duration.ofMillis(8)).withJitter(Duration.ofMillis(2));
        Pair p = new Pair(seed, link, 1 << 20, 1 << 20, 128 * 1024, 1 << 20);
        DataChannel[] chs = {
                p.client.createChannel(p.sim.now(), "a", DataChannelOptions.RELIABLE),
                p.client.createChannel(p.sim.now(), "b", DataChannelOptions.RELIABLE),
        };
        SplittableRandom r = new SplittableRandom(seed);
        int[] next = new int[chs.length];
        Map<String, List<Integer>> got = new HashMap<>();
        long[] toggleAt = {p.sim.now()};
        int[] pauses = {0};
        long[] minWindow = {Long.MAX_VALUE};
        int[] refused = {0};
        long end = p.sim.now() + Duration.ofSeconds(30).toNanos();
        Runnable offer = () -> {
            for (int k = 0; k < 8; k++) {
                int c = r.nextInt(chs.length);
                if (!chs[c].trySend(p.sim.now(), message(next[c], 1 + r.nextInt(20_000)))) {
                    refused[0]++;
                    return;
                }
                next[c]++;
            }
        };
        Runnable collect = () -> {
            for (DataChannelEvent e : p.ns.events()) {
                if (e instanceof DataChannelEvent.Message m) {
                    assertFalse(p.server.receivePaused(), "no message while paused");
                    got.computeIfAbsent(m.channel().label(), x -> new ArrayList<>()).add(check(m.data()));
                }
            }
            p.ns.events().removeIf(e -> e instanceof DataChannelEvent.Message);
        };
        p.sim.runUntil(() -> {
            collect.run();
            if (p.sim.now() >= toggleAt[0]) {
                boolean pause = !p.server.receivePaused();
                if (pause) pauses[0]++;
                p.server.setReceivePaused(p.sim.now(), pause);
                toggleAt[0] = p.sim.now() + (pause ? 100 + r.nextInt(2500) : 20 + r.nextInt(800)) * 1_000_000L;
            }
            offer.run();
            minWindow[0] = Math.min(minWindow[0], p.server.association().stats().receiveWindow());
            return p.sim.now() >= end;
        }, Duration.ofSeconds(31));
        p.server.setReceivePaused(p.sim.now(), false);
        int[] sent = next.clone();
        p.sim.runUntilOrFail(() -> {
            collect.run();
            int n = 0;
            for (List<Integer> l : got.values()) n += l.size();
            return n == sent[0] + sent[1];
        }, Duration.ofSeconds(300), () -> got.get("a").size() + "/" + sent[0] + ", " + got.get("b").size() + "/" + sent[1]
                + " " + p.client.association().debugState());

        assertTrue(pauses[0] >= 10, "paused " + pauses[0] + " times");
        assertEquals(0, minWindow[0], "the window closed completely at least once");
        assertTrue(refused[0] > 0, "the sender was held back too");
        for (int c = 0; c < chs.length; c++) {
            List<Integer> l = got.get(chs[c].label());
            assertEquals(sent[c], l.size(), "channel " + chs[c].label());
            for (int i = 0; i < l.size(); i++) assertEquals(i, l.get(i), "exactly once, in order, on " + chs[c].label());
        }
        assertTrue(sent[0] + sent[1] > 1000, "enough traffic: " + sent[0] + " + " + sent[1]);
        assertTrue(p.client.association().stats().retransmissions() > 0, "the loss was real");
        p.assertHealthy();
    }

    /**
     * An echo server as an application writes one: in its event loop it answers every message with
     * trySend; a reply that does not fit is kept and receiving paused, and SendBufferAvailable sends
     * what was kept and resumes. The client floods and reads in bursts, so both buffers fill.
     */
    static final class EchoServer implements SimNode {
        final DataChannels dc;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        final ArrayDeque<Object[]> pending = new ArrayDeque<>();
        final List<Exception> errors = new ArrayList<>();
        int refusals;
        int pauses;
        int maxPending;
        int echoed;
        long lastNow;

        EchoServer(DataChannels dc, InetSocketAddress local, InetSocketAddress remote) {
            this.dc = dc;
            this.local = local;
            this.remote = remote;
        }

        @Override
        public void handleInput(long now, Datagram d) {
            lastNow = now;
            dc.handleInput(now, d.data());
            events(now);
        }

        @Override
        public void handleTimeout(long now) {
            lastNow = now;
            dc.handleTimeout(now);
            events(now);
        }

        @Override
        public Datagram pollTransmit() {
            byte[] b = dc.pollTransmit();
            if (b == null) {
                events(lastNow);
                b = dc.pollTransmit();
            }
            return b == null ? null : new Datagram(local, remote, b);
        }

        @Override
        public long pollTimeout() {
            return dc.pollTimeout();
        }

        private void events(long now) {
            try {
                for (DataChannelEvent e; (e = dc.pollEvent()) != null; ) {
                    if (e instanceof DataChannelEvent.Message m) {
                        if (!pending.isEmpty() || !m.channel().trySend(now, m.data())) {
                            refusals++;
                            pending.add(new Object[] {m.channel(), m.data()});
                            maxPending = Math.max(maxPending, pending.size());
                            if (!dc.receivePaused()) {
                                pauses++;
                                dc.setReceivePaused(now, true);
                            }
                        } else {
                            echoed++;
                        }
                    } else if (e instanceof DataChannelEvent.SendBufferAvailable) {
                        while (!pending.isEmpty() && ((DataChannel) pending.peek()[0]).trySend(now, (byte[]) pending.peek()[1])) {
                            pending.poll();
                            echoed++;
                        }
                        if (pending.isEmpty()) dc.setReceivePaused(now, false);
                    }
                }
            } catch (RuntimeException ex) {
                errors.add(ex);
            }
        }
    }

    @Test
    void anEchoServerUnderAFloodAppliesBackpressureInsteadOfThrowing() {
        long seed = Seeds.seed(203);
        Simulation sim = new Simulation(seed);
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)).withLoss(0.01)
                .withReordering(0.02, Duration.ofMillis(3)));
        DataChannels client = new DataChannels(SctpConfig.defaults(new SplittableRandom(seed)).withBuffers(256 * 1024, 1 << 20),
                DataChannels.Role.CLIENT, 256 * 1024);
        DataChannels serverDc = new DataChannels(SctpConfig.defaults(new SplittableRandom(seed + 1)).withBuffers(256 * 1024, 256 * 1024),
                DataChannels.Role.SERVER, 256 * 1024);
        EngineNode<byte[], DataChannelEvent> nc = sim.add(EngineNode.pointToPoint(client, A, B, client::handleInput), A);
        EchoServer server = sim.add(new EchoServer(serverDc, B, A), B);
        client.connect(0);
        serverDc.connect(0);
        DataChannel ch = client.createChannel(0, "echo", DataChannelOptions.RELIABLE);
        sim.runUntilOrFail(() -> ch.state() == DataChannel.State.OPEN, Duration.ofSeconds(10), "open");

        int total = 3000;
        int[] next = {0};
        List<Integer> echoes = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        long[] toggleAt = {0};
        sim.runUntilOrFail(() -> {
            while (next[0] < total && ch.trySend(sim.now(), message(next[0], 500 + r.nextInt(6000)))) next[0]++;
            for (DataChannelEvent e : nc.events()) if (e instanceof DataChannelEvent.Message m) echoes.add(check(m.data()));
            nc.events().removeIf(e -> e instanceof DataChannelEvent.Message);
            // the client reads in bursts: its window closes now and then, the server's replies back up
            if (sim.now() >= toggleAt[0]) {
                boolean pause = !client.receivePaused() && echoes.size() < total;
                client.setReceivePaused(sim.now(), pause);
                toggleAt[0] = sim.now() + (pause ? 1500 : 300) * 1_000_000L;
            }
            return echoes.size() == total;
        }, Duration.ofSeconds(600), () -> echoes.size() + " echoes of " + next[0] + " sent; server pending " + server.pending.size());

        for (int i = 0; i < total; i++) assertEquals(i, echoes.get(i), "every echo once, in order");
        assertTrue(server.errors.isEmpty(), "the echo server's loop threw: " + server.errors);
        assertTrue(server.refusals > 0 && server.pauses > 0, "the server's send buffer did fill: " + server.refusals + " refusals");
        assertEquals(1, server.maxPending, "the server never had to keep more than the one reply that did not fit");
        assertTrue(nc.inputErrors().isEmpty());
        assertFalse(has(nc, DataChannelEvent.AssociationClosed.class));
        assertEquals(0, client.association().stats().internalErrors());
        assertEquals(0, serverDc.association().stats().internalErrors());
    }

    @Test
    void aPeersChannelOpenIsAnsweredEvenWhenTheSendBufferIsFull() {
        Pair p = new Pair(Seeds.seed(204), LinkConditions.perfect().withLatency(Duration.ofMillis(10)),
                128 * 1024, 1 << 20, 256 * 1024, 100_000);
        DataChannel flood = p.server.createChannel(p.sim.now(), "flood", DataChannelOptions.RELIABLE);
        p.sim.runUntilOrFail(() -> flood.state() == DataChannel.State.OPEN, Duration.ofSeconds(5), "open");
        p.client.setReceivePaused(p.sim.now(), true);
        int[] sent = {0};
        p.sim.runUntil(() -> {
            while (flood.trySend(p.sim.now(), message(sent[0], 4000))) sent[0]++;
            return false;
        }, Duration.ofSeconds(5));
        while (flood.trySend(p.sim.now(), new byte[0])) sent[0]++; // to the last byte: not even a DCEP ACK fits
        assertFalse(flood.trySend(p.sim.now(), new byte[0]), "the server's send buffer is full");

        // the client opens a channel: the server's DATA_CHANNEL_ACK goes out although its buffer is full
        DataChannel mine = p.client.createChannel(p.sim.now(), "late", DataChannelOptions.RELIABLE);
        p.sim.runUntilOrFail(() -> all(p.ns, DataChannelEvent.Open.class).stream().anyMatch(o -> o.channel().label().equals("late")),
                Duration.ofSeconds(5), "the server sees the open");
        p.assertHealthy();
        p.client.setReceivePaused(p.sim.now(), false);
        p.sim.runUntilOrFail(() -> mine.state() == DataChannel.State.OPEN && all(p.nc, DataChannelEvent.Message.class).size() == sent[0],
                Duration.ofSeconds(30), "acknowledged, and the flood delivered");
        p.assertHealthy();
    }
}
