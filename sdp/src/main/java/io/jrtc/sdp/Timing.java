package io.jrtc.sdp;

import java.util.List;

/**
 * A {@code t=} line with the {@code r=} repeat lines that follow it (kept as written).
 *
 * @param start   the start time (0: unbounded)
 * @param stop    the stop time (0: unbounded)
 * @param repeats its r= lines
 */
public record Timing(long start, long stop, List<String> repeats) {
    /**
     * Keeps unmodifiable copies of the collections.
     *
     * @param start the start time (0: unbounded)
     * @param stop the stop time (0: unbounded)
     * @param repeats its r= lines
     */
    public Timing {
        repeats = List.copyOf(repeats);
    }

    /** {@return {@code t=0 0}: an unbounded session, what every WebRTC description carries} */
    public static Timing unbounded() {
        return new Timing(0, 0, List.of());
    }
}
