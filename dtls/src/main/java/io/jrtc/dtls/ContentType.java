package io.jrtc.dtls;

/** Record content types (RFC 6347 §4.1, RFC 5246 §6.2.1). */
public final class ContentType {
    /** Record content type {@code change_cipher_spec} (20), RFC 5246 §6.2.1. */
    public static final int CHANGE_CIPHER_SPEC = 20;
    /** Record content type {@code alert} (21), RFC 5246 §6.2.1. */
    public static final int ALERT = 21;
    /** Record content type {@code handshake} (22), RFC 5246 §6.2.1. */
    public static final int HANDSHAKE = 22;
    /** Record content type {@code application_data} (23), RFC 5246 §6.2.1. */
    public static final int APPLICATION_DATA = 23;

    private ContentType() {
    }

    /**
     * The RFC name of a record content type, for logs.
     *
     * @param type the content type
     * @return e.g. {@code handshake}, or the number
     */
    public static String name(int type) {
        return switch (type) {
            case CHANGE_CIPHER_SPEC -> "change_cipher_spec";
            case ALERT -> "alert";
            case HANDSHAKE -> "handshake";
            case APPLICATION_DATA -> "application_data";
            default -> "content_type(" + type + ")";
        };
    }
}
