package io.jrtc.sdp;

import java.util.Objects;

/** A {@code c=} line: {@code <nettype> <addrtype> <connection-address>} (the address may carry /ttl/count). */
public record Connection(String netType, String addrType, String address) {
    public Connection {
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }

    /** {@code IN IP4 0.0.0.0}: the placeholder JSEP writes when the address is carried by ICE. */
    public static Connection unspecifiedIp4() {
        return new Connection("IN", "IP4", "0.0.0.0");
    }

    public String value() {
        return netType + " " + addrType + " " + address;
    }
}
