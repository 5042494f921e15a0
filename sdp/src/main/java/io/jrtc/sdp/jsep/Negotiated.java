package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.List;

/**
 * The outcome for one m= section of an answer: what the RTP, SCTP and transport layers are told.
 * {@code codecs} carry the answer's payload types (RTX codecs as {@code rtxPayloadType} of their
 * primary); {@code remoteSctpPort} is the offerer's SCTP port for a data channel section (0 otherwise).
 *
 * @param mid               the section's mid
 * @param media             its media type
 * @param rejected          whether the answer rejects it (port 0)
 * @param direction         the answer's direction
 * @param codecs            the codecs accepted, in the offer's order with the offer's payload types
 * @param extensions        the header extensions accepted
 * @param dataChannel       whether it is the data channel section
 * @param legacyDataChannel whether in the legacy DTLS/SCTP 5000 syntax
 * @param remoteSctpPort    the offerer's SCTP port, or null
 */
public record Negotiated(String mid, String media, boolean rejected, Direction direction, List<Codec> codecs,
        List<HeaderExtension> extensions, boolean dataChannel, boolean legacyDataChannel, int remoteSctpPort) {
    /**
     * Keeps unmodifiable copies of the collections.
     *
     * @param mid the section's mid
     * @param media its media type
     * @param rejected whether the answer rejects it (port 0)
     * @param direction the answer's direction
     * @param codecs the codecs accepted, in the offer's order with the offer's payload types
     * @param extensions the header extensions accepted
     * @param dataChannel whether it is the data channel section
     * @param legacyDataChannel whether in the legacy DTLS/SCTP 5000 syntax
     * @param remoteSctpPort the offerer's SCTP port, or null
     */
    public Negotiated {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }
}
