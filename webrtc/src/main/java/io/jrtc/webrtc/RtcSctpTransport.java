package io.jrtc.webrtc;

/**
 * A view of the connection's SCTP transport (W3C {@code RTCSctpTransport}) with one addition a server
 * needs: {@link #pauseReceiving}, the receive-side backpressure of every data channel.
 */
public final class RtcSctpTransport {
    /** W3C {@code RTCSctpTransportState}. */
    public enum State { CONNECTING, CONNECTED, CLOSED }

    private final PeerConnection pc;

    RtcSctpTransport(PeerConnection pc) {
        this.pc = pc;
    }

    /** The largest message the peer accepts (its {@code a=max-message-size}). */
    public long maxMessageSize() {
        return pc.query(now -> pc.core().remoteMaxMessageSize());
    }

    public State state() {
        return pc.query(now -> pc.core().sctpConnected() ? State.CONNECTED
                : pc.core().connectionState() == PeerConnectionState.CLOSED ? State.CLOSED : State.CONNECTING);
    }

    /**
     * While paused, no message is delivered to any channel: what arrives stays queued inside SCTP and
     * counts against the receive window, so the peer's sender stops when the window closes (RFC 9260
     * §6). Resuming delivers the queue in order and reopens the window with a window-update SACK. An
     * echo server pauses when its channel's {@code bufferedAmount} is high and resumes on
     * {@code onBufferedAmountLow}.
     */
    public void pauseReceiving(boolean paused) {
        pc.run(now -> pc.core().setReceivePaused(now, paused));
    }

    public RtcDtlsTransport transport() {
        return pc.dtlsTransport();
    }
}
