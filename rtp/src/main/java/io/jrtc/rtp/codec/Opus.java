package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

/** Opus TOC byte helpers (RFC 6716 section 3.1). */
public final class Opus {
    private Opus() {
    }

    /**
     * Samples at 48 kHz in one Opus packet, read from its TOC and frame count.
     *
     * @param packet an Opus packet
     * @return its duration in 48 kHz samples
     * @throws RtpParseException when the packet is empty or its frame count is invalid
     */
    public static int samplesPerPacket(byte[] packet) throws RtpParseException {
        if (packet.length < 1) {
            throw new RtpParseException("empty Opus packet");
        }
        int toc = packet[0] & 0xff;
        int config = toc >>> 3;
        int frameSamples;
        if (config < 12) {
            frameSamples = new int[] {480, 960, 1920, 2880}[config & 3];
        } else if (config < 16) {
            frameSamples = (config & 1) == 0 ? 480 : 960;
        } else {
            frameSamples = new int[] {120, 240, 480, 960}[config & 3];
        }
        int code = toc & 3;
        int frames;
        if (code == 0) {
            frames = 1;
        } else if (code == 1 || code == 2) {
            frames = 2;
        } else {
            if (packet.length < 2) {
                throw new RtpParseException("Opus code 3 packet without frame count byte");
            }
            frames = packet[1] & 0x3f;
        }
        return frames * frameSamples;
    }
}
