package io.jrtc.srtp;

/**
 * Which AES-GCM the AEAD profiles use (see the README's "AES-GCM: speed and allocation").
 *
 * <p>All of them produce the same bytes (RFC 7714 vectors, libsrtp2). They differ in speed and in
 * what they allocate: the JDK's {@code AES/GCM/NoPadding} cipher must be re-initialised for every
 * packet's IV, which builds a new GCM engine (about 1 KB), while the others keep their state per
 * key and allocate nothing per packet. All of them do AES with the JDK's AES (AES-NI).
 */
public enum GcmImplementation {
    /**
     * The default: {@link #JDK_GHASH} when the JVM lets jrtc reach the JDK's GHASH
     * ({@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}), otherwise {@link #JDK}.
     */
    AUTO,
    /**
     * AES-CTR from a reused {@code AES/ECB/NoPadding} cipher over the counter blocks, and GHASH by the
     * JDK's own GHASH class (carry-less multiply intrinsic), reused per key: no allocation per packet
     * and the fastest. Needs {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED};
     * asking for it without that fails with {@link IllegalStateException} when the context is created.
     */
    JDK_GHASH,
    /**
     * AES as in {@link #JDK_GHASH}, GHASH in pure Java with 64 KiB of tables per key (16 byte positions
     * × 256 values). No allocation per packet and no JVM option, but about 3× slower than {@link #JDK}
     * for 1200-byte packets (GHASH by table look-ups costs ~14 ns per 16-byte block).
     */
    JAVA_TABLES,
    /**
     * The same, with Shoup's single 4 KiB table (plus a shared 512-byte reduction table): 16× less
     * memory per key, slower GHASH. For servers holding very many contexts.
     */
    JAVA_COMPACT,
    /**
     * The JDK's {@code AES/GCM/NoPadding}, re-initialised for every packet: fast (the JDK's fused AES-GCM
     * intrinsic), no JVM option, but about 1 KB allocated per packet.
     */
    JDK;

    /** {@return what {@link #AUTO} means in this JVM; any other value is returned as is} */
    public GcmImplementation resolve() {
        if (this != AUTO) {
            return this;
        }
        return io.jrtc.core.crypto.AesGcm.jdkGhashAvailable() ? JDK_GHASH : JDK;
    }

    /**
     * Null when {@link #JDK_GHASH} can be used in this JVM, otherwise why not (typically the missing
     * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}).
     *
     * @return the reason, or {@code null}
     */
    public static String jdkGhashUnavailableReason() {
        return io.jrtc.core.crypto.AesGcm.jdkGhashUnavailableReason();
    }
}
