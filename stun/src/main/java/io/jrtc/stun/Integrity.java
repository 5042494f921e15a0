package io.jrtc.stun;

/** Which integrity attribute {@link StunMessage#encode(IntegrityKey, Integrity, boolean)} appends. */
public enum Integrity {
    /** MESSAGE-INTEGRITY: HMAC-SHA1, 20 bytes (RFC 5389; what ICE and every browser use). */
    SHA1,
    /** MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, 32 bytes (RFC 8489). */
    SHA256
}
