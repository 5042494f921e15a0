package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;

import java.security.cert.X509Certificate;
import java.util.List;

/** What a {@link DtlsEndpoint} reports. */
public sealed interface DtlsEvent {

    /**
     * The handshake finished and both Finished messages verified.
     *
     * @param srtpProfile         the use_srtp profile, or null when none was negotiated
     * @param peerCertificates    the peer's chain, leaf first
     * @param peerFingerprint     sha-256 fingerprint of the peer's leaf
     */
    record HandshakeComplete(CipherSuite suite, NamedGroup group, SrtpProfile srtpProfile,
                             boolean extendedMasterSecret, List<X509Certificate> peerCertificates,
                             Fingerprint peerFingerprint) implements DtlsEvent {
        public HandshakeComplete {
            peerCertificates = List.copyOf(peerCertificates);
        }
    }

    /** Decrypted application data from one record. */
    record ApplicationData(Bytes data) implements DtlsEvent {
    }

    /** An alert sent or received. */
    record Alert(boolean fatal, int description, boolean fromPeer) implements DtlsEvent {
        @Override
        public String toString() {
            return "Alert[" + (fatal ? "fatal " : "warning ") + AlertDescription.name(description)
                    + (fromPeer ? " from peer" : " sent") + "]";
        }
    }

    /** The association is over (close_notify, fatal alert, or handshake timeout). */
    record Closed(String reason) implements DtlsEvent {
    }
}
