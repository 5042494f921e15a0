package io.jrtc.dtls;

/** Alert descriptions used by jrtc (RFC 5246 §7.2, RFC 5746 no_renegotiation). */
public final class AlertDescription {
    /** {@code close_notify} (0), RFC 5246 §7.2. */
    public static final int CLOSE_NOTIFY = 0;
    /** {@code unexpected_message} (10), RFC 5246 §7.2. */
    public static final int UNEXPECTED_MESSAGE = 10;
    /** {@code bad_record_mac} (20), RFC 5246 §7.2. */
    public static final int BAD_RECORD_MAC = 20;
    /** {@code handshake_failure} (40), RFC 5246 §7.2. */
    public static final int HANDSHAKE_FAILURE = 40;
    /** {@code bad_certificate} (42), RFC 5246 §7.2. */
    public static final int BAD_CERTIFICATE = 42;
    /** {@code unsupported_certificate} (43), RFC 5246 §7.2. */
    public static final int UNSUPPORTED_CERTIFICATE = 43;
    /** {@code illegal_parameter} (47), RFC 5246 §7.2. */
    public static final int ILLEGAL_PARAMETER = 47;
    /** {@code decode_error} (50), RFC 5246 §7.2. */
    public static final int DECODE_ERROR = 50;
    /** {@code decrypt_error} (51), RFC 5246 §7.2. */
    public static final int DECRYPT_ERROR = 51;
    /** {@code protocol_version} (70), RFC 5246 §7.2. */
    public static final int PROTOCOL_VERSION = 70;
    /** {@code internal_error} (80), RFC 5246 §7.2. */
    public static final int INTERNAL_ERROR = 80;
    /** {@code user_canceled} (90), RFC 5246 §7.2. */
    public static final int USER_CANCELED = 90;
    /** {@code no_renegotiation} (100), RFC 5246 §7.2 and RFC 5746. */
    public static final int NO_RENEGOTIATION = 100;
    /** {@code unsupported_extension} (110), RFC 5246 §7.2. */
    public static final int UNSUPPORTED_EXTENSION = 110;

    private AlertDescription() {
    }

    /**
     * The RFC name of an alert description, for logs.
     *
     * @param d the description
     * @return e.g. {@code close_notify}, or the number
     */
    public static String name(int d) {
        return switch (d) {
            case CLOSE_NOTIFY -> "close_notify";
            case UNEXPECTED_MESSAGE -> "unexpected_message";
            case BAD_RECORD_MAC -> "bad_record_mac";
            case HANDSHAKE_FAILURE -> "handshake_failure";
            case BAD_CERTIFICATE -> "bad_certificate";
            case UNSUPPORTED_CERTIFICATE -> "unsupported_certificate";
            case ILLEGAL_PARAMETER -> "illegal_parameter";
            case DECODE_ERROR -> "decode_error";
            case DECRYPT_ERROR -> "decrypt_error";
            case PROTOCOL_VERSION -> "protocol_version";
            case INTERNAL_ERROR -> "internal_error";
            case USER_CANCELED -> "user_canceled";
            case NO_RENEGOTIATION -> "no_renegotiation";
            case UNSUPPORTED_EXTENSION -> "unsupported_extension";
            default -> "alert(" + d + ")";
        };
    }
}
