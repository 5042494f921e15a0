package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class SctpAssociationTest {

    static SctpAssociation assoc(long seed) {
        return new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed)));
    }

    static List<SctpPacket> drain(SctpAssociation a) throws SctpParseException {
        List<SctpPacket> out = new ArrayList<>();
        for (byte[] p; (p = a.pollTransmit()) != null; ) out.add(SctpPacket.parse(p));
        return out;
    }

    static List<byte[]> drainRaw(SctpAssociation a) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p; (p = a.pollTransmit()) != null; ) out.add(p);
        return out;
    }

    @Test
    void passiveSideKeepsNoStateBeforeCookieEcho() throws Exception {
        SctpAssociation a = assoc(1);
        SctpAssociation b = assoc(2);
        a.connect(0);
        List<byte[]> init = drainRaw(a);
        assertEquals(1, init.size());
        assertInstanceOf(Chunk.Init.class, SctpPacket.parse(init.get(0)).chunks().get(0));
        b.handleInput(0, init.get(0));
        List<byte[]> initAck = drainRaw(b);
        assertInstanceOf(Chunk.InitAck.class, SctpPacket.parse(initAck.get(0)).chunks().get(0));
        assertEquals(SctpAssociation.State.CLOSED, b.state(), "no state before COOKIE-ECHO");
        assertEquals(Long.MAX_VALUE, b.pollTimeout(), "no timer either");
        a.handleInput(1, initAck.get(0));
        List<byte[]> echo = drainRaw(a);
        SctpPacket echoPacket = SctpPacket.parse(echo.get(0));
        assertInstanceOf(Chunk.CookieEcho.class, echoPacket.chunks().get(0));

        // a tampered cookie is refused
        Chunk.CookieEcho ce = (Chunk.CookieEcho) echoPacket.chunks().get(0);
        byte[] bad = ce.cookie().toByteArray();
        bad[3] ^= 1;
        b.handleInput(2, new SctpPacket(5000, 5000, echoPacket.verificationTag(), List.of(new Chunk.CookieEcho(Bytes.wrap(bad)))).encode());
        assertEquals(SctpAssociation.State.CLOSED, b.state());
        assertTrue(drainRaw(b).isEmpty());

        b.handleInput(2, echo.get(0));
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        assertInstanceOf(SctpEvent.Connected.class, b.pollEvent());
        List<byte[]> ack = drainRaw(b);
        assertInstanceOf(Chunk.CookieAck.class, SctpPacket.parse(ack.get(0)).chunks().get(0));
        a.handleInput(3, ack.get(0));
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
    }

    @Test
    void initIsRetransmittedOnT1AndGivesUp() throws Exception {
        SctpAssociation a = assoc(3);
        a.connect(0);
        assertEquals(1, drain(a).size());
        int inits = 1;
        while (a.pollTimeout() != Long.MAX_VALUE) {
            a.handleTimeout(a.pollTimeout());
            for (SctpPacket p : drain(a)) {
                assertInstanceOf(Chunk.Init.class, p.chunks().get(0));
                inits++;
            }
        }
        assertEquals(1 + 8, inits, "Max.Init.Retransmits = 8");
        SctpEvent e = a.pollEvent();
        assertInstanceOf(SctpEvent.Aborted.class, e);
    }

    @Test
    void simultaneousOpenOverLossyLink() {
        for (int seed = 0; seed < 20; seed++) {
            SctpPair p = new SctpPair(Seeds.seed(100 + seed), LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withLoss(0.3),
                    c -> c);
            p.connectBoth();
            assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
            assertEquals(SctpAssociation.State.ESTABLISHED, p.b.state());
            p.a.send(p.sim.now(), 0, 51, "hello".getBytes(), SendOptions.RELIABLE_ORDERED);
            p.sim.runUntilOrFail(() -> !SctpPair.take(p.nb, SctpEvent.Message.class).isEmpty(), Duration.ofSeconds(60), "message");
            assertArrayEquals("hello".getBytes(), SctpPair.take(p.nb, SctpEvent.Message.class).get(0).data());
        }
    }

    @Test
    void unorderedMessagesAllArriveSomeOutOfOrder() {
        SctpPair p = new SctpPair(Seeds.seed(5), SctpPair.link(0.05, 10), c -> c);
        p.connectBoth();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            p.a.send(p.sim.now(), 3, 53, ("m" + i).getBytes(), SendOptions.RELIABLE_UNORDERED);
        }
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() >= n, Duration.ofSeconds(120), "all unordered");
        List<SctpEvent.Message> got = SctpPair.take(p.nb, SctpEvent.Message.class);
        Set<String> seen = new HashSet<>();
        int outOfOrder = 0;
        int last = -1;
        for (SctpEvent.Message m : got) {
            assertTrue(m.unordered());
            int i = Integer.parseInt(new String(m.data()).substring(1));
            assertTrue(seen.add("m" + i), "delivered once");
            if (i < last) outOfOrder++;
            last = Math.max(last, i);
        }
        assertEquals(n, seen.size());
        assertTrue(outOfOrder > 0, "a lost message was overtaken by later ones");
    }

    @Test
    void partialReliabilityWithZeroRetransmitsDropsOnlyLostMessages() {
        SctpPair p = new SctpPair(Seeds.seed(6), LinkConditions.perfect().withLatency(Duration.ofMillis(10)).withLoss(0.1), c -> c);
        p.connectBoth();
        int n = 3000;
        long t = p.sim.now();
        for (int i = 0; i < n; i++) {
            p.a.send(t, 4, 51, String.format("%05d", i).getBytes(), new SendOptions(false, 0, -1));
        }
        p.sim.runUntilOrFail(() -> p.a.bufferedAmount() == 0, Duration.ofSeconds(120), "all sent, acknowledged or abandoned");
        p.sim.runFor(Duration.ofSeconds(1));
        List<SctpEvent.Message> got = SctpPair.take(p.nb, SctpEvent.Message.class);
        int last = -1;
        for (SctpEvent.Message m : got) {
            int i = Integer.parseInt(new String(m.data()));
            assertTrue(i > last, "ordered, no duplicates");
            last = i;
        }
        long abandoned = p.a.stats().abandonedMessages();
        assertTrue(abandoned > 0);
        // a message is abandoned when its first transmission looks lost; a lost SACK makes a delivered
        // message look lost too, so abandoned >= undelivered, never less (nothing vanishes silently)
        assertTrue(n - got.size() <= abandoned, "every undelivered message was abandoned by the sender");
        assertTrue(got.size() >= n * 0.8, "about 10 % lost, got " + got.size());
        assertEquals(0, p.a.stats().retransmissions(), "maxRetransmits=0: nothing is sent twice");
    }

    @Test
    void partialReliabilityByLifetime() {
        SctpPair p = new SctpPair(Seeds.seed(7), LinkConditions.perfect().withLatency(Duration.ofMillis(20)).withLoss(0.1), c -> c);
        p.connectBoth();
        int n = 1000;
        long t = p.sim.now();
        for (int i = 0; i < n; i++) {
            p.a.send(t, 4, 51, String.format("%05d", i).getBytes(), new SendOptions(true, -1, 30_000_000L));
        }
        p.sim.runUntilOrFail(() -> p.a.bufferedAmount() == 0, Duration.ofSeconds(120), "all sent, acknowledged or abandoned");
        p.sim.runFor(Duration.ofSeconds(1));
        List<SctpEvent.Message> got = SctpPair.take(p.nb, SctpEvent.Message.class);
        Set<String> seen = new HashSet<>();
        for (SctpEvent.Message m : got) assertTrue(seen.add(new String(m.data())));
        long abandoned = p.a.stats().abandonedMessages();
        assertTrue(abandoned > 0 && got.size() > 0);
        assertTrue(n - got.size() <= abandoned, "every undelivered message was abandoned by the sender");
    }

    @Test
    void streamResetThenReuse() {
        SctpPair p = new SctpPair(Seeds.seed(8), SctpPair.link(0.05, 10), c -> c);
        p.connectBoth();
        for (int i = 0; i < 50; i++) p.a.send(p.sim.now(), 6, 51, ("x" + i).getBytes(), SendOptions.RELIABLE_ORDERED);
        p.a.resetStreams(p.sim.now(), 6);
        assertThrows(IllegalStateException.class, () -> p.a.send(p.sim.now(), 6, 51, new byte[1], SendOptions.RELIABLE_ORDERED));
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.OutgoingStreamsReset.class).isEmpty(), Duration.ofSeconds(60), "reset done");
        List<SctpEvent> evs = p.nb.events();
        int resetAt = -1;
        int messages = 0;
        for (int i = 0; i < evs.size(); i++) {
            if (evs.get(i) instanceof SctpEvent.IncomingStreamsReset r) {
                assertEquals(List.of(6), r.streams());
                resetAt = i;
            }
            if (evs.get(i) instanceof SctpEvent.Message) {
                assertEquals(-1, resetAt, "every message before the reset");
                messages++;
            }
        }
        assertEquals(50, messages);
        assertTrue(resetAt >= 0);
        p.a.send(p.sim.now(), 6, 51, "again".getBytes(), SendOptions.RELIABLE_ORDERED);
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == 51, Duration.ofSeconds(60), "message after reset (SSN 0)");
    }

    @Test
    void gracefulShutdownDeliversEverythingFirst() {
        SctpPair p = new SctpPair(Seeds.seed(9), SctpPair.link(0.05, 10), c -> c);
        p.connectBoth();
        for (int i = 0; i < 200; i++) p.a.send(p.sim.now(), 1, 53, new byte[3000], SendOptions.RELIABLE_ORDERED);
        p.a.shutdown(p.sim.now());
        assertThrows(IllegalStateException.class, () -> p.a.send(p.sim.now(), 1, 53, new byte[1], SendOptions.RELIABLE_ORDERED));
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.Closed.class).isEmpty()
                && !SctpPair.take(p.nb, SctpEvent.Closed.class).isEmpty(), Duration.ofSeconds(120), "both closed");
        assertEquals(200, SctpPair.take(p.nb, SctpEvent.Message.class).size());
        assertEquals(SctpAssociation.State.CLOSED, p.a.state());
        assertEquals(Long.MAX_VALUE, p.a.pollTimeout());
        assertEquals(Long.MAX_VALUE, p.b.pollTimeout());
    }

    @Test
    void abortReachesThePeer() {
        SctpPair p = new SctpPair(Seeds.seed(10), SctpPair.link(0, 10), c -> c);
        p.connectBoth();
        p.a.abort(p.sim.now(), "user hung up");
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.nb, SctpEvent.Aborted.class).isEmpty(), Duration.ofSeconds(5), "abort");
        SctpEvent.Aborted ab = SctpPair.take(p.nb, SctpEvent.Aborted.class).get(0);
        assertTrue(ab.remote());
        assertTrue(ab.reason().contains("user hung up"), ab.reason());
        assertEquals(SctpAssociation.State.CLOSED, p.b.state());
        assertEquals(1, SctpPair.take(p.na, SctpEvent.Aborted.class).size());
    }

    @Test
    void deadPeerIsDetected() {
        SctpPair p = new SctpPair(Seeds.seed(11), SctpPair.link(0, 10), c -> c);
        p.connectBoth();
        p.sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(1.0));
        p.a.send(p.sim.now(), 1, 53, new byte[100], SendOptions.RELIABLE_ORDERED);
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.Aborted.class).isEmpty(), Duration.ofMinutes(10), "gave up");
        assertTrue(p.a.stats().t3Expirations() >= 9, SctpPair.take(p.na, SctpEvent.Aborted.class) + " " + p.a.stats());
    }

    @Test
    void interleavingLetsSmallMessagesPassALargeOne() {
        for (boolean idata : new boolean[] {true, false}) {
            SctpPair p = new SctpPair(Seeds.seed(12), LinkConditions.perfect().withLatency(Duration.ofMillis(10))
                    .withBandwidth(20_000_000, 0), c -> c.withInterleaving(idata));
            p.connectBoth();
            assertEquals(idata, p.a.interleaving());
            p.a.send(p.sim.now(), 1, 53, new byte[256 * 1024], SendOptions.RELIABLE_ORDERED);
            for (int i = 0; i < 10; i++) p.a.send(p.sim.now(), 2, 51, ("small" + i).getBytes(), SendOptions.RELIABLE_ORDERED);
            p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == 11, Duration.ofSeconds(60), "all");
            List<SctpEvent.Message> got = SctpPair.take(p.nb, SctpEvent.Message.class);
            int bigAt = -1;
            for (int i = 0; i < got.size(); i++) if (got.get(i).streamId() == 1) bigAt = i;
            assertEquals(256 * 1024, got.get(bigAt).data().length);
            if (idata) {
                assertEquals(10, bigAt, "with I-DATA the small messages overtake the large one");
            } else {
                assertEquals(0, bigAt, "with DATA the large message blocks the association's TSN sequence");
            }
        }
    }

    @Test
    void zeroChecksumNegotiated() throws Exception {
        SctpPair p = new SctpPair(Seeds.seed(13), SctpPair.link(0, 5), c -> c.withZeroChecksum(true));
        p.connectBoth();
        assertTrue(SctpPair.take(p.na, SctpEvent.Connected.class).get(0).zeroChecksum());
        p.a.send(p.sim.now(), 1, 53, new byte[5000], SendOptions.RELIABLE_ORDERED);
        byte[] pkt = p.a.pollTransmit();
        assertEquals(0, SctpPacket.checksumField(pkt));
        p.b.handleInput(p.sim.now(), pkt);
        assertEquals(1, p.b.stats().packetsReceived() - p.b.stats().packetsReceived() + 1);
        SctpPair q = new SctpPair(Seeds.seed(14), SctpPair.link(0, 5), c -> c.withZeroChecksum(true), c -> c);
        q.connectBoth();
        assertTrue(!SctpPair.take(q.na, SctpEvent.Connected.class).get(0).zeroChecksum(), "only when the peer announced it");
    }

    @Test
    void messageSizeLimits() {
        SctpPair p = new SctpPair(Seeds.seed(15), SctpPair.link(0, 5), c -> c, c -> c.withMaxMessageSize(10_000));
        p.connectBoth();
        assertThrows(IllegalArgumentException.class, () -> p.a.send(p.sim.now(), 1, 53, new byte[256 * 1024 + 1], SendOptions.RELIABLE_ORDERED));
        assertThrows(IllegalArgumentException.class, () -> p.a.send(p.sim.now(), 1, 53, new byte[0], SendOptions.RELIABLE_ORDERED));
        p.a.send(p.sim.now(), 1, 53, new byte[20_000], SendOptions.RELIABLE_ORDERED);
        p.a.send(p.sim.now(), 1, 53, new byte[5], SendOptions.RELIABLE_ORDERED);
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.nb, SctpEvent.Message.class).isEmpty(), Duration.ofSeconds(10), "small one");
        SctpEvent.MessageTooLarge tl = SctpPair.take(p.nb, SctpEvent.MessageTooLarge.class).get(0);
        assertEquals(20_000, tl.size());
        assertEquals(5, SctpPair.take(p.nb, SctpEvent.Message.class).get(0).data().length);
    }

    @Test
    void sendBufferIsBounded() {
        SctpPair p = new SctpPair(Seeds.seed(16), SctpPair.link(0, 5), c -> c.withBuffers(1 << 20, 100_000));
        p.connectBoth();
        p.a.send(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED);
        assertThrows(IllegalStateException.class, () -> p.a.send(p.sim.now(), 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        p.a.setBufferedAmountLowThreshold(1, 1000);
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.BufferedAmountLow.class).isEmpty(), Duration.ofSeconds(10), "low");
        assertEquals(0, p.a.bufferedAmount(1));
    }

    @Test
    void hostileFragmentsStayWithinTheReceiveBuffer() throws Exception {
        SctpPair p = new SctpPair(Seeds.seed(17), SctpPair.link(0, 5), c -> c.withBuffers(64 * 1024, 1 << 20));
        p.connectBoth();
        long tag = p.b.localVerificationTag();
        // a first message, handed over by hand to learn b's cumulative TSN
        p.a.send(p.sim.now(), 1, 53, new byte[10], SendOptions.RELIABLE_ORDERED);
        byte[] first = p.a.pollTransmit();
        long cum = ((Chunk.Data) SctpPacket.parse(first).chunks().get(0)).tsn();
        p.b.handleInput(p.sim.now(), first);
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == 1, Duration.ofSeconds(5), "a first message");
        SctpStats before = p.b.stats();
        // first and middle fragments (never an end, so none can complete): half at random TSNs, half
        // inside b's TSN window (clear of the next ten TSNs, which a's real message will use)
        SplittableRandom r = new SplittableRandom(5);
        int hostile = 20_000;
        for (int i = 0; i < hostile; i++) {
            long t = (i % 2 == 0 ? r.nextLong() : cum + 11 + r.nextInt(8000)) & 0xffffffffL;
            Chunk.Data d = new Chunk.Data(false, false, r.nextBoolean(), false, t, r.nextInt(4), r.nextInt(65536), 53, Bytes.wrap(new byte[1000]));
            p.b.handleInput(p.sim.now(), new SctpPacket(5000, 5000, tag, List.of(d)).encode());
            assertTrue(p.b.receiveBuffered() <= 2L * 64 * 1024, "bounded: " + p.b.receiveBuffered());
        }
        SctpStats after = p.b.stats();
        assertEquals(0, after.internalErrors());
        assertEquals(SctpAssociation.State.ESTABLISHED, p.b.state());
        // the buffer filled up to its size, no further
        long stored = p.b.receiveBuffered() / (1000 + 64);
        assertEquals(0, p.b.receiveBuffered() % (1000 + 64));
        assertTrue(p.b.receiveBuffered() > 64 * 1024 - (1000 + 64) && p.b.receiveBuffered() <= 64 * 1024, "full: " + p.b.receiveBuffered());
        assertTrue(after.droppedOverWindow() > before.droppedOverWindow(), "chunks beyond the buffer dropped: " + after);
        // every hostile chunk is accounted for: dropped (outside the TSN window or the buffer, or a
        // TSN already taken), a duplicate (at or below the cumulative TSN), or stored
        assertEquals(hostile, after.droppedChunks() - before.droppedChunks() + after.duplicateTsns() - before.duplicateTsns() + stored,
                "each hostile chunk dropped, a duplicate or stored: " + after);
        // a real message still gets through the full buffer, byte for byte
        byte[] real = SctpPair.chunkOf(0, 3000);
        p.a.send(p.sim.now(), 2, 53, real, SendOptions.RELIABLE_ORDERED);
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == 2, Duration.ofSeconds(30), "a real message after the hostile fragments");
        SctpEvent.Message got = SctpPair.take(p.nb, SctpEvent.Message.class).get(1);
        assertEquals(2, got.streamId());
        assertArrayEquals(real, got.data());
        assertTrue(p.b.receiveBuffered() <= 2L * 64 * 1024);
        assertEquals(0, p.b.stats().internalErrors());
    }

    /** RFC 9260 §3.2: the upper two bits of an unknown chunk type decide what happens. */
    @Test
    void unknownChunksByTheirUpperTwoBits() throws Exception {
        int[][] cases = {
            // type, DATA processed?, ERROR sent?
            {0x3f, 0, 0}, {0x7f, 0, 1}, {0xbf, 1, 0}, {0xff, 1, 1},
        };
        for (int[] k : cases) {
            SctpAssociation[] ab = AssociationProperties.established(40 + k[0]);
            SctpAssociation a = ab[0];
            SctpAssociation b = ab[1];
            while (b.pollEvent() != null) { }
            a.send(0, 1, 51, "x".getBytes(), SendOptions.RELIABLE_ORDERED);
            SctpPacket real = SctpPacket.parse(a.pollTransmit());
            Chunk data = real.chunks().get(real.chunks().size() - 1);
            assertInstanceOf(Chunk.Data.class, data);
            Chunk unknown = new Chunk.Unknown(k[0], 0, Bytes.of((byte) 1, (byte) 2, (byte) 3));
            b.handleInput(1, new SctpPacket(5000, 5000, real.verificationTag(), List.of(unknown, data)).encode());
            boolean delivered = false;
            for (SctpEvent e; (e = b.pollEvent()) != null; ) if (e instanceof SctpEvent.Message) delivered = true;
            boolean error = false;
            for (SctpPacket p : drain(b)) {
                for (Chunk c : p.chunks()) {
                    if (c instanceof Chunk.Error err) {
                        assertEquals(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, err.causes().get(0).code());
                        assertEquals(k[0], err.causes().get(0).info().get(0) & 0xff, "the chunk is quoted");
                        error = true;
                    }
                }
            }
            assertEquals(k[1] == 1, delivered, "type 0x" + Integer.toHexString(k[0]));
            assertEquals(k[2] == 1, error, "type 0x" + Integer.toHexString(k[0]));
        }
    }

    @Test
    void wrongVerificationTagAndPortsAreDroppedAndCounted() throws Exception {
        SctpAssociation[] ab = AssociationProperties.established(77);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        a.send(0, 1, 51, "x".getBytes(), SendOptions.RELIABLE_ORDERED);
        SctpPacket real = SctpPacket.parse(a.pollTransmit());
        b.handleInput(1, new SctpPacket(5000, 5000, real.verificationTag() ^ 1, real.chunks()).encode());
        b.handleInput(1, new SctpPacket(5001, 5000, real.verificationTag(), real.chunks()).encode());
        byte[] badCrc = real.encode();
        badCrc[8] ^= 1;
        b.handleInput(1, badCrc);
        assertEquals(2, b.stats().badVerificationTag());
        assertEquals(1, b.stats().malformed());
        while (b.pollEvent() != null) { }
        b.handleInput(1, real.encode());
        assertInstanceOf(SctpEvent.Message.class, b.pollEvent());
    }

    /** PR-SCTP with multi-fragment messages, with DATA (FORWARD-TSN) and with I-DATA (I-FORWARD-TSN). */
    @Test
    void partialReliabilityWithFragmentedMessagesBothChunkFormats() {
        partialReliabilityWithFragments(Seeds.seed(20), 0.1);
    }

    static void partialReliabilityWithFragments(long seed, double loss) {
        for (boolean idata : new boolean[] {false, true}) {
            SctpPair p = new SctpPair(seed, SctpPair.link(loss, 10), c -> c.withInterleaving(idata));
            p.connectBoth();
            int n = 600;
            for (int i = 0; i < n; i++) {
                byte[] m = new byte[3000 + i];
                java.util.Arrays.fill(m, (byte) i);
                p.a.send(p.sim.now(), 1 + i % 3, 53, m, new SendOptions(i % 2 == 0, 0, -1));
                if (i % 5 == 0) p.a.send(p.sim.now(), 9, 51, ("r" + i).getBytes(), SendOptions.RELIABLE_ORDERED);
            }
            if (!p.sim.runUntil(() -> p.a.bufferedAmount() == 0, Duration.ofSeconds(300))) {
                throw new AssertionError("stuck: idata=" + idata + " " + p.a.state() + " " + p.a.stats() + " buffered=" + p.a.bufferedAmount()
                        + " timeout=" + (p.a.pollTimeout() - p.sim.now()) + " b=" + p.b.stats() + " " + p.a.debugState());
            }
            p.sim.runFor(Duration.ofSeconds(2));
            List<SctpEvent.Message> got = SctpPair.take(p.nb, SctpEvent.Message.class);
            Set<Integer> seen = new HashSet<>();
            int[] lastOrdered = {-1, -1, -1, -1};
            int reliable = 0;
            for (SctpEvent.Message m : got) {
                if (m.streamId() == 9) {
                    assertEquals("r" + reliable * 5, new String(m.data()), "reliable stream complete and in order");
                    reliable++;
                    continue;
                }
                int i = m.data().length - 3000;
                assertTrue(i >= 0 && i < n);
                for (byte x : m.data()) assertEquals((byte) i, x, "message " + i + " intact");
                assertTrue(seen.add(i), "no duplicates");
                assertEquals(i % 2 == 0, m.unordered());
                if (i % 2 == 1) {
                    assertTrue(i > lastOrdered[m.streamId()], "ordered stream in order");
                    lastOrdered[m.streamId()] = i;
                }
            }
            assertEquals(n / 5, reliable);
            assertTrue(n - seen.size() <= p.a.stats().abandonedMessages(), "undelivered ones were abandoned");
            // with no retransmissions a 3-4 fragment message survives 25 % loss about 0.75^3.5 of the
            // time: over the sweep's 20 runs at 25 % the count is 227 +- 12 of 600, so n / 3 was 2.3 sigma away and
            // any change of timing (issue 15's congestion window) drew a 198; n / 4 still fails a sender
            // that gives up on messages it should have sent
            assertTrue(seen.size() > n / 4, "many got through: " + seen.size());
            assertEquals(0, p.b.receiveBuffered(), "no fragments of abandoned messages left behind (I-DATA " + idata + ")");
            assertEquals(0, p.a.stats().internalErrors() + p.b.stats().internalErrors());
        }
    }

    @Test
    void heartbeatsKeepAnIdleAssociationAndMeasureRtt() {
        SctpPair p = new SctpPair(Seeds.seed(21), SctpPair.link(0, 40), c -> c);
        p.connectBoth();
        p.sim.runFor(Duration.ofSeconds(200));
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
        assertEquals(80_000_000L, p.a.stats().srttNanos(), 2_000_000L, "RTT from heartbeats");
        p.sim.network().setDefaultConditions(LinkConditions.perfect().withLoss(1.0));
        p.sim.runUntilOrFail(() -> !SctpPair.take(p.na, SctpEvent.Aborted.class).isEmpty(), Duration.ofHours(1), "idle dead peer detected");
    }

    @Test
    void tinyMessagesAreChargedTheirBookkeeping() {
        SctpPair p = new SctpPair(Seeds.seed(22), SctpPair.link(0, 5), c -> c.withBuffers(1 << 20, 1_000_000));
        p.connectBoth();
        int accepted = 0;
        try {
            for (int i = 0; i < 1_000_000; i++) {
                p.a.send(p.sim.now(), 1, 51, new byte[1], SendOptions.RELIABLE_ORDERED);
                accepted++;
            }
        } catch (IllegalStateException full) {
            assertTrue(full.getMessage().contains("send buffer full"), full.getMessage());
        }
        assertEquals(1_000_000 / (1 + SctpAssociation.MESSAGE_OVERHEAD), accepted);
        int n = accepted;
        p.sim.runUntilOrFail(() -> SctpPair.take(p.nb, SctpEvent.Message.class).size() == n, Duration.ofSeconds(60), "all tiny messages");
        p.sim.runUntilOrFail(() -> p.a.bufferedAmount() == 0, Duration.ofSeconds(60), "all acknowledged");
        p.a.send(p.sim.now(), 1, 51, new byte[200_000], SendOptions.RELIABLE_ORDERED); // the charge was released
    }

    @Test
    void lostShutdownCompleteIsAnsweredAfterClosing() throws Exception {
        SctpAssociation[] ab = AssociationProperties.established(90);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        a.shutdown(0);
        b.handleInput(1, a.pollTransmit());                      // SHUTDOWN
        byte[] shutdownAck = b.pollTransmit();
        a.handleInput(2, shutdownAck);                           // a answers SHUTDOWN-COMPLETE and closes
        assertEquals(SctpAssociation.State.CLOSED, a.state());
        a.pollTransmit();                                        // ... which is lost
        a.handleInput(3, shutdownAck);                           // b's T2 retransmission
        byte[] complete = a.pollTransmit();
        Chunk c = SctpPacket.parse(complete).chunks().get(0);
        assertTrue(c instanceof Chunk.ShutdownComplete sc && sc.reflected());
        b.handleInput(4, complete);
        assertEquals(SctpAssociation.State.CLOSED, b.state());
    }

    /** RFC 9260 §3.2.1: unknown INIT parameters by their upper two bits. */
    @Test
    void unknownInitParametersAreSkippedReportedOrStopProcessing() throws Exception {
        Param report = new Param.Unknown(0xC123, Bytes.of((byte) 9));     // 11: skip, report
        Param skip = new Param.Unknown(0x8123, Bytes.EMPTY);                // 10: skip silently
        Param ipv4 = new Param.Unknown(5, Bytes.of((byte) 127, (byte) 0, (byte) 0, (byte) 1)); // known, ignored
        Param stop = new Param.Unknown(0x4123, Bytes.EMPTY);                // 01: stop, report
        Param fwd = new Param.ForwardTsnSupported();
        SctpAssociation b = assoc(60);
        Chunk.Init init = new Chunk.Init(0x1234, 100_000, 10, 10, 1, List.of(ipv4, report, skip, stop, fwd));
        b.handleInput(0, new SctpPacket(5000, 5000, 0, List.of(init)).encode());
        Chunk.InitAck ack = (Chunk.InitAck) drain(b).get(0).chunks().get(0);
        List<Integer> reported = new ArrayList<>();
        for (Param p : ack.params()) {
            if (p.type() == 8) reported.add((((Param.Unknown) p).value().get(0) & 0xff) << 8 | (((Param.Unknown) p).value().get(1) & 0xff));
        }
        assertEquals(List.of(0xC123, 0x4123), reported);
        assertEquals(List.of(), SctpAssociation.unrecognized(List.of(ipv4, skip, fwd)));
    }
}
