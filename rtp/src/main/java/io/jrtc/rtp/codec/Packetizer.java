package io.jrtc.rtp.codec;

import java.util.List;

/**
 * Cuts one encoded frame into RTP payloads. Packetizers keep per-stream state (picture ids, the last
 * parameter sets), so use one per outgoing stream.
 */
public interface Packetizer {
    /**
     * The RTP payloads of {@code frame}, each at most {@code maxPayload} bytes, in sending order; the
     * last one is sent with the marker bit.
     *
     * @throws IllegalArgumentException if the frame cannot be cut to that size (Opus larger than the
     *     payload, H.264 packetization-mode 0 with a NAL unit larger than the payload, a frame that is
     *     not valid for the codec)
     *
     * @param frame one encoded frame
     * @param maxPayload the largest payload, in bytes
     * @return the payloads, in order
     */
    List<byte[]> packetize(byte[] frame, int maxPayload);
}
