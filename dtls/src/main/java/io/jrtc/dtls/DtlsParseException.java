package io.jrtc.dtls;

import io.jrtc.core.ParseException;

/** Malformed DTLS input: the message says what was wrong and where. */
public class DtlsParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what was wrong, and where
     */
    public DtlsParseException(String message) {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what was wrong, and where
     * @param cause the underlying failure
     */
    public DtlsParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
