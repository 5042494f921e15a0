package io.jrtc.sctp;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * An SCTP chunk (RFC 9260 §3.2). Every chunk starts with the same four bytes and is padded to four:
 *
 * <pre>
 *  0                   1                   2                   3
 * +---------------+---------------+-------------------------------+
 * |  Chunk Type   |  Chunk Flags  |         Chunk Length          |
 * +---------------+---------------+-------------------------------+
 * /                          Chunk Value                          /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The length counts the header and the value but not the padding. Flags that a chunk type does not
 * define are sent as zero and ignored on receipt.
 */
public sealed interface Chunk {
    /** DATA (RFC 9260 §3.3.1). */
    int DATA = 0;
    /** INIT (RFC 9260 §3.3.2). */
    int INIT = 1;
    /** INIT-ACK (RFC 9260 §3.3.3). */
    int INIT_ACK = 2;
    /** SACK (RFC 9260 §3.3.4). */
    int SACK = 3;
    /** HEARTBEAT (RFC 9260 §3.3.5). */
    int HEARTBEAT = 4;
    /** HEARTBEAT-ACK (RFC 9260 §3.3.6). */
    int HEARTBEAT_ACK = 5;
    /** ABORT (RFC 9260 §3.3.7). */
    int ABORT = 6;
    /** SHUTDOWN (RFC 9260 §3.3.8). */
    int SHUTDOWN = 7;
    /** SHUTDOWN-ACK (RFC 9260 §3.3.9). */
    int SHUTDOWN_ACK = 8;
    /** ERROR (RFC 9260 §3.3.10). */
    int ERROR = 9;
    /** COOKIE-ECHO (RFC 9260 §3.3.11). */
    int COOKIE_ECHO = 10;
    /** COOKIE-ACK (RFC 9260 §3.3.12). */
    int COOKIE_ACK = 11;
    /** SHUTDOWN-COMPLETE (RFC 9260 §3.3.13). */
    int SHUTDOWN_COMPLETE = 14;
    /** I-DATA (RFC 8260 §2.1). */
    int I_DATA = 64;
    /** RE-CONFIG (RFC 6525 §3.1). */
    int RE_CONFIG = 130;
    /** FORWARD-TSN (RFC 3758 §3.2). */
    int FORWARD_TSN = 192;
    /** I-FORWARD-TSN (RFC 8260 §2.3.1). */
    int I_FORWARD_TSN = 194;

    /** {@return the chunk type, one byte} */
    int type();

    /** {@return the flags byte as sent} */
    default int flags() {
        return 0;
    }

    /** {@return the length of the value after the four-byte header, without padding} */
    int valueLength();

    /**
     * Writes the value (everything after the four-byte header, without padding).
     *
     * @param b   the buffer, with {@link #valueLength()} bytes free at {@code off}
     * @param off where the value starts
     */
    void writeValue(byte[] b, int off);

    /** {@return header plus value, without padding (what the length field holds)} */
    default int encodedLength() {
        return 4 + valueLength();
    }

    /**
     * Writes the chunk, header, value and padding.
     *
     * @param b   the buffer, with {@code encodedLength()} rounded up to four bytes free at {@code off}
     * @param off where the chunk starts
     * @return the offset after its padding
     */
    default int writeTo(byte[] b, int off) {
        int len = encodedLength();
        b[off] = (byte) type();
        b[off + 1] = (byte) flags();
        Wire.put16(b, off + 2, len);
        writeValue(b, off + 4);
        int end = off + Wire.pad4(len);
        for (int i = off + len; i < end; i++) b[i] = 0;
        return end;
    }

