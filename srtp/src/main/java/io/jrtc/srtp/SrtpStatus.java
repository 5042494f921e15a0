package io.jrtc.srtp;

/**
 * Why a protect or unprotect call refused a packet. The calls return a non-negative length on
 * success and one of these {@link #code() codes} (always negative) on failure, so a server counts
 * failures without an exception per packet; {@link SrtpContext} also keeps a counter per status.
 */
public enum SrtpStatus {
    /** Too short, not RTP/RTCP version 2, or a header that runs past the end. */
    MALFORMED(-1, "malformed packet"),
    /** The authentication tag did not verify: forged, corrupted, or the wrong keys. */
    AUTH_FAILED(-2, "authentication failed"),
    /** This packet index was already accepted (or, when protecting, already used). */
    REPLAYED(-3, "replayed packet"),
    /** The index is older than the replay window reaches. */
    TOO_OLD(-4, "packet index too old for the replay window"),
    /** A new SSRC would exceed the configured number of streams. */
    SSRC_LIMIT(-5, "too many SSRCs"),
    /** The output buffer cannot hold the result. */
    BUFFER_TOO_SMALL(-6, "output buffer too small"),
    /** The SRTP or SRTCP index space is used up; the keys must be changed. */
    INDEX_EXHAUSTED(-7, "packet index exhausted, rekey needed");

    private final int code;
    private final String reason;

    SrtpStatus(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** {@return the negative value the protect/unprotect calls return} */
    public int code() {
        return code;
    }

    /** {@return a short human reason, e.g. for {@code ERROR <reason>} lines} */
    public String reason() {
        return reason;
    }

    /**
     * The status a negative result stands for, or {@code null} for a success (a length &ge; 0).
     *
     * @param result what a protect or unprotect call returned
     * @return the status, or {@code null} for a length
     */
    public static SrtpStatus of(int result) {
        if (result >= 0) {
            return null;
        }
        int i = -result - 1;
        SrtpStatus[] all = values();
        if (i >= all.length) {
            throw new IllegalArgumentException("not an SRTP status code: " + result);
        }
        return all[i];
    }
}
