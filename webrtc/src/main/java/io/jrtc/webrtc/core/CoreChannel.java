package io.jrtc.webrtc.core;

import io.jrtc.sctp.datachannel.DataChannel;
import io.jrtc.webrtc.RtcDataChannelInit;

/**
 * One data channel as the core sees it: created by the application before or after negotiation, or
 * announced by the peer. It is bound to the SCTP layer's {@link DataChannel} once the association is up.
 * Confined to the core's thread.
 */
public final class CoreChannel {
    /** W3C {@code RTCDataChannelState}. */
    public enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    final String label;
    final RtcDataChannelInit init;
    final boolean remote;
    DataChannel sctp;
    State state = State.CONNECTING;
    long bufferedAmountLowThreshold;
    long messagesSent;
    long bytesSent;
    long messagesReceived;
    long bytesReceived;
    /** The facade's object for this channel. */
    public Object attachment;

    CoreChannel(String label, RtcDataChannelInit init, boolean remote) {
        this.label = label;
        this.init = init;
        this.remote = remote;
    }

    public String label() {
        return label;
    }

    public RtcDataChannelInit init() {
        return init;
    }

    /** The SCTP stream id, or -1 before it is known. */
    public int id() {
        return sctp != null ? sctp.id() : init.negotiated() ? init.id() : -1;
    }

    public State state() {
        return state;
    }

    /** Whether the peer opened it (reported by ondatachannel). */
    public boolean isRemote() {
        return remote;
    }

    public long bufferedAmount() {
        return sctp == null ? 0 : sctp.bufferedAmount();
    }

    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String toString() {
        return "channel '" + label + "' (" + id() + ", " + state + ")";
    }
}
