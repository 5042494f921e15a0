package io.jrtc.sctp;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parameter in INIT, INIT-ACK or RE-CONFIG chunks (RFC 9260 §3.2.1, RFC 6525 §4, RFC 3758, RFC 5061,
 * RFC 9653). Every parameter is a TLV padded to four bytes:
 *
 * <pre>
 * +-------------------------------+-------------------------------+
 * |        Parameter Type         |       Parameter Length        |
 * +-------------------------------+-------------------------------+
 * /                       Parameter Value                         /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The two upper bits of an unknown type say what a receiver does with it (skip or stop, report or not).
 */
public sealed interface Param {
    /** State Cookie (RFC 9260 §3.3.3.1). */
    int STATE_COOKIE = 7;
    /** Outgoing SSN Reset Request (RFC 6525 §4.1). */
    int OUTGOING_SSN_RESET = 13;
    /** Incoming SSN Reset Request (RFC 6525 §4.2). */
    int INCOMING_SSN_RESET = 14;
    /** SSN/TSN Reset Request (RFC 6525 §4.3). */
    int SSN_TSN_RESET = 15;
    /** Re-configuration Response (RFC 6525 §4.4). */
    int RECONFIG_RESPONSE = 16;
    /** Add Outgoing Streams Request (RFC 6525 §4.5). */
    int ADD_OUTGOING_STREAMS = 17;
    /** Add Incoming Streams Request (RFC 6525 §4.6). */
    int ADD_INCOMING_STREAMS = 18;
    /** Zero Checksum Acceptable (RFC 9653 §5.1). */
    int ZERO_CHECKSUM_ACCEPTABLE = 0x8001;
    /** Supported Extensions (RFC 5061 §4.2.7). */
    int SUPPORTED_EXTENSIONS = 0x8008;
    /** Forward-TSN-Supported (RFC 3758 §3.1). */
    int FORWARD_TSN_SUPPORTED = 0xC000;

    /** The types this codec parses into their own records. */
    Set<Integer> KNOWN = Set.of(STATE_COOKIE, OUTGOING_SSN_RESET, INCOMING_SSN_RESET, SSN_TSN_RESET,
            RECONFIG_RESPONSE, ADD_OUTGOING_STREAMS, ADD_INCOMING_STREAMS, ZERO_CHECKSUM_ACCEPTABLE,
            SUPPORTED_EXTENSIONS, FORWARD_TSN_SUPPORTED);

    /** {@return the parameter type, 16 bits} */
    int type();

    /** {@return the length of the value, without the four-byte header and without padding} */
    int valueLength();

    /**
     * Writes the value (everything after the four-byte header, without padding).
     *
     * @param b   the buffer, with {@link #valueLength()} bytes free at {@code off}
     * @param off where the value starts
     */
    void writeValue(byte[] b, int off);

    /** The state cookie of an INIT-ACK, echoed back in COOKIE-ECHO. */
    record StateCookie(Bytes cookie) implements Param {
        public int type() { return STATE_COOKIE; }
        public int valueLength() { return cookie.length(); }
        public void writeValue(byte[] b, int off) { cookie.copyTo(b, off); }
    }

    /** RFC 5061 §4.2.7: the chunk types the sender supports beyond RFC 9260 (one byte each). */
    record SupportedExtensions(Bytes chunkTypes) implements Param {
        public int type() { return SUPPORTED_EXTENSIONS; }
        public int valueLength() { return chunkTypes.length(); }
        public void writeValue(byte[] b, int off) { chunkTypes.copyTo(b, off); }

        /**
         * Whether the sender listed this chunk type.
         *
         * @param chunkType a chunk type ({@link Chunk#I_DATA}, ...)
         * @return whether it is supported
         */
        public boolean supports(int chunkType) {
            for (int i = 0; i < chunkTypes.length(); i++) {
                if ((chunkTypes.get(i) & 0xff) == chunkType) return true;
            }
            return false;
        }
    }

