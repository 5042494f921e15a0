package io.jrtc.webrtc.core;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

/**
 * An {@link Engine} that takes whole UDP datagrams with their addresses: what a transport drives.
 * {@link PeerConnectionCore} is one; the transport package runs any of them on a Netty event loop,
 * the test kit runs them on its simulated network.
 *
 * @param <E> the events the engine reports
 */
public interface DatagramEngine<E> extends Engine<Datagram, E> {

    /** One datagram that arrived on {@code datagram.destination()} from {@code datagram.source()}. */
    void handleInput(long now, Datagram datagram);

    /**
     * Whether the engine is a DTLS server in a handshake that has not finished (established, failed or
     * closed): a {@code MuxTransport} limits how many of its engines are at once. Default: never.
     */
    default boolean dtlsHandshaking() {
        return false;
    }

    /** A ClientHello for this engine was dropped because the server's handshake limit was reached: count it. */
    default void dtlsHandshakeRefused() {
    }

    /**
     * Given by a {@code MuxTransport} (on the engine's loop): true while the server is under load (many
     * DTLS handshakes in progress), when a DTLS server created now should ask for a cookie first.
     */
    default void dtlsLoadSignal(java.util.function.BooleanSupplier underLoad) {
    }
}
