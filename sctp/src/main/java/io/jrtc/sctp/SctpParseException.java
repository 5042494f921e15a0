package io.jrtc.sctp;

import io.jrtc.core.ParseException;

/** Malformed SCTP input: the message says what was wrong and where. */
public class SctpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public SctpParseException(String message) {
        super(message);
    }

    public SctpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
