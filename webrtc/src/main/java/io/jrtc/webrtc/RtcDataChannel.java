package io.jrtc.webrtc;

import io.jrtc.webrtc.core.CoreChannel;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A data channel (W3C {@code RTCDataChannel}): reliable or partially reliable, ordered or not, over
 * SCTP (RFC 8831), announced with DCEP (RFC 8832) unless negotiated. Methods may be called from any
 * thread; callbacks run on the connection's event loop.
 */
public final class RtcDataChannel {
    /** W3C {@code RTCDataChannelState}. */
    public enum ReadyState { CONNECTING, OPEN, CLOSING, CLOSED;
        public String w3cName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One message: text or binary, as it was sent. */
    public record Message(boolean binary, byte[] data) {
        /** The message as text (UTF-8). */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final PeerConnection pc;
    final CoreChannel core;
    private volatile ReadyState readyState = ReadyState.CONNECTING;
    private volatile int id;
    private volatile long bufferedAmount;
    private volatile long bufferedAmountLowThreshold;
    private volatile long sendBufferLimit = Long.MAX_VALUE;
    private volatile Runnable onOpen = () -> { };
    private volatile Runnable onClose = () -> { };
    private volatile Runnable onBufferedAmountLow = () -> { };
    private volatile Consumer<String> onError = e -> { };
    private volatile Consumer<Message> onMessage = m -> { };

    RtcDataChannel(PeerConnection pc, CoreChannel core) {
        this.pc = pc;
        this.core = core;
        this.id = core.id();
        core.attachment = this;
    }

    public String label() {
        return core.label();
    }

    /** The SCTP stream id, or -1 until it is known. */
    public int id() {
        return id;
    }

    public boolean ordered() {
        return core.init().ordered();
    }

    public Integer maxRetransmits() {
        return core.init().maxRetransmits();
    }

    public Integer maxPacketLifeTime() {
        return core.init().maxPacketLifeTime();
    }

    public String protocol() {
        return core.init().protocol();
    }

    public boolean negotiated() {
        return core.init().negotiated();
    }

    public ReadyState readyState() {
        return readyState;
    }

    /** Bytes queued and not yet acknowledged by the peer. */
    public long bufferedAmount() {
        return bufferedAmount;
    }

    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    /** {@link #onBufferedAmountLow} fires when {@link #bufferedAmount()} falls to this or below. */
    public void setBufferedAmountLowThreshold(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("negative threshold");
        }
        bufferedAmountLowThreshold = threshold;
        pc.run(now -> pc.core().setBufferedAmountLowThreshold(core, threshold));
    }

    /**
     * Sends a text message. IllegalStateException unless the channel is open, or when its send queue
     * is full (an application that sends faster than the path drains waits for
     * {@link #onBufferedAmountLow}).
     */
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends a binary message; IllegalStateException unless the channel is open. */
    public void send(byte[] data) {
        send(data.clone(), true);
    }

    private void send(byte[] data, boolean binary) {
        if (readyState != ReadyState.OPEN) {
            throw new IllegalStateException("data channel '" + label() + "' is " + readyState.w3cName());
        }
        if (data.length > pc.core().remoteMaxMessageSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes is larger than the peer's max-message-size "
                    + pc.core().remoteMaxMessageSize());
        }
        if (bufferedAmount + data.length > sendBufferLimit && bufferedAmount > 0) {
            throw new IllegalStateException("the send queue of data channel '" + label() + "' is full (bufferedAmount "
                    + bufferedAmount + " bytes, limit " + sendBufferLimit + "): wait for onBufferedAmountLow");
        }
        bufferedAmount += data.length;
        pc.enqueueSend(core, data, binary);
    }

    /** Closes the channel (its stream is reset; the peer sees it close too). */
    public void close() {
        if (readyState == ReadyState.CLOSED || readyState == ReadyState.CLOSING) {
            return;
        }
        readyState = ReadyState.CLOSING;
        pc.run(now -> pc.core().closeChannel(now, core));
    }

    public void onOpen(Runnable h) {
        onOpen = h == null ? () -> { } : h;
    }

    public void onClose(Runnable h) {
        onClose = h == null ? () -> { } : h;
    }

    public void onBufferedAmountLow(Runnable h) {
        onBufferedAmountLow = h == null ? () -> { } : h;
    }

    public void onError(Consumer<String> h) {
        onError = h == null ? e -> { } : h;
    }

    public void onMessage(Consumer<Message> h) {
        onMessage = h == null ? m -> { } : h;
    }

    // ------------------------------------------------------------------ from the loop

    void refresh() {
        id = core.id();
        sendBufferLimit = pc.core().sendBufferLimit();
        bufferedAmount = core.bufferedAmount();
        readyState = switch (core.state()) {
            case CONNECTING -> ReadyState.CONNECTING;
            case OPEN -> readyState == ReadyState.CLOSING ? ReadyState.CLOSING : ReadyState.OPEN;
            case CLOSING -> ReadyState.CLOSING;
            case CLOSED -> ReadyState.CLOSED;
        };
    }

    void fireOpen() {
        refresh();
        onOpen.run();
    }

    void fireMessage(boolean binary, byte[] data) {
        onMessage.accept(new Message(binary, data));
    }

    void fireBufferedAmountLow() {
        refresh();
        onBufferedAmountLow.run();
    }

    void fireError(String message) {
        onError.accept(message);
    }

    void fireClose() {
        refresh();
        readyState = ReadyState.CLOSED;
        onClose.run();
    }

    @Override
    public String toString() {
        return "RtcDataChannel[" + label() + ", id " + id + ", " + readyState.w3cName() + "]";
    }
}
