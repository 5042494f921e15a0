package io.jrtc.srtp;

import io.jrtc.core.ParseException;

/** Malformed SRTP input: the message says what was wrong and where. */
public class SrtpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public SrtpParseException(String message) {
        super(message);
    }

    public SrtpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
