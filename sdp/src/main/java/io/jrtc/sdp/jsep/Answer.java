package io.jrtc.sdp.jsep;

import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;

import java.util.List;

/** A created answer: the description, what was negotiated per m= section, and the DTLS role taken. */
public record Answer(SessionDescription description, List<Negotiated> sections, SetupRole setup) {
    public Answer {
        sections = List.copyOf(sections);
    }
}
