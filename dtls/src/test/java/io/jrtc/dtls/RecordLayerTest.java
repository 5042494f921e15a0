package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.ReplayWindow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RecordLayerTest {

    @Test
    void replayWindowRfc6347() {
        ReplayWindow w = new ReplayWindow(64);
        assertTrue(w.isFresh(0));
        w.accept(0);
        assertFalse(w.isFresh(0));
        w.accept(5);
        assertTrue(w.isFresh(3), "a gap below the highest is still acceptable");
        w.accept(3);
        assertFalse(w.isFresh(3));
        w.accept(100);
        assertFalse(w.isFresh(36), "left of the 64-wide window: too old");
        assertTrue(w.isFresh(37));
        assertFalse(w.isFresh(100));
        w.accept(1L << 47);
        assertFalse(w.isFresh(100));
        assertTrue(w.isFresh((1L << 47) + 1));
    }

    @Test
    void severalRecordsPerDatagram() throws Exception {
        DtlsRecord a = new DtlsRecord(22, 0xFEFD, 0, 1, Bytes.of((byte) 1, (byte) 2));
        DtlsRecord b = new DtlsRecord(23, 0xFEFD, 1, (1L << 48) - 1, Bytes.of((byte) 3));
        byte[] ea = a.encode();
        byte[] eb = b.encode();
        byte[] d = new byte[ea.length + eb.length];
        System.arraycopy(ea, 0, d, 0, ea.length);
        System.arraycopy(eb, 0, d, ea.length, eb.length);
        assertEquals(List.of(a, b), DtlsRecord.parseAll(d));
        assertThrows(DtlsParseException.class, () -> DtlsRecord.parseAll(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0}));
    }

    @Test
    void aeadRoundTripAndTamper() throws Exception {
        for (CipherSuite s : CipherSuite.values()) {
            byte[] key = new byte[s.keyLength()];
            byte[] iv = new byte[s.fixedIvLength()];
            new Random(1).nextBytes(key);
            RecordProtection sender = new RecordProtection(s, key, iv);
            RecordProtection p = new RecordProtection(s, key, iv);
            byte[] plain = "payload".getBytes();
            byte[] rec = sender.seal(23, 0xFEFD, 1, 42, plain, 0, plain.length);
            assertEquals(13 + s.explicitNonceLength() + plain.length + 16, rec.length);
            DtlsRecord r = DtlsRecord.parseAll(rec).get(0);
            assertArrayEquals(plain, p.open(r));
            assertArrayEquals(plain, p.open(r), "the same record opens twice (replay is the window's business)");
            for (int i = 0; i < rec.length; i++) {
                byte[] bad = rec.clone();
                bad[i] ^= 0x10;
                try {
                    for (DtlsRecord x : DtlsRecord.parseAll(bad)) {
                        if (x.epoch() == 1 && x.sequenceNumber() == 42 && x.contentType() == 23 && x.version() == 0xFEFD
                                && x.fragment().equals(r.fragment())) {
                            fail("flip at " + i + " left the record unchanged");
                        }
                        p.open(x);
                        fail(s + ": flipped bit at byte " + i + " still authenticated");
                    }
                } catch (DtlsParseException expected) {
                    // dropped: parse error or authentication failure
                }
            }
            assertArrayEquals(plain, p.open(r), "a forged record with the same nonce does not block the genuine one");
        }
    }

    /**
     * jrtc's own AES-GCM (core's AesGcm with the JDK's GHASH, used when the JVM opens it, as the build
     * does) and the JDK's cipher write the same records and open each other's, for every AES suite,
     * every length up to past two keystream chunks, with tampering refused by both.
     */
    @Test
    void ownGcmAndJdkCipherWriteTheSameRecords() throws Exception {
        assertTrue(io.jrtc.core.crypto.AesGcm.jdkGhashAvailable(), "the build opens the JDK's GHASH");
        Random random = new Random(7);
        for (CipherSuite s : CipherSuite.values()) {
            if (s.chacha20()) {
                continue;
            }
            byte[] key = new byte[s.keyLength()];
            byte[] iv = new byte[s.fixedIvLength()];
            random.nextBytes(key);
            random.nextBytes(iv);
            RecordProtection own = new RecordProtection(s, key, iv, true);
            RecordProtection jdk = new RecordProtection(s, key, iv, false);
            assertNotNull(new RecordProtection(s, key, iv), "the public constructor picks one");
            for (int len : new int[] {0, 1, 15, 16, 17, 100, 1200, 2047, 2048, 2049, 5000}) {
                byte[] plain = new byte[len];
                random.nextBytes(plain);
                long seq = random.nextInt(1 << 30);
                byte[] a = own.seal(23, 0xFEFD, 1, seq, plain, 0, len);
                byte[] b = jdk.seal(23, 0xFEFD, 1, seq, plain, 0, len);
                assertArrayEquals(b, a, s + " " + len + " bytes");
                DtlsRecord r = DtlsRecord.parseAll(a).get(0);
                assertArrayEquals(plain, own.open(r));
                assertArrayEquals(plain, jdk.open(r));
                byte[] bad = a.clone();
                bad[bad.length - 1 - random.nextInt(Math.min(bad.length - 13, 16 + len))] ^= 1;
                DtlsRecord forged = DtlsRecord.parseAll(bad).get(0);
                assertThrows(DtlsParseException.class, () -> own.open(forged));
                assertThrows(DtlsParseException.class, () -> jdk.open(forged));
            }
        }
    }

    private static List<HandshakeFragment> fragments(int type, int seq, byte[] body, int size) {
        List<HandshakeFragment> out = new ArrayList<>();
        for (int off = 0; off < body.length; off += size) {
            int n = Math.min(size, body.length - off);
            out.add(new HandshakeFragment(type, body.length, seq, off, Bytes.of(body, off, n)));
        }
        return out;
    }

    @Test
    void reassemblyOutOfOrderDuplicatedOverlapping() {
        byte[] body = new byte[3000];
        new Random(2).nextBytes(body);
        List<HandshakeFragment> frags = fragments(11, 0, body, 500);
        frags.addAll(fragments(11, 0, body, 333)); // overlapping, different boundaries
        frags.addAll(fragments(11, 0, body, 500)); // duplicates
        Collections.shuffle(frags, new Random(3));
        Reassembler r = new Reassembler(65536, 131072);
        int delivered = 0;
        for (HandshakeFragment f : frags) {
            r.add(f, 0);
            for (Reassembler.Message m; (m = r.poll()) != null; ) {
                assertArrayEquals(body, m.body());
                delivered++;
            }
        }
        assertEquals(1, delivered);
        assertEquals(-1, r.add(frags.get(0), 0), "a fragment of a delivered message marks a peer retransmission");
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void reassemblyKeepsOrderAcrossMessages() {
        Reassembler r = new Reassembler(65536, 131072);
        r.add(new HandshakeFragment(14, 0, 1, 0, Bytes.EMPTY), 0);
        assertNull(r.poll(), "message 1 waits for message 0");
        r.add(new HandshakeFragment(2, 2, 0, 0, Bytes.of((byte) 1, (byte) 2)), 0);
        assertEquals(2, r.poll().msgType());
        assertEquals(14, r.poll().msgType());
    }

    @Test
    void reassemblyMemoryIsBounded() {
        Reassembler r = new Reassembler(65536, 131072);
        for (int seq = 0; seq < 1000; seq++) {
            r.add(new HandshakeFragment(11, 65536, seq, 100, Bytes.of((byte) 1)), 0);
            r.add(new HandshakeFragment(11, 1 << 23, seq, 0, Bytes.of((byte) 1)), 0);
        }
        assertTrue(r.bufferedBytes() <= 131072, "buffered " + r.bufferedBytes());
        assertTrue(r.dropped() > 0);
        // inconsistent fragment for a message being assembled is dropped
        Reassembler q = new Reassembler(65536, 131072);
        q.add(new HandshakeFragment(11, 10, 0, 0, Bytes.of(new byte[5])), 0);
        q.add(new HandshakeFragment(12, 10, 0, 5, Bytes.of(new byte[5])), 0);
        assertNull(q.poll());
    }

    @Test
    void demultiplexingRfc7983() {
        assertTrue(DtlsRecord.looksLikeDtls(new byte[] {22}, 0, 1));
        assertTrue(DtlsRecord.looksLikeDtls(new byte[] {20}, 0, 1));
        assertTrue(DtlsRecord.looksLikeDtls(new byte[] {63}, 0, 1));
        assertFalse(DtlsRecord.looksLikeDtls(new byte[] {0, 1}, 0, 2), "STUN");
        assertFalse(DtlsRecord.looksLikeDtls(new byte[] {(byte) 0x80}, 0, 1), "RTP");
        assertFalse(DtlsRecord.looksLikeDtls(new byte[] {64}, 0, 1), "TURN channel");
        assertFalse(DtlsRecord.looksLikeDtls(new byte[0], 0, 0));
    }
}
