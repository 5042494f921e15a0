package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.List;

/**
 * The outcome for one m= section of an answer: what the RTP, SCTP and transport layers are told.
 * {@code codecs} carry the answer's payload types (RTX codecs as {@code rtxPayloadType} of their
 * primary); {@code remoteSctpPort} is the offerer's SCTP port for a data channel section (0 otherwise).
 */
public record Negotiated(String mid, String media, boolean rejected, Direction direction, List<Codec> codecs,
        List<HeaderExtension> extensions, boolean dataChannel, boolean legacyDataChannel, int remoteSctpPort) {
    public Negotiated {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }
}
