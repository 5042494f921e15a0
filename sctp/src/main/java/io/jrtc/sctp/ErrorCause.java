package io.jrtc.sctp;

import io.jrtc.core.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An error cause (RFC 9260 §3.3.10), carried by ABORT and ERROR chunks.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |          Cause Code           |         Cause Length          |
 * +-------------------------------+-------------------------------+
 * /                    Cause-Specific Information                 /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * @param code the cause code
 * @param info the cause-specific information, unpadded
 */
public record ErrorCause(int code, Bytes info) {
    /** Invalid Stream Identifier (RFC 9260 §3.3.10.1). */
    public static final int INVALID_STREAM_IDENTIFIER = 1;
    /** Missing Mandatory Parameter (RFC 9260 §3.3.10.2). */
    public static final int MISSING_MANDATORY_PARAMETER = 2;
    /** Stale Cookie Error (RFC 9260 §3.3.10.3). */
    public static final int STALE_COOKIE = 3;
    /** Out of Resource (RFC 9260 §3.3.10.4). */
    public static final int OUT_OF_RESOURCE = 4;
    /** Unrecognized Chunk Type (RFC 9260 §3.3.10.6). */
    public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
    /** Invalid Mandatory Parameter (RFC 9260 §3.3.10.7). */
    public static final int INVALID_MANDATORY_PARAMETER = 7;
    /** Unrecognized Parameters (RFC 9260 §3.3.10.8). */
    public static final int UNRECOGNIZED_PARAMETERS = 8;
    /** No User Data (RFC 9260 §3.3.10.9). */
    public static final int NO_USER_DATA = 9;
    /** User-Initiated Abort (RFC 9260 §3.3.10.12). */
    public static final int USER_INITIATED_ABORT = 12;
    /** Protocol Violation (RFC 9260 §3.3.10.13). */
    public static final int PROTOCOL_VIOLATION = 13;

    /**
     * Checks that the values fit their fields.
     *
     * @param code the cause code (16 bits)
     * @param info the cause-specific information, unpadded
     * @throws IllegalArgumentException when a value does not fit its field
     */
    public ErrorCause {
        Wire.checkU16(code, "cause code");
        if (info.length() > 0xffff - 4) {
            throw new IllegalArgumentException("cause too long: " + info.length());
        }
    }

    /**
     * A cause whose information is UTF-8 text (user-initiated abort, protocol violation).
     *
     * @param code the cause code
     * @param text the text
     * @return the cause
     */
    public static ErrorCause text(int code, String text) {
        return new ErrorCause(code, Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@return the cause's name, and its text for the causes that carry one, for logs} */
    public String describe() {
        String name = switch (code) {
            case INVALID_STREAM_IDENTIFIER -> "invalid stream identifier";
            case MISSING_MANDATORY_PARAMETER -> "missing mandatory parameter";
            case STALE_COOKIE -> "stale cookie";
            case OUT_OF_RESOURCE -> "out of resource";
            case UNRECOGNIZED_CHUNK_TYPE -> "unrecognized chunk type";
            case INVALID_MANDATORY_PARAMETER -> "invalid mandatory parameter";
            case UNRECOGNIZED_PARAMETERS -> "unrecognized parameters";
            case NO_USER_DATA -> "no user data";
            case USER_INITIATED_ABORT -> "user-initiated abort";
            case PROTOCOL_VIOLATION -> "protocol violation";
            default -> "cause " + code;
        };
        if (code == USER_INITIATED_ABORT || code == PROTOCOL_VIOLATION) {
            return name + ": " + new String(info.toByteArray(), StandardCharsets.UTF_8);
        }
        return name;
    }

    int encodedLength() {
        return 4 + info.length();
    }

    int writeTo(byte[] b, int off) {
        Wire.put16(b, off, code);
        Wire.put16(b, off + 2, 4 + info.length());
        info.copyTo(b, off + 4);
        return off + Wire.pad4(4 + info.length());
    }

    static int encodedLength(List<ErrorCause> causes) {
        int n = 0;
        for (ErrorCause c : causes) {
            n = Wire.pad4(n) + c.encodedLength();
        }
        return n;
    }

    static void writeAll(List<ErrorCause> causes, byte[] b, int off) {
        for (ErrorCause c : causes) {
            off = c.writeTo(b, off);
        }
    }

    static List<ErrorCause> parseAll(byte[] b, int off, int len) throws SctpParseException {
        List<ErrorCause> out = new ArrayList<>();
        int end = off + len;
        while (off < end) {
            Wire.need(end - off, 4, "error cause header");
            int code = Wire.u16(b, off);
            int clen = Wire.u16(b, off + 2);
            if (clen < 4) {
                throw new SctpParseException("error cause " + code + " at " + off + ": length " + clen + " < 4");
            }
            Wire.need(end - off, clen, "error cause " + code);
            out.add(new ErrorCause(code, Bytes.of(b, off + 4, clen - 4)));
            off += Math.min(Wire.pad4(clen), end - off);
        }
        return List.copyOf(out);
    }
}
