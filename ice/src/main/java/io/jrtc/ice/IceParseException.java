package io.jrtc.ice;

import io.jrtc.core.ParseException;

/** A malformed ICE input: a candidate line that does not parse, a bad attribute value. */
public class IceParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /**
     * An ICE parse error.
     *
     * @param message what is wrong, and where
     */
    public IceParseException(String message) {
        super(message);
    }

    /**
     * An ICE parse error with its cause.
     *
     * @param message what is wrong, and where
     * @param cause the underlying exception
     */
    public IceParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
