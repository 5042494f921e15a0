package io.jrtc.stun;

import io.jrtc.core.Bytes;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A STUN attribute as a value: one record per attribute this library understands, and {@link Opaque}
 * for everything else (kept and re-encoded byte for byte).
 *
 * <p>On the wire every attribute is a type-length-value, its value padded to a multiple of 4 bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Length counts the value only, not the padding. Use the records directly, e.g.
 * {@code new StunAttribute.Username("ufragB:ufragA")}, or {@code import io.jrtc.stun.StunAttribute.*}.
 */
public sealed interface StunAttribute {

    /** {@return the 16-bit attribute type (see {@link AttributeType})} */
    int type();

    /** {@return the length of the value in bytes, without padding} */
    int valueLength();

    /**
     * Writes the value (without padding) at {@code dst[off]}. XOR address attributes XOR with the 16
     * bytes at {@code header[headerOff..]}: the magic cookie followed by the transaction id, which is
     * where a message header keeps them (offset 4 of the message).
     *
     * @param dst the array to write into
     * @param off where the bytes start in the array
     * @param header the message the attribute is in (the XOR attributes need its transaction id)
     * @param headerOff where that message starts
     */
    void writeValue(byte[] dst, int off, byte[] header, int headerOff);

    /**
     * Type, length, value and padding: the bytes this attribute takes in a message.
     *
     * @return the attribute's size on the wire: header, value and padding
     */
    default int encodedLength() {
        return 4 + StunEncoding.pad4(valueLength());
    }

    /** {@return the registry name of the type, e.g. {@code XOR-MAPPED-ADDRESS}} */
    default String typeName() {
        return AttributeType.name(type());
    }

