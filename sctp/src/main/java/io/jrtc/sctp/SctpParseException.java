package io.jrtc.sctp;

import io.jrtc.core.ParseException;

/** Malformed SCTP input: the message says what was wrong and where. */
public class SctpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where */
    public SctpParseException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and where
     * @param cause   the exception that revealed it
     */
    public SctpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
