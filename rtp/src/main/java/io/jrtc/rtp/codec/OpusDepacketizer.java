package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.List;

/** Opus (RFC 7587): every RTP payload is one whole Opus packet, and every one decodes alone. */
public final class OpusDepacketizer implements Depacketizer {
    /** Creates one; it has no settings of its own. */
    public OpusDepacketizer() {
    }

    @Override
    public boolean isFrameStart(byte[] payload) {
        return true;
    }

    @Override
    public boolean everyPacketIsAFrame() {
        return true;
    }

    @Override
    public boolean isKeyframe(byte[] payload) {
        return true;
    }

    @Override
    public byte[] depacketize(List<byte[]> payloads) throws RtpParseException {
        if (payloads.size() != 1) {
            throw new RtpParseException("an Opus frame is exactly one RTP packet, got " + payloads.size());
        }
        return payloads.get(0).clone();
    }
}
