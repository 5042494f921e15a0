package io.jrtc.stun;

/**
 * The class of a STUN message (RFC 8489 §5): two bits, C1 and C0, spread over the message type.
 *
 * <pre>
 *   C1 C0
 *    0  0  request
 *    0  1  indication
 *    1  0  success response
 *    1  1  error response
 * </pre>
 */
public enum MessageClass {
    /** A request: answered with a success or error response. */
    REQUEST(0b00, "request"),
    /** An indication: sent once, never answered. */
    INDICATION(0b01, "indication"),
    /** A success response. */
    SUCCESS_RESPONSE(0b10, "success response"),
    /** An error response: the request failed (it carries ERROR-CODE). */
    ERROR_RESPONSE(0b11, "error response");

    private static final MessageClass[] BY_BITS = values();

    private final int bits;
    private final String label;

    MessageClass(int bits, String label) {
        this.bits = bits;
        this.label = label;
    }

    /** {@return the two class bits, C1C0, as a number 0..3} */
    public int bits() {
        return bits;
    }

    /** {@return whether this is a success or error response} */
    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    /**
     * The class whose C1C0 bits are {@code bits} (0..3).
     *
     * @param bits the bits
     * @return the class whose C1C0 bits are {@code bits} (0..3)
     */
    public static MessageClass ofBits(int bits) {
        return BY_BITS[bits & 3];
    }

    @Override
    public String toString() {
        return label;
    }
}
