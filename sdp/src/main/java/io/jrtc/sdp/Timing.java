package io.jrtc.sdp;

import java.util.List;

/** A {@code t=} line with the {@code r=} repeat lines that follow it (kept as written). */
public record Timing(long start, long stop, List<String> repeats) {
    public Timing {
        repeats = List.copyOf(repeats);
    }

    /** {@code t=0 0}: an unbounded session, what every WebRTC description carries. */
    public static Timing unbounded() {
        return new Timing(0, 0, List.of());
    }
}
