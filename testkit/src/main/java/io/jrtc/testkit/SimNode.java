package io.jrtc.testkit;

import io.jrtc.core.Datagram;

/**
 * Anything that sits on the simulated network: usually an {@link EngineNode} around one of our
 * engines, sometimes a hand-written peer (a STUN server, an echo, a NAT-traversal helper).
 * It follows the engine shape: input and timeouts in, transmits and a deadline out.
 */
public interface SimNode {
    /** A datagram for one of this node's addresses has arrived. */
    void handleInput(long now, Datagram datagram);

    /** The node's deadline has come. */
    void handleTimeout(long now);

    /** The next datagram to send (with its source set), or {@code null}. */
    Datagram pollTransmit();

    /** The node's next deadline in nanoseconds, or {@link Long#MAX_VALUE}. */
    long pollTimeout();
}
