package io.jrtc.sdp.jsep;

import io.jrtc.sdp.SessionDescription;

import java.util.List;

/**
 * A created offer: the description, the transceivers with their mids assigned, and the data channel's mid.
 *
 * @param description    the offer
 * @param transceivers   the transceivers with their mids assigned
 * @param dataChannelMid the data channel section's mid, or null
 */
public record Offer(SessionDescription description, List<Transceiver> transceivers, String dataChannelMid) {
    /**
     * Keeps unmodifiable copies of the collections.
     *
     * @param description the offer
     * @param transceivers the transceivers with their mids assigned
     * @param dataChannelMid the data channel section's mid, or null
     */
    public Offer {
        transceivers = List.copyOf(transceivers);
    }
}
