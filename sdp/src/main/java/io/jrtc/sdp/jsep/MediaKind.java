package io.jrtc.sdp.jsep;

/** The kind of an RTP transceiver: the {@code m=} line's media type. */
public enum MediaKind {
    /** {@code m=audio}. */
    AUDIO("audio"),
    /** {@code m=video}. */
    VIDEO("video");

    private final String token;

    MediaKind(String token) {
        this.token = token;
    }

    /** {@return the media type as the m= line writes it} */
    public String token() {
        return token;
    }

    /**
     * The kind named by an m= line, or {@code null} (application, text, ...).
     *
     * @param token the token as written in SDP
     * @return the kind named by an m= line, or {@code null} (application, text, ...)
     */
    public static MediaKind fromToken(String token) {
        for (MediaKind k : values()) {
            if (k.token.equals(token)) {
                return k;
            }
        }
        return null;
    }
}
