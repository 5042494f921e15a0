package io.jrtc.sdp;

/** The {@code a=setup} values of RFC 4145 / RFC 8842: who starts the DTLS handshake. */
public enum SetupRole {
    /** {@code a=setup:active}: this side starts the DTLS handshake (the client). */
    ACTIVE("active"),
    /** {@code a=setup:passive}: this side waits for the handshake (the server). */
    PASSIVE("passive"),
    /** {@code a=setup:actpass}: the offerer lets the answerer choose. */
    ACTPASS("actpass"),
    /** {@code a=setup:holdconn}: no connection for now. */
    HOLDCONN("holdconn");

    private final String token;

    SetupRole(String token) {
        this.token = token;
    }

    /** {@return the value as written in {@code a=setup:}} */
    public String token() {
        return token;
    }

    /**
     * The role of an {@code a=setup:} value.
     *
     * @param token the token as written in SDP
     * @return the role, or {@code null} for an unknown value
     */
    public static SetupRole fromToken(String token) {
        for (SetupRole r : values()) {
            if (r.token.equals(token)) {
                return r;
            }
        }
        return null;
    }
}
