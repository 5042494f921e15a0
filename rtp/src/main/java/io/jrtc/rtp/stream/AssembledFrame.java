package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;

/** A whole frame out of the {@link FrameAssembler}: RTP timestamp, keyframe flag, the packets' extended sequence range, data. */
public record AssembledFrame(long timestamp, boolean keyframe, long firstSequence, long lastSequence, Bytes data) {
}
