package io.jrtc.rtp.codec;

import io.jrtc.rtp.RtpParseException;

import java.util.List;

/** Rebuilds a frame from the RTP payloads that carried it, and reads the codec's frame signals. */
public interface Depacketizer {
    /**
     * Whether {@code payload} is the first packet of a frame by the codec's own signals (a heuristic for some codecs).
     *
     * @param payload an RTP payload
     * @return whether it starts a frame
     * @throws RtpParseException when the payload is malformed
     */
    boolean isFrameStart(byte[] payload) throws RtpParseException;

    /**
     * Whether {@code payload}, the first packet of a frame, starts a keyframe (decodable alone).
     *
     * @param payload the first payload of a frame
     * @return whether the frame is a keyframe
     * @throws RtpParseException when the payload is malformed
     */
    boolean isKeyframe(byte[] payload) throws RtpParseException;

    /** {@return true for codecs where every packet is a whole frame (Opus), so no marker bit is needed to end one} */
    default boolean everyPacketIsAFrame() {
        return false;
    }

    /**
     * The frame carried by {@code payloads} (all packets of one frame, in sequence order).
     *
     * @param payloads every payload of one frame, in order
     * @return the encoded frame
     * @throws RtpParseException when a payload is malformed or the set does not make a frame
     */
    byte[] depacketize(List<byte[]> payloads) throws RtpParseException;
}
