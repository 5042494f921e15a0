package io.jrtc.sdp.jsep;

import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;

import java.util.List;

/**
 * A created answer: the description, what was negotiated per m= section, and the DTLS role taken.
 *
 * @param description the answer
 * @param sections    what was negotiated, per media section in offer order
 * @param setup       the DTLS role the answer takes (active or passive)
 */
public record Answer(SessionDescription description, List<Negotiated> sections, SetupRole setup) {
    /**
     * Keeps unmodifiable copies of the collections.
     *
     * @param description the answer
     * @param sections what was negotiated, per media section in offer order
     * @param setup the DTLS role the answer takes (active or passive)
     */
    public Answer {
        sections = List.copyOf(sections);
    }
}
