package io.jrtc.rtp;

import io.jrtc.core.ParseException;

/** Malformed RTP input: the message says what was wrong and where. */
public class RtpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public RtpParseException(String message) {
        super(message);
    }

    public RtpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
