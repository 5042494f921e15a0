package io.jrtc.dtls;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
        /**
         * Keeps an unmodifiable copy of the chain.
         *
         * @param suite the negotiated cipher suite
         * @param group the key-exchange group
         * @param srtpProfile the use_srtp profile, or {@code null}
         * @param extendedMasterSecret whether RFC 7627 was used
         * @param peerCertificates the peer's chain, leaf first
         * @param peerFingerprint sha-256 fingerprint of the peer's leaf
         */
        public HandshakeComplete {
            peerCertificates = List.copyOf(peerCertificates);
        }
    }

    /**
     * Decrypted application data from one record.
     *
     * @param data the record's plaintext, handed over without a copy: the array the record layer
     *             decrypted into, which nothing else references. It belongs to the receiver of the
     *             event from then on, to keep, pass on (to an SCTP association, say) or overwrite.
     *             {@link #equals} and {@link #hashCode} compare its contents.
     */
    record ApplicationData(byte[] data) implements DtlsEvent {
        /**
         * Refuses {@code null}.
         *
         * @param data the record's plaintext (handed over, not copied)
         */
        public ApplicationData {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ApplicationData other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "ApplicationData[data=" + (data.length <= 64 ? Hex.encode(data)
                    : Hex.encode(data, 0, 64) + "…(" + data.length + " bytes)") + "]";
        }
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
