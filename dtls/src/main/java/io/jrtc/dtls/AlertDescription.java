package io.jrtc.dtls;

/** Alert descriptions used by jrtc (RFC 5246 §7.2, RFC 5746 no_renegotiation). */
public final class AlertDescription {
    public static final int CLOSE_NOTIFY = 0;
    public static final int UNEXPECTED_MESSAGE = 10;
    public static final int BAD_RECORD_MAC = 20;
    public static final int HANDSHAKE_FAILURE = 40;
    public static final int BAD_CERTIFICATE = 42;
    public static final int UNSUPPORTED_CERTIFICATE = 43;
    public static final int ILLEGAL_PARAMETER = 47;
    public static final int DECODE_ERROR = 50;
    public static final int DECRYPT_ERROR = 51;
    public static final int PROTOCOL_VERSION = 70;
    public static final int INTERNAL_ERROR = 80;
    public static final int USER_CANCELED = 90;
    public static final int NO_RENEGOTIATION = 100;
    public static final int UNSUPPORTED_EXTENSION = 110;

    private AlertDescription() {
    }

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
