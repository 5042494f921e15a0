package io.jrtc.dtls;

import io.jrtc.core.ParseException;

/** Malformed DTLS input: the message says what was wrong and where. */
public class DtlsParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public DtlsParseException(String message) {
        super(message);
    }

    public DtlsParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
