package io.jrtc.srtp;

/**
 * Settings of an {@link SrtpContext}: start from {@link #defaults()} and change fields by name with
 * the {@code with…} methods, e.g. {@code SrtpConfig.defaults().withReplayWindow(1024).withCryptex(true)}.
 *
 * @param replayWindow how many packet indices behind the highest one received are still accepted
 *                     (once each), for SRTP and SRTCP; 64 by default (RFC 3711 §3.3.2 asks for at least
 *                     64), at most {@value #MAX_REPLAY_WINDOW}
 * @param maxSsrcs     how many SSRCs (streams) the context keeps state for; a packet from one more SSRC
 *                     is refused with {@link SrtpStatus#SSRC_LIMIT}, so hostile traffic cannot grow
 *                     memory without bound
 * @param cryptex      RFC 9335 cryptex was negotiated ({@code a=cryptex}): protect encrypts the CSRCs and
 *                     header extensions of every RTP packet that has them (marking the extension
 *                     0xC0DE/0xC2DE), and unprotect decrypts packets so marked. Off by default.
 * @param gcm          which AES-GCM the AEAD profiles use: {@link GcmImplementation#AUTO} by default, which is
 *                     {@link GcmImplementation#JDK_GHASH} (fastest, no allocation per packet) when the JVM
 *                     runs with {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}, and
 *                     otherwise {@link GcmImplementation#JDK} (the JDK's cipher: fast, ~1 KB allocated per
 *                     packet); {@link GcmImplementation#JAVA_TABLES} and {@link GcmImplementation#JAVA_COMPACT}
 *                     allocate nothing without any JVM option but are 2-3× slower at 1200 bytes
 */
public record SrtpConfig(int replayWindow, int maxSsrcs, boolean cryptex, GcmImplementation gcm) {
    /** The default replay window: 64 indices (RFC 3711 §3.3.2's minimum). */
    public static final int DEFAULT_REPLAY_WINDOW = 64;
    /** The largest replay window accepted. */
    public static final int MAX_REPLAY_WINDOW = 32768;
    /** The default number of SSRCs a context keeps state for. */
    public static final int DEFAULT_MAX_SSRCS = 128;
    /** The largest SSRC limit accepted. */
    public static final int MAX_SSRCS = 1 << 20;
    /** The default AES-GCM implementation. */
    public static final GcmImplementation DEFAULT_GCM = GcmImplementation.AUTO;

    /**
     * Checks the ranges above.
     *
     * @param replayWindow the replay window size
     * @param maxSsrcs the SSRC limit
     * @param cryptex whether cryptex is on
     * @param gcm the AES-GCM implementation
     */
    public SrtpConfig {
        if (replayWindow < 1 || replayWindow > MAX_REPLAY_WINDOW) {
            throw new IllegalArgumentException("replayWindow must be 1.." + MAX_REPLAY_WINDOW + ": " + replayWindow);
        }
        if (maxSsrcs < 1 || maxSsrcs > MAX_SSRCS) {
            throw new IllegalArgumentException("maxSsrcs must be 1.." + MAX_SSRCS + ": " + maxSsrcs);
        }
        java.util.Objects.requireNonNull(gcm, "gcm");
    }

    /**
     * Settings with the default AES-GCM implementation.
     *
     * @param replayWindow the replay window size
     * @param maxSsrcs the SSRC limit
     * @param cryptex whether cryptex is on
     */
    public SrtpConfig(int replayWindow, int maxSsrcs, boolean cryptex) {
        this(replayWindow, maxSsrcs, cryptex, DEFAULT_GCM);
    }

    /** {@return window 64, 128 SSRCs, no cryptex, {@link GcmImplementation#AUTO}} */
    public static SrtpConfig defaults() {
        return new SrtpConfig(DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_SSRCS, false, DEFAULT_GCM);
    }

    /**
     * These settings with another replay window.
     *
     * @param window 1 to {@value #MAX_REPLAY_WINDOW} indices
     * @return the new settings
     */
    public SrtpConfig withReplayWindow(int window) {
        return new SrtpConfig(window, maxSsrcs, cryptex, gcm);
    }

    /**
     * These settings with another SSRC limit.
     *
     * @param max 1 to {@value #MAX_SSRCS} streams
     * @return the new settings
     */
    public SrtpConfig withMaxSsrcs(int max) {
        return new SrtpConfig(replayWindow, max, cryptex, gcm);
    }

    /**
     * These settings with cryptex (RFC 9335) on or off.
     *
     * @param on whether {@code a=cryptex} was negotiated
     * @return the new settings
     */
    public SrtpConfig withCryptex(boolean on) {
        return new SrtpConfig(replayWindow, maxSsrcs, on, gcm);
    }

    /**
     * These settings with another AES-GCM implementation.
     *
     * @param implementation which AES-GCM the AEAD profiles use
     * @return the new settings
     */
    public SrtpConfig withGcm(GcmImplementation implementation) {
        return new SrtpConfig(replayWindow, maxSsrcs, cryptex, implementation);
    }
}
