package io.jrtc.ice;

import io.jrtc.core.ParseException;

/** A malformed ICE input: a candidate line that does not parse, a bad attribute value. */
public class IceParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public IceParseException(String message) {
        super(message);
    }

    public IceParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
