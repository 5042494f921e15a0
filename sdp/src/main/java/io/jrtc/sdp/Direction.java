package io.jrtc.sdp;

/** The media direction attributes of RFC 8866 section 6.7 (and of {@code a=extmap}). */
public enum Direction {
    SENDRECV("sendrecv", true, true),
    SENDONLY("sendonly", true, false),
    RECVONLY("recvonly", false, true),
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

    /** The attribute name, e.g. {@code sendrecv}. */
    public String token() {
        return token;
    }

    public boolean sends() {
        return sends;
    }

    public boolean receives() {
        return receives;
    }

    /** The direction seen from the other side: sendonly becomes recvonly and the reverse. */
    public Direction reverse() {
        return of(receives, sends);
    }

    /** The direction that sends only if both allow sending and receives only if both allow receiving. */
    public Direction intersect(Direction other) {
        return of(sends && other.sends, receives && other.receives);
    }

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named {@code token}, or {@code null}. */
    public static Direction fromToken(String token) {
        for (Direction d : ALL) {
            if (d.token.equals(token)) {
                return d;
            }
        }
        return null;
    }
}
