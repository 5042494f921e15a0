package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.stun.StunAttribute.*;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every test vector of RFC 5769, parsed, verified and re-encoded. */
class Rfc5769Test {
    private static final Map<String, byte[]> V = TestVectors.named(Rfc5769Test.class, "rfc5769.txt");
    private static final IntegrityKey SHORT_TERM = IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBt");
    private static final Bytes TID = Bytes.fromHex("b7e7a701bc34d686fa87dfae");

    @Test
    void section2_1_sampleRequest() throws Exception {
        byte[] wire = V.get("request");
        assertTrue(StunMessage.isStun(wire, 0, wire.length));
        StunMessage m = StunMessage.parse(wire);
        assertEquals(MessageClass.REQUEST, m.messageClass());
        assertEquals(Method.BINDING, m.method());
        assertEquals(TID, m.transactionId());
        List<StunAttribute> a = m.attributes();
        assertEquals(6, a.size());
        assertEquals(new Software("STUN test client"), a.get(0));
        assertEquals(new Priority(0x6e0001ffL), a.get(1));
        assertEquals(new IceControlled(0x932ff9b151263b36L), a.get(2));
        assertEquals(new Username("evtj:h6vY"), a.get(3));
        assertEquals(new MessageIntegrity(Bytes.fromHex("9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2")), a.get(4));
        assertEquals(new Fingerprint(0xe57a3bcf), a.get(5));
        assertTrue(m.verifyFingerprint());
        assertTrue(m.verifyIntegrity(SHORT_TERM));
        assertFalse(m.verifyIntegrity(IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBu")));

        // Re-encoding with the key recomputes MESSAGE-INTEGRITY and FINGERPRINT; the RFC pads USERNAME
        // with spaces where we write zeros: restore them, re-sign independently, and it is the vector.
        byte[] again = m.encode(SHORT_TERM);
        assertEquals(wire.length, again.length);
        assertTrue(StunMessage.parse(again).verifyIntegrity(SHORT_TERM));
        int userPad = 20 + 20 + 8 + 12 + 4 + 9;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, again[userPad + i]);
            again[userPad + i] = 0x20;
        }
        assertArrayEquals(wire, resign(again, SHORT_TERM));
    }

    @Test
    void section2_2_ipv4Response() throws Exception {
        byte[] wire = V.get("ipv4-response");
        StunMessage m = StunMessage.parse(wire);
        assertEquals(MessageClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(Method.BINDING, m.method());
        assertEquals(TID, m.transactionId());
        assertEquals(new Software("test vector"), m.attributes().get(0));
        InetSocketAddress expected = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertEquals(expected, m.attribute(XorMappedAddress.class).orElseThrow().address());
        assertTrue(m.verifyIntegrity(SHORT_TERM));
        assertTrue(m.verifyFingerprint());
        // SOFTWARE "test vector" is 11 bytes padded with a space in the RFC; restore and compare.
        byte[] again = m.encode(SHORT_TERM);
        again[20 + 4 + 11] = 0x20;
        assertArrayEquals(wire, resign(again, SHORT_TERM));
    }

    @Test
    void section2_3_ipv6Response() throws Exception {
        byte[] wire = V.get("ipv6-response");
        StunMessage m = StunMessage.parse(wire);
        InetSocketAddress expected = new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertEquals(expected, m.attribute(XorMappedAddress.class).orElseThrow().address());
        assertTrue(m.verifyIntegrity(SHORT_TERM));
        assertTrue(m.verifyFingerprint());
        byte[] again = m.encode(SHORT_TERM);
        again[20 + 4 + 11] = 0x20;
        assertArrayEquals(wire, resign(again, SHORT_TERM));
    }

    @Test
    void section2_4_longTermAuthentication() throws Exception {
        byte[] wire = V.get("long-term-request");
        StunMessage m = StunMessage.parse(wire);
        String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        assertEquals(new Username(username), m.attributes().get(0));
        assertEquals(new Nonce("f//499k954d6OL34oL9FSTvy64sA"), m.attributes().get(1));
        assertEquals(new Realm("example.org"), m.attributes().get(2));
        assertFalse(m.hasFingerprint());
        assertFalse(m.verifyFingerprint());

        assertEquals("TheMatrIX", IntegrityKey.prepare("The\u00ADM\u00AAtr\u2168"));
        IntegrityKey key = IntegrityKey.longTermMd5(username, "example.org", "The\u00ADM\u00AAtr\u2168");
        assertArrayEquals(IntegrityKey.longTermMd5(username, "example.org", "TheMatrIX").toByteArray(), key.toByteArray());
        assertTrue(m.verifyIntegrity(key));
        assertFalse(m.verifyIntegrity(IntegrityKey.longTermMd5(username, "example.org", "thematrix")));
        // All padding in this vector is zero: re-encoding with the key gives the vector byte for byte.
        assertArrayEquals(wire, m.encode(key, Integrity.SHA1, false));
    }

    /**
     * Recomputes MESSAGE-INTEGRITY and FINGERPRINT over {@code wire} as it is (keeping its padding
     * bytes), using only the encoder's public contract: parse keeps nothing of the padding, so this
     * splices the signed tail computed over these exact bytes.
     */
    private static byte[] resign(byte[] wire, IntegrityKey key) throws Exception {
        // Find MESSAGE-INTEGRITY: the last 32 bytes are MI (24) and FINGERPRINT (8).
        int mi = wire.length - 32;
        byte[] out = wire.clone();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.toByteArray(), "HmacSHA1"));
        byte[] prefix = java.util.Arrays.copyOf(out, mi);
        prefix[2] = 0;
        prefix[3] = (byte) (mi + 24 - 20);
        System.arraycopy(mac.doFinal(prefix), 0, out, mi + 4, 20);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out, 0, wire.length - 8);
        int fp = (int) crc.getValue() ^ 0x5354554e;
        out[wire.length - 4] = (byte) (fp >>> 24);
        out[wire.length - 3] = (byte) (fp >>> 16);
        out[wire.length - 2] = (byte) (fp >>> 8);
        out[wire.length - 1] = (byte) fp;
        return out;
    }
}
