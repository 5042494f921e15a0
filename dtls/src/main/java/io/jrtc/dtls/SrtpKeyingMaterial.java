package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;

/**
 * SRTP master keys and salts from the exporter (RFC 5764 §4.2): the exporter output with label
 * "EXTRACTOR-dtls_srtp" is cut as client_write_key | server_write_key | client_write_salt |
 * server_write_salt.
 */
public record SrtpKeyingMaterial(SrtpProfile profile, Bytes clientKey, Bytes clientSalt, Bytes serverKey,
                                 Bytes serverSalt) {
    /** The exporter label of DTLS-SRTP (RFC 5764 §4.2). */
    public static final String LABEL = "EXTRACTOR-dtls_srtp";

    static SrtpKeyingMaterial split(SrtpProfile p, byte[] m) {
        int k = p.keyLength();
        int s = p.saltLength();
        return new SrtpKeyingMaterial(p, Bytes.of(m, 0, k), Bytes.of(m, 2 * k, s), Bytes.of(m, k, k), Bytes.of(m, 2 * k + s, s));
    }

    /**
     * The master key this side protects with.
     *
     * @param client whether this side is the DTLS client
     * @return the client's write key for the client, the server's for the server
     */
    public Bytes localKey(boolean client) {
        return client ? clientKey : serverKey;
    }

    /**
     * The master salt this side protects with.
     *
     * @param client whether this side is the DTLS client
     * @return its write salt
     */
    public Bytes localSalt(boolean client) {
        return client ? clientSalt : serverSalt;
    }

    /**
     * The master key the peer protects with (this side unprotects with it).
     *
     * @param client whether this side is the DTLS client
     * @return the peer's write key
     */
    public Bytes remoteKey(boolean client) {
        return client ? serverKey : clientKey;
    }

    /**
     * The master salt the peer protects with.
     *
     * @param client whether this side is the DTLS client
     * @return the peer's write salt
     */
    public Bytes remoteSalt(boolean client) {
        return client ? serverSalt : clientSalt;
    }
}
