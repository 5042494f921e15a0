package io.jrtc.sdp.jsep;

/** The data channel section's SCTP values: {@code a=sctp-port} and {@code a=max-message-size} (RFC 8841). */
public record DataChannelParameters(int sctpPort, long maxMessageSize) {
    public DataChannelParameters {
        if (sctpPort < 0 || sctpPort > 65535 || maxMessageSize < 0) {
            throw new IllegalArgumentException("bad sctp port or max message size");
        }
    }

    /** Port 5000 and 256 KiB, as Chromium writes. */
    public static DataChannelParameters defaults() {
        return new DataChannelParameters(5000, 262144);
    }
}
