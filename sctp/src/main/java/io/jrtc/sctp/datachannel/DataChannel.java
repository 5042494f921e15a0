package io.jrtc.sctp.datachannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel: a pair of SCTP streams with the same id (RFC 8831). Created by
 * {@link DataChannels#createChannel} or announced by a {@link DataChannelEvent.Open} from the peer.
 */
public final class DataChannel {
    /** RTCDataChannelState. */
    public enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    public static final int PPID_STRING = 51;
    public static final int PPID_STRING_PARTIAL = 52;
    public static final int PPID_BINARY = 53;
    public static final int PPID_BINARY_PARTIAL = 54;
    public static final int PPID_STRING_EMPTY = 56;
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

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return options.protocol();
    }

    public DataChannelOptions options() {
        return options;
    }

    public boolean ordered() {
        return options.ordered();
    }

    public State state() {
        return state;
    }

    /**
     * Sends UTF-8 text (PPID 51, or 56 when empty).
     *
     * @throws io.jrtc.sctp.SendBufferFullException when the association's send buffer cannot take it
     *                                              (nothing queued; see {@link #trySend(long, String)})
     * @throws IllegalStateException                when the channel is closing or closed
     * @throws IllegalArgumentException             above the peer's max-message-size
     */
    public void send(long now, String text) {
        owner.send(now, this, text.getBytes(StandardCharsets.UTF_8), false, false);
    }

    /** Sends binary data (PPID 53, or 57 when empty). The array is handed over. Throws as {@link #send(long, String)}. */
    public void send(long now, byte[] data) {
        owner.send(now, this, data, true, false);
    }

    /**
     * Sends UTF-8 text, or returns {@code false} and queues nothing when the association's send buffer
     * is full: backpressure, not an error. {@link DataChannelEvent.SendBufferAvailable} follows when
     * there is room again. Still throws for a closed channel or an oversized message, as {@link #send(long, String)}.
     */
    public boolean trySend(long now, String text) {
        return owner.send(now, this, text.getBytes(StandardCharsets.UTF_8), false, true);
    }

    /** Binary {@link #trySend(long, String)}; the array is handed over when it returns {@code true}. */
    public boolean trySend(long now, byte[] data) {
        return owner.send(now, this, data, true, true);
    }

    /** Bytes accepted by send() and not yet acknowledged by the peer (or abandoned). */
    public long bufferedAmount() {
        return owner.association().bufferedAmount(id);
    }

    public long bufferedAmountLowThreshold() {
        return lowThreshold;
    }

    public void setBufferedAmountLowThreshold(long threshold) {
        lowThreshold = threshold;
        owner.association().setBufferedAmountLowThreshold(id, threshold);
    }

    /** Closes the channel by resetting its outgoing stream; {@link DataChannelEvent.Closed} follows on both sides. */
    public void close(long now) {
        owner.close(now, this);
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + state + "]";
    }
}