    /** RFC 3758 §3.1: the sender understands FORWARD-TSN. */
    record ForwardTsnSupported() implements Param {
        public int type() { return FORWARD_TSN_SUPPORTED; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] b, int off) { }
    }

    /** RFC 9653: the sender accepts packets with a zero checksum when the given method (1 = DTLS) protects them. */
    record ZeroChecksumAcceptable(long errorDetectionMethod) implements Param {
        /** The error detection method of SCTP over DTLS (RFC 9653 §8). */
        public static final long SCTP_OVER_DTLS = 1;
        /**
         * Checks that every value fits its field.
         *
         * @param errorDetectionMethod the Error Detection Method Identifier ({@link #SCTP_OVER_DTLS})
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public ZeroChecksumAcceptable { Wire.checkU32(errorDetectionMethod, "EDMID"); }
        public int type() { return ZERO_CHECKSUM_ACCEPTABLE; }
        public int valueLength() { return 4; }
        public void writeValue(byte[] b, int off) { Wire.put32(b, off, errorDetectionMethod); }
    }

    /** RFC 6525 §4.1: reset these outgoing streams of the sender after its TSN {@code lastTsn}. */
    record OutgoingSsnReset(long requestSeq, long responseSeq, long lastTsn, List<Integer> streams) implements Param {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param requestSeq the re-configuration request sequence number (32 bits)
         * @param responseSeq the re-configuration response sequence number (32 bits)
         * @param lastTsn the sender's last assigned TSN (32 bits)
         * @param streams the streams to reset, none for all (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public OutgoingSsnReset {
            Wire.checkU32(requestSeq, "request sequence");
            Wire.checkU32(responseSeq, "response sequence");
            Wire.checkU32(lastTsn, "last TSN");
            streams = List.copyOf(streams);
            streams.forEach(s -> Wire.checkU16(s, "stream"));
        }
        public int type() { return OUTGOING_SSN_RESET; }
        public int valueLength() { return 12 + 2 * streams.size(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, requestSeq);
            Wire.put32(b, off + 4, responseSeq);
            Wire.put32(b, off + 8, lastTsn);
            for (int i = 0; i < streams.size(); i++) Wire.put16(b, off + 12 + 2 * i, streams.get(i));
        }
    }

    /** RFC 6525 §4.2: asks the peer to reset its outgoing streams (our incoming ones). */
    record IncomingSsnReset(long requestSeq, List<Integer> streams) implements Param {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param requestSeq the re-configuration request sequence number (32 bits)
         * @param streams the streams to reset, none for all (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public IncomingSsnReset {
            Wire.checkU32(requestSeq, "request sequence");
            streams = List.copyOf(streams);
            streams.forEach(s -> Wire.checkU16(s, "stream"));
        }
        public int type() { return INCOMING_SSN_RESET; }
        public int valueLength() { return 4 + 2 * streams.size(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, requestSeq);
            for (int i = 0; i < streams.size(); i++) Wire.put16(b, off + 4 + 2 * i, streams.get(i));
        }
    }

    /** RFC 6525 §4.3: reset every stream and the TSN. */
    record SsnTsnReset(long requestSeq) implements Param {
        /**
         * Checks that every value fits its field.
         *
         * @param requestSeq the re-configuration request sequence number (32 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public SsnTsnReset { Wire.checkU32(requestSeq, "request sequence"); }
        public int type() { return SSN_TSN_RESET; }
        public int valueLength() { return 4; }
        public void writeValue(byte[] b, int off) { Wire.put32(b, off, requestSeq); }
    }

    /**
     * RFC 6525 §4.4: the answer to a request. Results: 0 success nothing to do, 1 success performed,
     * 2 denied, 3 error wrong SSN, 4 error request already in progress, 5 error bad sequence number,
     * 6 in progress.
     */
    record ReconfigResponse(long responseSeq, long result, boolean hasTsns, long senderNextTsn,
                            long receiverNextTsn) implements Param {
        /** Result 0: success, nothing to do. */
        public static final long SUCCESS_NOTHING_TO_DO = 0;
        /** Result 1: success, performed. */
        public static final long SUCCESS_PERFORMED = 1;
        /** Result 2: denied. */
        public static final long DENIED = 2;
        /** Result 5: error, bad sequence number. */
        public static final long ERROR_BAD_SEQUENCE = 5;
        /** Result 6: in progress. */
        public static final long IN_PROGRESS = 6;

        /**
         * Checks that every value fits its field.
         *
         * @param responseSeq the re-configuration response sequence number (32 bits)
         * @param result the result code (32 bits)
         * @param hasTsns whether the two next-TSN fields are present
         * @param senderNextTsn the sender's next TSN ({@code 0} without {@code hasTsns})
         * @param receiverNextTsn the receiver's next TSN ({@code 0} without {@code hasTsns})
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public ReconfigResponse {
            Wire.checkU32(responseSeq, "response sequence");
            Wire.checkU32(result, "result");
            Wire.checkU32(senderNextTsn, "sender next TSN");
            Wire.checkU32(receiverNextTsn, "receiver next TSN");
            if (!hasTsns && (senderNextTsn != 0 || receiverNextTsn != 0)) {
                throw new IllegalArgumentException("TSNs given without hasTsns");
            }
        }

        /**
         * A response without the next-TSN fields.
         *
         * @param responseSeq the request's sequence number
         * @param result      the result code
         * @return the response
         */
        public static ReconfigResponse of(long responseSeq, long result) {
            return new ReconfigResponse(responseSeq, result, false, 0, 0);
        }

        public int type() { return RECONFIG_RESPONSE; }
        public int valueLength() { return hasTsns ? 16 : 8; }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, responseSeq);
            Wire.put32(b, off + 4, result);
            if (hasTsns) {
                Wire.put32(b, off + 8, senderNextTsn);
                Wire.put32(b, off + 12, receiverNextTsn);
            }
        }
    }

    /** RFC 6525 §4.5 and §4.6: add outgoing (type 17) or incoming (type 18) streams. */
    record AddStreams(boolean outgoing, long requestSeq, int count) implements Param {
        /**
         * Checks that every value fits its field.
         *
         * @param outgoing add outgoing streams (type 17) rather than incoming ones (type 18)
         * @param requestSeq the re-configuration request sequence number (32 bits)
         * @param count the number of streams to add (16 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public AddStreams {
            Wire.checkU32(requestSeq, "request sequence");
            Wire.checkU16(count, "stream count");
        }
        public int type() { return outgoing ? ADD_OUTGOING_STREAMS : ADD_INCOMING_STREAMS; }
        public int valueLength() { return 8; }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, requestSeq);
            Wire.put16(b, off + 4, count);
            Wire.put16(b, off + 6, 0);
        }
    }

    /** Any other parameter, kept with its type so it can be reported or skipped by its upper two bits. */
    record Unknown(int type, Bytes value) implements Param {
        /**
         * Checks that every value fits its field.
         *
         * @param type the parameter type (16 bits, not a type with its own record)
         * @param value the parameter value as received
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Unknown {
            Wire.checkU16(type, "parameter type");
            if (KNOWN.contains(type)) throw new IllegalArgumentException("type " + type + " has its own record");
            if (value.length() > 0xffff - 4) throw new IllegalArgumentException("parameter too long");
        }
        public int valueLength() { return value.length(); }
        public void writeValue(byte[] b, int off) { value.copyTo(b, off); }
    }

    /**
     * The bytes a parameter list takes, each padded to four except the last.
     *
     * @param params the parameters
     * @return the length
     */
    static int encodedLength(List<Param> params) {
        int n = 0;
        for (Param p : params) {
            n = Wire.pad4(n) + 4 + p.valueLength();
        }
        return n;
    }

    /**
     * Writes a parameter list, each with its header and padding.
     *
     * @param params the parameters
     * @param b      the buffer, with {@link #encodedLength(List)} bytes free at {@code off}
     * @param off    where the first parameter starts
     */
    static void writeAll(List<Param> params, byte[] b, int off) {
        for (Param p : params) {
            Wire.put16(b, off, p.type());
            Wire.put16(b, off + 2, 4 + p.valueLength());
            p.writeValue(b, off + 4);
            off += Wire.pad4(4 + p.valueLength());
        }
    }

    /**
     * Parses a parameter list.
     *
     * @param b   the buffer
     * @param off where the first parameter starts
     * @param len the bytes the list takes
     * @return the parameters, unknown ones as {@link Unknown}
     * @throws SctpParseException when a length is wrong or a known parameter is malformed
     */
    static List<Param> parseAll(byte[] b, int off, int len) throws SctpParseException {
        List<Param> out = new ArrayList<>();
        int end = off + len;
        while (off < end) {
            Wire.need(end - off, 4, "parameter header");
            int type = Wire.u16(b, off);
            int plen = Wire.u16(b, off + 2);
            if (plen < 4) {
                throw new SctpParseException("parameter type " + type + " at " + off + ": length " + plen + " < 4");
            }
            Wire.need(end - off, plen, "parameter type " + type);
            out.add(parse(type, b, off + 4, plen - 4));
            off += Math.min(Wire.pad4(plen), end - off);
        }
        return List.copyOf(out);
    }

    private static Param parse(int type, byte[] b, int off, int len) throws SctpParseException {
        switch (type) {
            case STATE_COOKIE:
                return new StateCookie(Bytes.of(b, off, len));
            case SUPPORTED_EXTENSIONS:
                return new SupportedExtensions(Bytes.of(b, off, len));
            case FORWARD_TSN_SUPPORTED:
                exact(type, len, 0);
                return new ForwardTsnSupported();
            case ZERO_CHECKSUM_ACCEPTABLE:
                exact(type, len, 4);
                return new ZeroChecksumAcceptable(Wire.u32(b, off));
            case OUTGOING_SSN_RESET: {
                if (len < 12 || len % 2 != 0) throw bad(type, len);
                return new OutgoingSsnReset(Wire.u32(b, off), Wire.u32(b, off + 4), Wire.u32(b, off + 8),
                        streams(b, off + 12, len - 12));
            }
            case INCOMING_SSN_RESET: {
                if (len < 4 || len % 2 != 0) throw bad(type, len);
                return new IncomingSsnReset(Wire.u32(b, off), streams(b, off + 4, len - 4));
            }
            case SSN_TSN_RESET:
                exact(type, len, 4);
                return new SsnTsnReset(Wire.u32(b, off));
            case RECONFIG_RESPONSE:
                if (len == 8) return ReconfigResponse.of(Wire.u32(b, off), Wire.u32(b, off + 4));
                exact(type, len, 16);
                return new ReconfigResponse(Wire.u32(b, off), Wire.u32(b, off + 4), true, Wire.u32(b, off + 8), Wire.u32(b, off + 12));
            case ADD_OUTGOING_STREAMS:
            case ADD_INCOMING_STREAMS:
                exact(type, len, 8);
                return new AddStreams(type == ADD_OUTGOING_STREAMS, Wire.u32(b, off), Wire.u16(b, off + 4));
            default:
                return new Unknown(type, Bytes.of(b, off, len));
        }
    }

    private static List<Integer> streams(byte[] b, int off, int len) {
        Integer[] s = new Integer[len / 2];
        for (int i = 0; i < s.length; i++) s[i] = Wire.u16(b, off + 2 * i);
        return List.of(s);
    }

    private static void exact(int type, int len, int want) throws SctpParseException {
        if (len != want) throw new SctpParseException("parameter type " + type + ": value length " + len + ", expected " + want);
    }

    private static SctpParseException bad(int type, int len) {
        return new SctpParseException("parameter type " + type + ": bad value length " + len);
    }
}
