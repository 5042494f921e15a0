package io.jrtc.stun;

import io.jrtc.core.ParseException;

/** Malformed STUN input: the message says what was wrong and where. */
public class StunParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public StunParseException(String message) {
        super(message);
    }

    public StunParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
