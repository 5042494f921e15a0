package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Attribute;

import java.util.List;
import java.util.Objects;

/**
 * The ICE and DTLS values a description carries in each section: ICE ufrag and password
 * ({@code a=ice-ufrag}, {@code a=ice-pwd}), ICE options ({@code trickle}, ...) and the certificate
 * fingerprints ({@code a=fingerprint}). The ICE and DTLS layers produce them; JSEP only writes them.
 *
 * @param iceUfrag     the ICE username fragment
 * @param icePwd       the ICE password
 * @param iceOptions   the ICE options (trickle, ...)
 * @param fingerprints the DTLS certificate fingerprints
 */
public record TransportParameters(String iceUfrag, String icePwd, List<String> iceOptions,
        List<Attribute.Fingerprint> fingerprints) {

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param iceUfrag the ICE username fragment
     * @param icePwd the ICE password
     * @param iceOptions the ICE options (trickle, ...)
     * @param fingerprints the DTLS certificate fingerprints
     */
    public TransportParameters {
        Objects.requireNonNull(iceUfrag);
        Objects.requireNonNull(icePwd);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one fingerprint");
        }
    }
}
