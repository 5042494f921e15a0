/** jrtc SRTP and SRTCP (RFC 3711, RFC 7714): contexts, key derivation, the profiles. */
module io.jrtc.srtp {
    requires transitive io.jrtc.core;

    exports io.jrtc.srtp;
}