    /**
     * Parses the value of an attribute of type {@code type}, {@code len} bytes at {@code b[off]}
     * (padding excluded). {@code header[headerOff..headerOff+16]} holds the message's magic cookie and
     * transaction id for XOR addresses.
     *
     * @param type the attribute type
     * @param b the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @param header the message the attribute is in (the XOR attributes need its transaction id)
     * @param headerOff where that message starts
     * @return the attribute
     * @throws StunParseException saying what is wrong and where
     */
    static StunAttribute parse(int type, byte[] b, int off, int len, byte[] header, int headerOff)
            throws StunParseException {
        switch (type) {
            case AttributeType.MAPPED_ADDRESS:
                return new MappedAddress(StunEncoding.readAddress(b, off, len, false, header, headerOff, "MAPPED-ADDRESS"));
            case AttributeType.XOR_MAPPED_ADDRESS:
                return new XorMappedAddress(StunEncoding.readAddress(b, off, len, true, header, headerOff, "XOR-MAPPED-ADDRESS"));
            case AttributeType.ALTERNATE_SERVER:
                return new AlternateServer(StunEncoding.readAddress(b, off, len, false, header, headerOff, "ALTERNATE-SERVER"));
            case AttributeType.XOR_PEER_ADDRESS:
                return new XorPeerAddress(StunEncoding.readAddress(b, off, len, true, header, headerOff, "XOR-PEER-ADDRESS"));
            case AttributeType.XOR_RELAYED_ADDRESS:
                return new XorRelayedAddress(StunEncoding.readAddress(b, off, len, true, header, headerOff, "XOR-RELAYED-ADDRESS"));
            case AttributeType.USERNAME:
                return new Username(StunEncoding.utf8(b, off, len));
            case AttributeType.REALM:
                return new Realm(StunEncoding.utf8(b, off, len));
            case AttributeType.NONCE:
                return new Nonce(StunEncoding.utf8(b, off, len));
            case AttributeType.SOFTWARE:
                return new Software(StunEncoding.utf8(b, off, len));
            case AttributeType.ALTERNATE_DOMAIN:
                return new AlternateDomain(StunEncoding.utf8(b, off, len));
            case AttributeType.USERHASH:
                expectLength("USERHASH", len, 32);
                return new UserHash(Bytes.of(b, off, len));
            case AttributeType.MESSAGE_INTEGRITY:
                expectLength("MESSAGE-INTEGRITY", len, 20);
                return new MessageIntegrity(Bytes.of(b, off, len));
            case AttributeType.MESSAGE_INTEGRITY_SHA256:
                if (len < 16 || len > 32 || len % 4 != 0) {
                    throw new StunParseException("MESSAGE-INTEGRITY-SHA256 value is " + len
                            + " bytes; it must be 16 to 32 bytes, a multiple of 4");
                }
                return new MessageIntegritySha256(Bytes.of(b, off, len));
            case AttributeType.FINGERPRINT:
                expectLength("FINGERPRINT", len, 4);
                return new Fingerprint(StunEncoding.i32(b, off));
            case AttributeType.ERROR_CODE: {
                if (len < 4) {
                    throw new StunParseException("ERROR-CODE value is " + len + " bytes, needs at least 4");
                }
                int cls = b[off + 2] & 0x07;
                int number = b[off + 3] & 0xff;
                if (cls < 3 || cls > 6 || number > 99) {
                    throw new StunParseException("ERROR-CODE has class " + cls + " and number " + number
                            + "; the class must be 3..6 and the number 0..99");
                }
                return new ErrorCode(cls * 100 + number, StunEncoding.utf8(b, off + 4, len - 4));
            }
            case AttributeType.UNKNOWN_ATTRIBUTES: {
                if (len % 2 != 0) {
                    throw new StunParseException("UNKNOWN-ATTRIBUTES value is " + len + " bytes, not a list of 16-bit types");
                }
                List<Integer> types = new ArrayList<>(len / 2);
                for (int i = 0; i < len; i += 2) {
                    types.add(StunEncoding.u16(b, off + i));
                }
                return new UnknownAttributes(types);
            }
            case AttributeType.PASSWORD_ALGORITHM: {
                PasswordAlgorithm a = readAlgorithm(b, off, len, "PASSWORD-ALGORITHM");
                if (4 + a.parameters().length() != len) {
                    throw new StunParseException("PASSWORD-ALGORITHM value is " + len
                            + " bytes but its parameters say " + (4 + a.parameters().length()));
                }
                return a;
            }
            case AttributeType.PASSWORD_ALGORITHMS: {
                List<PasswordAlgorithm> list = new ArrayList<>();
                int p = 0;
                while (p < len) {
                    PasswordAlgorithm a = readAlgorithm(b, off + p, len - p, "PASSWORD-ALGORITHMS entry " + list.size());
                    list.add(a);
                    p += 4 + StunEncoding.pad4(a.parameters().length());
                }
                if (p != len) {
                    throw new StunParseException("PASSWORD-ALGORITHMS: last entry's padding runs past the value ("
                            + p + " > " + len + " bytes)");
                }
                return new PasswordAlgorithms(list);
            }
            case AttributeType.PRIORITY:
                expectLength("PRIORITY", len, 4);
                return new Priority(StunEncoding.u32(b, off));
            case AttributeType.USE_CANDIDATE:
                expectLength("USE-CANDIDATE", len, 0);
                return UseCandidate.INSTANCE;
            case AttributeType.ICE_CONTROLLED:
                expectLength("ICE-CONTROLLED", len, 8);
                return new IceControlled(StunEncoding.i64(b, off));
            case AttributeType.ICE_CONTROLLING:
                expectLength("ICE-CONTROLLING", len, 8);
                return new IceControlling(StunEncoding.i64(b, off));
            case AttributeType.CHANNEL_NUMBER:
                expectLength("CHANNEL-NUMBER", len, 4);
                return new ChannelNumber(StunEncoding.u16(b, off));
            case AttributeType.LIFETIME:
                expectLength("LIFETIME", len, 4);
                return new Lifetime(StunEncoding.u32(b, off));
            case AttributeType.DATA:
                return new Data(Bytes.of(b, off, len));
            case AttributeType.REQUESTED_ADDRESS_FAMILY:
                expectLength("REQUESTED-ADDRESS-FAMILY", len, 4);
                return new RequestedAddressFamily(StunEncoding.u8(b, off));
            case AttributeType.EVEN_PORT:
                expectLength("EVEN-PORT", len, 1);
                return new EvenPort((b[off] & 0x80) != 0);
            case AttributeType.REQUESTED_TRANSPORT:
                expectLength("REQUESTED-TRANSPORT", len, 4);
                return new RequestedTransport(StunEncoding.u8(b, off));
            case AttributeType.DONT_FRAGMENT:
                expectLength("DONT-FRAGMENT", len, 0);
                return DontFragment.INSTANCE;
            case AttributeType.RESERVATION_TOKEN:
                expectLength("RESERVATION-TOKEN", len, 8);
                return new ReservationToken(Bytes.of(b, off, len));
            default:
                return new Opaque(type, Bytes.of(b, off, len));
        }
    }

