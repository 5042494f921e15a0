package io.jrtc.sctp;

/**
 * {@code send} found the send buffer full. Nothing was queued and the association goes on: wait for
 * {@link SctpEvent.SendBufferAvailable} (or a BufferedAmountLow) and send again, or use
 * {@code trySend}, which returns {@code false} instead of throwing.
 */
public final class SendBufferFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message how full the buffer is */
    public SendBufferFullException(String message) {
        super(message);
    }
}
