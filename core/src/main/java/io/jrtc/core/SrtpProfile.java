package io.jrtc.core;

import java.util.Locale;

/**
 * The four SRTP protection profiles jrtc supports, with the lengths each one fixes. DTLS negotiates
 * one with use_srtp and exports its keying material; SRTP protects packets with it. It lives in
 * {@code core} because both layers name it and neither depends on the other.
 *
 * <p>Two families:
 * <ul>
 *   <li><b>AES-CM + HMAC-SHA1</b> (RFC 3711 §4.1.1, §4.2.1; DTLS-SRTP ids from RFC 5764): AES-128 in
 *       counter mode encrypts the payload, HMAC-SHA1 over the packet and the rollover counter
 *       authenticates it. The session salt is 112 bits, the session authentication key 160 bits. The
 *       {@code _32} profile truncates the SRTP tag to 32 bits, but SRTCP keeps an 80-bit tag (RFC 5764
 *       §4.1.2).</li>
 *   <li><b>AEAD AES-GCM</b> (RFC 7714): one pass encrypts and authenticates with a 128-bit tag; the
 *       session salt is 96 bits; there is no separate authentication key.</li>
 * </ul>
 *
 * <p>The constants carry the RFC 3711/7714 names; {@link #dtlsName()} gives the name the use_srtp
 * registry (RFC 5764 §4.1.2, RFC 7714 §14.2) uses for the same profile.
 */
public enum SrtpProfile {
    /** AES-128 in counter mode, HMAC-SHA1 with an 80-bit tag (RFC 3711, RFC 5764). */
    AES_CM_128_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14, 20, 10, 10, false),
    /** The same with a 32-bit SRTP tag (SRTCP keeps 80 bits). */
    AES_CM_128_HMAC_SHA1_32(0x0002, "SRTP_AES128_CM_HMAC_SHA1_32", 16, 14, 20, 4, 10, false),
    /** AES-128-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12, 0, 16, 16, true),
    /** AES-256-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12, 0, 16, 16, true);

    private final int dtlsId;
    private final String dtlsName;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final boolean aead;

    SrtpProfile(int dtlsId, String dtlsName, int keyLength, int saltLength, int authKeyLength, int rtpTagLength,
                int rtcpTagLength, boolean aead) {
        this.dtlsId = dtlsId;
        this.dtlsName = dtlsName;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
    }

    /** {@return the DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2)} */
    public int dtlsId() {
        return dtlsId;
    }

    /** {@return the DTLS-SRTP protection profile name, e.g. {@code SRTP_AES128_CM_HMAC_SHA1_80} (RFC 5764 §4.1.2)} */
    public String dtlsName() {
        return dtlsName;
    }

    /** {@return master and session encryption key length in bytes (16 or 32)} */
    public int keyLength() {
        return keyLength;
    }

    /** {@return master and session salt length in bytes (14 for AES-CM, 12 for GCM)} */
    public int saltLength() {
        return saltLength;
    }

    /**
     * How many bytes the DTLS exporter must produce for this profile (RFC 5764 §4.2): a key and a
     * salt for each side, 2 × (key + salt).
     *
     * @return 2 × (key length + salt length)
     */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** {@return session authentication key length in bytes (20 for HMAC-SHA1, 0 for GCM)} */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** {@return bytes an SRTP packet grows by: the authentication tag} */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** {@return the SRTCP authentication tag length in bytes} */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** {@return bytes an SRTCP packet grows by: the E flag and index word plus the tag} */
    public int rtcpOverhead() {
        return 4 + rtcpTagLength;
    }

    /** {@return true for the AES-GCM profiles (RFC 7714)} */
    public boolean isAead() {
        return aead;
    }

    /**
     * The profile with this DTLS-SRTP id, or {@code null}.
     *
     * @param id the use_srtp protection profile id
     * @return the profile, or {@code null}
     */
    public static SrtpProfile byDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }

    /**
     * The profile named like the enum constant, or like RFC 5764's {@code SRTP_AES128_CM_HMAC_SHA1_80}
     * (case-insensitive, {@code SRTP_} prefix allowed), or {@code null}.
     *
     * @param name e.g. {@code AEAD_AES_128_GCM} or {@code SRTP_AEAD_AES_128_GCM}
     * @return the profile, or {@code null}
     */
    public static SrtpProfile byName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SRTP_")) {
            n = n.substring(5);
        }
        if (n.startsWith("AES128_CM_")) {
            n = "AES_CM_128_" + n.substring("AES128_CM_".length());
        }
        for (SrtpProfile p : values()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        return null;
    }
}
