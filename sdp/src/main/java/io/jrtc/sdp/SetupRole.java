package io.jrtc.sdp;

/** The {@code a=setup} values of RFC 4145 / RFC 8842: who starts the DTLS handshake. */
public enum SetupRole {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String token;

    SetupRole(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static SetupRole fromToken(String token) {
        for (SetupRole r : values()) {
            if (r.token.equals(token)) {
                return r;
            }
        }
        return null;
    }
}
