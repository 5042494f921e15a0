package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work bounded by input (issue 17): a few bytes whose length or count fields claim far more than
 * they carry raise {@link DtlsParseException} before anything of the claimed size is allocated, or
 * are held with memory that follows the bytes that arrived.
 */
class BoundedInputTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void aClientHelloClaiming32767CipherSuitesInTwoBytesIsRefused() {
        byte[] body = new byte[2 + 32 + 1 + 1 + 2 + 2];
        body[0] = (byte) 0xFE;
        body[1] = (byte) 0xFD;
        int p = 2 + 32;
        body[p++] = 0;                 // session_id: empty
        body[p++] = 0;                 // cookie: empty
        body[p++] = (byte) 0xFF;       // cipher_suites length 65534 ...
        body[p] = (byte) 0xFE;         // ... and only two bytes follow
        DtlsParseException e = assertThrows(DtlsParseException.class, () -> Handshake.ClientHello.parse(body));
        assertTrue(e.getMessage().contains("cipher_suites"), e.getMessage());
    }

    @Test
    void aCertificateListClaiming16MiBInThreeBytesIsRefused() {
        DtlsParseException e = assertThrows(DtlsParseException.class,
                () -> Handshake.CertificateMessage.parse(bytes(0xFF, 0xFF, 0xFF, 0x30)));
        assertTrue(e.getMessage().contains("certificate_list"), e.getMessage());
        // a list of the right size whose one certificate claims 16 MiB
        e = assertThrows(DtlsParseException.class,
                () -> Handshake.CertificateMessage.parse(bytes(0, 0, 4, 0xFF, 0xFF, 0xFF, 0x30)));
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void anExtensionListClaimingMoreThanItCarriesIsRefused() {
        assertThrows(DtlsParseException.class,
                () -> Extension.parseU16List(Bytes.of((byte) 0xFF, (byte) 0xFE, (byte) 0, (byte) 29), "supported_groups"));
    }

    @Test
    void aFragmentLongerThanItsMessageIsRefused() {
        // msg_type 1, length 10, message_seq 0, fragment_offset 8, fragment_length 4 (8 + 4 > 10)
        byte[] fragment = bytes(1, 0, 0, 10, 0, 0, 0, 0, 0, 8, 0, 0, 4, 1, 2, 3, 4);
        assertThrows(DtlsParseException.class, () -> HandshakeFragment.parseAll(fragment));
        // fragment_length 0x010000 with 4 bytes of body
        byte[] claims = bytes(1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4);
        DtlsParseException e = assertThrows(DtlsParseException.class, () -> HandshakeFragment.parseAll(claims));
        assertTrue(e.getMessage().contains("fragment body"), e.getMessage());
    }

    @Test
    void aOneByteFragmentOfA64KiBMessageHoldsOneByte() throws Exception {
        Reassembler r = new Reassembler(65536, 131072);
        // the last byte of a 65536-byte ClientHello: the header claims the whole message
        HandshakeFragment f = HandshakeFragment.parseAll(bytes(1, 1, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 1, 42)).get(0);
        assertEquals(0, r.add(f, 0));
        assertEquals(65536, r.bufferedBytes(), "the claim counts against the cap");
        assertEquals(1, r.heldBytes(), "but only the byte that came is held");
        assertNull(r.poll());
        // the same byte again, and an overlapping piece, are held once
        r.add(f, 0);
        r.add(HandshakeFragment.parseAll(bytes(1, 1, 0, 0, 0, 0, 0, 0xFF, 0xFE, 0, 0, 2, 41, 42)).get(0), 0);
        assertEquals(2, r.heldBytes());
    }

    @Test
    void piecesInAnyOrderAndOverlapAssembleTheMessage() throws Exception {
        Reassembler r = new Reassembler(65536, 131072);
        byte[] body = new byte[10];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i + 1);
        int[][] pieces = {{6, 4}, {0, 3}, {4, 1}, {2, 5}}; // the last one overlaps three others
        for (int[] piece : pieces) {
            byte[] frag = new byte[12 + piece[1]];
            frag[0] = 1;
            frag[3] = 10;
            frag[8] = (byte) piece[0];
            frag[11] = (byte) piece[1];
            System.arraycopy(body, piece[0], frag, 12, piece[1]);
            assertNull(r.poll());
            r.add(HandshakeFragment.parseAll(frag).get(0), 0);
        }
        assertEquals(10, r.heldBytes());
        Reassembler.Message m = r.poll();
        assertEquals(0, m.messageSeq());
        assertEquals(Bytes.wrap(body), Bytes.wrap(m.body()));
        assertEquals(0, r.heldBytes());
    }
}
