package io.jrtc.webrtc.transport;

/**
 * A snapshot of one socket's counters, taken by {@link UdpTransport#stats()} or
 * {@link MuxTransport#stats()}. Each counter only grows.
 *
 * @param datagramsIn   datagrams received and handed to an engine (a mux's unroutable ones are not included)
 * @param bytesIn       their payload bytes
 * @param datagramsOut  datagrams the socket sent (writes that completed)
 * @param bytesOut      their payload bytes
 * @param writeFailures datagrams not sent: dropped because the channel was not writable (its outbound queue
 *                      full), or whose write failed (closed socket, unreachable network, …)
 * @param engineErrors  exceptions thrown by an engine's {@code handleInput}, {@code handleTimeout},
 *                      {@code pollTransmit} or {@code pollTimeout}, by a task given to {@code execute}, or by
 *                      an afterPump callback; each was caught, logged and counted, and the socket went on
 * @param unroutable    datagrams a {@link MuxTransport} found no engine for and dropped (always 0 for a
 *                      {@link UdpTransport})
 */
public record TransportStats(long datagramsIn, long bytesIn, long datagramsOut, long bytesOut, long writeFailures,
                             long engineErrors, long unroutable) {
}
