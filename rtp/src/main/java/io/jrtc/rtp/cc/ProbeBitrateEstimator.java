package io.jrtc.rtp.cc;

/**
 * Measures what a probe got through: for the acknowledged packets of one cluster,
 *
 * <pre>
 *   send rate    = (bytes - last packet's)  / (last send - first send)
 *   receive rate = (bytes - first packet's) / (last arrival - first arrival)
 *   result       = min(send rate, receive rate), × 0.95 when the receive rate is below 90 % of the send rate
 * </pre>
 *
 * once at least 80 % of the cluster's packets and bytes are acknowledged. An interval over 1 s, or a
 * receive rate more than twice the send rate, is not a measurement. Keeps the last
 * {@link #CLUSTERS} clusters; allocation-free.
 */
final class ProbeBitrateEstimator {
    static final int CLUSTERS = 8;
    private static final long MAX_INTERVAL_NANOS = 1_000_000_000L;

    private final int[] ids = new int[CLUSTERS];
    private final int[] minPackets = new int[CLUSTERS];
    private final int[] minBytes = new int[CLUSTERS];
    private final int[] packets = new int[CLUSTERS];
    private final long[] bytes = new long[CLUSTERS];
    private final long[] firstSend = new long[CLUSTERS];
    private final long[] lastSend = new long[CLUSTERS];
    private final int[] lastSendSize = new int[CLUSTERS];
    private final long[] firstArrival = new long[CLUSTERS];
    private final int[] firstArrivalSize = new int[CLUSTERS];
    private final long[] lastArrival = new long[CLUSTERS];
    private int next;

    ProbeBitrateEstimator() {
        java.util.Arrays.fill(ids, ProbeCluster.NONE);
    }

    /** A probe was started: its packets will be measured against its minimum size. */
    void onProbe(ProbeCluster c) {
        int i = next;
        next = (next + 1) % CLUSTERS;
        ids[i] = c.id();
        minPackets[i] = c.minPackets();
        minBytes[i] = c.minBytes();
        packets[i] = 0;
        bytes[i] = 0;
    }

    /**
     * One acknowledged packet of cluster {@code id}; returns the probe's result in bits per second
     * when this packet made it measurable, else -1.
     */
    long onAcked(int id, long send, long arrival, int size) {
        int i = indexOf(id);
        if (i < 0) {
            return -1;
        }
        if (packets[i] == 0) {
            firstSend[i] = send;
            lastSend[i] = send;
            lastSendSize[i] = size;
            firstArrival[i] = arrival;
            firstArrivalSize[i] = size;
            lastArrival[i] = arrival;
        } else {
            if (send < firstSend[i]) {
                firstSend[i] = send;
            }
            if (send >= lastSend[i]) {
                lastSend[i] = send;
                lastSendSize[i] = size;
            }
            if (arrival < firstArrival[i]) {
                firstArrival[i] = arrival;
                firstArrivalSize[i] = size;
            }
            lastArrival[i] = Math.max(lastArrival[i], arrival);
        }
        packets[i]++;
        bytes[i] += size;
        if (packets[i] < Math.max(2, minPackets[i] * 0.8) || bytes[i] < minBytes[i] * 0.8) {
            return -1;
        }
        long sendInterval = lastSend[i] - firstSend[i];
        long recvInterval = lastArrival[i] - firstArrival[i];
        if (sendInterval <= 0 || recvInterval <= 0 || sendInterval > MAX_INTERVAL_NANOS || recvInterval > MAX_INTERVAL_NANOS) {
            return -1;
        }
        double sendRate = (bytes[i] - lastSendSize[i]) * 8e9 / sendInterval;
        double recvRate = (bytes[i] - firstArrivalSize[i]) * 8e9 / recvInterval;
        if (recvRate > 2 * sendRate) {
            return -1;
        }
        double r = Math.min(sendRate, recvRate);
        if (recvRate < 0.9 * sendRate) {
            r = 0.95 * recvRate;
        }
        return (long) r;
    }

    private int indexOf(int id) {
        if (id < 0) {
            return -1;
        }
        for (int i = 0; i < CLUSTERS; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
