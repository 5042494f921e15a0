package io.jrtc.sctp.datachannel;

import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SendOptions;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class DataChannelTest {
    static final InetSocketAddress A = new InetSocketAddress(InetAddress.getLoopbackAddress(), 41001);
    static final InetSocketAddress B = new InetSocketAddress(InetAddress.getLoopbackAddress(), 41002);

    static final class Peers {
        final Simulation sim;
        final DataChannels client;
        final DataChannels server;
        final EngineNode<byte[], DataChannelEvent> nc;
        final EngineNode<byte[], DataChannelEvent> ns;

        Peers(long seed, LinkConditions link, UnaryOperator<SctpConfig> tweakServer, int clientRemoteMax) {
            this(seed, link, c -> c, tweakServer, clientRemoteMax);
        }

        Peers(long seed, LinkConditions link, UnaryOperator<SctpConfig> tweakClient, UnaryOperator<SctpConfig> tweakServer, int clientRemoteMax) {
            sim = new Simulation(seed);
            sim.network().setDefaultConditions(link);
            client = new DataChannels(tweakClient.apply(SctpConfig.defaults(new SplittableRandom(seed))), DataChannels.Role.CLIENT, clientRemoteMax);
            server = new DataChannels(tweakServer.apply(SctpConfig.defaults(new SplittableRandom(seed + 1))), DataChannels.Role.SERVER, 256 * 1024);
            nc = sim.add(EngineNode.pointToPoint(client, A, B, client::handleInput), A);
            ns = sim.add(EngineNode.pointToPoint(server, B, A, server::handleInput), B);
            client.connect(0);
            server.connect(0);
            sim.runUntilOrFail(() -> has(nc, DataChannelEvent.Connected.class) && has(ns, DataChannelEvent.Connected.class),
                    Duration.ofSeconds(30), "associations up");
        }

        Peers(long seed, LinkConditions link) {
            this(seed, link, c -> c, 256 * 1024);
        }

        void run(java.util.function.BooleanSupplier until, String what) {
            sim.runUntilOrFail(until, Duration.ofSeconds(300), what);
        }
    }

    static boolean has(EngineNode<byte[], DataChannelEvent> n, Class<? extends DataChannelEvent> t) {
        return n.events().stream().anyMatch(t::isInstance);
    }

    static <T> List<T> all(EngineNode<byte[], DataChannelEvent> n, Class<T> t) {
        List<T> out = new ArrayList<>();
        for (DataChannelEvent e : n.events()) if (t.isInstance(e)) out.add(t.cast(e));
        return out;
    }

    static LinkConditions lossy(double loss) {
        return LinkConditions.perfect().withLatency(Duration.ofMillis(15)).withLoss(loss).withDuplication(0.01)
                .withReordering(0.02, Duration.ofMillis(5));
    }

    @Test
    void openWithDcepAndExchangeTextBinaryAndEmpty() {
        Peers p = new Peers(Seeds.seed(1), lossy(0.05));
        DataChannel chat = p.client.createChannel(p.sim.now(), "chat", DataChannelOptions.RELIABLE.withProtocol("json"));
        assertEquals(0, chat.id() % 2, "the DTLS client picks even ids");
        chat.send(p.sim.now(), "hello");
        chat.send(p.sim.now(), "");
        chat.send(p.sim.now(), new byte[] {1, 2, 3});
        chat.send(p.sim.now(), new byte[0]);
        p.run(() -> all(p.ns, DataChannelEvent.Message.class).size() == 4 && has(p.nc, DataChannelEvent.Open.class), "four messages");
        DataChannel remote = all(p.ns, DataChannelEvent.Open.class).get(0).channel();
        assertEquals("chat", remote.label());
        assertEquals("json", remote.protocol());
        assertEquals(chat.id(), remote.id());
        assertEquals(DataChannel.State.OPEN, chat.state());
        List<DataChannelEvent.Message> m = all(p.ns, DataChannelEvent.Message.class);
        assertEquals("hello", m.get(0).text());
        assertFalse(m.get(0).binary());
        assertEquals("", m.get(1).text());
        assertFalse(m.get(1).binary());
        assertArrayEquals(new byte[] {1, 2, 3}, m.get(2).data());
        assertTrue(m.get(2).binary());
        assertEquals(0, m.get(3).data().length);
        assertTrue(m.get(3).binary());

        DataChannel back = p.server.createChannel(p.sim.now(), "back", DataChannelOptions.RELIABLE);
        assertEquals(1, back.id() % 2, "the DTLS server picks odd ids");
        back.send(p.sim.now(), "pong");
        p.run(() -> all(p.nc, DataChannelEvent.Message.class).size() == 1, "reply");
        assertEquals("pong", all(p.nc, DataChannelEvent.Message.class).get(0).text());
        assertEquals("back", all(p.nc, DataChannelEvent.Message.class).get(0).channel().label());
    }

    @Test
    void deprecatedPartialPpidsAreReassembled() {
        Peers p = new Peers(Seeds.seed(2), lossy(0));
        DataChannel ch = p.client.createChannel(p.sim.now(), "old", DataChannelOptions.RELIABLE);
        p.run(() -> has(p.nc, DataChannelEvent.Open.class), "open");
        p.client.association().send(p.sim.now(), ch.id(), DataChannel.PPID_STRING_PARTIAL, "hel".getBytes(), SendOptions.RELIABLE_ORDERED);
        p.client.association().send(p.sim.now(), ch.id(), DataChannel.PPID_STRING_PARTIAL, "lo ".getBytes(), SendOptions.RELIABLE_ORDERED);
        p.client.association().send(p.sim.now(), ch.id(), DataChannel.PPID_STRING, "world".getBytes(), SendOptions.RELIABLE_ORDERED);
        p.run(() -> has(p.ns, DataChannelEvent.Message.class), "message");
        assertEquals("hello world", all(p.ns, DataChannelEvent.Message.class).get(0).text());
    }

    @Test
    void negotiatedChannelsNeedNoDcep() {
        Peers p = new Peers(Seeds.seed(3), lossy(0.02));
        DataChannel a = p.client.createChannel(p.sim.now(), "neg", DataChannelOptions.RELIABLE.negotiatedWithId(7));
        DataChannel b = p.server.createChannel(p.sim.now(), "neg", DataChannelOptions.RELIABLE.negotiatedWithId(7));
        assertEquals(DataChannel.State.OPEN, a.state());
        assertEquals(DataChannel.State.OPEN, b.state());
        a.send(p.sim.now(), "x");
        b.send(p.sim.now(), "y");
        p.run(() -> has(p.ns, DataChannelEvent.Message.class) && has(p.nc, DataChannelEvent.Message.class), "both ways");
        assertEquals(0, p.client.association().stats().dataChunksSent() - 1, "only the one message, no DATA_CHANNEL_OPEN");
    }

    @Test
    void messageSizeLimitEnforcedBothWays() {
        Peers p = new Peers(Seeds.seed(4), lossy(0), c -> c.withMaxMessageSize(1000), 300_000);
        DataChannel ch = p.client.createChannel(p.sim.now(), "big", DataChannelOptions.RELIABLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ch.send(p.sim.now(), new byte[300_001]));
        assertTrue(e.getMessage().contains("max-message-size"), e.getMessage());
        ch.send(p.sim.now(), new byte[5000]); // we were told 300000, the peer enforces 1000
        ch.send(p.sim.now(), "ok");
        p.run(() -> has(p.ns, DataChannelEvent.Message.class), "the small one");
        DataChannelEvent.Error err = all(p.ns, DataChannelEvent.Error.class).get(0);
        assertTrue(err.message().contains("5000") && err.message().contains("1000"), err.message());
        assertEquals("ok", all(p.ns, DataChannelEvent.Message.class).get(0).text());
    }

    @Test
    void bufferedAmountLowLetsASenderStreamWithBoundedMemory() {
        Peers p = new Peers(Seeds.seed(5), lossy(0.01));
        DataChannel ch = p.client.createChannel(p.sim.now(), "stream", DataChannelOptions.RELIABLE);
        ch.setBufferedAmountLowThreshold(64 * 1024);
        long total = 8L << 20;
        long[] sent = {0};
        long[] maxBuffered = {0};
        long[] got = {0};
        int[] lows = {0};
        Runnable fill = () -> {
            while (sent[0] < total && ch.bufferedAmount() < 256 * 1024) {
                ch.send(p.sim.now(), new byte[16 * 1024]);
                sent[0] += 16 * 1024;
            }
        };
        fill.run();
        p.run(() -> {
            // like a browser application: send more only when told the buffer ran low
            int n = all(p.nc, DataChannelEvent.BufferedAmountLow.class).size();
            if (n > lows[0]) {
                lows[0] = n;
                assertTrue(ch.bufferedAmount() <= 64 * 1024);
                fill.run();
            }
            maxBuffered[0] = Math.max(maxBuffered[0], ch.bufferedAmount());
            for (DataChannelEvent e : p.ns.events()) if (e instanceof DataChannelEvent.Message m) got[0] += m.data().length;
            p.ns.events().removeIf(e -> e instanceof DataChannelEvent.Message);
            return got[0] == total;
        }, "8 MiB streamed");
        assertTrue(maxBuffered[0] < 256 * 1024 + 16 * 1024);
        assertTrue(lows[0] > 5);
        p.run(() -> ch.bufferedAmount() == 0, "all acknowledged");
    }

    @Test
    void closeResetsTheStreamAndBothSidesSeeClosed() {
        Peers p = new Peers(Seeds.seed(6), lossy(0.05));
        DataChannel ch = p.client.createChannel(p.sim.now(), "bye", DataChannelOptions.RELIABLE);
        for (int i = 0; i < 20; i++) ch.send(p.sim.now(), "m" + i);
        ch.close(p.sim.now());
        assertEquals(DataChannel.State.CLOSING, ch.state());
        assertThrows(IllegalStateException.class, () -> ch.send(p.sim.now(), "late"));
        p.run(() -> has(p.nc, DataChannelEvent.Closed.class) && has(p.ns, DataChannelEvent.Closed.class), "closed on both sides");
        assertEquals(DataChannel.State.CLOSED, ch.state());
        assertEquals(20, all(p.ns, DataChannelEvent.Message.class).size(), "everything sent before close arrives");
        DataChannel again = p.client.createChannel(p.sim.now(), "again", DataChannelOptions.RELIABLE);
        assertEquals(ch.id(), again.id(), "the id is free again");
        again.send(p.sim.now(), "hi");
        p.run(() -> all(p.ns, DataChannelEvent.Message.class).size() == 21, "new channel on the reused stream");
        assertEquals("again", all(p.ns, DataChannelEvent.Message.class).get(20).channel().label());
    }

    @Test
    void peerCloseFromServerSide() {
        Peers p = new Peers(Seeds.seed(7), lossy(0));
        p.client.createChannel(p.sim.now(), "c", DataChannelOptions.RELIABLE);
        p.run(() -> has(p.ns, DataChannelEvent.Open.class), "open");
        all(p.ns, DataChannelEvent.Open.class).get(0).channel().close(p.sim.now());
        p.run(() -> has(p.nc, DataChannelEvent.Closed.class) && has(p.ns, DataChannelEvent.Closed.class), "closed");
    }

    @Test
    void hundredChannelsInterleavedUnderLoss() {
        Peers p = new Peers(Seeds.seed(8), lossy(0.03));
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            DataChannelOptions o = i % 3 == 0 ? DataChannelOptions.RELIABLE.unordered() : DataChannelOptions.RELIABLE;
            mine.add((i % 2 == 0 ? p.client : p.server).createChannel(p.sim.now(), "ch" + i, o));
        }
        int perChannel = 30;
        for (int k = 0; k < perChannel; k++) {
            for (DataChannel c : mine) c.send(p.sim.now(), c.label() + ":" + k + ":" + "x".repeat(k * 97));
        }
        p.run(() -> all(p.ns, DataChannelEvent.Message.class).size() + all(p.nc, DataChannelEvent.Message.class).size() == 100 * perChannel,
                "every message on every channel");
        Map<String, List<Integer>> byLabel = new HashMap<>();
        List<DataChannelEvent.Message> msgs = new ArrayList<>(all(p.ns, DataChannelEvent.Message.class));
        msgs.addAll(all(p.nc, DataChannelEvent.Message.class));
        for (DataChannelEvent.Message m : msgs) {
            String[] parts = m.text().split(":", 3);
            assertEquals(m.channel().label(), parts[0], "message on its own channel");
            int k = Integer.parseInt(parts[1]);
            assertEquals("x".repeat(k * 97), parts[2]);
            byLabel.computeIfAbsent(parts[0], x -> new ArrayList<>()).add(k);
        }
        assertEquals(100, byLabel.size());
        for (int i = 0; i < 100; i++) {
            List<Integer> ks = byLabel.get("ch" + i);
            assertEquals(perChannel, ks.size());
            if (i % 3 != 0) {
                for (int k = 0; k < perChannel; k++) assertEquals(k, ks.get(k), "ordered channel ch" + i);
            } else {
                assertEquals(perChannel, ks.stream().distinct().count());
            }
        }
    }

    @Test
    void partiallyReliableChannelDropsButNeverDuplicates() {
        Peers p = new Peers(Seeds.seed(9), LinkConditions.perfect().withLatency(Duration.ofMillis(15)).withLoss(0.1));
        DataChannel ch = p.client.createChannel(p.sim.now(), "game", DataChannelOptions.RELIABLE.unordered().withMaxRetransmits(0));
        p.run(() -> has(p.nc, DataChannelEvent.Open.class), "open");
        for (int i = 0; i < 1000; i++) ch.send(p.sim.now(), "s" + i);
        p.run(() -> ch.bufferedAmount() == 0, "sent");
        p.sim.runFor(Duration.ofSeconds(1));
        List<DataChannelEvent.Message> got = all(p.ns, DataChannelEvent.Message.class);
        assertTrue(got.size() < 1000 && got.size() > 800, "about 10 % dropped: " + got.size());
        assertEquals(got.size(), got.stream().map(DataChannelEvent.Message::text).distinct().count());
        DataChannel remote = all(p.ns, DataChannelEvent.Open.class).get(0).channel();
        assertFalse(remote.ordered());
        assertEquals(0, remote.options().maxRetransmits());
    }

    @Test
    void shutdownClosesEveryChannel() {
        Peers p = new Peers(Seeds.seed(10), lossy(0));
        p.client.createChannel(p.sim.now(), "a", DataChannelOptions.RELIABLE);
        p.client.createChannel(p.sim.now(), "b", DataChannelOptions.RELIABLE);
        p.run(() -> all(p.ns, DataChannelEvent.Open.class).size() == 2, "open");
        p.client.shutdown(p.sim.now());
        p.run(() -> all(p.ns, DataChannelEvent.Closed.class).size() == 2 && all(p.nc, DataChannelEvent.Closed.class).size() == 2,
                "all closed");
        assertTrue(has(p.ns, DataChannelEvent.AssociationClosed.class));
    }

    /**
     * Found by SctpFuzzTest#established (input crash-shutdown-received-then-send): after the peer's
     * SHUTDOWN a channel said OPEN while send and trySend threw. Now it says CLOSING at once, and
     * sending on it fails the way its javadoc says for a closing channel.
     */
    @Test
    void aChannelIsClosingOnceThePeerSentShutdown() {
        Peers p = new Peers(Seeds.seed(12), lossy(0));
        DataChannel ch = p.client.createChannel(p.sim.now(), "a", DataChannelOptions.RELIABLE);
        p.run(() -> has(p.ns, DataChannelEvent.Open.class), "open");
        p.run(() -> ch.state() == DataChannel.State.OPEN, "open on our side");
        DataChannel remote = all(p.ns, DataChannelEvent.Open.class).get(0).channel();
        remote.send(p.sim.now(), "before");
        p.run(() -> has(p.nc, DataChannelEvent.Message.class), "delivered");
        p.server.shutdown(p.sim.now());
        assertEquals(DataChannel.State.CLOSING, remote.state(), "the side that shuts down");
        p.run(() -> p.client.association().state() != io.jrtc.sctp.SctpAssociation.State.ESTABLISHED, "SHUTDOWN received");
        assertEquals(DataChannel.State.CLOSING, ch.state(), "the side that received SHUTDOWN");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ch.trySend(p.sim.now(), "after"));
        assertTrue(e.getMessage().contains("CLOSING"), e.getMessage());
        p.run(() -> all(p.nc, DataChannelEvent.Closed.class).size() == 1, "closed");
        assertEquals(DataChannel.State.CLOSED, ch.state());
    }

    @Test
    void withInterleavingAChatMessagePassesAFileTransfer() {
        Peers p = new Peers(Seeds.seed(11), lossy(0.02).withBandwidth(10_000_000, 0), c -> c.withInterleaving(true),
                c -> c.withInterleaving(true), 256 * 1024);
        assertTrue(p.client.association().interleaving());
        DataChannel file = p.client.createChannel(p.sim.now(), "file", DataChannelOptions.RELIABLE);
        DataChannel chat = p.client.createChannel(p.sim.now(), "chat", DataChannelOptions.RELIABLE);
        p.run(() -> all(p.ns, DataChannelEvent.Open.class).size() == 2, "open");
        for (int i = 0; i < 4; i++) file.send(p.sim.now(), new byte[256 * 1024]);
        chat.send(p.sim.now(), "are you there?");
        p.run(() -> all(p.ns, DataChannelEvent.Message.class).size() == 5, "all");
        List<DataChannelEvent.Message> got = all(p.ns, DataChannelEvent.Message.class);
        assertEquals("are you there?", got.get(0).text(), "the chat message did not wait for 1 MiB of file");
        for (int i = 1; i < 5; i++) assertEquals(256 * 1024, got.get(i).data().length);
    }

    /**
     * Channels per association are limited by the streams both sides announced (each channel is one
     * stream id): beyond them createChannel refuses with a clear exception and leaves nothing
     * behind; a peer's DATA_CHANNEL_OPEN beyond them is discarded by the association and answered
     * with ERROR (LimitsTest).
     */
    @Test
    void channelsAreLimitedByTheNegotiatedStreams() {
        Peers p = new Peers(Seeds.seed(71), LinkConditions.perfect().withLatency(Duration.ofMillis(5)), c -> c, c -> c.withStreams(8), 256 * 1024);
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 4; i++) mine.add(p.client.createChannel(p.sim.now(), "c" + i, DataChannelOptions.RELIABLE));
        for (int i = 0; i < 4; i++) mine.add(p.server.createChannel(p.sim.now(), "s" + i, DataChannelOptions.RELIABLE));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.client.createChannel(p.sim.now(), "one too many", DataChannelOptions.RELIABLE));
        assertTrue(e.getMessage().contains("stream 8"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.server.createChannel(p.sim.now(), "one too many", DataChannelOptions.RELIABLE));
        assertEquals(4, p.client.channels().size(), "the refused channel left nothing behind");
        assertEquals(4, p.server.channels().size());
        p.run(() -> all(p.nc, DataChannelEvent.Open.class).size() == 8 && all(p.ns, DataChannelEvent.Open.class).size() == 8, "8 channels open");
        for (DataChannel ch : mine) ch.send(p.sim.now(), "on " + ch.id());
        p.run(() -> all(p.nc, DataChannelEvent.Message.class).size() == 4 && all(p.ns, DataChannelEvent.Message.class).size() == 4, "a message on each");
        assertEquals(0, p.server.association().stats().invalidStreamChunks());
    }
}
