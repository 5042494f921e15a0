package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.core.Hex;
import io.jrtc.stun.StunAttribute.*;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Message framing, type bits, demultiplexing, ordering rules, keys, ChannelData and the bad-input list. */
class StunMessageTest {
    private static final Bytes TID = Bytes.fromHex("0102030405060708090a0b0c");

    private static StunMessage.Builder binding() {
        return StunMessage.builder(MessageClass.REQUEST, Method.BINDING).transactionId(TID);
    }

    private static StunParseException parseFails(byte[] data) {
        return assertThrows(StunParseException.class, () -> StunMessage.parse(data, 0, data.length));
    }

    // ------------------------------------------------------------------ header

    @Test
    void messageTypesInterleaveClassAndMethodBits() {
        assertEquals(0x0001, Method.BINDING.messageType(MessageClass.REQUEST));
        assertEquals(0x0011, Method.BINDING.messageType(MessageClass.INDICATION));
        assertEquals(0x0101, Method.BINDING.messageType(MessageClass.SUCCESS_RESPONSE));
        assertEquals(0x0111, Method.BINDING.messageType(MessageClass.ERROR_RESPONSE));
        assertEquals(0x0003, Method.ALLOCATE.messageType(MessageClass.REQUEST));
        assertEquals(0x0113, Method.ALLOCATE.messageType(MessageClass.ERROR_RESPONSE));
        assertEquals(0x0004, Method.REFRESH.messageType(MessageClass.REQUEST));
        assertEquals(0x0016, Method.SEND.messageType(MessageClass.INDICATION));
        assertEquals(0x0017, Method.DATA.messageType(MessageClass.INDICATION));
        assertEquals(0x0008, Method.CREATE_PERMISSION.messageType(MessageClass.REQUEST));
        assertEquals(0x0109, Method.CHANNEL_BIND.messageType(MessageClass.SUCCESS_RESPONSE));
        assertEquals(0x3FFF, new Method(0xFFF).messageType(MessageClass.ERROR_RESPONSE));
        for (int type = 0; type < 0x4000; type++) {
            Method m = Method.ofMessageType(type);
            MessageClass c = Method.classOfMessageType(type);
            assertEquals(type, m.messageType(c));
        }
        assertSame(Method.CHANNEL_BIND, Method.ofMessageType(0x0109));
        assertEquals("CreatePermission", Method.CREATE_PERMISSION.name());
    }

    @Test
    void encodesHeaderAndPadding() throws Exception {
        byte[] wire = binding().add(new Username("abcde")).add(UseCandidate.INSTANCE).build().encode();
        assertEquals("0001" + "0010" + "2112a442" + TID.hex()
                + "0006" + "0005" + "6162636465" + "000000"
                + "0025" + "0000", Hex.encode(wire));
        assertEquals(wire.length, binding().add(new Username("abcde")).add(UseCandidate.INSTANCE).build().encodedLength());
        byte[] into = new byte[wire.length + 7];
        assertEquals(3 + wire.length, binding().add(new Username("abcde")).add(UseCandidate.INSTANCE).build().writeTo(into, 3));
        StunMessage m = StunMessage.parse(into, 3, wire.length);
        assertEquals("abcde", m.attribute(Username.class).orElseThrow().value());
        assertTrue(m.attribute(UseCandidate.class).isPresent());
        assertTrue(m.isRequest());
        assertFalse(m.hasIntegrity());
        assertFalse(m.verifyIntegrity(IntegrityKey.of(new byte[] {1})));
    }

