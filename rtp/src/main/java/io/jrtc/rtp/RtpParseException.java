package io.jrtc.rtp;

import io.jrtc.core.ParseException;

/** Malformed RTP input: the message says what was wrong and where. */
public class RtpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what was wrong, and where
     */
    public RtpParseException(String message) {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what was wrong, and where
     * @param cause the underlying failure
     */
    public RtpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
