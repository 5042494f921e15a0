package io.jrtc.sdp;

/** The media direction attributes of RFC 8866 section 6.7 (and of {@code a=extmap}). */
public enum Direction {
    /** {@code a=sendrecv}: sends and receives (the default). */
    SENDRECV("sendrecv", true, true),
    /** {@code a=sendonly}: sends only. */
    SENDONLY("sendonly", true, false),
    /** {@code a=recvonly}: receives only. */
    RECVONLY("recvonly", false, true),
    /** {@code a=inactive}: neither sends nor receives. */
    INACTIVE("inactive", false, false);

    private static final Direction[] ALL = values();

    private final String token;
    private final boolean sends;
    private final boolean receives;

    Direction(String token, boolean sends, boolean receives) {
        this.token = token;
        this.sends = sends;
        this.receives = receives;
    }

    /** {@return the attribute name, e.g. {@code sendrecv}} */
    public String token() {
        return token;
    }

    /** {@return whether media is sent in this direction} */
    public boolean sends() {
        return sends;
    }

    /** {@return whether media is received in this direction} */
    public boolean receives() {
        return receives;
    }

    /** {@return the direction seen from the other side: sendonly becomes recvonly and the reverse} */
    public Direction reverse() {
        return of(receives, sends);
    }

    /**
     * The direction that sends only if both allow sending and receives only if both allow receiving.
     *
     * @param other the other value
     * @return the direction that sends only if both allow sending and receives only if both allow receiving
     */
    public Direction intersect(Direction other) {
        return of(sends && other.sends, receives && other.receives);
    }

    /**
     * The direction that sends and receives as asked.
     *
     * @param sends whether it sends
     * @param receives whether it receives
     * @return the direction
     */
    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /**
     * The direction named {@code token}, or {@code null}.
     *
     * @param token the token as written in SDP
     * @return the direction named {@code token}, or {@code null}
     */
    public static Direction fromToken(String token) {
        for (Direction d : ALL) {
            if (d.token.equals(token)) {
                return d;
            }
        }
        return null;
    }
}