    @Test
    void isStunDemultiplexesByFirstByteAndCookie() {
        byte[] stun = binding().build().encode();
        assertTrue(StunMessage.isStun(stun, 0, stun.length));
        assertFalse(StunMessage.isStun(stun, 0, 19));
        for (int first : new int[] {20, 22, 63, 64, 79, 128, 191}) { // DTLS, TURN channel, RTP/RTCP
            byte[] other = stun.clone();
            other[0] = (byte) first;
            assertFalse(StunMessage.isStun(other, 0, other.length), "first byte " + first);
        }
        byte[] noCookie = stun.clone();
        noCookie[4] = 0;
        assertFalse(StunMessage.isStun(noCookie, 0, noCookie.length));
        assertTrue(StunMessage.isClassicStun(noCookie, 0, noCookie.length));
        // in the middle of a bigger buffer
        byte[] big = new byte[stun.length + 10];
        System.arraycopy(stun, 0, big, 5, stun.length);
        assertTrue(StunMessage.isStun(big, 5, stun.length));
    }

    @Test
    void classicRfc3489MessagesAreRecognisedOnRequest() throws Exception {
        // An RFC 3489 Binding request: no magic cookie, a 128-bit transaction id.
        byte[] classic = Hex.decode("0001 0000 00112233445566778899aabbccddeeff");
        StunParseException e = parseFails(classic);
        assertTrue(e.getMessage().contains("RFC 3489"), e.getMessage());
        StunMessage m = StunMessage.parse(classic, 0, classic.length, true);
        assertTrue(m.isClassic());
        assertEquals(Bytes.fromHex("00112233445566778899aabbccddeeff"), m.transactionId());
        assertArrayEquals(classic, m.encode());
    }

    // ------------------------------------------------------------------ the bad-input list of the issue

    @Test
    void truncatedHeader() {
        byte[] wire = binding().build().encode();
        for (int n = 0; n < 20; n++) {
            byte[] cut = java.util.Arrays.copyOf(wire, n);
            assertTrue(parseFails(cut).getMessage().contains("truncated header: " + n + " bytes"));
        }
    }

    @Test
    void lengthNotAMultipleOfFour() {
        byte[] wire = binding().add(new Software("x")).build().encode();
        wire[3] = 6;
        assertEquals("message length 6 is not a multiple of 4", parseFails(wire).getMessage());
    }

    @Test
    void lengthFieldDisagreeingWithTheDatagram() {
        byte[] wire = binding().add(new Software("x")).build().encode();
        wire[3] = 12;
        assertTrue(parseFails(wire).getMessage().contains("message length field says 12 bytes of attributes, but 8"));
    }

    @Test
    void attributeRunningPastTheEnd() {
        byte[] wire = binding().add(new Software("abcd")).build().encode();
        wire[23] = 40; // SOFTWARE claims 40 bytes, 4 are there
        String msg = parseFails(wire).getMessage();
        assertTrue(msg.contains("SOFTWARE at offset 20 has length 40 but runs past the end"), msg);
    }

    @Test
    void wrongMagicCookie() {
        byte[] wire = binding().build().encode();
        wire[7] = 0x43;
        assertTrue(parseFails(wire).getMessage().startsWith("wrong magic cookie 0x2112a443 at offset 4"));
    }

    @Test
    void fingerprintMismatch() {
        byte[] wire = binding().add(new Software("abc")).build().encodeWithFingerprint();
        wire[25] ^= 0x20; // "abc" -> "aBc"
        String msg = parseFails(wire).getMessage();
        assertTrue(msg.startsWith("FINGERPRINT mismatch at offset 28"), msg);
    }

    @Test
    void sixtyFourKibOfGarbage() {
        byte[] garbage = new byte[65536];
        new SplittableRandom(64).nextBytes(garbage);
        assertFalse(parseFails(garbage).getMessage().isBlank());
        garbage[0] = 0; // passes the first-bit test: now the length is wrong
        assertTrue(parseFails(garbage).getMessage().contains("bytes follow the header")
                || parseFails(garbage).getMessage().contains("multiple of 4"));
        byte[] zeros = new byte[65536];
        assertEquals("message length field says 0 bytes of attributes, but 65516 bytes follow the header",
                parseFails(zeros).getMessage());
    }

