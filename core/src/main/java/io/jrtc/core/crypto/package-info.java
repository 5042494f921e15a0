/**
 * AES-GCM (NIST SP 800-38D) shared by SRTP (RFC 7714) and DTLS (RFC 5288): {@link io.jrtc.core.crypto.AesGcm}
 * allocates nothing per packet; its GHASH is the JDK's own when the JVM opens
 * {@code com.sun.crypto.provider} to jrtc ({@code JdkGhash}), else Shoup's tables in Java.
 */
package io.jrtc.core.crypto;
