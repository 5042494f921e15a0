package io.jrtc.srtp;

/**
 * Which AES-GCM the AEAD profiles use (see the README's "Performance and allocation").
 */
public enum GcmImplementation {
    /**
     * AES from a reused {@code AES/ECB/NoPadding} cipher over counter blocks, GHASH in Java with 64 KiB of
     * tables per key (16 byte positions × 256 values). No allocation per packet, but the table GHASH
     * makes it about 3× slower than {@link #JDK} for 1200-byte packets (below libsrtp2 on this machine).
     */
    JAVA_TABLES,
    /**
     * The same, with Shoup's single 4 KiB table (plus a shared 512-byte reduction table): 16× less
     * memory per key, slower GHASH. For servers holding very many contexts.
     */
    JAVA_COMPACT,
    /**
     * The JDK's {@code AES/GCM/NoPadding} (carry-less multiply intrinsics), re-initialised for every
     * packet; JDK 17 allocates about 1.1 KB per packet doing so. The default: the fastest.
     */
    JDK
}
