package io.jrtc.core;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A UDP datagram with its addresses, as engines that care about addresses (STUN, ICE, TURN) emit and
 * accept it. The array is handed over: neither side modifies it afterwards.
 *
 * @param source      the local address it leaves from (may be {@code null} when the engine has only one)
 * @param destination where it goes
 * @param data        the payload
 */
public record Datagram(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
    /**
     * Checks the components.
     *
     * @param source the local address it leaves from (may be {@code null} when the engine has only one)
     * @param destination where it goes
     * @param data the payload
     */
    public Datagram {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "Datagram[" + source + " -> " + destination + ", " + data.length + " bytes]";
    }
}
