package io.jrtc.stun;

import io.jrtc.core.ParseException;

/** Malformed STUN input: the message says what was wrong and where. */
public class StunParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /**
     * A STUN parse error.
     *
     * @param message what is wrong, and where
     */
    public StunParseException(String message) {
        super(message);
    }

    /**
     * A STUN parse error with its cause.
     *
     * @param message what is wrong, and where
     * @param cause the underlying exception
     */
    public StunParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
