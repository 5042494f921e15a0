package io.jrtc.rtp.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * A tiny seeded model of a bad network path in virtual time, for examples and tests: each datagram is
 * lost with probability {@code loss}, duplicated with probability {@code duplicate}, and delayed by
 * {@code delay} plus a random jitter up to {@code jitter} (so later datagrams can overtake earlier ones).
 */
public final class LossyPath {
    private record InFlight(long at, long order, byte[] data) {
    }

    private final RandomGenerator random;
    private final double loss;
    private final double duplicate;
    private final long delay;
    private final long jitter;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long order;
    private long sent;
    private long lost;

    public LossyPath(RandomGenerator random, double loss, double duplicate, long delayNanos, long jitterNanos) {
        this.random = random;
        this.loss = loss;
        this.duplicate = duplicate;
        this.delay = delayNanos;
        this.jitter = jitterNanos;
    }

    public void send(long now, byte[] datagram) {
        sent++;
        if (random.nextDouble() < loss) {
            lost++;
            return;
        }
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long j = jitter > 0 ? random.nextLong(jitter + 1) : 0;
            queue.add(new InFlight(now + delay + j, order++, datagram.clone()));
        }
    }

    /** Datagrams whose arrival time is at or before {@code now}, in arrival order. */
    public List<byte[]> receive(long now) {
        List<byte[]> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().at <= now) {
            out.add(queue.poll().data);
        }
        return out;
    }

    /** When the next datagram arrives, or Long.MAX_VALUE if none is in flight. */
    public long nextArrival() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at;
    }

    public long sent() {
        return sent;
    }

    public long lost() {
        return lost;
    }
}
