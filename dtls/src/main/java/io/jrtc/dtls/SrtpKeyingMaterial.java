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
    public static final String LABEL = "EXTRACTOR-dtls_srtp";

    static SrtpKeyingMaterial split(SrtpProfile p, byte[] m) {
        int k = p.keyLength();
        int s = p.saltLength();
        return new SrtpKeyingMaterial(p, Bytes.of(m, 0, k), Bytes.of(m, 2 * k, s), Bytes.of(m, k, k), Bytes.of(m, 2 * k + s, s));
    }

    /** The key and salt this side sends with. */
    public Bytes localKey(boolean client) {
        return client ? clientKey : serverKey;
    }

    public Bytes localSalt(boolean client) {
        return client ? clientSalt : serverSalt;
    }

    public Bytes remoteKey(boolean client) {
        return client ? serverKey : clientKey;
    }

    public Bytes remoteSalt(boolean client) {
        return client ? serverSalt : clientSalt;
    }
}