    @Test
    void badAttributeValuesSayWhichAttribute() {
        byte[] wire = binding().add(new XorMappedAddress(new InetSocketAddress("192.0.2.1", 1))).build().encode();
        wire[25] = 7; // family 7
        String msg = parseFails(wire).getMessage();
        assertTrue(msg.contains("offset 20") && msg.contains("XOR-MAPPED-ADDRESS has unknown address family 0x7"), msg);
        byte[] pri = binding().add(new Priority(1)).build().encode();
        pri[23] = 0; // PRIORITY with no value
        pri[3] = 4;
        byte[] shortPriority = java.util.Arrays.copyOf(pri, 24);
        assertTrue(parseFails(shortPriority).getMessage().contains("PRIORITY value is 0 bytes, must be 4"));
        byte[] err = StunMessage.builder(MessageClass.ERROR_RESPONSE, Method.BINDING).transactionId(TID)
                .add(new ErrorCode(400, "x")).build().encode();
        err[26] = 2; // class 2
        assertTrue(parseFails(err).getMessage().contains("class must be 3..6"));
    }

    // ------------------------------------------------------------------ attribute order after integrity

    @Test
    void onlyFingerprintOrSha256MayFollowMessageIntegrity() throws Exception {
        IntegrityKey key = IntegrityKey.shortTerm("pw");
        byte[] signed = binding().add(new Username("a:b")).build().encode(key, Integrity.SHA1, false);
        // append PRIORITY after MESSAGE-INTEGRITY
        byte[] tampered = java.util.Arrays.copyOf(signed, signed.length + 8);
        System.arraycopy(Hex.decode("00240004 00000001"), 0, tampered, signed.length, 8);
        tampered[3] = (byte) (tampered.length - 20);
        String msg = parseFails(tampered).getMessage();
        assertTrue(msg.contains("PRIORITY at offset " + signed.length + " follows MESSAGE-INTEGRITY"), msg);

        // FINGERPRINT after FINGERPRINT
        byte[] fp = binding().build().encodeWithFingerprint();
        byte[] twice = java.util.Arrays.copyOf(fp, fp.length + 8);
        twice[3] = 16; // the first FINGERPRINT must be right for the length that counts both
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(twice, 0, 20);
        int value = (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR;
        for (int at : new int[] {20, 28}) {
            System.arraycopy(Hex.decode("80280004"), 0, twice, at, 4);
            twice[at + 4] = (byte) (value >>> 24);
            twice[at + 5] = (byte) (value >>> 16);
            twice[at + 6] = (byte) (value >>> 8);
            twice[at + 7] = (byte) value;
        }
        assertTrue(parseFails(twice).getMessage().contains("follows FINGERPRINT"));

        // both integrity attributes, then FINGERPRINT: allowed, and each verifies
        StunMessage both = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).transactionId(TID)
                .add(new Username("a:b")).build();
        byte[] sha1 = both.encode(key, Integrity.SHA1, false);
        StunMessage withSha1 = StunMessage.parse(sha1);
        byte[] bothWire = withSha1.encode(key, Integrity.SHA256, true); // drops MI, adds MI-SHA256
        StunMessage back = StunMessage.parse(bothWire);
        assertTrue(back.verifyIntegrity(key));
        assertTrue(back.has(AttributeType.MESSAGE_INTEGRITY_SHA256));
        assertFalse(back.has(AttributeType.MESSAGE_INTEGRITY));
    }

    @Test
    void integritySha256WithLongTermSha256Key() throws Exception {
        IntegrityKey key = IntegrityKey.longTerm(PasswordAlgorithm.SHA256, "user", "realm", "pass");
        assertEquals(32, key.length());
        assertEquals(16, IntegrityKey.longTerm(PasswordAlgorithm.MD5, "user", "realm", "pass").length());
        StunMessage m = StunMessage.builder(MessageClass.REQUEST, Method.ALLOCATE).transactionId(TID)
                .add(new Username("user")).add(new Realm("realm")).add(new Nonce("n"))
                .add(new PasswordAlgorithm(PasswordAlgorithm.SHA256))
                .add(new RequestedTransport(RequestedTransport.UDP)).build();
        byte[] wire = m.encode(key, Integrity.SHA256, true);
        StunMessage back = StunMessage.parse(wire);
        assertTrue(back.verifyIntegrity(key));
        assertFalse(back.verifyIntegrity(IntegrityKey.longTermSha256("user", "realm", "Pass")));
        assertEquals(32, back.attribute(MessageIntegritySha256.class).orElseThrow().hmac().length());
    }

