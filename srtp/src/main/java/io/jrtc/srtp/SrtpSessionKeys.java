package io.jrtc.srtp;

import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;

/**
 * The six session keys of one SRTP master key (RFC 3711 §4.3): encryption key, salt and
 * authentication key for SRTP and again for SRTCP. GCM profiles have no authentication keys (empty).
 */
public record SrtpSessionKeys(SrtpProfile profile,
                              Bytes rtpKey, Bytes rtpSalt, Bytes rtpAuthKey,
                              Bytes rtcpKey, Bytes rtcpSalt, Bytes rtcpAuthKey) {

    /**
     * Checks every length against the profile.
     *
     * @param profile the protection profile
     * @param rtpKey the SRTP encryption key
     * @param rtpSalt the SRTP salt
     * @param rtpAuthKey the SRTP authentication key (empty for GCM)
     * @param rtcpKey the SRTCP encryption key
     * @param rtcpSalt the SRTCP salt
     * @param rtcpAuthKey the SRTCP authentication key (empty for GCM)
     */
    public SrtpSessionKeys {
        check(profile, rtpKey, rtpSalt, rtpAuthKey, "SRTP");
        check(profile, rtcpKey, rtcpSalt, rtcpAuthKey, "SRTCP");
    }

    private static void check(SrtpProfile p, Bytes key, Bytes salt, Bytes auth, String what) {
        if (key.length() != p.keyLength() || salt.length() != p.saltLength() || auth.length() != p.authKeyLength()) {
            throw new IllegalArgumentException(what + " session key lengths do not fit " + p + ": key "
                    + key.length() + ", salt " + salt.length() + ", auth key " + auth.length());
        }
    }

    /**
     * Runs the key derivation function (RFC 3711 §4.3, key derivation rate 0) on a master key and salt.
     *
     * @param profile the protection profile
     * @param masterKey the master key
     * @param masterSalt the master salt
     * @return the six session keys
     */
    public static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte master key, got "
                    + masterKey.length);
        }
        if (masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.saltLength() + "-byte master salt, got "
                    + masterSalt.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        int a = profile.authKeyLength();
        return new SrtpSessionKeys(profile,
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, k)),
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, s)),
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, a)),
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, k)),
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, s)),
                Bytes.wrap(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_AUTH, a)));
    }

    /**
     * The same keys for SRTP and SRTCP, given directly (as RFC 7714's test vectors do).
     *
     * @param profile the protection profile
     * @param key the session encryption key
     * @param salt the session salt
     * @param authKey the session authentication key, or {@code null} for GCM
     * @return the keys
     */
    public static SrtpSessionKeys direct(SrtpProfile profile, byte[] key, byte[] salt, byte[] authKey) {
        Bytes k = Bytes.of(key);
        Bytes s = Bytes.of(salt);
        Bytes a = authKey == null ? Bytes.EMPTY : Bytes.of(authKey);
        return new SrtpSessionKeys(profile, k, s, a, k, s, a);
    }

    @Override
    public String toString() {
        return "SrtpSessionKeys[" + profile + ", keys hidden]";
    }
}
