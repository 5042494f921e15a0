package io.jrtc.rtp.cc;

import java.util.ArrayDeque;

/**
 * When to probe, and how fast.
 *
 * <ul>
 *   <li><b>Initial probing.</b> When sending starts: two probes, at 3× and 6× the start bitrate
 *       (without them, 8 % a second takes 15 s to go from 300 kbit/s to 1 Mbit/s).</li>
 *   <li><b>Further probing.</b> While a result reaches 70 % of the last probe's rate, probe again at
 *       twice the new estimate, until the maximum bitrate; a probe with no useful result within 1 s
 *       ends it.</li>
 *   <li><b>After the application-limited region.</b> While the application sent less than the
 *       estimate allowed, nothing proved the path still carries it (the estimate is held at 1.5× what
 *       got through); when it wants more again, one probe at 2× the estimate finds out fast.</li>
 * </ul>
 *
 * Each probe lasts {@link #PROBE_NANOS} (15 ms) and at least {@link #MIN_PACKETS} (5) packets.
 */
final class ProbeController {
    static final long PROBE_NANOS = 15_000_000L;
    static final int MIN_PACKETS = 5;
    private static final long RESULT_TIMEOUT_NANOS = 1_000_000_000L;
    private static final double FURTHER_FRACTION = 0.7;

    private final long maxBps;
    private final ArrayDeque<ProbeCluster> pending = new ArrayDeque<>();
    private int nextId;
    private boolean started;
    /** Exponential probing: the rate a result must reach to probe further, 0 when not probing. */
    private long furtherThreshold;
    private long waitingSince = Long.MIN_VALUE;
    private long lastProbeAt = Long.MIN_VALUE;
    private long probesSent;

    ProbeController(long maxBps) {
        this.maxBps = maxBps;
    }

    /** The first packet is about to be sent (or the network came up): the initial probes. */
    void onStart(long now, long startBps) {
        if (started) {
            return;
        }
        started = true;
        probe(now, 3 * startBps);
        probe(now, 6 * startBps);
    }

    /** A new estimate: probe further when it grew enough since the last probe. */
    void onEstimate(long now, long estimateBps) {
        if (furtherThreshold == 0) {
            return;
        }
        if (now - waitingSince > RESULT_TIMEOUT_NANOS) {
            furtherThreshold = 0;
            return;
        }
        if (estimateBps > furtherThreshold) {
            probe(now, 2 * estimateBps);
        }
    }

    /** The application wants to send more again after an application-limited period. */
    void onAlrEnded(long now, long estimateBps) {
        if (started && (lastProbeAt == Long.MIN_VALUE || now - lastProbeAt > RESULT_TIMEOUT_NANOS)) {
            probe(now, 2 * estimateBps);
        }
    }

    private void probe(long now, long bps) {
        long rate = Math.min(bps, maxBps);
        if (rate <= 0) {
            return;
        }
        pending.add(ProbeCluster.of(nextId, rate, PROBE_NANOS, MIN_PACKETS));
        nextId = (nextId + 1) & Integer.MAX_VALUE;
        probesSent++;
        lastProbeAt = now;
        waitingSince = now;
        furtherThreshold = rate >= maxBps ? 0 : (long) (rate * FURTHER_FRACTION);
    }

    /** The next probe for the pacer, or null. */
    ProbeCluster poll() {
        return pending.poll();
    }

    long probes() {
        return probesSent;
    }
}
