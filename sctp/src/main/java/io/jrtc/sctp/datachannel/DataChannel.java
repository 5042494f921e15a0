package io.jrtc.sctp.datachannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel: a pair of SCTP streams with the same id (RFC 8831). Created by
 * {@link DataChannels#createChannel} or announced by a {@link DataChannelEvent.Open} from the peer.
 */
public final class DataChannel {
    /** RTCDataChannelState. */
    public enum State {
        /** Created; waiting for the association, or for the peer's DATA_CHANNEL_ACK. */
        CONNECTING,
        /** Messages flow both ways. */
        OPEN,
        /** {@link #close} called or the peer reset its side: the streams are being reset. */
        CLOSING,
        /** Both directions reset (or the association ended); the id is free again. */
        CLOSED
    }

    /** PPID of a UTF-8 string message (RFC 8831 §8). */
    public static final int PPID_STRING = 51;
    /** PPID of a part of a string message (deprecated; accepted and concatenated). */
    public static final int PPID_STRING_PARTIAL = 52;
    /** PPID of a binary message. */
    public static final int PPID_BINARY = 53;
    /** PPID of a part of a binary message (deprecated; accepted and concatenated). */
    public static final int PPID_BINARY_PARTIAL = 54;
    /** PPID of an empty string (sent as one zero byte: SCTP cannot carry an empty message). */
    public static final int PPID_STRING_EMPTY = 56;
    /** PPID of an empty binary message (one zero byte on the wire). */
    public static final int PPID_BINARY_EMPTY = 57;

    private final DataChannels owner;
    private final int id;
    private final String label;
    private final DataChannelOptions options;
    State state;
    boolean acked;
    boolean outgoingReset;
    boolean incomingReset;
    ByteArrayOutputStream partial;
    private long lowThreshold;

    DataChannel(DataChannels owner, int id, String label, DataChannelOptions options, State state) {
        this.owner = owner;
        this.id = id;
        this.label = label;
        this.options = options;
        this.state = state;
    }

    /** {@return the stream id, used in both directions} */
    public int id() {
        return id;
    }

    /** {@return the label from DATA_CHANNEL_OPEN (or given to createChannel)} */
    public String label() {
        return label;
    }

    /** {@return the sub-protocol, {@code ""} when none} */
    public String protocol() {
        return options.protocol();
    }

    /** {@return the ordering and reliability the channel was opened with} */
    public DataChannelOptions options() {
        return options;
    }

    /** {@return whether messages are delivered in order} */
    public boolean ordered() {
        return options.ordered();
    }

    /**
     * {@return the channel's state} An open channel whose association is shutting down (either side
     * sent or received SHUTDOWN, RFC 9260 §9.2) is already {@link State#CLOSING}: it can send no more.
     */
    public State state() {
        if ((state == State.OPEN || state == State.CONNECTING) && owner.associationShuttingDown()) {
            return State.CLOSING;
        }
        return state;
    }

    /**
     * Sends UTF-8 text (PPID 51, or 56 when empty).
     *
     * @param now  the current time, nanoseconds
     * @param text the message
     *
     * @throws io.jrtc.sctp.SendBufferFullException when the association's send buffer cannot take it
     *                                              (nothing queued; see {@link #trySend(long, String)})
     * @throws IllegalStateException                when the channel is closing or closed
     * @throws IllegalArgumentException             above the peer's max-message-size
     */
    public void send(long now, String text) {
        owner.send(now, this, text.getBytes(StandardCharsets.UTF_8), false, false);
    }

    /**
     * Sends binary data (PPID 53, or 57 when empty). The array is handed over. Throws as
     * {@link #send(long, String)}.
     *
     * @param now  the current time, nanoseconds
     * @param data the message
     */
    public void send(long now, byte[] data) {
        owner.send(now, this, data, true, false);
    }

    /**
     * Sends UTF-8 text, or returns {@code false} and queues nothing when the association's send buffer
     * is full: backpressure, not an error. {@link DataChannelEvent.SendBufferAvailable} follows when
     * there is room again. Still throws for a closed channel or an oversized message, as {@link #send(long, String)}.
     *
     * @param now  the current time, nanoseconds
     * @param text the message
     * @return whether it was queued
     */
    public boolean trySend(long now, String text) {
        return owner.send(now, this, text.getBytes(StandardCharsets.UTF_8), false, true);
    }

    /**
     * Binary {@link #trySend(long, String)}; the array is handed over when it returns {@code true}.
     *
     * @param now  the current time, nanoseconds
     * @param data the message
     * @return whether it was queued
     */
    public boolean trySend(long now, byte[] data) {
        return owner.send(now, this, data, true, true);
    }

    /** {@return the bytes accepted by send() and not yet acknowledged by the peer (or abandoned)} */
    public long bufferedAmount() {
        return owner.association().bufferedAmount(id);
    }

    /** {@return the threshold of {@link DataChannelEvent.BufferedAmountLow}} */
    public long bufferedAmountLowThreshold() {
        return lowThreshold;
    }

    /**
     * Arms {@link DataChannelEvent.BufferedAmountLow}: reported when {@link #bufferedAmount()} falls
     * to this.
     *
     * @param threshold bytes
     */
    public void setBufferedAmountLowThreshold(long threshold) {
        lowThreshold = threshold;
        owner.association().setBufferedAmountLowThreshold(id, threshold);
    }

    /**
     * Closes the channel by resetting its outgoing stream; {@link DataChannelEvent.Closed} follows on
     * both sides.
     *
     * @param now the current time, nanoseconds
     */
    public void close(long now) {
        owner.close(now, this);
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + state + "]";
    }
}