    @Test
    void builtMessagesCannotBeVerifiedWithoutBytes() {
        StunMessage m = binding().add(new MessageIntegrity(Bytes.wrap(new byte[20]))).build();
        assertThrows(IllegalStateException.class, () -> m.verifyIntegrity(IntegrityKey.of(new byte[] {1})));
        assertThrows(IllegalStateException.class, () -> StunMessage.builder(MessageClass.REQUEST, Method.BINDING).build());
    }

    // ------------------------------------------------------------------ unknown and opaque attributes

    @Test
    void unknownAttributesAreKeptByteForByte() throws Exception {
        // GOOG-NETWORK-INFO (network id 1, cost 10), an unknown comprehension-required type, and an
        // unknown optional type with an odd length: all opaque, all re-encoded exactly.
        byte[] wire = Hex.decode("0001 001c 2112a442 0102030405060708090a0b0c"
                + "c057 0004 0001 000a"
                + "7777 0003 aabbcc 00"
                + "8123 0005 0102030405 000000");
        StunMessage m = StunMessage.parse(wire);
        assertEquals(List.of(new Opaque(0xC057, Bytes.fromHex("0001000a")), new Opaque(0x7777, Bytes.fromHex("aabbcc")),
                new Opaque(0x8123, Bytes.fromHex("0102030405"))), m.attributes());
        assertEquals(List.of(0x7777), m.unknownComprehensionRequired());
        assertArrayEquals(wire, m.encode());
        assertEquals("GOOG-NETWORK-INFO", m.attributes().get(0).typeName());
    }

    @Test
    void passwordAlgorithmsListsRoundTrip() throws Exception {
        PasswordAlgorithms algorithms = new PasswordAlgorithms(List.of(new PasswordAlgorithm(PasswordAlgorithm.SHA256),
                new PasswordAlgorithm(7, Bytes.fromHex("010203")), new PasswordAlgorithm(PasswordAlgorithm.MD5)));
        byte[] wire = binding().add(algorithms).build().encode();
        assertEquals("8002" + "0010" + "00020000" + "00070003" + "01020300" + "00010000",
                Hex.encode(wire, 20, wire.length - 20));
        assertEquals(algorithms, StunMessage.parse(wire).attributes().get(0));
    }

    @Test
    void valuesOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode(299, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Priority(-1));
        assertThrows(IllegalArgumentException.class, () -> new Priority(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new MessageIntegrity(Bytes.wrap(new byte[19])));
        assertThrows(IllegalArgumentException.class, () -> new MessageIntegritySha256(Bytes.wrap(new byte[18])));
        assertThrows(IllegalArgumentException.class, () -> new Method(0x1000));
        assertThrows(IllegalArgumentException.class, () -> new XorMappedAddress(InetSocketAddress.createUnresolved("example.org", 1)));
        assertThrows(IllegalArgumentException.class, () -> binding().transactionId(Bytes.wrap(new byte[11])));
    }

    // ------------------------------------------------------------------ ChannelData

