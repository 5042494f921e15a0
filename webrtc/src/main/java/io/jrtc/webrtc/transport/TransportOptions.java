package io.jrtc.webrtc.transport;

/**
 * Socket settings of a {@link UdpTransport} or {@link MuxTransport}. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with…} methods.
 *
 * @param receiveBufferSize   SO_RCVBUF in bytes (default 4 MiB), so that a browser sending at full speed
 *                            does not overflow the kernel's queue while the loop is busy. Linux caps it at
 *                            {@code net.core.rmem_max}; the transport logs a warning once when it was capped.
 * @param sendBufferSize      SO_SNDBUF in bytes (default 4 MiB; capped at {@code net.core.wmem_max})
 * @param maxDatagramSize     the largest datagram received whole (default 65,535); a larger one is truncated by
 *                            the kernel. Each read borrows a pooled buffer of this size and copies out only what
 *                            arrived.
 * @param rethrowEngineErrors whether an exception thrown by an engine (or by a task or an afterPump callback)
 *                            makes the test fail: it is still caught and counted, but it is also logged at ERROR
 *                            and {@code close()} then throws an {@link IllegalStateException} with it as the
 *                            cause. Default: the system property {@code jrtc.rethrowEngineErrors} ({@code true}
 *                            in tests, off on servers, where one hostile datagram must not kill the process).
 */
public record TransportOptions(int receiveBufferSize, int sendBufferSize, int maxDatagramSize, boolean rethrowEngineErrors) {
    /** Default SO_RCVBUF and SO_SNDBUF: 4 MiB. */
    public static final int DEFAULT_SOCKET_BUFFER = 4 << 20;
    /** Default largest datagram received: 65,535 bytes (nothing a UDP socket can receive is cut). */
    public static final int DEFAULT_MAX_DATAGRAM = 65_535;

    /** Checks the sizes. */
    public TransportOptions {
        if (receiveBufferSize < 1 || sendBufferSize < 1) {
            throw new IllegalArgumentException("socket buffer sizes must be positive: SO_RCVBUF " + receiveBufferSize
                    + ", SO_SNDBUF " + sendBufferSize);
        }
        if (maxDatagramSize < 1 || maxDatagramSize > 65_535) {
            throw new IllegalArgumentException("maxDatagramSize must be 1..65535, got " + maxDatagramSize);
        }
    }

    /** 4 MiB buffers, 65,535-byte datagrams, {@code rethrowEngineErrors} from {@code -Djrtc.rethrowEngineErrors}. */
    public static TransportOptions defaults() {
        return new TransportOptions(DEFAULT_SOCKET_BUFFER, DEFAULT_SOCKET_BUFFER, DEFAULT_MAX_DATAGRAM,
                Boolean.getBoolean("jrtc.rethrowEngineErrors"));
    }

    /** These options with SO_RCVBUF and SO_SNDBUF both set to {@code bytes}. */
    public TransportOptions withSocketBuffers(int bytes) {
        return new TransportOptions(bytes, bytes, maxDatagramSize, rethrowEngineErrors);
    }

    /** These options with SO_RCVBUF {@code bytes}. */
    public TransportOptions withReceiveBufferSize(int bytes) {
        return new TransportOptions(bytes, sendBufferSize, maxDatagramSize, rethrowEngineErrors);
    }

    /** These options with SO_SNDBUF {@code bytes}. */
    public TransportOptions withSendBufferSize(int bytes) {
        return new TransportOptions(receiveBufferSize, bytes, maxDatagramSize, rethrowEngineErrors);
    }

    /** These options with the largest datagram received set to {@code bytes}. */
    public TransportOptions withMaxDatagramSize(int bytes) {
        return new TransportOptions(receiveBufferSize, sendBufferSize, bytes, rethrowEngineErrors);
    }

    /** These options with {@code rethrowEngineErrors} set. */
    public TransportOptions withRethrowEngineErrors(boolean rethrow) {
        return new TransportOptions(receiveBufferSize, sendBufferSize, maxDatagramSize, rethrow);
    }
}
