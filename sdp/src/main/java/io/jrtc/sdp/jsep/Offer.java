package io.jrtc.sdp.jsep;

import io.jrtc.sdp.SessionDescription;

import java.util.List;

/** A created offer: the description, the transceivers with their mids assigned, and the data channel's mid. */
public record Offer(SessionDescription description, List<Transceiver> transceivers, String dataChannelMid) {
    public Offer {
        transceivers = List.copyOf(transceivers);
    }
}
