package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

import java.util.ArrayDeque;

/**
 * The output side shared by the engines of this module ({@link IceAgent}, {@link TurnClient},
 * {@link UdpMux}): what they produce while handling input or a timeout waits in two queues, datagrams
 * to send and events to report, until the caller polls them.
 *
 * @param <E> the engine's event type
 */
abstract class QueuedEngine<E> implements Engine<Datagram, E> {
    /** Datagrams waiting for {@link #pollTransmit()}, oldest first. */
    final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    /** Events waiting for {@link #pollEvent()}, oldest first. */
    final ArrayDeque<E> events = new ArrayDeque<>();

    @Override
    public final Datagram pollTransmit() {
        return transmits.poll();
    }

    @Override
    public final E pollEvent() {
        return events.poll();
    }
}
