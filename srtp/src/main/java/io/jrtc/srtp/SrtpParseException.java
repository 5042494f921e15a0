package io.jrtc.srtp;

import io.jrtc.core.ParseException;

/** Malformed SRTP input: the message says what was wrong and where. */
public class SrtpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what was wrong, and where
     */
    public SrtpParseException(String message) {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what was wrong, and where
     * @param cause the underlying failure
     */
    public SrtpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
