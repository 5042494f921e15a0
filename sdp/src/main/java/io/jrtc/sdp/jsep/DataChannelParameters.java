package io.jrtc.sdp.jsep;

/**
 * The data channel section's SCTP values: {@code a=sctp-port} and {@code a=max-message-size} (RFC 8841).
 *
 * @param sctpPort       the SCTP port (a=sctp-port, default 5000)
 * @param maxMessageSize the largest message accepted (a=max-message-size; 0 means no limit)
 */
public record DataChannelParameters(int sctpPort, long maxMessageSize) {
    /**
     * Checks the components.
     *
     * @param sctpPort the SCTP port (a=sctp-port, default 5000)
     * @param maxMessageSize the largest message accepted (a=max-message-size; 0 means no limit)
     */
    public DataChannelParameters {
        if (sctpPort < 0 || sctpPort > 65535 || maxMessageSize < 0) {
            throw new IllegalArgumentException("bad sctp port or max message size");
        }
    }

    /**
     * Port 5000 and 256 KiB, as Chromium writes.
     *
     * @return port 5000, max-message-size 262144
     */
    public static DataChannelParameters defaults() {
        return new DataChannelParameters(5000, 262144);
    }
}
