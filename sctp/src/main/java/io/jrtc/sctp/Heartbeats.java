package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;

import java.util.random.RandomGenerator;

/**
 * Path heartbeats (RFC 9260 §8.3): a HEARTBEAT every interval plus one RTO while established, its
 * Heartbeat Information a random nonce and the time it left, so that the HEARTBEAT-ACK that quotes it
 * back gives an RTT sample (RFC 9260 §6.3.1) and proves the peer alive. A heartbeat still unanswered
 * when the next is due counts as an error towards Association.Max.Retrans (the association decides).
 *
 * <pre>
 * Heartbeat Information (16 bytes, opaque to the peer)
 * +-------------------------------+-------------------------------+
 * |        nonce (64 bits)        |     sent at, ns (64 bits)     |
 * +-------------------------------+-------------------------------+
 * </pre>
 */
final class Heartbeats {
    /** What {@link #acknowledged} returns for an ack that is not for our outstanding heartbeat. */
    static final long NOT_OURS = Long.MIN_VALUE;
    private final RandomGenerator random;
    private final long interval;
    private long dueAt = Engine.NO_TIMEOUT;
    private long nonce;
    private int outstanding;

    /** @param intervalNanos idle time between heartbeats, {@code 0} for none */
    Heartbeats(RandomGenerator random, long intervalNanos) {
        this.random = random;
        this.interval = intervalNanos;
    }

    /** The association is established: the first heartbeat is due one interval from now. */
    void start(long now) {
        if (interval > 0) dueAt = now + interval;
    }

    void stop() {
        dueAt = Engine.NO_TIMEOUT;
    }

    long dueAt() {
        return dueAt;
    }

    /**
     * The timer fired. Rearms it (unless the association is not established or heartbeats are off)
     * and says whether the previous heartbeat went unanswered; {@link #next(long)} then makes the
     * new one.
     */
    boolean expire(long now, boolean established, long rto) {
        dueAt = interval > 0 && established ? now + interval + rto : Engine.NO_TIMEOUT;
        return outstanding > 0;
    }

    boolean running() {
        return dueAt != Engine.NO_TIMEOUT;
    }

    /** A new HEARTBEAT with a fresh nonce and the time it leaves. */
    Chunk.Heartbeat next(long now) {
        outstanding++;
        nonce = random.nextLong();
        byte[] info = new byte[16];
        for (int i = 0; i < 8; i++) {
            info[i] = (byte) (nonce >>> (56 - 8 * i));
            info[8 + i] = (byte) (now >>> (56 - 8 * i));
        }
        return new Chunk.Heartbeat(Bytes.wrap(info));
    }

    /**
     * A HEARTBEAT-ACK: the round trip time it measured, or {@link #NOT_OURS} when it does not answer
     * our outstanding heartbeat (wrong length or nonce, or none outstanding).
     */
    long acknowledged(long now, Chunk.HeartbeatAck ack) {
        byte[] info = ack.info().toByteArray();
        if (info.length != 16 || StateCookie.longAt(info, 0) != nonce || outstanding == 0) return NOT_OURS;
        outstanding = 0;
        return now - StateCookie.longAt(info, 8);
    }
}
