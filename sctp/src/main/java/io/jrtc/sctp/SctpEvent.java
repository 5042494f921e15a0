package io.jrtc.sctp;

import java.util.List;

/** What an {@link SctpAssociation} reports through {@code pollEvent()}. */
public sealed interface SctpEvent {

    /** The four-way handshake finished: data flows. */
    record Connected(int outboundStreams, int inboundStreams, boolean interleaving, boolean zeroChecksum)
            implements SctpEvent {
    }

    /**
     * A whole user message. The array is handed over to the caller.
     *
     * @param unordered whether it was sent unordered
     */
    record Message(int streamId, long ppid, byte[] data, boolean unordered) implements SctpEvent {
        @Override
        public String toString() {
            return "Message[stream=" + streamId + ", ppid=" + ppid + ", " + data.length + " bytes" + (unordered ? ", unordered" : "") + "]";
        }
    }

    /** The peer reset these streams of ours for reading: everything it sent on them before arrived. */
    record IncomingStreamsReset(List<Integer> streams) implements SctpEvent {
    }

    /** Our outgoing reset of these streams was performed by the peer. */
    record OutgoingStreamsReset(List<Integer> streams) implements SctpEvent {
    }

    /** The buffered (queued or unacknowledged) bytes of a stream fell to or below its low threshold. */
    record BufferedAmountLow(int streamId, long bufferedAmount) implements SctpEvent {
    }

    /**
     * A send was refused because the send buffer was full ({@code trySend} returned {@code false}, or
     * {@code send} threw), and the buffer has now drained to half its size or less, with room for
     * that message: try again. Reported once per refusal episode.
     *
     * @param bufferedAmount bytes still queued or unacknowledged on all streams
     * @param available      bytes that can be queued now (each message also counts 128 bytes of bookkeeping)
     */
    record SendBufferAvailable(long bufferedAmount, long available) implements SctpEvent {
    }

    /** A message larger than our max message size arrived and was discarded. */
    record MessageTooLarge(int streamId, long size, int limit) implements SctpEvent {
    }

    /** The peer sent an ERROR chunk (non-fatal). */
    record ErrorReceived(List<ErrorCause> causes) implements SctpEvent {
    }

    /** The graceful SHUTDOWN sequence completed; the association is closed. */
    record Closed() implements SctpEvent {
    }

    /** The association was aborted, by the peer ({@code remote}) or locally, and why. */
    record Aborted(boolean remote, String reason) implements SctpEvent {
    }
}
