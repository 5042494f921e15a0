package io.jrtc.sdp;

import java.util.Objects;

/**
 * A {@code c=} line: {@code <nettype> <addrtype> <connection-address>} (the address may carry /ttl/count).
 *
 * @param netType  the network type (IN)
 * @param addrType the address type (IP4, IP6)
 * @param address  the address, as written
 */
public record Connection(String netType, String addrType, String address) {
    /**
     * Checks the components.
     *
     * @param netType the network type (IN)
     * @param addrType the address type (IP4, IP6)
     * @param address the address, as written
     */
    public Connection {
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }

    /** {@return {@code IN IP4 0.0.0.0}: the placeholder JSEP writes when the address is carried by ICE} */
    public static Connection unspecifiedIp4() {
        return new Connection("IN", "IP4", "0.0.0.0");
    }

    /** {@return the line's value as written: {@code nettype addrtype address}} */
    public String value() {
        return netType + " " + addrType + " " + address;
    }
}
