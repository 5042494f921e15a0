package io.jrtc.rtp.cc;

/** What the over-use detector concludes about the path (draft-ietf-rmcat-gcc-02 section 5.4). */
public enum BandwidthUsage {
    /** Queues are neither building nor draining. */
    NORMAL,
    /** Queues are building: the sender is above the path's capacity. */
    OVERUSING,
    /** Queues are draining. */
    UNDERUSING
}
