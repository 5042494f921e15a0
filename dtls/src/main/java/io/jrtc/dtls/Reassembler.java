package io.jrtc.dtls;

import java.util.BitSet;

/**
 * Reassembles handshake messages from fragments that arrive in any order, duplicated or overlapping
 * (RFC 6347 §4.2.3). Only a small window of message sequence numbers ahead of the next expected one
 * is buffered, each message is size-capped and the total buffered bytes are capped, so hostile input
 * cannot grow memory.
 */
final class Reassembler {
    static final int WINDOW = 8;

    /** A message whose every byte has arrived. */
    record Message(int msgType, int messageSeq, int epoch, byte[] body) {
    }

    private static final class Partial {
        final int type;
        final int length;
        final int epoch;
        final byte[] body;
        final BitSet have;

        Partial(int type, int length, int epoch) {
            this.type = type;
            this.length = length;
            this.epoch = epoch;
            this.body = new byte[length];
            this.have = new BitSet(length);
        }

        boolean complete() {
            return have.nextClearBit(0) >= length;
        }
    }

    private final int maxMessage;
    private final int maxTotal;
    private final Partial[] slots = new Partial[WINDOW];
    private int next;
    private int buffered;
    private long dropped;

    Reassembler(int maxMessage, int maxTotal) {
        this.maxMessage = maxMessage;
        this.maxTotal = maxTotal;
    }

    /** The message_seq expected next. */
    int next() {
        return next;
    }

    long dropped() {
        return dropped;
    }

    int bufferedBytes() {
        return buffered;
    }

    /** Forgets everything buffered and expects {@code seq} next. */
    void reset(int seq) {
        for (int i = 0; i < WINDOW; i++) slots[i] = null;
        buffered = 0;
        next = seq;
    }

    /**
     * Adds a fragment. Returns -1 when it belongs to an already delivered message (the peer
     * retransmitted), 0 otherwise.
     */
    int add(HandshakeFragment f, int epoch) {
        int seq = f.messageSeq();
        if (seq < next) return -1;
        if (seq >= next + WINDOW || f.length() > maxMessage) {
            dropped++;
            return 0;
        }
        int idx = seq % WINDOW;
        Partial p = slots[idx];
        if (p == null) {
            if (buffered + f.length() > maxTotal) {
                dropped++;
                return 0;
            }
            p = new Partial(f.msgType(), f.length(), epoch);
            slots[idx] = p;
            buffered += f.length();
        } else if (p.type != f.msgType() || p.length != f.length() || p.epoch != epoch) {
            dropped++;
            return 0;
        }
        int off = f.fragmentOffset();
        int n = f.body().length();
        f.body().copyTo(p.body, off);
        p.have.set(off, off + n);
        return 0;
    }

    /** The next message if complete (and advances), else null. */
    Message poll() {
        int idx = next % WINDOW;
        Partial p = slots[idx];
        if (p == null || !p.complete()) return null;
        slots[idx] = null;
        buffered -= p.length;
        return new Message(p.type, next++, p.epoch, p.body);
    }
}