    @Test
    void channelDataFramingAndPadding() throws Exception {
        ChannelData c = new ChannelData(0x4001, Bytes.fromHex("0102030405"));
        assertEquals("40010005" + "0102030405", Hex.encode(c.encode()));
        assertEquals("40010005" + "0102030405" + "000000", Hex.encode(c.encode(true)));
        assertEquals(c, ChannelData.parse(c.encode()));
        assertEquals(c, ChannelData.parse(c.encode(true)));

        assertTrue(assertThrows(StunParseException.class, () -> ChannelData.parse(Hex.decode("4001")))
                .getMessage().contains("truncated ChannelData header"));
        assertTrue(assertThrows(StunParseException.class, () -> ChannelData.parse(Hex.decode("50000000")))
                .getMessage().contains("0x5000 is outside 0x4000..0x4FFF"));
        assertTrue(assertThrows(StunParseException.class, () -> ChannelData.parse(Hex.decode("40000008 01020304")))
                .getMessage().contains("runs past the end"));
        assertTrue(assertThrows(StunParseException.class, () -> ChannelData.parse(Hex.decode("40000001 01000000 00")))
                .getMessage().contains("at most 3 bytes of padding"));
        assertThrows(IllegalArgumentException.class, () -> new ChannelData(0x3FFF, Bytes.EMPTY));
    }

    @Test
    void userHashAndToBuilder() throws Exception {
        UserHash h = UserHash.of("user", "example.org");
        assertEquals(Bytes.wrap(java.security.MessageDigest.getInstance("SHA-256")
                .digest("user:example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8))), h.hash());
        IntegrityKey key = IntegrityKey.shortTerm("pw");
        StunMessage signed = StunMessage.parse(binding().add(new Software("s")).build().encode(key));
        StunMessage rebuilt = signed.toBuilder().add(new Nonce("n")).build();
        assertEquals(List.of(new Software("s"), new Nonce("n")), rebuilt.attributes());
        assertEquals(signed.transactionId(), rebuilt.transactionId());
        assertTrue(StunMessage.parse(rebuilt.encode(key)).verifyIntegrity(key));
    }

    // ------------------------------------------------------------------ the attribute limit (issue 17)

    /** A Binding request carrying {@code n} empty comprehension-optional attributes (type 0xC0FF), 4 bytes each. */
    static byte[] requestWithAttributes(int n) {
        byte[] d = new byte[StunMessage.HEADER_LENGTH + 4 * n];
        d[1] = 0x01;
        d[2] = (byte) ((4 * n) >>> 8);
        d[3] = (byte) (4 * n);
        d[4] = 0x21;
        d[5] = 0x12;
        d[6] = (byte) 0xA4;
        d[7] = 0x42;
        System.arraycopy(TID.toByteArray(), 0, d, 8, 12);
        for (int i = 0; i < n; i++) {
            d[20 + 4 * i] = (byte) 0xC0;
            d[21 + 4 * i] = (byte) 0xFF;
        }
        return d;
    }

    @Test
    void aMessageMayCarry64AttributesAnd65AreRefused() throws Exception {
        assertEquals(64, StunMessage.MAX_ATTRIBUTES);
        byte[] atLimit = requestWithAttributes(64);
        assertEquals(64, StunMessage.parse(atLimit).attributes().size());
        byte[] over = requestWithAttributes(65);
        assertEquals("more than 64 attributes (the limit): attribute 0xc0ff at offset 276 is number 65",
                parseFails(over).getMessage());
        // the largest message the length field allows: 16,383 attributes, refused at the 65th
        assertTrue(parseFails(requestWithAttributes(16_383)).getMessage().startsWith("more than 64 attributes"));
    }

    @Test
    void theBuilderLeavesRoomForIntegrityAndFingerprint() throws Exception {
        StunMessage.Builder b = binding();
        for (int i = 0; i < StunMessage.MAX_ATTRIBUTES - 3; i++) {
            b.add(new Opaque(0xC0FF, Bytes.EMPTY));
        }
        StunMessage m = b.build();
        byte[] signed = m.encode(IntegrityKey.shortTerm("pwd"), Integrity.SHA1, true);
        StunMessage parsed = StunMessage.parse(signed);
        assertEquals(63, parsed.attributes().size());
        assertTrue(parsed.verifyIntegrity(IntegrityKey.shortTerm("pwd")));
        b.add(new Opaque(0xC0FF, Bytes.EMPTY));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().startsWith("62 attributes: a message may carry 64"), e.getMessage());
    }
}
