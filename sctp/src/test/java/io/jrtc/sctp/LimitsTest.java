package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented limits of an association (module README, "Memory limits"), each hit on purpose:
 * enforced, counted in {@link SctpStats}, answered on the wire as RFC 9260 says, and never an
 * exception on the receive path.
 */
@ExtendWith(SeedReporter.class)
class LimitsTest {

    /** Two associations joined directly; {@code b} announces only {@code bStreams} streams and a 64 KiB receive buffer. */
    private static SctpAssociation[] established(int bStreams, boolean interleaving) {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(1)).withInterleaving(interleaving));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(2)).withInterleaving(interleaving)
                .withStreams(bStreams).withBuffers(64 * 1024, 1 << 20).withHeartbeatInterval(0));
        a.connect(0);
        b.connect(0);
        AssociationProperties.pump(a, b, 0);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        return new SctpAssociation[] {a, b};
    }

    /** The TSN a's next DATA chunk will carry: sends one message to b by hand and reads it. */
    private static long nextTsnOfA(SctpAssociation a, SctpAssociation b) throws SctpParseException {
        a.send(0, 0, 51, "x".getBytes(), SendOptions.RELIABLE_ORDERED);
        byte[] p = a.pollTransmit();
        Chunk c = SctpPacket.parse(p).chunks().get(SctpPacket.parse(p).chunks().size() - 1);
        long tsn = c instanceof Chunk.Data d ? d.tsn() : ((Chunk.IData) c).tsn();
        b.handleInput(0, p);
        AssociationProperties.pump(a, b, 0);
        while (b.pollEvent() != null) {
            // the message and Connected
        }
        return (tsn + 1) & 0xffffffffL;
    }

    private static List<Chunk> sentChunks(SctpAssociation x) throws SctpParseException {
        List<Chunk> out = new ArrayList<>();
        for (byte[] p; (p = x.pollTransmit()) != null; ) out.addAll(SctpPacket.parse(p).chunks());
        return out;
    }

    /**
     * Streams (and so data channels, one stream id each) are limited to what both sides announced
     * (RFC 9260 §5.1.1): we cannot send beyond the peer's limit, and a peer that sends beyond ours
     * gets ERROR Invalid Stream Identifier (§6.5), the chunk is acknowledged and discarded, and it
     * is counted; the association goes on.
     */
    @Test
    void dataBeyondTheNegotiatedStreamsIsRefusedCountedAndAnswered() throws Exception {
        for (boolean idata : new boolean[] {false, true}) {
            SctpAssociation[] ab = established(8, idata);
            SctpAssociation a = ab[0];
            SctpAssociation b = ab[1];
            assertThrows(IllegalArgumentException.class, () -> a.send(0, 8, 51, "no".getBytes(), SendOptions.RELIABLE_ORDERED),
                    "a may use 8 streams only");
            long next = nextTsnOfA(a, b);
            long tsn = (next + 1000) & 0xffffffffL; // a TSN a will not use soon
            Chunk forged = idata
                    ? new Chunk.IData(false, false, true, true, tsn, 9, 0, 51, 0, Bytes.wrap("beyond".getBytes()))
                    : new Chunk.Data(false, false, true, true, tsn, 9, 0, 51, Bytes.wrap("beyond".getBytes()));
            b.handleInput(1, new SctpPacket(5000, 5000, b.localVerificationTag(), List.of(forged)).encode());
            assertEquals(1, b.stats().invalidStreamChunks(), "I-DATA " + idata);
            List<Chunk> answer = sentChunks(b);
            Chunk.Error err = (Chunk.Error) answer.stream().filter(c -> c instanceof Chunk.Error).findFirst().orElseThrow();
            assertEquals(ErrorCause.INVALID_STREAM_IDENTIFIER, err.causes().get(0).code());
            assertEquals(9, err.causes().get(0).info().get(1) & 0xff, "the stream is quoted");
            Chunk.Sack sack = (Chunk.Sack) answer.stream().filter(c -> c instanceof Chunk.Sack).findFirst().orElseThrow();
            assertEquals(List.of(new Chunk.GapBlock(1001, 1001)), sack.gaps(), "acknowledged, so the peer does not retransmit it");
            assertNull(b.pollEvent(), "nothing delivered");
            assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
            // a real message still gets through on an allowed stream
            a.send(1, 7, 51, "ok".getBytes(), SendOptions.RELIABLE_ORDERED);
            AssociationProperties.pump(a, b, 1);
            SctpEvent.Message m = assertInstanceOf(SctpEvent.Message.class, b.pollEvent());
            assertArrayEquals("ok".getBytes(), m.data());
            assertEquals(0, b.stats().internalErrors());
        }
    }

    /**
     * Reassembly is bounded by the receive buffer: a peer that streams one message that never ends
     * is taken up to twice the buffer (the chunk at the cumulative TSN + 1 is always taken, so that
     * reassembly can drain), then the association is aborted with Out of Resource (RFC 9260
     * §3.3.10.4), reported as an event and counted; nothing is thrown.
     */
    @Test
    void aMessageThatNeverEndsAbortsWithOutOfResource() throws Exception {
        SctpAssociation[] ab = established(16, false);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        long tsn = nextTsnOfA(a, b);
        long tag = b.localVerificationTag();
        List<Chunk> answers = new ArrayList<>();
        int sent = 0;
        for (; sent < 1000 && b.state() == SctpAssociation.State.ESTABLISHED; sent++) {
            Chunk.Data d = new Chunk.Data(false, false, sent == 0, false, (tsn + sent) & 0xffffffffL, 1, 0, 53, Bytes.wrap(new byte[1000]));
            b.handleInput(1, new SctpPacket(5000, 5000, tag, List.of(d)).encode());
            assertTrue(b.receiveBuffered() <= 2L * 64 * 1024, "bounded: " + b.receiveBuffered());
            answers.addAll(sentChunks(b));
        }
        assertEquals(SctpAssociation.State.CLOSED, b.state());
        assertTrue(sent > 64 && sent <= 2 * 64 * 1024 / 1064 + 1, "taken up to twice the buffer: " + sent);
        assertEquals(1, b.stats().resourceAborts());
        assertEquals(0, b.stats().internalErrors());
        Chunk.Abort abort = (Chunk.Abort) answers.stream().filter(c -> c instanceof Chunk.Abort).findFirst().orElseThrow();
        assertEquals(ErrorCause.OUT_OF_RESOURCE, abort.causes().get(0).code());
        SctpEvent.Aborted ev = assertInstanceOf(SctpEvent.Aborted.class, b.pollEvent());
        assertFalse(ev.remote());
        assertTrue(ev.reason().contains("out of resource"), ev.reason());
        assertEquals(0, b.receiveBuffered(), "everything released");
    }

    /**
     * The receive buffer bounds what waits for the application too: complete messages not yet
     * taken count against the window, and beyond it DATA is dropped (counted) and answered with a
     * SACK at once; once the application takes them, the peer's retransmissions get through.
     */
    @Test
    void messagesNotTakenFillTheWindowThenDataIsDroppedAndCounted() throws Exception {
        SctpAssociation[] ab = established(16, false);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        nextTsnOfA(a, b);
        int n = 0;
        long now = 1;
        for (; n < 200; n++) a.send(now, 2, 53, new byte[1000], SendOptions.RELIABLE_ORDERED);
        for (int round = 0; round < 50 && b.stats().droppedOverWindow() == 0; round++) {
            AssociationProperties.pump(a, b, now);
            now += 1_000_000_000L;
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        assertTrue(b.stats().droppedOverWindow() > 0, "dropped beyond the window: " + b.stats());
        assertTrue(b.receiveBuffered() <= 64 * 1024, "within the buffer: " + b.receiveBuffered());
        assertEquals(0, b.stats().receiveWindow(), "the window is closed");
        int got = 0;
        for (int round = 0; round < 200 && got < n; round++) {
            for (SctpEvent e; (e = b.pollEvent()) != null; ) if (e instanceof SctpEvent.Message) got++;
            AssociationProperties.pump(a, b, now);
            now += 1_000_000_000L;
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        assertEquals(n, got, "every message once the application took them");
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        assertEquals(0, b.stats().internalErrors());
    }

    /** The send buffer: a refusal is counted, {@code trySend} says false and {@code send} throws; nothing is queued. */
    @Test
    void sendBufferRefusalsAreCounted() throws Exception {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(3)).withBuffers(64 * 1024, 100_000));
        SctpAssociation peer = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(4)));
        a.connect(0);
        peer.connect(0);
        AssociationProperties.pump(a, peer, 0);
        assertTrue(a.trySend(0, 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        assertFalse(a.trySend(0, 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        assertThrows(SendBufferFullException.class, () -> a.send(0, 1, 53, new byte[60_000], SendOptions.RELIABLE_ORDERED));
        assertEquals(2, a.stats().sendRefusals());
        assertEquals(60_000, a.bufferedAmount(), "nothing of the refused messages was queued");
    }
}
