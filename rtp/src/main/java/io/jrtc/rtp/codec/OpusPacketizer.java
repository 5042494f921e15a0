package io.jrtc.rtp.codec;

import java.util.List;

/** Opus (RFC 7587 section 4.2): one Opus packet per RTP packet, never fragmented. */
public final class OpusPacketizer implements Packetizer {
    /** Creates one; it has no settings of its own. */
    public OpusPacketizer() {
    }

    @Override
    public List<byte[]> packetize(byte[] frame, int maxPayload) {
        if (frame.length > maxPayload) {
            throw new IllegalArgumentException("Opus packet of " + frame.length + " bytes exceeds payload size " + maxPayload);
        }
        return List.of(frame.clone());
    }
}
