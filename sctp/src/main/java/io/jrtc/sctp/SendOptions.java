package io.jrtc.sctp;

/**
 * How one message is sent.
 *
 * @param unordered      deliver as soon as complete, regardless of the stream's order
 * @param maxRetransmits PR-SCTP (RFC 3758): give up after this many retransmissions ({@code -1}: never)
 * @param lifetimeNanos  PR-SCTP: give up when not acknowledged this long after send ({@code -1}: never)
 */
public record SendOptions(boolean unordered, int maxRetransmits, long lifetimeNanos) {
    /** Reliable and in order: the default of a data channel. */
    public static final SendOptions RELIABLE_ORDERED = new SendOptions(false, -1, -1);
    /** Reliable, delivered as soon as complete. */
    public static final SendOptions RELIABLE_UNORDERED = new SendOptions(true, -1, -1);

    /** {@return whether the message is retransmitted until acknowledged (no PR-SCTP limit)} */
    public boolean reliable() {
        return maxRetransmits < 0 && lifetimeNanos < 0;
    }
}
