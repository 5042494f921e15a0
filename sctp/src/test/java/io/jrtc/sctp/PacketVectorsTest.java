package io.jrtc.sctp;

import io.jrtc.core.Hex;
import org.junit.jupiter.api.Test;

import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacketVectorsTest {

    /** RFC 3720 §B.4: the CRC32c of 32 zero bytes is 0x8a9136aa (the polynomial RFC 9260 App. A uses). */
    @Test
    void crc32cMatchesRfc3720Vector() {
        CRC32C c = new CRC32C();
        c.update(new byte[32]);
        assertEquals(0x8a9136aaL, c.getValue());
        CRC32C d = new CRC32C();
        byte[] ff = new byte[32];
        java.util.Arrays.fill(ff, (byte) 0xff);
        d.update(ff);
        assertEquals(0x62a8ab43L, d.getValue());
    }

    /** The RFC 3720 §B.4 vectors, in the byte order the RFC prints (and SCTP sends) them. */
    @Test
    void crc32cVectorsFromResource() {
        java.util.Map<String, byte[]> v = io.jrtc.testkit.TestVectors.named(PacketVectorsTest.class, "crc32c-rfc3720.txt");
        for (String name : new String[] {"zeros", "ones", "incrementing", "decrementing"}) {
            CRC32C c = new CRC32C();
            c.update(v.get(name));
            long crc = c.getValue();
            byte[] lsbFirst = {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24)};
            org.junit.jupiter.api.Assertions.assertArrayEquals(v.get(name + ".crc"), lsbFirst, name);
        }
    }

    @Test
    void cookieAckPacketLayout() throws Exception {
        SctpPacket p = new SctpPacket(5000, 5000, 0x01020304L, java.util.List.of(new Chunk.CookieAck()));
        byte[] wire = p.encode();
        assertEquals("13881388" + "01020304", Hex.encode(wire, 0, 8));
        assertEquals("0b000004", Hex.encode(wire, 12, 4));
        long crc = SctpPacket.crc32c(wire, wire.length);
        assertEquals(crc & 0xff, wire[8] & 0xff, "checksum stored least significant byte first");
        assertInstanceOf(Chunk.CookieAck.class, SctpPacket.parse(wire).chunks().get(0));
        wire[13] ^= 1;
        assertThrows(SctpParseException.class, () -> SctpPacket.parse(wire));
    }

    @Test
    void dataChunkLayout() throws Exception {
        Chunk.Data d = new Chunk.Data(false, true, true, true, 0xabcdef01L, 2, 7, 51, io.jrtc.core.Bytes.of((byte) 'h', (byte) 'i'));
        byte[] b = new byte[20];
        assertEquals(20, d.writeTo(b, 0));
        assertEquals("0007" + "0012" + "abcdef01" + "0002" + "0007" + "00000033" + "6869" + "0000", Hex.encode(b));
    }
}
