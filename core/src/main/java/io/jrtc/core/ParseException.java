package io.jrtc.core;

/**
 * The base of every module's parse exception.
 *
 * <p>A parser in jrtc throws a subclass of this (for example {@code StunParseException}) for any
 * malformed input, with a message that says what was wrong and where. It never lets an
 * {@link IndexOutOfBoundsException}, a {@link NullPointerException} or an {@link OutOfMemoryError}
 * escape: lengths read from the wire are checked before anything is allocated.
 *
 * <p>Policy for callers: a parse exception concerns one packet. The engine that receives it drops
 * that packet, counts it, and carries on; it never tears down a connection because of it unless the
 * protocol says so (then the subclass carries the protocol's error code).
 */
public class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what was wrong, and where
     */
    public ParseException(String message) {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what was wrong, and where
     * @param cause the underlying failure
     */
    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
