package io.jrtc.sctp.datachannel;

import java.nio.charset.StandardCharsets;

/** What {@link DataChannels} reports. */
public sealed interface DataChannelEvent {

    /** The SCTP association is up; channels can open. */
    record Connected() implements DataChannelEvent {
    }

    /** A channel is open: created by the peer (DCEP OPEN), acknowledged, or negotiated. */
    record Open(DataChannel channel) implements DataChannelEvent {
    }

    /** A message. {@code binary} false means UTF-8 text. The array is handed over. */
    record Message(DataChannel channel, boolean binary, byte[] data) implements DataChannelEvent {
        /** {@return the data as UTF-8 text} */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Message[" + channel.label() + ", " + (binary ? "binary " : "text ") + data.length + " bytes]";
        }
    }

    /** The channel's bufferedAmount fell to its bufferedAmountLowThreshold. */
    record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {
    }

    /**
     * A send was refused for a full send buffer ({@link DataChannel#trySend} returned {@code false}, or
     * {@link DataChannel#send} threw), and the buffer, shared by all channels, has drained to half or
     * less, with room for that message: send again.
     *
     * @param bufferedAmount bytes still queued or unacknowledged on all channels
     * @param available      bytes that can be queued now (each message also counts 128 bytes of bookkeeping)
     */
    record SendBufferAvailable(long bufferedAmount, long available) implements DataChannelEvent {
    }

    /** Something went wrong on a channel (a message too large was discarded, ...). */
    record Error(DataChannel channel, String message) implements DataChannelEvent {
    }

    /** The channel is closed (both directions of its stream were reset, or the association ended). */
    record Closed(DataChannel channel) implements DataChannelEvent {
    }

    /** The association ended: gracefully ({@code aborted} false) or by ABORT. */
    record AssociationClosed(boolean aborted, String reason) implements DataChannelEvent {
    }
}
