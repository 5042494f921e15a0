package io.jrtc.sctp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input into an established association: random bytes, real packets with bytes changed (bad
 * lengths, huge fragments, wrong verification tags, bad CRCs, fixed CRCs). Nothing escapes, memory
 * stays within the receive buffer, and the association still works afterwards.
 */
class AssociationProperties {

    /** Exchanges packets between a and b directly until both are quiet; returns every packet a sent. */
    static List<byte[]> pump(SctpAssociation a, SctpAssociation b, long now) {
        List<byte[]> fromA = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            boolean any = false;
            for (byte[] p; (p = a.pollTransmit()) != null; ) {
                fromA.add(p);
                b.handleInput(now, p);
                any = true;
            }
            for (byte[] p; (p = b.pollTransmit()) != null; ) {
                a.handleInput(now, p);
                any = true;
            }
            if (!any) break;
        }
        return fromA;
    }

    static SctpAssociation[] established(long seed) {
        SctpConfig base = SctpConfig.defaults(new SplittableRandom(seed)).withBuffers(128 * 1024, 1 << 20);
        SctpAssociation a = new SctpAssociation(base);
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed + 1)).withBuffers(128 * 1024, 1 << 20));
        a.connect(0);
        b.connect(0);
        pump(a, b, 0);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        return new SctpAssociation[] {a, b};
    }

    /**
     * Whether b would act on a mutated packet as on something a never sent: it parses, carries b's
     * tag, and its chunks are not all chunks of a real packet. Such a packet is a forgery that passed
     * every check a receiver can make (with a fixed CRC), and may legitimately end the association
     * (a forged ABORT, SHUTDOWN or unnegotiated I-DATA) or desynchronise it (a forged FORWARD-TSN).
     */
    private static boolean forgery(byte[] p, long bTag, List<SctpPacket> real) {
        SctpPacket parsed;
        try {
            parsed = SctpPacket.parse(p);
        } catch (SctpParseException e) {
            return false;
        }
        if (parsed.verificationTag() != bTag) return false;
        for (SctpPacket r : real) if (r.chunks().containsAll(parsed.chunks())) return false;
        return true;
    }

    @Property(tries = 150)
    void mutatedPacketsNeverEscapeAndMemoryStaysBounded(@ForAll long seed, @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 1 << 20) Integer> mutations)
            throws SctpParseException {
        SctpAssociation[] ab = established(seed);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        a.send(0, 1, 53, new byte[9000], SendOptions.RELIABLE_ORDERED);
        a.send(0, 2, 51, "abc".getBytes(), SendOptions.RELIABLE_UNORDERED);
        List<byte[]> real = new ArrayList<>();
        for (byte[] p; (p = a.pollTransmit()) != null; ) real.add(p);
        List<SctpPacket> realParsed = new ArrayList<>();
        for (byte[] p : real) realParsed.add(SctpPacket.parse(p));
        long malformedBefore = b.stats().malformed();
        long expectMalformed = 0;
        boolean forged = false;
        List<SctpEvent> eventsA = new ArrayList<>();
        List<SctpEvent> eventsB = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int m : mutations) {
            byte[] p = real.get(m % real.size()).clone();
            int kind = (m >>> 4) % 5;
            switch (kind) {
                case 0 -> p[12 + r.nextInt(p.length - 12)] = (byte) r.nextInt(256);          // any byte, CRC then fixed
                case 1 -> { p[14] = (byte) r.nextInt(256); p[15] = (byte) r.nextInt(256); }  // chunk length
                case 2 -> p[4] ^= 0x40;                                                      // wrong tag
                case 3 -> p = java.util.Arrays.copyOf(p, 12 + r.nextInt(p.length - 11));    // truncated
                default -> { p[24] = (byte) 0xff; p[25] = (byte) 0xff; }                      // huge stream id
            }
            if (kind != 2 && r.nextInt(4) != 0) SctpPacket.writeChecksum(p, p.length);
            if (!parses(p)) expectMalformed++;
            forged |= forgery(p, b.localVerificationTag(), realParsed);
            b.handleInput(1, p);
            for (byte[] q; (q = r.nextBoolean() ? b.pollTransmit() : null) != null; ) a.handleInput(1, q);
            assertTrue(b.receiveBuffered() <= 2L * 128 * 1024);
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            if (!parses(junk)) expectMalformed++;
            forged |= forgery(junk, b.localVerificationTag(), realParsed);
            b.handleInput(1, junk);
        }
        assertEquals(0, a.stats().internalErrors());
        assertEquals(0, b.stats().internalErrors());
        // the strict branch below (no forgery) must run in a fair share of the tries
        Statistics.label("forged").collect(forged);
        Statistics.label("forged").coverage(c -> c.check(false).percentage(pct -> pct >= 5));
        // nothing lost silently: every packet that does not parse is counted as malformed
        assertEquals(expectMalformed, b.stats().malformed() - malformedBefore);
        if (!forged) {
            // b only ever accepted copies of real chunks: the association must be untouched
            assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
            assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        }
        // the real packets still get through afterwards, then a new message; a forgery that
        // desynchronised the two ends surfaces as an ABORT within Association.Max.Retrans timeouts
        for (byte[] p : real) b.handleInput(2, p);
        boolean alive = a.state() == SctpAssociation.State.ESTABLISHED;
        if (alive) a.send(2, 7, 51, "still alive".getBytes(), SendOptions.RELIABLE_ORDERED);
        long now = 2;
        for (int i = 0; i < 100 && !(alive && received(eventsB, "still alive")) && !ended(eventsA, eventsB); i++) {
            pump(a, b, now);
            for (SctpEvent e; (e = a.pollEvent()) != null; ) eventsA.add(e);
            for (SctpEvent e; (e = b.pollEvent()) != null; ) eventsB.add(e);
            now += 3_000_000_000L;
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        if (!forged) {
            assertTrue(received(eventsB, "still alive"), "a message still gets through");
            assertEquals(1, count(eventsB, 1, 9000), "the real 9000-byte message, once");
            assertEquals(1, count(eventsB, 2, 3), "the real 3-byte message, once");
            assertTrue(eventsA.stream().noneMatch(e -> e instanceof SctpEvent.Aborted), eventsA.toString());
        } else {
            assertTrue(alive && received(eventsB, "still alive") || ended(eventsA, eventsB),
                    "after a forgery the association either still works or ends with an event, never hangs: " + eventsA + " " + eventsB);
        }
        assertEquals(0, a.stats().internalErrors());
        assertEquals(0, b.stats().internalErrors());
    }

    private static boolean parses(byte[] p) {
        try {
            SctpPacket.parse(p);
            return true;
        } catch (SctpParseException e) {
            return false;
        }
    }

    private static boolean received(List<SctpEvent> events, String text) {
        for (SctpEvent e : events) {
            if (e instanceof SctpEvent.Message m && m.streamId() == 7 && Arrays.equals(text.getBytes(), m.data())) return true;
        }
        return false;
    }

    private static long count(List<SctpEvent> events, int stream, int length) {
        return events.stream().filter(e -> e instanceof SctpEvent.Message m && m.streamId() == stream && m.data().length == length).count();
    }

    private static boolean ended(List<SctpEvent> a, List<SctpEvent> b) {
        return a.stream().anyMatch(e -> e instanceof SctpEvent.Aborted || e instanceof SctpEvent.Closed)
                || b.stream().anyMatch(e -> e instanceof SctpEvent.Aborted || e instanceof SctpEvent.Closed);
    }

    @Property(tries = 300)
    void randomBytesIntoEveryState(@ForAll byte[] junk, @ForAll boolean fixCrc, @ForAll long seed) {
        SctpAssociation fresh = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed)));
        SctpAssociation[] ab = established(seed);
        if (fixCrc && junk.length >= 12) SctpPacket.writeChecksum(junk, junk.length);
        fresh.handleInput(0, junk);
        ab[1].handleInput(0, junk);
        fresh.pollTransmit();
        ab[1].pollTransmit();
        assertEquals(0, fresh.stats().internalErrors());
        assertEquals(0, ab[1].stats().internalErrors());
    }
}
