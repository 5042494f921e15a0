package io.jrtc.sdp;

import io.jrtc.core.ParseException;

/**
 * Malformed SDP input: the message says what was wrong and where, as {@code line N: <what is wrong>}
 * when the problem belongs to a line of a session description.
 */
public class SdpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public SdpParseException(String message) {
        super(message);
        this.line = 0;
    }

    public SdpParseException(String message, Throwable cause) {
        super(message, cause);
        this.line = 0;
    }

    /** A problem on line {@code line} (1-based) of a description; the message becomes {@code line N: what}. */
    public SdpParseException(int line, String what) {
        super(line > 0 ? "line " + line + ": " + what : what);
        this.line = line;
    }

    /** The 1-based line the problem is on, or 0 when it concerns no single line. */
    public int line() {
        return line;
    }
}
