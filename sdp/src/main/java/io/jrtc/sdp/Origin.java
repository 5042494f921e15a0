package io.jrtc.sdp;

import java.util.Objects;

/**
 * The {@code o=} line: {@code <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}.
 * The session id is kept as written (it is a numeric string that may exceed 64 bits); the version is
 * what JSEP increments on every new offer or answer.
 *
 * @param username       the user name (- when none)
 * @param sessionId      the session id
 * @param sessionVersion the session version (incremented by each new offer)
 * @param netType        the network type (IN)
 * @param addrType       the address type (IP4, IP6)
 * @param address        the address, as written
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
        String address) {
    /**
     * Checks the components.
     *
     * @param username the user name (- when none)
     * @param sessionId the session id
     * @param sessionVersion the session version (incremented by each new offer)
     * @param netType the network type (IN)
     * @param addrType the address type (IP4, IP6)
     * @param address the address, as written
     */
    public Origin {
        Objects.requireNonNull(username);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }

    /** {@return the line's value as written} */
    public String value() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }

    /**
     * This origin with another session version.
     *
     * @param version the new session version
     * @return a copy
     */
    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }
}
