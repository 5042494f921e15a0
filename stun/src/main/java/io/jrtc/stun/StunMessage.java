package io.jrtc.stun;

import io.jrtc.core.Bytes;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * A STUN message (RFC 8489 §5): a 20-byte header and a list of attributes, in order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>An RFC 3489 ("classic") message has no magic cookie: its transaction id is the 128 bits from
 * byte 4. Such a message is parsed only when asked ({@link #parse(byte[], int, int, boolean)}); its
 * {@link #transactionId()} is then 16 bytes long and {@link #isClassic()} is true.
 *
 * <p>Instances are immutable. A parsed message keeps a private copy of its bytes when it carries
 * MESSAGE-INTEGRITY(-SHA256), so that {@link #verifyIntegrity(IntegrityKey)} can recompute the HMAC
 * over exactly what was received.
 *
 * <pre>{@code
 * StunMessage request = StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
 *         .randomTransactionId(random)
 *         .add(new Username("remote:local")).add(new Priority(0x6e7f00ff)).add(new IceControlling(tieBreaker))
 *         .build();
 * byte[] wire = request.encode(IntegrityKey.shortTerm(remotePassword));   // + MESSAGE-INTEGRITY + FINGERPRINT
 *
 * StunMessage m = StunMessage.parse(wire, 0, wire.length);                // FINGERPRINT checked here
 * boolean authentic = m.verifyIntegrity(IntegrityKey.shortTerm(localPassword));
 * }</pre>
 */
public final class StunMessage {
    /** The fixed value at bytes 4..7 that tells RFC 5389/8489 STUN apart from RFC 3489 and other protocols. */
    public static final int MAGIC_COOKIE = StunEncoding.MAGIC_COOKIE;
    /** The STUN header: type, length, magic cookie and transaction id, 20 bytes. */
    public static final int HEADER_LENGTH = 20;
    /** What FINGERPRINT XORs the CRC-32 with, "STUN" in ASCII. */
    public static final int FINGERPRINT_XOR = 0x5354554e;
    /** The largest attribute section the 16-bit length field can describe (a multiple of 4). */
    public static final int MAX_ATTRIBUTES_LENGTH = 0xFFFC;
    /**
     * The most attributes a message may carry: {@value}. A 64 KiB message could hold 16,383 empty ones,
     * each a record to build and a type to look up; real messages carry about ten (an ICE check seven,
     * a TURN Allocate with credentials nine). {@link #parse} refuses a message with more with a
     * {@link StunParseException}, so every engine drops and counts it as malformed, the silent discard
     * RFC 8489 §6.3 asks for a message that fails the basic checks; {@link Builder#build()} refuses more
     * than {@value} − 3, leaving room for MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.
     */
    public static final int MAX_ATTRIBUTES = 64;

    private static final int NONE = -1;

    private final MessageClass messageClass;
    private final Method method;
    private final Bytes transactionId;
    private final List<StunAttribute> attributes;
    // Only for parsed messages that carry integrity: their bytes, and where the attributes start.
    private final byte[] raw;
    private final int integrityAt;
    private final int integritySha256At;
    private final boolean fingerprintValid;

    private StunMessage(MessageClass messageClass, Method method, Bytes transactionId, List<StunAttribute> attributes,
                        byte[] raw, int integrityAt, int integritySha256At, boolean fingerprintValid) {
        this.messageClass = messageClass;
        this.method = method;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.raw = raw;
        this.integrityAt = integrityAt;
        this.integritySha256At = integritySha256At;
        this.fingerprintValid = fingerprintValid;
    }

    // =============================== demultiplexing ===============================

    /**
     * A fast check for demultiplexing a datagram (RFC 7983): the first byte is 0..3 (STUN's two zero
     * bits, and a method below 0x100 as every defined method is), there is a whole header, the length
     * is a multiple of 4 and matches, and the magic cookie is there. DTLS (20..63), TURN ChannelData
     * (64..79) and RTP/RTCP (128..191) fail the first test.
     *
     * @param data the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return a fast check for demultiplexing a datagram (RFC 7983): the first byte is 0..3 (STUN's two zero bits,
     *         and a method below 0x100 as every defined method is), there is a whole header, the length is a
     *         multiple of 4 and matches, and the magic cookie is there
     */
    public static boolean isStun(byte[] data, int off, int len) {
        return len >= HEADER_LENGTH
                && (data[off] & 0xFC) == 0
                && StunEncoding.i32(data, off + 4) == MAGIC_COOKIE
                && (data[off + 3] & 3) == 0
                && StunEncoding.u16(data, off + 2) == len - HEADER_LENGTH;
    }

    /**
     * Whether the datagram looks like an RFC 3489 (classic) STUN message: STUN's first two bits and a
     * consistent length, but no magic cookie.
     *
     * @param data the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return whether the datagram looks like an RFC 3489 (classic) STUN message: STUN's first two bits and a
     *         consistent length, but no magic cookie
     */
    public static boolean isClassicStun(byte[] data, int off, int len) {
        return len >= HEADER_LENGTH
                && (data[off] & 0xFC) == 0
                && StunEncoding.i32(data, off + 4) != MAGIC_COOKIE
                && (data[off + 3] & 3) == 0
                && StunEncoding.u16(data, off + 2) == len - HEADER_LENGTH;
    }

    // =============================== parsing ===============================

    /**
     * {@link #parse(byte[], int, int)} of a whole array.
     *
     * @param data the bytes
     * @return {@link #parse(byte[], int, int)} of a whole array
     * @throws StunParseException saying what is wrong and where
     */
    public static StunMessage parse(byte[] data) throws StunParseException {
        return parse(data, 0, data.length, false);
    }

    /**
     * Parses an RFC 5389/8489 message (magic cookie required); a FINGERPRINT, if present, must match.
     *
     * @param data the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return the message
     * @throws StunParseException saying what is wrong and where
     */
    public static StunMessage parse(byte[] data, int off, int len) throws StunParseException {
        return parse(data, off, len, false);
    }

    /**
     * Parses one STUN message of exactly {@code len} bytes at {@code data[off]}. The array is not kept
     * (a parsed message copies what it needs). A FINGERPRINT, if present, is checked here.
     *
     * @param acceptRfc3489 whether a message without the magic cookie is taken as an RFC 3489 message
     *                      (with a 128-bit transaction id) instead of rejected
     * @param data the bytes
     * @param off where the bytes start in the array
     * @param len how many bytes
     * @return the message
     * @throws StunParseException saying what is wrong and where
     */
    public static StunMessage parse(byte[] data, int off, int len, boolean acceptRfc3489) throws StunParseException {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len < HEADER_LENGTH) {
            throw new StunParseException("truncated header: " + len + " bytes, a STUN header is " + HEADER_LENGTH);
        }
        if ((data[off] & 0xC0) != 0) {
            throw new StunParseException(String.format(
                    "not STUN: the first byte is 0x%02x, but the two top bits of a STUN message are 0", data[off] & 0xff));
        }
        int length = StunEncoding.u16(data, off + 2);
        if (length % 4 != 0) {
            throw new StunParseException("message length " + length + " is not a multiple of 4");
        }
        if (HEADER_LENGTH + length != len) {
            throw new StunParseException("message length field says " + length + " bytes of attributes, but "
                    + (len - HEADER_LENGTH) + " bytes follow the header");
        }
        int cookie = StunEncoding.i32(data, off + 4);
        boolean classic = cookie != MAGIC_COOKIE;
        if (classic && !acceptRfc3489) {
            throw new StunParseException(String.format(
                    "wrong magic cookie 0x%08x at offset 4 (expected 0x%08x; an RFC 3489 message?)", cookie, MAGIC_COOKIE));
        }
        int type = StunEncoding.u16(data, off) & 0x3FFF;
        MessageClass cls = Method.classOfMessageType(type);
        Method method = Method.ofMessageType(type);
        Bytes tid = classic ? Bytes.of(data, off + 4, 16) : Bytes.of(data, off + 8, 12);

        List<StunAttribute> attributes = new ArrayList<>(Math.min(length / 4, 16));
        int integrityAt = NONE;
        int integritySha256At = NONE;
        boolean fingerprint = false;
        int end = off + len;
        int p = off + HEADER_LENGTH;
        while (p < end) {
            int at = p - off;
            if (end - p < 4) {
                throw new StunParseException("attribute header at offset " + at + " is truncated");
            }
            int atype = StunEncoding.u16(data, p);
            int alen = StunEncoding.u16(data, p + 2);
            if (alen > end - p - 4) {
                throw new StunParseException("attribute " + AttributeType.name(atype) + " at offset " + at + " has length " + alen
                        + " but runs past the end of the message (" + (end - p - 4) + " bytes left)");
            }
            if (StunEncoding.pad4(alen) > end - p - 4) {
                throw new StunParseException("attribute " + AttributeType.name(atype) + " at offset " + at
                        + ": its padding runs past the end");
            }
            if (fingerprint) {
                throw new StunParseException("attribute " + AttributeType.name(atype) + " at offset " + at
                        + " follows FINGERPRINT, which must be the last attribute");
            }
            if (attributes.size() == MAX_ATTRIBUTES) {
                throw new StunParseException("more than " + MAX_ATTRIBUTES + " attributes (the limit): attribute "
                        + AttributeType.name(atype) + " at offset " + at + " is number " + (MAX_ATTRIBUTES + 1));
            }
            if (integritySha256At != NONE && atype != AttributeType.FINGERPRINT) {
                throw new StunParseException("attribute " + AttributeType.name(atype) + " at offset " + at
                        + " follows MESSAGE-INTEGRITY-SHA256; only FINGERPRINT may");
            }
            if (integrityAt != NONE && atype != AttributeType.FINGERPRINT && atype != AttributeType.MESSAGE_INTEGRITY_SHA256) {
                throw new StunParseException("attribute " + AttributeType.name(atype) + " at offset " + at
                        + " follows MESSAGE-INTEGRITY; only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may");
            }
            StunAttribute a;
            try {
                a = StunAttribute.parse(atype, data, p + 4, alen, data, off + 4);
            } catch (StunParseException e) {
                throw new StunParseException("attribute at offset " + at + ": " + e.getMessage(), e);
            }
            if (atype == AttributeType.MESSAGE_INTEGRITY) {
                integrityAt = at;
            } else if (atype == AttributeType.MESSAGE_INTEGRITY_SHA256) {
                integritySha256At = at;
            } else if (atype == AttributeType.FINGERPRINT) {
                int expected = crc(data, off, at) ^ FINGERPRINT_XOR;
                int got = ((StunAttribute.Fingerprint) a).crc();
                if (expected != got) {
                    throw new StunParseException(String.format(
                            "FINGERPRINT mismatch at offset %d: the message says 0x%08x, its bytes give 0x%08x", at, got, expected));
                }
                fingerprint = true;
            }
            attributes.add(a);
            p += 4 + StunEncoding.pad4(alen);
        }
        byte[] raw = integrityAt != NONE || integritySha256At != NONE ? Arrays.copyOfRange(data, off, end) : null;
        return new StunMessage(cls, method, tid, Collections.unmodifiableList(attributes), raw, integrityAt,
                integritySha256At, fingerprint);
    }

    private static int crc(byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        return (int) crc.getValue();
    }

    // =============================== accessors ===============================

    /** {@return the class: request, indication, success or error response} */
    public MessageClass messageClass() {
        return messageClass;
    }

    /** {@return the method (Binding, Allocate, ...)} */
    public Method method() {
        return method;
    }

    /** {@return 12 bytes (RFC 5389/8489), or 16 for an RFC 3489 message} */
    public Bytes transactionId() {
        return transactionId;
    }

    /** {@return whether this is an RFC 3489 message (no magic cookie, 128-bit transaction id)} */
    public boolean isClassic() {
        return transactionId.length() == 16;
    }

    /** {@return the attributes in wire order (unmodifiable)} */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** {@return whether this is a request} */
    public boolean isRequest() {
        return messageClass == MessageClass.REQUEST;
    }

    /** {@return whether this is an indication} */
    public boolean isIndication() {
        return messageClass == MessageClass.INDICATION;
    }

    /** {@return whether this is a success response} */
    public boolean isSuccessResponse() {
        return messageClass == MessageClass.SUCCESS_RESPONSE;
    }

    /** {@return whether this is an error response} */
    public boolean isErrorResponse() {
        return messageClass == MessageClass.ERROR_RESPONSE;
    }

    /**
     * The first attribute of record type {@code kind}, e.g. {@code m.attribute(XorMappedAddress.class)}.
     *
     * @param kind the attribute record class
     * @param <A> the attribute record type
     * @return the first attribute of record type {@code kind}, e.g. {@code m.attribute(XorMappedAddress.class)}
     */
    public <A extends StunAttribute> Optional<A> attribute(Class<A> kind) {
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return Optional.of(kind.cast(a));
            }
        }
        return Optional.empty();
    }

    /**
     * The first attribute with type number {@code type}, whatever its record.
     *
     * @param type the attribute type
     * @return the first attribute with type number {@code type}, whatever its record
     */
    public Optional<StunAttribute> attribute(int type) {
        for (StunAttribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the message carries an attribute of this type.
     *
     * @param type the attribute type
     * @return whether one is present
     */
    public boolean has(int type) {
        return attribute(type).isPresent();
    }

    /**
     * {@return the comprehension-required attribute types (below 0x8000) this library kept as opaque values: a
     * server must answer a request that has any with a 420 error listing them in UNKNOWN-ATTRIBUTES}
     */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> out = null;
        for (StunAttribute a : attributes) {
            if (a instanceof StunAttribute.Opaque && AttributeType.isComprehensionRequired(a.type())) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                if (!out.contains(a.type())) {
                    out.add(a.type());
                }
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    // =============================== integrity and fingerprint ===============================

    /** {@return whether the message carries MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256} */
    public boolean hasIntegrity() {
        return has(AttributeType.MESSAGE_INTEGRITY) || has(AttributeType.MESSAGE_INTEGRITY_SHA256);
    }

    /**
     * Recomputes the message's MESSAGE-INTEGRITY (HMAC-SHA1) and/or MESSAGE-INTEGRITY-SHA256 with
     * {@code key} over the received bytes up to each attribute, with the header length adjusted to end
     * right after it, and compares in constant time.
     *
     * @param key the integrity key
     * @return true only if the message has at least one integrity attribute and every one matches
     * @throws IllegalStateException on a message that was built, not parsed (encode and parse it first)
     */
    public boolean verifyIntegrity(IntegrityKey key) {
        if (integrityAt == NONE && integritySha256At == NONE) {
            if (hasIntegrity()) {
                throw new IllegalStateException("only a parsed message keeps the bytes its integrity covers");
            }
            return false;
        }
        boolean ok = true;
        if (integrityAt != NONE) {
            ok = check(key, false, integrityAt, 20);
        }
        if (integritySha256At != NONE) {
            int n = StunEncoding.u16(raw, integritySha256At + 2);
            ok &= check(key, true, integritySha256At, n);
        }
        return ok;
    }

    private boolean check(IntegrityKey key, boolean sha256, int at, int n) {
        byte[] computed = new byte[sha256 ? 32 : 20];
        hmac(key, sha256, raw, 0, at, at + 4 + n - HEADER_LENGTH, computed, 0);
        byte[] received = Arrays.copyOfRange(raw, at + 4, at + 4 + n);
        // constant time: the comparison does not stop at the first differing byte
        return MessageDigest.isEqual(n == computed.length ? computed : Arrays.copyOf(computed, n), received);
    }

    /**
     * HMAC over {@code buf[start .. start+prefix)} with the header's length field replaced by
     * {@code length}, into {@code out[outOff..]} (20 or 32 bytes).
     */
    private static void hmac(IntegrityKey key, boolean sha256, byte[] buf, int start, int prefix, int length,
                             byte[] out, int outOff) {
        Mac mac = key.mac(sha256);
        mac.update(buf, start, 2);
        mac.update((byte) (length >>> 8));
        mac.update((byte) length);
        mac.update(buf, start + 4, prefix - 4);
        try {
            mac.doFinal(out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return whether the message ends with a FINGERPRINT (parse has checked it: a parsed message's fingerprint
     * always matches)}
     */
    public boolean hasFingerprint() {
        return has(AttributeType.FINGERPRINT);
    }

    /**
     * {@return true when this parsed message ends with a FINGERPRINT that matched its bytes (checked at parse time,
     * where a mismatch is a parse error); false when it has none or was built rather than parsed}
     */
    public boolean verifyFingerprint() {
        return fingerprintValid;
    }

    // =============================== encoding ===============================

    /** {@return the size of {@link #encode()}: header and every attribute with its padding} */
    public int encodedLength() {
        int n = HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            n += a.encodedLength();
        }
        return n;
    }

    /**
     * {@return the message as it is: header and attributes (including any integrity or fingerprint attributes it
     * holds)}
     */
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    /**
     * Writes {@link #encode()} into {@code dst} at {@code off}; returns the offset after it.
     *
     * @param dst the array to write into
     * @param off where the bytes start in the array
     * @return how many bytes were written
     */
    public int writeTo(byte[] dst, int off) {
        int end = writeHeaderAndAttributes(dst, off, false);
        StunEncoding.putU16(dst, off + 2, end - off - HEADER_LENGTH);
        return end;
    }

    /**
     * Encodes with FINGERPRINT appended (the message's own integrity/fingerprint attributes are left out).
     *
     * @return the message with FINGERPRINT
     */
    public byte[] encodeWithFingerprint() {
        return encode(null, Integrity.SHA1, true);
    }

    /**
     * Encodes with MESSAGE-INTEGRITY (HMAC-SHA1 with {@code key}) and FINGERPRINT appended: a
     * connectivity check or its response, ready to send.
     *
     * @param key the integrity key
     * @return the message, signed when {@code key} is given, with FINGERPRINT
     */
    public byte[] encode(IntegrityKey key) {
        return encode(key, Integrity.SHA1, true);
    }

    /**
     * Encodes the message's attributes, leaving out any MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and
     * FINGERPRINT it holds, then appends a fresh integrity attribute (when {@code key} is not null) and
     * FINGERPRINT (when {@code fingerprint}).
     *
     * <p>MESSAGE-INTEGRITY is the HMAC of everything before it, computed with the header's length
     * already counting the integrity attribute (but not the FINGERPRINT after it). FINGERPRINT is the
     * CRC-32 of everything before it, with the final length, XOR 0x5354554e.
     *
     * @param key the integrity key
     * @param integrity which integrity attribute to add
     * @param fingerprint whether to add FINGERPRINT
     * @return the message
     */
    public byte[] encode(IntegrityKey key, Integrity integrity, boolean fingerprint) {
        int n = HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            if (!isTrailer(a)) {
                n += a.encodedLength();
            }
        }
        int integrityLength = key == null ? 0 : integrity == Integrity.SHA1 ? 20 : 32;
        int total = n + (key == null ? 0 : 4 + integrityLength) + (fingerprint ? 8 : 0);
        if (total - HEADER_LENGTH > MAX_ATTRIBUTES_LENGTH) {
            throw new IllegalStateException("message too long for STUN: " + total + " bytes");
        }
        byte[] out = new byte[total];
        int p = writeHeaderAndAttributes(out, 0, true);
        if (key != null) {
            int length = p + 4 + integrityLength - HEADER_LENGTH;
            StunEncoding.putU16(out, 2, length);
            StunEncoding.putU16(out, p, integrity == Integrity.SHA1 ? AttributeType.MESSAGE_INTEGRITY : AttributeType.MESSAGE_INTEGRITY_SHA256);
            StunEncoding.putU16(out, p + 2, integrityLength);
            hmac(key, integrityLength == 32, out, 0, p, length, out, p + 4);
            p += 4 + integrityLength;
        }
        if (fingerprint) {
            StunEncoding.putU16(out, 2, p + 8 - HEADER_LENGTH);
            int crc = crc(out, 0, p) ^ FINGERPRINT_XOR;
            StunEncoding.putU16(out, p, AttributeType.FINGERPRINT);
            StunEncoding.putU16(out, p + 2, 4);
            StunEncoding.putI32(out, p + 4, crc);
            p += 8;
        }
        StunEncoding.putU16(out, 2, p - HEADER_LENGTH);
        return out;
    }

    private static boolean isTrailer(StunAttribute a) {
        return a instanceof StunAttribute.MessageIntegrity || a instanceof StunAttribute.MessageIntegritySha256
                || a instanceof StunAttribute.Fingerprint;
    }

    /** Writes the header (length left 0) and the attributes; returns the end offset. */
    private int writeHeaderAndAttributes(byte[] dst, int off, boolean skipTrailers) {
        StunEncoding.putU16(dst, off, method.messageType(messageClass));
        StunEncoding.putU16(dst, off + 2, 0);
        if (transactionId.length() == 16) {
            transactionId.copyTo(dst, off + 4);
        } else {
            StunEncoding.putI32(dst, off + 4, MAGIC_COOKIE);
            transactionId.copyTo(dst, off + 8);
        }
        int p = off + HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            if (skipTrailers && isTrailer(a)) {
                continue;
            }
            int len = a.valueLength();
            StunEncoding.putU16(dst, p, a.type());
            StunEncoding.putU16(dst, p + 2, len);
            a.writeValue(dst, p + 4, dst, off + 4);
            int end = p + 4 + len;
            p += 4 + StunEncoding.pad4(len);
            for (int i = end; i < p; i++) {
                dst[i] = 0;
            }
        }
        return p;
    }

    // =============================== building ===============================

    /**
     * A fresh random 96-bit transaction id.
     *
     * @param random where the id comes from
     * @return a fresh random 96-bit transaction id
     */
    public static Bytes newTransactionId(RandomGenerator random) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return Bytes.wrap(id);
    }

    /**
     * Starts a message of this class and method.
     *
     * @param messageClass the class
     * @param method the method
     * @return a builder
     */
    public static Builder builder(MessageClass messageClass, Method method) {
        return new Builder(messageClass, method);
    }

    /**
     * A builder for a response to {@code request}: same method and transaction id.
     *
     * @param request the request
     * @param messageClass the class
     * @return a builder for a response to {@code request}: same method and transaction id
     */
    public static Builder responseTo(StunMessage request, MessageClass messageClass) {
        return new Builder(messageClass, request.method()).transactionId(request.transactionId());
    }

    /**
     * {@return a builder holding this message's class, method, transaction id and attributes, without any
     * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT: to add attributes and sign again (e.g. a TURN
     * request retried with REALM and NONCE gets a new transaction id too)}
     */
    public Builder toBuilder() {
        Builder b = new Builder(messageClass, method).transactionId(transactionId);
        for (StunAttribute a : attributes) {
            if (!isTrailer(a)) {
                b.add(a);
            }
        }
        return b;
    }

    /** Builds a {@link StunMessage}; one use, not thread-safe. */
    public static final class Builder {
        private final MessageClass messageClass;
        private final Method method;
        private Bytes transactionId;
        private final List<StunAttribute> attributes = new ArrayList<>();

        private Builder(MessageClass messageClass, Method method) {
            this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
            this.method = Objects.requireNonNull(method, "method");
        }

        /**
         * 12 bytes, or 16 for an RFC 3489 message.
         *
         * @param id the id
         * @return 12 bytes, or 16 for an RFC 3489 message
         */
        public Builder transactionId(Bytes id) {
            if (id.length() != 12 && id.length() != 16) {
                throw new IllegalArgumentException("a transaction id is 12 bytes (16 for RFC 3489), got " + id.length());
            }
            this.transactionId = id;
            return this;
        }

        /**
         * A fresh random 96-bit transaction id from {@code random} (required: this or {@link #transactionId}).
         *
         * @param random where the id comes from
         * @return this builder
         */
        public Builder randomTransactionId(RandomGenerator random) {
            return transactionId(newTransactionId(random));
        }

        /**
         * Appends an attribute (order is kept on the wire).
         *
         * @param attribute the attribute
         * @return this builder
         */
        public Builder add(StunAttribute attribute) {
            attributes.add(Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        /**
         * Appends attributes, in order.
         *
         * @param list the attributes
         * @return this builder
         */
        public Builder addAll(Collection<? extends StunAttribute> list) {
            for (StunAttribute a : list) {
                add(a);
            }
            return this;
        }

        /**
         * The message, without integrity or fingerprint (those are added by {@link StunMessage#encode(IntegrityKey,
         * Integrity, boolean)}).
         *
         * @return the message
         * @throws IllegalStateException without a transaction id, with more than {@link StunMessage#MAX_ATTRIBUTES}
         *         − 3 attributes, or when they do not fit in a STUN message
         */
        public StunMessage build() {
            if (transactionId == null) {
                throw new IllegalStateException("no transaction id: call transactionId(...) or randomTransactionId(...)");
            }
            List<StunAttribute> list = List.copyOf(attributes);
            if (list.size() > MAX_ATTRIBUTES - 3) {
                throw new IllegalStateException(list.size() + " attributes: a message may carry " + MAX_ATTRIBUTES
                        + " (the limit), with room for MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT at most "
                        + (MAX_ATTRIBUTES - 3) + " more");
            }
            long n = 0;
            for (StunAttribute a : list) {
                n += a.encodedLength();
            }
            if (n > MAX_ATTRIBUTES_LENGTH) {
                throw new IllegalStateException("attributes take " + n + " bytes, more than a STUN message holds");
            }
            return new StunMessage(messageClass, method, transactionId, list, null, NONE, NONE, false);
        }
    }

    // =============================== value semantics ===============================

    /** Equal when class, method, transaction id and attributes (in order) are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StunMessage m && messageClass == m.messageClass && method.equals(m.method)
                && transactionId.equals(m.transactionId) && attributes.equals(m.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageClass, method, transactionId, attributes);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(method.name()).append(' ').append(messageClass).append(" tid=").append(transactionId.hex());
        if (isClassic()) {
            s.append(" (RFC 3489)");
        }
        for (StunAttribute a : attributes) {
            s.append("\n  ").append(a);
        }
        return s.toString();
    }
}
