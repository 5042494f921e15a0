package io.jrtc.sdp;

import io.jrtc.core.ParseException;

/** Malformed SDP input: the message says what was wrong and where. */
public class SdpParseException extends ParseException {
    private static final long serialVersionUID = 1L;

    public SdpParseException(String message) {
        super(message);
    }

    public SdpParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
