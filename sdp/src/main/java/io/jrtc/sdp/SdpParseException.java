package io.jrtc.sdp;

import io.jrtc.core.ParseException;

/**
 * Malformed SDP input: the message says what was wrong and where, as {@code line N: <what is wrong>}
 * when the problem belongs to a line of a session description.
 */
public class SdpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /** The 1-based line number, 0 when the error is not about one line. */
    private final int line;

    /**
     * An SDP parse error not about one line.
     *
     * @param message what is wrong, and where
     */
    public SdpParseException(String message) {
        super(message);
        this.line = 0;
    }

    /**
     * An SDP parse error with its cause.
     *
     * @param message what is wrong, and where
     * @param cause the underlying exception
     */
    public SdpParseException(String message, Throwable cause) {
        super(message, cause);
        this.line = 0;
    }

    /**
     * A problem on line {@code line} (1-based) of a description; the message becomes {@code line N: what}.
     *
     * @param line the 1-based line number of the offending line, or 0 when it is not about one line
     * @param what what the value is (for the message)
     */
    public SdpParseException(int line, String what) {
        super(line > 0 ? "line " + line + ": " + what : what);
        this.line = line;
    }

    /** {@return the 1-based line the problem is on, or 0 when it concerns no single line} */
    public int line() {
        return line;
    }
}
