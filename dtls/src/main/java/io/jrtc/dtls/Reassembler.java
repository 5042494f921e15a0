package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles handshake messages from fragments that arrive in any order, duplicated or overlapping
 * (RFC 6347 §4.2.3). Only a small window of message sequence numbers ahead of the next expected one
 * is buffered, each message is size-capped and the total of the messages' declared lengths is capped
 * ({@link #bufferedBytes()}), so hostile input cannot grow memory; and what a message holds is only
 * the bytes that arrived ({@link #heldBytes()}), so a tiny fragment claiming a large message
 * allocates nothing in proportion to the claim.
 */
final class Reassembler {
    static final int WINDOW = 8;

    /** A message whose every byte has arrived. */
    record Message(int msgType, int messageSeq, int epoch, byte[] body) {
    }

    /**
     * A message being assembled. Memory follows the bytes that arrived, not the length the fragment
     * header claims: the received ranges are kept as separate, non-overlapping pieces (duplicated and
     * overlapping bytes are stored once), and the whole body is allocated only when every byte is
     * there. A 25-byte datagram claiming a 64 KiB message costs its few bytes, not 64 KiB.
     */
    private static final class Partial {
        final int type;
        final int length;
        final int epoch;
        /** offset -> bytes received there; the pieces never overlap. */
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        int covered;

        Partial(int type, int length, int epoch) {
            this.type = type;
            this.length = length;
            this.epoch = epoch;
        }

        /** Keeps the bytes of {@code body} (at {@code offset}) that no piece holds yet. */
        void put(int offset, Bytes body) {
            int end = offset + body.length();
            int pos = offset;
            Map.Entry<Integer, byte[]> before = pieces.floorEntry(pos);
            if (before != null) pos = Math.max(pos, before.getKey() + before.getValue().length);
            while (pos < end) {
                Map.Entry<Integer, byte[]> after = pieces.ceilingEntry(pos);
                int stop = after == null ? end : Math.min(end, after.getKey());
                if (stop > pos) {
                    pieces.put(pos, body.slice(pos - offset, stop - offset).toByteArray());
                    covered += stop - pos;
                }
                if (after == null || after.getKey() >= end) break;
                pos = after.getKey() + after.getValue().length;
            }
        }

        boolean complete() {
            return covered >= length;
        }

        /** {@return the assembled body (call when complete)} */
        byte[] body() {
            byte[] out = new byte[length];
            for (Map.Entry<Integer, byte[]> e : pieces.entrySet()) {
                System.arraycopy(e.getValue(), 0, out, e.getKey(), e.getValue().length);
            }
            return out;
        }

        /** {@return bytes actually held} */
        int held() {
            return covered;
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

    /** {@return the message_seq expected next} */
    int next() {
        return next;
    }

    long dropped() {
        return dropped;
    }

    int bufferedBytes() {
        return buffered;
    }

    /** {@return bytes of fragment bodies held now (duplicates and overlaps counted once), at most {@link #bufferedBytes()}} */
    int heldBytes() {
        int n = 0;
        for (Partial p : slots) {
            if (p != null) n += p.held();
        }
        return n;
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
        p.put(f.fragmentOffset(), f.body());
        return 0;
    }

    /** {@return the next message if complete (and advances), else null} */
    Message poll() {
        int idx = next % WINDOW;
        Partial p = slots[idx];
        if (p == null || !p.complete()) return null;
        slots[idx] = null;
        buffered -= p.length;
        return new Message(p.type, next++, p.epoch, p.body());
    }
}