    /**
     * DATA (RFC 9260 §3.3.1). Flags: I (immediate SACK), U (unordered), B (first fragment), E (last).
     * <pre>
     * +---------------+-------+-+-+-+-+-------------------------------+
     * |   Type = 0    | Res   |I|U|B|E|           Length              |
     * +---------------+-------+-+-+-+-+-------------------------------+
     * |                              TSN                              |
     * +-------------------------------+-------------------------------+
     * |      Stream Identifier S      |   Stream Sequence Number n    |
     * +-------------------------------+-------------------------------+
     * |                  Payload Protocol Identifier                  |
     * +---------------------------------------------------------------+
     * /                       User Data (seq n of Stream S)           /
     * +---------------------------------------------------------------+
     * </pre>
     */
    record Data(boolean immediate, boolean unordered, boolean beginning, boolean ending, long tsn, int streamId,
                int ssn, long ppid, Bytes payload) implements Chunk {
        /**
         * Checks that every value fits its field.
         *
         * @param immediate the I bit: the receiver should acknowledge at once (RFC 7053)
         * @param unordered the U bit: delivered as soon as complete, outside the stream order
         * @param beginning the B bit: the first fragment of the message
         * @param ending the E bit: the last fragment of the message
         * @param tsn the transmission sequence number (32 bits)
         * @param streamId the stream identifier (16 bits)
         * @param ssn the stream sequence number (16 bits)
         * @param ppid the payload protocol identifier (32 bits)
         * @param payload the user data
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Data {
            Wire.checkU32(tsn, "TSN");
            Wire.checkU16(streamId, "stream");
            Wire.checkU16(ssn, "SSN");
            Wire.checkU32(ppid, "PPID");
            if (payload.length() > 0xffff - 16) throw new IllegalArgumentException("DATA payload too long");
        }
        public int type() { return DATA; }
        public int flags() { return (immediate ? 8 : 0) | (unordered ? 4 : 0) | (beginning ? 2 : 0) | (ending ? 1 : 0); }
        public int valueLength() { return 12 + payload.length(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, tsn);
            Wire.put16(b, off + 4, streamId);
            Wire.put16(b, off + 6, ssn);
            Wire.put32(b, off + 8, ppid);
            payload.copyTo(b, off + 12);
        }
        @Override public String toString() {
            return "DATA[tsn=" + tsn + " sid=" + streamId + " ssn=" + ssn + " ppid=" + ppid + " " + (unordered ? "U" : "")
                    + (beginning ? "B" : "") + (ending ? "E" : "") + " " + payload.length() + "B]";
        }
    }

    /**
     * I-DATA (RFC 8260 §2.1): like DATA but with a 32-bit Message Identifier and a Fragment Sequence
     * Number, so fragments of different messages may interleave. The fourth word is the PPID in the
     * first fragment (B set) and the FSN in the others.
     * <pre>
     * +---------------+-------+-+-+-+-+-------------------------------+
     * |   Type = 64   | Res   |I|U|B|E|           Length              |
     * |                              TSN                              |
     * |       Stream Identifier       |           Reserved            |
     * |                      Message Identifier                       |
     * |    Payload Protocol Identifier / Fragment Sequence Number     |
     * /                           User Data                           /
     * </pre>
     */
    record IData(boolean immediate, boolean unordered, boolean beginning, boolean ending, long tsn, int streamId,
                 long mid, long ppid, long fsn, Bytes payload) implements Chunk {
        /**
         * Checks that every value fits its field.
         *
         * @param immediate the I bit: the receiver should acknowledge at once (RFC 7053)
         * @param unordered the U bit: delivered as soon as complete, outside the stream order
         * @param beginning the B bit: the first fragment of the message
         * @param ending the E bit: the last fragment of the message
         * @param tsn the transmission sequence number (32 bits)
         * @param streamId the stream identifier (16 bits)
         * @param mid the message identifier (32 bits)
         * @param ppid the payload protocol identifier (32 bits)
         * @param fsn the fragment sequence number (0 in the first fragment)
         * @param payload the user data
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public IData {
            Wire.checkU32(tsn, "TSN");
            Wire.checkU16(streamId, "stream");
            Wire.checkU32(mid, "MID");
            Wire.checkU32(ppid, "PPID");
            Wire.checkU32(fsn, "FSN");
            if (beginning && fsn != 0) throw new IllegalArgumentException("first fragment has FSN 0");
            if (!beginning && ppid != 0) throw new IllegalArgumentException("only the first fragment carries the PPID");
            if (payload.length() > 0xffff - 20) throw new IllegalArgumentException("I-DATA payload too long");
        }
        public int type() { return I_DATA; }
        public int flags() { return (immediate ? 8 : 0) | (unordered ? 4 : 0) | (beginning ? 2 : 0) | (ending ? 1 : 0); }
        public int valueLength() { return 16 + payload.length(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, tsn);
            Wire.put16(b, off + 4, streamId);
            Wire.put16(b, off + 6, 0);
            Wire.put32(b, off + 8, mid);
            Wire.put32(b, off + 12, beginning ? ppid : fsn);
            payload.copyTo(b, off + 16);
        }
        @Override public String toString() {
            return "I-DATA[tsn=" + tsn + " sid=" + streamId + " mid=" + mid + " fsn=" + fsn + " " + (unordered ? "U" : "")
                    + (beginning ? "B" : "") + (ending ? "E" : "") + " " + payload.length() + "B]";
        }
    }

    /**
     * INIT (RFC 9260 §3.3.2); INIT-ACK has the same fixed part.
     * <pre>
     * |   Type = 1    |  Chunk Flags  |      Chunk Length             |
     * |                         Initiate Tag                          |
     * |           Advertised Receiver Window Credit (a_rwnd)          |
     * |  Number of Outbound Streams   |  Number of Inbound Streams    |
     * |                          Initial TSN                          |
     * /              Optional/Variable-Length Parameters              /
     * </pre>
     */
    record Init(long initiateTag, long aRwnd, int outboundStreams, int inboundStreams, long initialTsn,
                List<Param> params) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param initiateTag the sender's verification tag (32 bits; the peer puts it in its packets)
         * @param aRwnd the advertised receiver window credit, bytes (32 bits)
         * @param outboundStreams the number of outbound streams the sender wants (16 bits)
         * @param inboundStreams the most inbound streams the sender accepts (16 bits)
         * @param initialTsn the TSN of the sender's first DATA chunk (32 bits)
         * @param params the parameters, in order (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Init {
            Wire.checkU32(initiateTag, "initiate tag");
            Wire.checkU32(aRwnd, "a_rwnd");
            Wire.checkU16(outboundStreams, "outbound streams");
            Wire.checkU16(inboundStreams, "inbound streams");
            Wire.checkU32(initialTsn, "initial TSN");
            params = List.copyOf(params);
        }
        public int type() { return INIT; }
        public int valueLength() { return 16 + Param.encodedLength(params); }
        public void writeValue(byte[] b, int off) { writeInit(b, off, initiateTag, aRwnd, outboundStreams, inboundStreams, initialTsn, params); }
    }

    /** INIT-ACK (RFC 9260 §3.3.3): the INIT fields plus a mandatory State Cookie parameter. */
    record InitAck(long initiateTag, long aRwnd, int outboundStreams, int inboundStreams, long initialTsn,
                   List<Param> params) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param initiateTag the sender's verification tag (32 bits; the peer puts it in its packets)
         * @param aRwnd the advertised receiver window credit, bytes (32 bits)
         * @param outboundStreams the number of outbound streams the sender wants (16 bits)
         * @param inboundStreams the most inbound streams the sender accepts (16 bits)
         * @param initialTsn the TSN of the sender's first DATA chunk (32 bits)
         * @param params the parameters, in order (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public InitAck {
            Wire.checkU32(initiateTag, "initiate tag");
            Wire.checkU32(aRwnd, "a_rwnd");
            Wire.checkU16(outboundStreams, "outbound streams");
            Wire.checkU16(inboundStreams, "inbound streams");
            Wire.checkU32(initialTsn, "initial TSN");
            params = List.copyOf(params);
        }
        public int type() { return INIT_ACK; }
        public int valueLength() { return 16 + Param.encodedLength(params); }
        public void writeValue(byte[] b, int off) { writeInit(b, off, initiateTag, aRwnd, outboundStreams, inboundStreams, initialTsn, params); }

        /** {@return the state cookie, or {@code null} when the peer forgot it} */
        public Param.StateCookie cookie() {
            for (Param p : params) if (p instanceof Param.StateCookie c) return c;
            return null;
        }
    }

    /** A gap-ack block of a SACK: TSNs cumTsnAck+start .. cumTsnAck+end were received. */
    record GapBlock(int start, int end) {
        /**
         * Checks that every value fits its field.
         *
         * @param start the first TSN of the block, as an offset from the cumulative TSN ack (16 bits)
         * @param end the last TSN of the block, as an offset from the cumulative TSN ack (16 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public GapBlock {
            Wire.checkU16(start, "gap start");
            Wire.checkU16(end, "gap end");
        }
    }

    /**
     * SACK (RFC 9260 §3.3.4).
     * <pre>
     * |   Type = 3    |  Chunk Flags  |      Chunk Length             |
     * |                      Cumulative TSN Ack                       |
     * |          Advertised Receiver Window Credit (a_rwnd)           |
     * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
     * |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
     * /                              ...                              /
     * |                        Duplicate TSN 1                        |
     * /                              ...                              /
     * </pre>
     */
    record Sack(long cumTsnAck, long aRwnd, List<GapBlock> gaps, List<Long> duplicates) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param cumTsnAck the cumulative TSN ack (32 bits)
         * @param aRwnd the advertised receiver window credit, bytes (32 bits)
         * @param gaps the gap ack blocks (copied)
         * @param duplicates the duplicate TSNs reported (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Sack {
            Wire.checkU32(cumTsnAck, "cumulative TSN ack");
            Wire.checkU32(aRwnd, "a_rwnd");
            gaps = List.copyOf(gaps);
            duplicates = List.copyOf(duplicates);
            duplicates.forEach(d -> Wire.checkU32(d, "duplicate TSN"));
            if (gaps.size() > 0xffff || duplicates.size() > 0xffff) throw new IllegalArgumentException("too many entries");
        }
        public int type() { return SACK; }
        public int valueLength() { return 12 + 4 * gaps.size() + 4 * duplicates.size(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, cumTsnAck);
            Wire.put32(b, off + 4, aRwnd);
            Wire.put16(b, off + 8, gaps.size());
            Wire.put16(b, off + 10, duplicates.size());
            int p = off + 12;
            for (GapBlock g : gaps) {
                Wire.put16(b, p, g.start());
                Wire.put16(b, p + 2, g.end());
                p += 4;
            }
            for (long d : duplicates) {
                Wire.put32(b, p, d);
                p += 4;
            }
        }
    }

    /** HEARTBEAT (RFC 9260 §3.3.5): one Heartbeat Info parameter (type 1) whose value the peer echoes. */
    record Heartbeat(Bytes info) implements Chunk {
        public int type() { return HEARTBEAT; }
        public int valueLength() { return 4 + info.length(); }
        public void writeValue(byte[] b, int off) { writeHeartbeatInfo(b, off, info); }
    }

    /** HEARTBEAT-ACK (RFC 9260 §3.3.6): the Heartbeat Info echoed. */
    record HeartbeatAck(Bytes info) implements Chunk {
        public int type() { return HEARTBEAT_ACK; }
        public int valueLength() { return 4 + info.length(); }
        public void writeValue(byte[] b, int off) { writeHeartbeatInfo(b, off, info); }
    }

    /** ABORT (RFC 9260 §3.3.7). T set: the verification tag is the sender's own (reflected). */
    record Abort(boolean reflected, List<ErrorCause> causes) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param reflected the T bit: the verification tag is the sender's own
         * @param causes the error causes (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Abort { causes = List.copyOf(causes); }
        public int type() { return ABORT; }
        public int flags() { return reflected ? 1 : 0; }
        public int valueLength() { return ErrorCause.encodedLength(causes); }
        public void writeValue(byte[] b, int off) { ErrorCause.writeAll(causes, b, off); }
    }

    /** SHUTDOWN (RFC 9260 §3.3.8): carries the sender's cumulative TSN ack. */
    record Shutdown(long cumTsnAck) implements Chunk {
        /**
         * Checks that every value fits its field.
         *
         * @param cumTsnAck the cumulative TSN ack (32 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Shutdown { Wire.checkU32(cumTsnAck, "cumulative TSN ack"); }
        public int type() { return SHUTDOWN; }
        public int valueLength() { return 4; }
        public void writeValue(byte[] b, int off) { Wire.put32(b, off, cumTsnAck); }
    }

    /** SHUTDOWN-ACK (RFC 9260 §3.3.9). */
    record ShutdownAck() implements Chunk {
        public int type() { return SHUTDOWN_ACK; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] b, int off) { }
    }

    /** SHUTDOWN-COMPLETE (RFC 9260 §3.3.13), T flag as in ABORT. */
    record ShutdownComplete(boolean reflected) implements Chunk {
        public int type() { return SHUTDOWN_COMPLETE; }
        public int flags() { return reflected ? 1 : 0; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] b, int off) { }
    }

    /** ERROR (RFC 9260 §3.3.10): non-fatal error causes. */
    record Error(List<ErrorCause> causes) implements Chunk {
        /**
         * Copies the list, so the record is immutable.
         *
         * @param causes the error causes (copied)
         */
        public Error { causes = List.copyOf(causes); }
        public int type() { return ERROR; }
        public int valueLength() { return ErrorCause.encodedLength(causes); }
        public void writeValue(byte[] b, int off) { ErrorCause.writeAll(causes, b, off); }
    }

    /** COOKIE-ECHO (RFC 9260 §3.3.11): the state cookie, returned unchanged. */
    record CookieEcho(Bytes cookie) implements Chunk {
        public int type() { return COOKIE_ECHO; }
        public int valueLength() { return cookie.length(); }
        public void writeValue(byte[] b, int off) { cookie.copyTo(b, off); }
    }

    /** COOKIE-ACK (RFC 9260 §3.3.12). */
    record CookieAck() implements Chunk {
        public int type() { return COOKIE_ACK; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] b, int off) { }
    }

    /** A (stream, SSN) pair of FORWARD-TSN: the receiver may skip that stream's messages up to the SSN. */
    record StreamSsn(int streamId, int ssn) {
        /**
         * Checks that every value fits its field.
         *
         * @param streamId the stream identifier (16 bits)
         * @param ssn the stream sequence number (16 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public StreamSsn {
            Wire.checkU16(streamId, "stream");
            Wire.checkU16(ssn, "SSN");
        }
    }

    /**
     * FORWARD-TSN (RFC 3758 §3.2): the receiver moves its cumulative TSN to {@code newCumTsn}.
     * <pre>
     * |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
     * |                      New Cumulative TSN                       |
     * |         Stream-1              |       Stream Sequence-1       |
     * /                              ...                              /
     * </pre>
     */
    record ForwardTsn(long newCumTsn, List<StreamSsn> streams) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param newCumTsn the new cumulative TSN (32 bits)
         * @param streams the ordered streams and the SSN up to which each is skipped (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public ForwardTsn {
            Wire.checkU32(newCumTsn, "new cumulative TSN");
            streams = List.copyOf(streams);
        }
        public int type() { return FORWARD_TSN; }
        public int valueLength() { return 4 + 4 * streams.size(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, newCumTsn);
            for (int i = 0; i < streams.size(); i++) {
                Wire.put16(b, off + 4 + 4 * i, streams.get(i).streamId());
                Wire.put16(b, off + 6 + 4 * i, streams.get(i).ssn());
            }
        }
    }

    /** An entry of I-FORWARD-TSN: skip messages of this stream (ordered or not) up to MID. */
    record StreamMid(int streamId, boolean unordered, long mid) {
        /**
         * Checks that every value fits its field.
         *
         * @param streamId the stream identifier (16 bits)
         * @param unordered the U bit: delivered as soon as complete, outside the stream order
         * @param mid the message identifier (32 bits)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public StreamMid {
            Wire.checkU16(streamId, "stream");
            Wire.checkU32(mid, "MID");
        }
    }

    /**
     * I-FORWARD-TSN (RFC 8260 §2.3.1).
     * <pre>
     * |  Type = 194   | Flags = 0x00  |      Length = Variable        |
     * |                       New Cumulative TSN                      |
     * |       Stream Identifier       |          Reserved           |U|
     * |                       Message Identifier                      |
     * /                              ...                              /
     * </pre>
     */
    record IForwardTsn(long newCumTsn, List<StreamMid> streams) implements Chunk {
        /**
         * Checks that every value fits its field and copies the lists, so the record is immutable.
         *
         * @param newCumTsn the new cumulative TSN (32 bits)
         * @param streams the streams and the MID up to which each is skipped (copied)
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public IForwardTsn {
            Wire.checkU32(newCumTsn, "new cumulative TSN");
            streams = List.copyOf(streams);
        }
        public int type() { return I_FORWARD_TSN; }
        public int valueLength() { return 4 + 8 * streams.size(); }
        public void writeValue(byte[] b, int off) {
            Wire.put32(b, off, newCumTsn);
            for (int i = 0; i < streams.size(); i++) {
                StreamMid s = streams.get(i);
                Wire.put16(b, off + 4 + 8 * i, s.streamId());
                Wire.put16(b, off + 6 + 8 * i, s.unordered() ? 1 : 0);
                Wire.put32(b, off + 8 + 8 * i, s.mid());
            }
        }
    }

    /** RE-CONFIG (RFC 6525 §3.1): one or two reconfiguration parameters. */
    record ReConfig(List<Param> params) implements Chunk {
        /**
         * Copies the list, so the record is immutable.
         *
         * @param params the parameters, in order (copied)
         */
        public ReConfig { params = List.copyOf(params); }
        public int type() { return RE_CONFIG; }
        public int valueLength() { return Param.encodedLength(params); }
        public void writeValue(byte[] b, int off) { Param.writeAll(params, b, off); }
    }

    /**
     * A chunk this codec does not know, kept whole. The upper two bits of its type tell a receiver
     * what to do: 00 stop and discard the packet, 01 the same and report it in an ERROR, 10 skip it,
     * 11 skip it and report it.
     */
    record Unknown(int type, int flags, Bytes value) implements Chunk {
        /**
         * Checks that every value fits its field.
         *
         * @param type the chunk type (one byte, not a type with its own record)
         * @param flags the chunk flags (one byte)
         * @param value the chunk value as received
         * @throws IllegalArgumentException when a value does not fit its field
         */
        public Unknown {
            Wire.checkU16(type, "chunk type");
            if (type > 0xff) throw new IllegalArgumentException("chunk type is one byte");
            if (isKnown(type)) throw new IllegalArgumentException("type " + type + " has its own record");
            if (flags < 0 || flags > 0xff) throw new IllegalArgumentException("flags are one byte");
            if (value.length() > 0xffff - 4) throw new IllegalArgumentException("chunk too long");
        }
        public int valueLength() { return value.length(); }
        public void writeValue(byte[] b, int off) { value.copyTo(b, off); }

        /** {@return the whole chunk as received (header and value), for an "unrecognized chunk type" cause} */
        public Bytes raw() {
            byte[] b = new byte[Wire.pad4(encodedLength())];
            writeTo(b, 0);
            return Bytes.wrap(java.util.Arrays.copyOf(b, encodedLength()));
        }
    }

    /**
     * Whether a chunk type has its own record here (otherwise it parses as {@link Unknown}).
     *
     * @param type the chunk type
     * @return {@code true} for the types above
     */
    static boolean isKnown(int type) {
        switch (type) {
            case DATA: case INIT: case INIT_ACK: case SACK: case HEARTBEAT: case HEARTBEAT_ACK: case ABORT:
            case SHUTDOWN: case SHUTDOWN_ACK: case ERROR: case COOKIE_ECHO: case COOKIE_ACK: case SHUTDOWN_COMPLETE:
            case I_DATA: case RE_CONFIG: case FORWARD_TSN: case I_FORWARD_TSN:
                return true;
            default:
                return false;
        }
    }

    private static void writeInit(byte[] b, int off, long tag, long rwnd, int os, int mis, long tsn, List<Param> params) {
        Wire.put32(b, off, tag);
        Wire.put32(b, off + 4, rwnd);
        Wire.put16(b, off + 8, os);
        Wire.put16(b, off + 10, mis);
        Wire.put32(b, off + 12, tsn);
        Param.writeAll(params, b, off + 16);
    }

    private static void writeHeartbeatInfo(byte[] b, int off, Bytes info) {
        Wire.put16(b, off, 1);
        Wire.put16(b, off + 2, 4 + info.length());
        info.copyTo(b, off + 4);
    }

    /**
     * Parses one chunk whose header says {@code type}, {@code flags} and whose value is
     * {@code len} bytes at {@code off}.
     */
    /**
     * Parses one chunk's value (the packet parser has read its header).
     *
     * @param type  the chunk type
     * @param flags the chunk flags
     * @param b     the packet
     * @param off   where the value starts
     * @param len   the value's length (the length field minus 4)
     * @return the chunk
     * @throws SctpParseException when the value is malformed for its type
     */
    static Chunk parse(int type, int flags, byte[] b, int off, int len) throws SctpParseException {
        switch (type) {
            case DATA: {
                min(type, len, 12);
                return new Data((flags & 8) != 0, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0,
                        Wire.u32(b, off), Wire.u16(b, off + 4), Wire.u16(b, off + 6), Wire.u32(b, off + 8),
                        Bytes.of(b, off + 12, len - 12));
            }
            case I_DATA: {
                min(type, len, 16);
                boolean begin = (flags & 2) != 0;
                long word = Wire.u32(b, off + 12);
                return new IData((flags & 8) != 0, (flags & 4) != 0, begin, (flags & 1) != 0, Wire.u32(b, off),
                        Wire.u16(b, off + 4), Wire.u32(b, off + 8), begin ? word : 0, begin ? 0 : word,
                        Bytes.of(b, off + 16, len - 16));
            }
            case INIT:
            case INIT_ACK: {
                min(type, len, 16);
                long tag = Wire.u32(b, off);
                long rwnd = Wire.u32(b, off + 4);
                int os = Wire.u16(b, off + 8);
                int mis = Wire.u16(b, off + 10);
                long tsn = Wire.u32(b, off + 12);
                List<Param> params = Param.parseAll(b, off + 16, len - 16);
                return type == INIT ? new Init(tag, rwnd, os, mis, tsn, params) : new InitAck(tag, rwnd, os, mis, tsn, params);
            }
            case SACK: {
                min(type, len, 12);
                int ngaps = Wire.u16(b, off + 8);
                int ndups = Wire.u16(b, off + 10);
                if (len != 12 + 4 * ngaps + 4 * ndups) {
                    throw new SctpParseException("SACK: length " + (len + 4) + " does not match " + ngaps + " gap blocks and " + ndups + " duplicates");
                }
                List<GapBlock> gaps = new ArrayList<>(ngaps);
                int p = off + 12;
                for (int i = 0; i < ngaps; i++, p += 4) gaps.add(new GapBlock(Wire.u16(b, p), Wire.u16(b, p + 2)));
                List<Long> dups = new ArrayList<>(ndups);
                for (int i = 0; i < ndups; i++, p += 4) dups.add(Wire.u32(b, p));
                return new Sack(Wire.u32(b, off), Wire.u32(b, off + 4), gaps, dups);
            }
            case HEARTBEAT:
            case HEARTBEAT_ACK: {
                min(type, len, 4);
                int ptype = Wire.u16(b, off);
                int plen = Wire.u16(b, off + 2);
                if (ptype != 1 || plen < 4 || plen > len) {
                    throw new SctpParseException("HEARTBEAT: expected a Heartbeat Info parameter, got type " + ptype + " length " + plen);
                }
                Bytes info = Bytes.of(b, off + 4, plen - 4);
                return type == HEARTBEAT ? new Heartbeat(info) : new HeartbeatAck(info);
            }
            case ABORT:
                return new Abort((flags & 1) != 0, ErrorCause.parseAll(b, off, len));
            case SHUTDOWN:
                exact(type, len, 4);
                return new Shutdown(Wire.u32(b, off));
            case SHUTDOWN_ACK:
                exact(type, len, 0);
                return new ShutdownAck();
            case SHUTDOWN_COMPLETE:
                exact(type, len, 0);
                return new ShutdownComplete((flags & 1) != 0);
            case ERROR:
                return new Error(ErrorCause.parseAll(b, off, len));
            case COOKIE_ECHO:
                return new CookieEcho(Bytes.of(b, off, len));
            case COOKIE_ACK:
                exact(type, len, 0);
                return new CookieAck();
            case FORWARD_TSN: {
                min(type, len, 4);
                if ((len - 4) % 4 != 0) throw new SctpParseException("FORWARD-TSN: length " + (len + 4) + " not 8 + 4n");
                List<StreamSsn> s = new ArrayList<>((len - 4) / 4);
                for (int p = off + 4; p < off + len; p += 4) s.add(new StreamSsn(Wire.u16(b, p), Wire.u16(b, p + 2)));
                return new ForwardTsn(Wire.u32(b, off), s);
            }
            case I_FORWARD_TSN: {
                min(type, len, 4);
                if ((len - 4) % 8 != 0) throw new SctpParseException("I-FORWARD-TSN: length " + (len + 4) + " not 8 + 8n");
                List<StreamMid> s = new ArrayList<>((len - 4) / 8);
                for (int p = off + 4; p < off + len; p += 8) {
                    s.add(new StreamMid(Wire.u16(b, p), (Wire.u16(b, p + 2) & 1) != 0, Wire.u32(b, p + 4)));
                }
                return new IForwardTsn(Wire.u32(b, off), s);
            }
            case RE_CONFIG:
                return new ReConfig(Param.parseAll(b, off, len));
            default:
                return new Unknown(type, flags, Bytes.of(b, off, len));
        }
    }

    private static void min(int type, int len, int want) throws SctpParseException {
        if (len < want) throw new SctpParseException("chunk type " + type + ": value of " + len + " bytes, needs at least " + want);
    }

    private static void exact(int type, int len, int want) throws SctpParseException {
        if (len != want) throw new SctpParseException("chunk type " + type + ": value of " + len + " bytes, expected " + want);
    }
}
