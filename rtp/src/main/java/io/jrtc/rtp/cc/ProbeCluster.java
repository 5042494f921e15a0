package io.jrtc.rtp.cc;

/**
 * A probe: the pacer sends at least {@code minPackets} packets and {@code minBytes} bytes at
 * {@code bitrateBps} (media when it has some, else padding), each tagged with {@code id}, and the
 * estimator measures the rate at which they arrive.
 *
 * @param id         tags the packets of this probe ({@code >= 0})
 * @param bitrateBps the rate to send at
 * @param minPackets packets to send at least
 * @param minBytes   bytes to send at least (rate × the probe's duration)
 */
public record ProbeCluster(int id, long bitrateBps, int minPackets, int minBytes) {
    /** No probe: the tag of a packet sent outside any probe. */
    public static final int NONE = -1;

    /**
     * Checks the values.
     *
     * @param id         tags the packets of this probe
     * @param bitrateBps the rate to send at
     * @param minPackets packets to send at least
     * @param minBytes   bytes to send at least
     * @throws IllegalArgumentException unless the id is at least 0 and the rest positive
     */
    public ProbeCluster {
        if (id < 0 || bitrateBps <= 0 || minPackets < 1 || minBytes < 1) {
            throw new IllegalArgumentException("probe cluster: id >= 0, positive rate, packets and bytes");
        }
    }

    /**
     * A probe at {@code bitrateBps} lasting {@code durationNanos}, of at least {@code minPackets} packets.
     *
     * @param id            its tag
     * @param bitrateBps    the rate to send at
     * @param durationNanos how long it lasts at that rate (which gives {@code minBytes})
     * @param minPackets    packets to send at least
     * @return the probe
     */
    public static ProbeCluster of(int id, long bitrateBps, long durationNanos, int minPackets) {
        long bytes = bitrateBps * durationNanos / 8 / 1_000_000_000L;
        return new ProbeCluster(id, bitrateBps, minPackets, (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes)));
    }
}
