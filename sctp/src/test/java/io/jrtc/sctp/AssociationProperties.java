package io.jrtc.sctp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Property(tries = 150)
    void mutatedPacketsNeverEscapeAndMemoryStaysBounded(@ForAll long seed, @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 1 << 20) Integer> mutations) {
        SctpAssociation[] ab = established(seed);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        a.send(0, 1, 53, new byte[9000], SendOptions.RELIABLE_ORDERED);
        a.send(0, 2, 51, "abc".getBytes(), SendOptions.RELIABLE_UNORDERED);
        List<byte[]> real = new ArrayList<>();
        for (byte[] p; (p = a.pollTransmit()) != null; ) real.add(p);
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
            b.handleInput(1, p);
            for (byte[] q; (q = r.nextBoolean() ? b.pollTransmit() : null) != null; ) a.handleInput(1, q);
            assertTrue(b.receiveBuffered() <= 2L * 128 * 1024);
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            b.handleInput(1, junk);
        }
        assertEquals(0, a.stats().internalErrors());
        assertEquals(0, b.stats().internalErrors());
        if (b.state() == SctpAssociation.State.ESTABLISHED && a.state() == SctpAssociation.State.ESTABLISHED) {
            // the real packets still get through afterwards
            for (byte[] p : real) b.handleInput(2, p);
            a.send(2, 7, 51, "still alive".getBytes(), SendOptions.RELIABLE_ORDERED);
            long now = 2;
            boolean[] seen = {false};
            for (int i = 0; i < 20 && !has(b, "still alive", seen); i++) {
                pump(a, b, now);
                now += 3_000_000_000L;
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
            if (a.state() == SctpAssociation.State.ESTABLISHED && b.state() == SctpAssociation.State.ESTABLISHED) {
                assertTrue(seen[0], "a message still gets through");
            }
        }
    }

    private static boolean has(SctpAssociation b, String text, boolean[] seen) {
        for (SctpEvent e; (e = b.pollEvent()) != null; ) {
            if (e instanceof SctpEvent.Message m && new String(m.data()).equals(text)) {
                assertArrayEquals(text.getBytes(), m.data());
                seen[0] = true;
            }
        }
        return seen[0];
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
