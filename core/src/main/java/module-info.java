/**
 * jrtc core: the engine shape every protocol layer follows ({@link io.jrtc.core.Engine}), byte and hex
 * helpers, the shared replay window and SRTP profile, and the AES-GCM used by DTLS and SRTP.
 *
 * <p>With this module on the module path, the zero-allocation GHASH needs
 * {@code --add-opens java.base/com.sun.crypto.provider=io.jrtc.core} (on the class path:
 * {@code =ALL-UNNAMED}); without it the JDK's own cipher is used.
 */
module io.jrtc.core {
    exports io.jrtc.core;
    exports io.jrtc.core.crypto;
}