    private static void expectLength(String name, int len, int expected) throws StunParseException {
        if (len != expected) {
            throw new StunParseException(name + " value is " + len + " bytes, must be " + expected);
        }
    }

    private static PasswordAlgorithm readAlgorithm(byte[] b, int off, int len, String name) throws StunParseException {
        if (len < 4) {
            throw new StunParseException(name + ": " + len + " bytes left, an algorithm needs at least 4");
        }
        int algorithm = StunEncoding.u16(b, off);
        int paramLength = StunEncoding.u16(b, off + 2);
        if (paramLength > len - 4) {
            throw new StunParseException(name + ": parameters of " + paramLength + " bytes run past the value ("
                    + (len - 4) + " bytes left)");
        }
        return new PasswordAlgorithm(algorithm, Bytes.of(b, off + 4, paramLength));
    }

    private static int checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " must fit in 16 bits: " + v);
        }
        return v;
    }

    private static long checkU32(long v, String what) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " must fit in 32 bits unsigned: " + v);
        }
        return v;
    }

    private static String checkText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.length() > 0xFFFF / 3 && StunEncoding.utf8Length(s) > 0xFFFF - 20 - 4) {
            throw new IllegalArgumentException(what + " is too long for a STUN message");
        }
        return s;
    }

    private static Bytes checkBytes(Bytes b, String what, int min, int max) {
        Objects.requireNonNull(b, what);
        if (b.length() < min || b.length() > max) {
            throw new IllegalArgumentException(what + " must be " + (min == max ? min : min + ".." + max)
                    + " bytes, got " + b.length());
        }
        return b;
    }

    // =============================== addresses ===============================

    /**
     * MAPPED-ADDRESS (0x0001): the client's reflexive transport address, in the clear. Only RFC 3489
     * servers send it; NATs that rewrite addresses in payloads broke it, hence XOR-MAPPED-ADDRESS.
     *
     * <pre>
     * |0 0 0 0 0 0 0 0|    Family     |           Port                |
     * |                 Address (32 bits or 128 bits)                 |
     * </pre>
     *
     * @param address the reflexive address
     */
    record MappedAddress(InetSocketAddress address) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param address the reflexive address
         */
        public MappedAddress {
            StunEncoding.checkAddress(address, "MAPPED-ADDRESS");
        }

        @Override public int type() { return AttributeType.MAPPED_ADDRESS; }
        @Override public int valueLength() { return StunEncoding.addressLength(address); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeAddress(address, false, dst, off, header, headerOff);
        }
    }

    /**
     * XOR-MAPPED-ADDRESS (0x0020): the client's reflexive transport address as the server saw it, with
     * the port XORed with the cookie's top 16 bits and the address with the cookie (IPv4) or the cookie
     * and transaction id (IPv6).
     *
     * @param address the reflexive address (in the clear; XORed on the wire)
     */
    record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param address the reflexive address (in the clear; XORed on the wire)
         */
        public XorMappedAddress {
            StunEncoding.checkAddress(address, "XOR-MAPPED-ADDRESS");
        }

        @Override public int type() { return AttributeType.XOR_MAPPED_ADDRESS; }
        @Override public int valueLength() { return StunEncoding.addressLength(address); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeAddress(address, true, dst, off, header, headerOff);
        }
    }

    /**
     * ALTERNATE-SERVER (0x8023): with a 300 (Try Alternate) error, the server the client should use instead.
     *
     * @param address the alternate server's address
     */
    record AlternateServer(InetSocketAddress address) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param address the alternate server's address
         */
        public AlternateServer {
            StunEncoding.checkAddress(address, "ALTERNATE-SERVER");
        }

        @Override public int type() { return AttributeType.ALTERNATE_SERVER; }
        @Override public int valueLength() { return StunEncoding.addressLength(address); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeAddress(address, false, dst, off, header, headerOff);
        }
    }

    /**
     * XOR-PEER-ADDRESS (0x0012, TURN): the peer's address as the TURN server sees it, XORed like XOR-MAPPED-ADDRESS.
     *
     * @param address the peer's address (in the clear)
     */
    record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param address the peer's address (in the clear)
         */
        public XorPeerAddress {
            StunEncoding.checkAddress(address, "XOR-PEER-ADDRESS");
        }

        @Override public int type() { return AttributeType.XOR_PEER_ADDRESS; }
        @Override public int valueLength() { return StunEncoding.addressLength(address); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeAddress(address, true, dst, off, header, headerOff);
        }
    }

    /**
     * XOR-RELAYED-ADDRESS (0x0016, TURN): the relayed transport address the server allocated.
     *
     * @param address the relayed address (in the clear)
     */
    record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param address the relayed address (in the clear)
         */
        public XorRelayedAddress {
            StunEncoding.checkAddress(address, "XOR-RELAYED-ADDRESS");
        }

        @Override public int type() { return AttributeType.XOR_RELAYED_ADDRESS; }
        @Override public int valueLength() { return StunEncoding.addressLength(address); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeAddress(address, true, dst, off, header, headerOff);
        }
    }

    // =============================== text ===============================

    /**
     * USERNAME (0x0006): who is asking; in ICE {@code remoteUfrag:localUfrag}; UTF-8, under 509 bytes.
     *
     * @param value the user name (ICE: remoteUfrag:localUfrag)
     */
    record Username(String value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the user name (ICE: remoteUfrag:localUfrag)
         */
        public Username {
            checkText(value, "USERNAME");
        }

        @Override public int type() { return AttributeType.USERNAME; }
        @Override public int valueLength() { return StunEncoding.utf8Length(value); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeUtf8(value, dst, off);
        }
    }

    /**
     * REALM (0x0014): the long-term credential realm; its presence in a request means long-term credentials.
     *
     * @param value the realm
     */
    record Realm(String value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the realm
         */
        public Realm {
            checkText(value, "REALM");
        }

        @Override public int type() { return AttributeType.REALM; }
        @Override public int valueLength() { return StunEncoding.utf8Length(value); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeUtf8(value, dst, off);
        }
    }

    /**
     * NONCE (0x0015): a server-chosen value the client echoes, against replays (long-term credentials).
     *
     * @param value the nonce
     */
    record Nonce(String value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the nonce
         */
        public Nonce {
            checkText(value, "NONCE");
        }

        @Override public int type() { return AttributeType.NONCE; }
        @Override public int valueLength() { return StunEncoding.utf8Length(value); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeUtf8(value, dst, off);
        }
    }

    /**
     * SOFTWARE (0x8022): a description of the software that sent the message, for diagnostics.
     *
     * @param value the software's name and version
     */
    record Software(String value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the software's name and version
         */
        public Software {
            checkText(value, "SOFTWARE");
        }

        @Override public int type() { return AttributeType.SOFTWARE; }
        @Override public int valueLength() { return StunEncoding.utf8Length(value); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeUtf8(value, dst, off);
        }
    }

    /**
     * ALTERNATE-DOMAIN (0x8003): with ALTERNATE-SERVER over TLS, the domain name to verify the alternate against.
     *
     * @param value the domain name
     */
    record AlternateDomain(String value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the domain name
         */
        public AlternateDomain {
            checkText(value, "ALTERNATE-DOMAIN");
        }

        @Override public int type() { return AttributeType.ALTERNATE_DOMAIN; }
        @Override public int valueLength() { return StunEncoding.utf8Length(value); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.writeUtf8(value, dst, off);
        }
    }

    // =============================== authentication ===============================

    /**
     * USERHASH (0x001E): SHA-256(username ":" realm), sent instead of USERNAME for username anonymity.
     *
     * @param hash SHA-256 of username ":" realm, 32 bytes
     */
    record UserHash(Bytes hash) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param hash SHA-256 of username ":" realm, 32 bytes
         */
        public UserHash {
            checkBytes(hash, "USERHASH", 32, 32);
        }

        /**
         * USERHASH for {@code username} in {@code realm}: SHA-256(OpaqueString(username) ":" OpaqueString(realm)).
         *
         * @param username the user name
         * @param realm the realm (from the server's 401)
         * @return the attribute
         */
        public static UserHash of(String username, String realm) {
            String input = IntegrityKey.prepare(username) + ":" + IntegrityKey.prepare(realm);
            try {
                return new UserHash(Bytes.wrap(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(input.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the JDK", e);
            }
        }

        @Override public int type() { return AttributeType.USERHASH; }
        @Override public int valueLength() { return 32; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            hash.copyTo(dst, off);
        }
    }

    /**
     * MESSAGE-INTEGRITY (0x0008): HMAC-SHA1 (20 bytes) over the message up to this attribute, with the
     * header's length set as if the message ended right after it. See {@link StunMessage#verifyIntegrity}.
     *
     * @param hmac the 20-byte HMAC-SHA1
     */
    record MessageIntegrity(Bytes hmac) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param hmac the 20-byte HMAC-SHA1
         */
        public MessageIntegrity {
            checkBytes(hmac, "MESSAGE-INTEGRITY", 20, 20);
        }

        @Override public int type() { return AttributeType.MESSAGE_INTEGRITY; }
        @Override public int valueLength() { return 20; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            hmac.copyTo(dst, off);
        }
    }

    /**
     * MESSAGE-INTEGRITY-SHA256 (0x001C): HMAC-SHA256, possibly truncated to 16..32 bytes (a multiple of 4).
     *
     * @param hmac the HMAC-SHA256, 16..32 bytes
     */
    record MessageIntegritySha256(Bytes hmac) implements StunAttribute {
        /**
         * Checks the components.
         *
         * @param hmac the HMAC-SHA256, 16..32 bytes
         */
        public MessageIntegritySha256 {
            checkBytes(hmac, "MESSAGE-INTEGRITY-SHA256", 16, 32);
            if (hmac.length() % 4 != 0) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY-SHA256 must be a multiple of 4 bytes");
            }
        }

        @Override public int type() { return AttributeType.MESSAGE_INTEGRITY_SHA256; }
        @Override public int valueLength() { return hmac.length(); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            hmac.copyTo(dst, off);
        }
    }

    /** FINGERPRINT (0x8028): CRC-32 of the message up to this attribute, XOR 0x5354554e; always last. */
    record Fingerprint(int crc) implements StunAttribute {
        @Override public int type() { return AttributeType.FINGERPRINT; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putI32(dst, off, crc);
        }

        @Override
        public String toString() {
            return String.format("Fingerprint[crc=0x%08x]", crc);
        }
    }

    /**
     * ERROR-CODE (0x0009): in error responses, a code 300..699 and a reason phrase.
     *
     * <pre>
     * |           Reserved, should be 0         |Class|     Number    |
     * |      Reason Phrase (variable)                                ..
     * </pre>
     *
     * @param code   the error code, 300..699
     * @param reason the reason phrase (UTF-8, at most 127 characters)
     */
    record ErrorCode(int code, String reason) implements StunAttribute {
        /** Error code 300 (Try Alternate). */
        public static final int TRY_ALTERNATE = 300;
        /** Error code 400 (Bad Request). */
        public static final int BAD_REQUEST = 400;
        /** Error code 401 (Unauthenticated). */
        public static final int UNAUTHENTICATED = 401;
        /** Error code 403 (Forbidden). */
        public static final int FORBIDDEN = 403;
        /** Error code 420 (Unknown Attribute). */
        public static final int UNKNOWN_ATTRIBUTE = 420;
        /** Error code 437 (Allocation Mismatch). */
        public static final int ALLOCATION_MISMATCH = 437;
        /** Error code 438 (Stale Nonce). */
        public static final int STALE_NONCE = 438;
        /** Error code 440 (Address Family not Supported). */
        public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
        /** Error code 441 (Wrong Credentials). */
        public static final int WRONG_CREDENTIALS = 441;
        /** Error code 442 (Unsupported Transport Protocol). */
        public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
        /** Error code 443 (Peer Address Family Mismatch). */
        public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
        /** Error code 486 (Allocation Quota Reached). */
        public static final int ALLOCATION_QUOTA_REACHED = 486;
        /** Error code 487 (Role Conflict). */
        public static final int ROLE_CONFLICT = 487;
        /** Error code 500 (Server Error). */
        public static final int SERVER_ERROR = 500;
        /** Error code 508 (Insufficient Capacity). */
        public static final int INSUFFICIENT_CAPACITY = 508;

        /**
         * Checks the components.
         *
         * @param code the error code, 300..699
         * @param reason the reason phrase (UTF-8, at most 127 characters)
         */
        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("a STUN error code is 300..699: " + code);
            }
            checkText(reason, "ERROR-CODE reason");
        }

        @Override public int type() { return AttributeType.ERROR_CODE; }
        @Override public int valueLength() { return 4 + StunEncoding.utf8Length(reason); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            dst[off] = 0;
            dst[off + 1] = 0;
            dst[off + 2] = (byte) (code / 100);
            dst[off + 3] = (byte) (code % 100);
            StunEncoding.writeUtf8(reason, dst, off + 4);
        }
    }

    /**
     * UNKNOWN-ATTRIBUTES (0x000A): with a 420 error, the comprehension-required types the server did not understand.
     *
     * @param types the attribute types not understood
     */
    record UnknownAttributes(List<Integer> types) implements StunAttribute {
        /**
         * Checks the components and keeps unmodifiable copies of the collections.
         *
         * @param types the attribute types not understood
         */
        public UnknownAttributes {
            types = List.copyOf(types);
            for (int t : types) {
                checkU16(t, "attribute type");
            }
            if (types.size() * 2 > 0xFFFF - 24) {
                throw new IllegalArgumentException("too many types for one attribute");
            }
        }

        @Override public int type() { return AttributeType.UNKNOWN_ATTRIBUTES; }
        @Override public int valueLength() { return 2 * types.size(); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            for (int t : types) {
                StunEncoding.putU16(dst, off, t);
                off += 2;
            }
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("UnknownAttributes[");
            for (int i = 0; i < types.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(AttributeType.name(types.get(i)));
            }
            return s.append(']').toString();
        }
    }

    /**
     * PASSWORD-ALGORITHM (0x001D): the algorithm the client chose for its long-term key (1 = MD5,
     * 2 = SHA-256) with its parameters (none for both). Also an entry of {@link PasswordAlgorithms}.
     *
     * <pre>
     * |          Algorithm            |  Algorithm Parameters Length  |
     * |                    Algorithm Parameters (variable)           ...
     * </pre>
     *
     * @param algorithm  the algorithm (1 MD5, 2 SHA-256)
     * @param parameters its parameters (none for MD5 and SHA-256)
     */
    record PasswordAlgorithm(int algorithm, Bytes parameters) implements StunAttribute {
        /** PASSWORD-ALGORITHM MD5 (0x0001). */
        public static final int MD5 = 0x0001;
        /** PASSWORD-ALGORITHM SHA-256 (0x0002). */
        public static final int SHA256 = 0x0002;

        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param algorithm the algorithm (1 MD5, 2 SHA-256)
         * @param parameters its parameters (none for MD5 and SHA-256)
         */
        public PasswordAlgorithm {
            checkU16(algorithm, "algorithm");
            checkBytes(parameters, "algorithm parameters", 0, 0xFFFF - 32);
        }

        /**
         * An algorithm without parameters (MD5 and SHA-256 have none).
         *
         * @param algorithm the algorithm number (1 MD5, 2 SHA-256)
         */
        public PasswordAlgorithm(int algorithm) {
            this(algorithm, Bytes.EMPTY);
        }

        @Override public int type() { return AttributeType.PASSWORD_ALGORITHM; }
        @Override public int valueLength() { return 4 + parameters.length(); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putU16(dst, off, algorithm);
            StunEncoding.putU16(dst, off + 2, parameters.length());
            parameters.copyTo(dst, off + 4);
        }

        /** This entry's size inside PASSWORD-ALGORITHMS, parameters padded to 4. */
        int entryLength() {
            return 4 + StunEncoding.pad4(parameters.length());
        }
    }

    /**
     * PASSWORD-ALGORITHMS (0x8002): the algorithms a server offers, in order of preference.
     *
     * @param algorithms the algorithms offered, in order of preference
     */
    record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
        /**
         * Checks the components and keeps unmodifiable copies of the collections.
         *
         * @param algorithms the algorithms offered, in order of preference
         */
        public PasswordAlgorithms {
            algorithms = List.copyOf(algorithms);
            long total = 0;
            for (PasswordAlgorithm a : algorithms) {
                total += a.entryLength();
            }
            if (total > 0xFFFF - 24) {
                throw new IllegalArgumentException("PASSWORD-ALGORITHMS too long: " + total + " bytes");
            }
        }

        @Override public int type() { return AttributeType.PASSWORD_ALGORITHMS; }
        @Override public int valueLength() {
            int n = 0;
            for (PasswordAlgorithm a : algorithms) {
                n += a.entryLength();
            }
            return n;
        }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            for (PasswordAlgorithm a : algorithms) {
                a.writeValue(dst, off, header, headerOff);
                int end = off + a.valueLength();
                off += a.entryLength();
                for (int i = end; i < off; i++) {
                    dst[i] = 0;
                }
            }
        }
    }

    // =============================== ICE (RFC 8445) ===============================

    /**
     * PRIORITY (0x0024, ICE): the priority the peer-reflexive candidate learned from this check would get.
     *
     * @param priority the priority a peer-reflexive candidate learned from this check gets
     */
    record Priority(long priority) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param priority the priority a peer-reflexive candidate learned from this check gets
         */
        public Priority {
            checkU32(priority, "PRIORITY");
        }

        @Override public int type() { return AttributeType.PRIORITY; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putI32(dst, off, (int) priority);
        }
    }

    /** USE-CANDIDATE (0x0025, ICE): the controlling agent nominates the pair this check runs on. No value. */
    record UseCandidate() implements StunAttribute {
        /** The one value of this attribute (it has no content). */
        public static final UseCandidate INSTANCE = new UseCandidate();

        @Override public int type() { return AttributeType.USE_CANDIDATE; }
        @Override public int valueLength() { return 0; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
        }
    }

    /** ICE-CONTROLLED (0x8029, ICE): the sender thinks it is controlled; a 64-bit tie-breaker for role conflicts. */
    record IceControlled(long tieBreaker) implements StunAttribute {
        @Override public int type() { return AttributeType.ICE_CONTROLLED; }
        @Override public int valueLength() { return 8; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putI64(dst, off, tieBreaker);
        }
    }

    /** ICE-CONTROLLING (0x802A, ICE): the sender thinks it is controlling; a 64-bit tie-breaker. */
    record IceControlling(long tieBreaker) implements StunAttribute {
        @Override public int type() { return AttributeType.ICE_CONTROLLING; }
        @Override public int valueLength() { return 8; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putI64(dst, off, tieBreaker);
        }
    }

    // =============================== TURN (RFC 8656) ===============================

    /**
     * CHANNEL-NUMBER (0x000C, TURN): the channel (0x4000..0x4FFF) a ChannelBind binds; 16 bits then 16 reserved.
     *
     * @param channel the channel number (0x4000..0x4FFF)
     */
    record ChannelNumber(int channel) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param channel the channel number (0x4000..0x4FFF)
         */
        public ChannelNumber {
            checkU16(channel, "CHANNEL-NUMBER");
        }

        @Override public int type() { return AttributeType.CHANNEL_NUMBER; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putU16(dst, off, channel);
            dst[off + 2] = 0;
            dst[off + 3] = 0;
        }
    }

    /**
     * LIFETIME (0x000D, TURN): seconds until the allocation expires unless refreshed; 0 deletes it.
     *
     * @param seconds the lifetime in seconds
     */
    record Lifetime(long seconds) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param seconds the lifetime in seconds
         */
        public Lifetime {
            checkU32(seconds, "LIFETIME");
        }

        @Override public int type() { return AttributeType.LIFETIME; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            StunEncoding.putI32(dst, off, (int) seconds);
        }
    }

    /**
     * DATA (0x0013, TURN): the application payload of a Send or Data indication.
     *
     * @param value the payload
     */
    record Data(Bytes value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param value the payload
         */
        public Data {
            checkBytes(value, "DATA", 0, 0xFFFF - 24);
        }

        @Override public int type() { return AttributeType.DATA; }
        @Override public int valueLength() { return value.length(); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            value.copyTo(dst, off);
        }
    }

    /**
     * REQUESTED-ADDRESS-FAMILY (0x0017, TURN): the family (1 IPv4, 2 IPv6) of the relayed address wanted.
     *
     * @param family the family (0x01 IPv4, 0x02 IPv6)
     */
    record RequestedAddressFamily(int family) implements StunAttribute {
        /** Address family IPv4 (0x01). */
        public static final int IPV4 = 0x01;
        /** Address family IPv6 (0x02). */
        public static final int IPV6 = 0x02;

        /**
         * Checks the components.
         *
         * @param family the family (0x01 IPv4, 0x02 IPv6)
         */
        public RequestedAddressFamily {
            if (family < 0 || family > 0xFF) {
                throw new IllegalArgumentException("address family is 8 bits: " + family);
            }
        }

        @Override public int type() { return AttributeType.REQUESTED_ADDRESS_FAMILY; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            dst[off] = (byte) family;
            dst[off + 1] = 0;
            dst[off + 2] = 0;
            dst[off + 3] = 0;
        }
    }

    /** EVEN-PORT (0x0018, TURN): ask for an even relayed port, and with R set to reserve the next one too. */
    record EvenPort(boolean reserveNext) implements StunAttribute {
        @Override public int type() { return AttributeType.EVEN_PORT; }
        @Override public int valueLength() { return 1; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            dst[off] = (byte) (reserveNext ? 0x80 : 0);
        }
    }

    /**
     * REQUESTED-TRANSPORT (0x0019, TURN): the relay's transport protocol number (17 = UDP); then 24 reserved bits.
     *
     * @param protocol the protocol number (17 UDP)
     */
    record RequestedTransport(int protocol) implements StunAttribute {
        /** REQUESTED-TRANSPORT protocol number of UDP (17). */
        public static final int UDP = 17;
        /** REQUESTED-TRANSPORT protocol number of TCP (6). */
        public static final int TCP = 6;

        /**
         * Checks the components.
         *
         * @param protocol the protocol number (17 UDP)
         */
        public RequestedTransport {
            if (protocol < 0 || protocol > 0xFF) {
                throw new IllegalArgumentException("protocol number is 8 bits: " + protocol);
            }
        }

        @Override public int type() { return AttributeType.REQUESTED_TRANSPORT; }
        @Override public int valueLength() { return 4; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            dst[off] = (byte) protocol;
            dst[off + 1] = 0;
            dst[off + 2] = 0;
            dst[off + 3] = 0;
        }
    }

    /** DONT-FRAGMENT (0x001A, TURN): the relay should set DF on datagrams to the peer. No value. */
    record DontFragment() implements StunAttribute {
        /** The one value of this attribute (it has no content). */
        public static final DontFragment INSTANCE = new DontFragment();

        @Override public int type() { return AttributeType.DONT_FRAGMENT; }
        @Override public int valueLength() { return 0; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
        }
    }

    /**
     * RESERVATION-TOKEN (0x0022, TURN): 8 bytes naming a relayed port the server reserved (see EVEN-PORT).
     *
     * @param token the 8-byte token
     */
    record ReservationToken(Bytes token) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param token the 8-byte token
         */
        public ReservationToken {
            checkBytes(token, "RESERVATION-TOKEN", 8, 8);
        }

        @Override public int type() { return AttributeType.RESERVATION_TOKEN; }
        @Override public int valueLength() { return 8; }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            token.copyTo(dst, off);
        }
    }

    // =============================== anything else ===============================

    /**
     * An attribute kept as its type and raw value: every type this library does not model (including
     * Chrome's GOOG-NETWORK-INFO and friends, RESPONSE-ORIGIN, OTHER-ADDRESS). Re-encoded byte for byte.
     *
     * @param type  the attribute type
     * @param value its value, byte for byte
     */
    record Opaque(int type, Bytes value) implements StunAttribute {
        /**
         * Checks the components (they must fit their wire encoding).
         *
         * @param type the attribute type
         * @param value its value, byte for byte
         */
        public Opaque {
            checkU16(type, "attribute type");
            checkBytes(value, "attribute value", 0, 0xFFFF - 24);
        }

        @Override public int valueLength() { return value.length(); }
        @Override public void writeValue(byte[] dst, int off, byte[] header, int headerOff) {
            value.copyTo(dst, off);
        }

        @Override
        public String toString() {
            return "Opaque[" + AttributeType.name(type) + ", " + value + "]";
        }
    }
}
