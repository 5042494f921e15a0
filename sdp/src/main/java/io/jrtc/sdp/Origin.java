package io.jrtc.sdp;

import java.util.Objects;

/**
 * The {@code o=} line: {@code <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}.
 * The session id is kept as written (it is a numeric string that may exceed 64 bits); the version is
 * what JSEP increments on every new offer or answer.
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
        String address) {
    public Origin {
        Objects.requireNonNull(username);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }

    public String value() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }

    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }
}
