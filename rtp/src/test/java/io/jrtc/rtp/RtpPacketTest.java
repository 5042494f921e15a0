package io.jrtc.rtp;

import io.jrtc.core.Bytes;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RtpPacketTest {
    private final Map<String, byte[]> v = TestVectors.named(RtpPacketTest.class, "rfc8285.txt");

    @Test
    void rfc8285OneByteLayout() throws Exception {
        RtpPacket p = RtpPacket.parse(v.get("one_byte"));
        assertTrue(p.extension().isOneByte());
        List<ExtensionElement> e = p.extension().elements();
        assertEquals(List.of(new ExtensionElement(1, Bytes.fromHex("aa")), new ExtensionElement(2, Bytes.fromHex("bbbb")),
                new ExtensionElement(3, Bytes.fromHex("cccccccc"))), e);
        assertEquals(Bytes.fromHex("dead"), p.payload());
        assertArrayEquals(v.get("one_byte"), p.encode());
        RtpView view = new RtpView().wrap(v.get("one_byte"), 0, v.get("one_byte").length);
        int at = view.findExtension(2);
        assertEquals(2, view.lastExtensionLength());
        assertEquals((byte) 0xbb, view.buffer()[at]);
        assertEquals(-1, view.findExtension(4));
    }

    @Test
    void rfc8285TwoByteLayout() throws Exception {
        RtpPacket p = RtpPacket.parse(v.get("two_byte"));
        assertTrue(p.extension().isTwoByte());
        assertEquals(List.of(new ExtensionElement(1, Bytes.EMPTY), new ExtensionElement(2, Bytes.fromHex("aa")),
                new ExtensionElement(3, Bytes.fromHex("bbbbbbbb"))), p.extension().elements());
        // re-encoding the same elements (two-byte form forced by the empty element) gives the same elements
        ExtensionBlock again = ExtensionBlock.of(p.extension().elements());
        assertTrue(again.isTwoByte());
        assertEquals(p.extension().elements(), again.elements());
        assertEquals(3, new RtpView().wrap(v.get("two_byte"), 0, v.get("two_byte").length).findExtension(2) > 0 ? 3 : 0);
    }

    @Test
    void typedExtensionsThroughRegistry() throws Exception {
        ExtensionRegistry reg = ExtensionRegistry.webrtcDefaults();
        List<ExtensionValue> values = List.of(new ExtensionValue.AudioLevel(true, 42), new ExtensionValue.AbsSendTime(0x123456),
                new ExtensionValue.TransportSequence(65000), new ExtensionValue.Mid("audio0"), new ExtensionValue.RtpStreamId("hi"),
                new ExtensionValue.RepairedRtpStreamId("lo"), new ExtensionValue.TransmissionOffset(-5),
                new ExtensionValue.VideoOrientation(true, false, 270), new ExtensionValue.PlayoutDelay(10, 4095));
        ExtensionBlock ext = reg.encode(values);
        assertTrue(ext.isOneByte());
        RtpPacket p = RtpPacket.of(true, 111, 7, 1000, 42, Bytes.fromHex("01")).withExtension(ext);
        RtpPacket back = RtpPacket.parse(p.encode());
        assertEquals(values, reg.decode(back.extension()));
        assertEquals(new ExtensionValue.Mid("audio0"), reg.find(back.extension(), ExtensionValue.MID).orElseThrow());
        // an id with no mapping is kept as Unknown
        ExtensionBlock withUnknown = ExtensionBlock.of(List.of(new ExtensionElement(14, Bytes.fromHex("0102"))));
        assertEquals(List.of(new ExtensionValue.Unknown("id:14", Bytes.fromHex("0102"))), reg.decode(withUnknown));
    }

    @Test
    void viewRewritesInPlace() throws Exception {
        RtpPacket p = new RtpPacket(false, 96, 65535, 0xfffffff0L, 0xdeadbeefL, List.of(1L, 2L), null, Bytes.fromHex("0102030405"), 3);
        byte[] b = p.encode();
        RtpView view = new RtpView().wrap(b, 0, b.length);
        assertEquals(65535, view.sequenceNumber());
        assertEquals(5, view.payloadLength());
        assertEquals(12 + 8, view.headerLength());
        view.setSequenceNumber(12);
        view.setTimestamp(77);
        view.setSsrc(0x01020304L);
        view.setPayloadType(100);
        view.setMarker(true);
        RtpPacket q = RtpPacket.parse(b);
        assertEquals(new RtpPacket(true, 100, 12, 77, 0x01020304L, List.of(1L, 2L), null, Bytes.fromHex("0102030405"), 3), q);
    }

    @Test
    void rejectsBadHeaders() {
        assertThrows(RtpParseException.class, () -> RtpPacket.parse(Bytes.fromHex("80600001000000000000").toByteArray()));
        assertThrows(RtpParseException.class, () -> RtpPacket.parse(Bytes.fromHex("406000010000000000000001").toByteArray()));
        assertThrows(RtpParseException.class, () -> RtpPacket.parse(Bytes.fromHex("a06000010000000000000001ff").toByteArray()));
        assertThrows(RtpParseException.class, () -> RtpPacket.parse(Bytes.fromHex("906000010000000000000001bede0009").toByteArray()));
    }

    /** Found by the mutation property: a one-byte element header with ID 0 but a length (0x05). */
    @Test
    void oneByteElementWithReservedIdZeroIsSkippedWithItsData() throws Exception {
        // 0x05 = ID 0, 6 bytes of data; then ID 3 with 2 bytes (0x31); then padding
        byte[] ext = {0x05, 1, 2, 3, 4, 5, 6, 0x31, (byte) 0xaa, (byte) 0xbb, 0, 0};
        ExtensionBlock h = new ExtensionBlock(ExtensionBlock.ONE_BYTE_PROFILE, Bytes.wrap(ext));
        assertEquals(List.of(new ExtensionElement(3, Bytes.wrap(new byte[] {(byte) 0xaa, (byte) 0xbb}))), h.elements());
        byte[] packet = RtpPacket.of(false, 96, 1, 2, 3, Bytes.wrap(new byte[] {9})).withExtension(h).encode();
        RtpView v = new RtpView().wrap(packet, 0, packet.length);
        assertEquals(2, v.findExtension(3) >= 0 ? v.lastExtensionLength() : -1);
        assertEquals(-1, v.findExtension(0));
    }
}
