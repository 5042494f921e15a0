package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages waiting to be sent, per outgoing stream, and the send buffer they are charged to (RFC 9260
 * §6.1, §6.6, §6.9): streams take turns round robin, and each turn fragments the stream's next
 * message into DATA chunks (the whole message, with its SSN) or one I-DATA chunk (RFC 8260: a
 * fragment, with its MID and FSN, so that other streams' messages can go between), each given the
 * next TSN and appended to the {@link RetransmissionQueue}.
 *
 * <pre>
 * send(stream 1, 3000 B) ─┐    ready: [1, 2]            MTU 1152 → 1124-byte DATA payloads
 * send(stream 2, 10 B) ───┤──▶ stream 1: [3000 B]  ──▶  TSN 7 [B ssn 0] 8 [ssn 0] 9 [E ssn 0]
 *                         │    stream 2: [10 B]    ──▶  TSN 10 [B E ssn 0]
 * </pre>
 *
 * The send buffer counts every message's bytes plus {@value #MESSAGE_OVERHEAD} from the moment it is
 * queued until its last byte is acknowledged (or abandoned); a message is refused when it would
 * take the total above {@code sendBuffer}, except into an empty buffer. Release reports
 * {@link SctpEvent.BufferedAmountLow} per stream and {@link SctpEvent.SendBufferAvailable} after a
 * refusal.
 */
final class SendQueue {
    static final long M32 = 0xffffffffL;
    /** Bookkeeping charged per queued message against the send buffer, so tiny messages cannot exhaust memory. */
    static final int MESSAGE_OVERHEAD = 128;

    private final SctpConfig cfg;
    private final ArrayDeque<SctpEvent> events;
    private final Map<Integer, OutStream> streams = new HashMap<>();
    /** Streams with a message waiting, in turn. */
    private final ArrayDeque<OutStream> ready = new ArrayDeque<>();
    private boolean interleaving;
    private int outStreams;
    private int maxPayload;
    private long used;
    /** {@code used} plus MESSAGE_OVERHEAD per message not yet fully released: what the send limit checks. */
    private long charge;
    /** A send was refused for a full buffer: report SendBufferAvailable when charge falls to availableAt. */
    private boolean refused;
    private long availableAt;
    private long abandonedMessages;

    SendQueue(SctpConfig cfg, ArrayDeque<SctpEvent> events) {
        this.cfg = cfg;
        this.events = events;
    }

    /** The association is established with these negotiated parameters. */
    void start(int outStreams, boolean interleaving) {
        this.outStreams = outStreams;
        this.interleaving = interleaving;
        this.maxPayload = cfg.mtu() - SctpPacket.HEADER_LENGTH - (interleaving ? 20 : 16);
    }

    /** Bytes queued or sent and not yet acknowledged. */
    long used() {
        return used;
    }

    long charge() {
        return charge;
    }

    long abandonedMessages() {
        return abandonedMessages;
    }

    void countAbandoned() {
        abandonedMessages++;
    }

    OutStream stream(int id) {
        OutStream s = streams.get(id);
        if (s == null) {
            s = new OutStream(id);
            streams.put(id, s);
        }
        return s;
    }

    /** Bytes queued or unacknowledged on one stream, {@code 0} for a stream never used. */
    long bufferedAmount(int stream) {
        OutStream st = streams.get(stream);
        return st == null ? 0 : st.buffered;
    }

    /**
     * Whether a message of {@code length} bytes fits the send buffer; when it does not, the refusal
     * is remembered so that {@link SctpEvent.SendBufferAvailable} follows once there is room.
     */
    boolean admit(int length) {
        long need = length + MESSAGE_OVERHEAD;
        if (charge > 0 && charge + need > cfg.sendBuffer()) {
            long at = Math.min(cfg.sendBuffer() / 2, Math.max(0, cfg.sendBuffer() - need));
            availableAt = refused ? Math.min(availableAt, at) : at;
            refused = true;
            return false;
        }
        return true;
    }

    void enqueue(long now, OutStream st, long ppid, byte[] data, SendOptions options) {
        OutMessage m = new OutMessage(st, options.unordered(), ppid, data, options.maxRetransmits(),
                options.lifetimeNanos() < 0 ? Engine.NO_TIMEOUT : now + options.lifetimeNanos());
        st.queue.add(m);
        st.buffered += data.length;
        used += data.length;
        charge += data.length + MESSAGE_OVERHEAD;
        if (!st.inReady) {
            st.inReady = true;
            ready.add(st);
        }
    }

    /** Whether no stream has a message waiting for TSNs. */
    boolean nothingQueued() {
        for (OutStream st : ready) if (!st.queue.isEmpty()) return false;
        return true;
    }

    /**
     * Gives the next stream in turn's message (DATA: all of it; I-DATA: one fragment) TSNs and appends
     * its chunks to {@code out}; false when nothing is queued. A message whose PR-SCTP lifetime ran
     * out before it got a TSN is dropped here (and counted abandoned).
     */
    boolean produce(long now, RetransmissionQueue out) {
        while (true) {
            OutStream st = ready.poll();
            if (st == null) return false;
            st.inReady = false;
            OutMessage m = st.queue.peek();
            if (m == null) continue;
            if (m.offset == 0 && (m.expiresAt <= now || m.stream.id >= outStreams)) {
                // expired (PR-SCTP lifetime) or invalid before a TSN was assigned: drop silently
                st.queue.poll();
                if (m.expiresAt <= now) abandonedMessages++;
                release(m, m.data.length);
                requeue(st);
                continue;
            }
            int max = maxPayload;
            if (!interleaving) {
                st.queue.poll();
                int ssn = 0;
                if (!m.unordered) {
                    ssn = st.nextSsn;
                    st.nextSsn = (st.nextSsn + 1) & 0xffff;
                }
                m.ssnOrMid = ssn;
                m.firstTsn = out.nextTsn();
                int len = m.data.length;
                for (int off = 0; off < len; off += max) {
                    int n = Math.min(max, len - off);
                    long tsn = out.nextTsn();
                    Chunk.Data d = new Chunk.Data(false, m.unordered, off == 0, off + n == len, tsn, st.id, ssn, m.ppid,
                            Bytes.of(m.data, off, n));
                    out.append(d, n, m);
                    m.lastTsn = tsn;
                }
                m.offset = len;
                m.data = null;
                requeue(st);
                return true;
            }
            if (m.offset == 0) {
                if (m.unordered) {
                    m.ssnOrMid = st.nextUMid;
                    st.nextUMid = (st.nextUMid + 1) & M32;
                } else {
                    m.ssnOrMid = st.nextMid;
                    st.nextMid = (st.nextMid + 1) & M32;
                }
                m.firstTsn = out.nextTsn();
            }
            int n = Math.min(max, m.data.length - m.offset);
            boolean b = m.offset == 0;
            boolean e = m.offset + n == m.data.length;
            long tsn = out.nextTsn();
            Chunk.IData d = new Chunk.IData(false, m.unordered, b, e, tsn, st.id, m.ssnOrMid, b ? m.ppid : 0,
                    b ? 0 : m.fsn, Bytes.of(m.data, m.offset, n));
            out.append(d, n, m);
            m.lastTsn = tsn;
            m.fsn++;
            m.offset += n;
            if (e) {
                st.queue.poll();
                m.data = null;
            }
            requeue(st);
            return true;
        }
    }

    private void requeue(OutStream st) {
        if (!st.queue.isEmpty() && !st.inReady) {
            st.inReady = true;
            ready.add(st);
        }
    }

    /**
     * I-DATA: the part of an abandoned message that has no TSN yet leaves the queue and the buffer
     * (PR-SCTP, RFC 3758 §3.5).
     */
    void dropUnsent(OutMessage m) {
        if (m.data == null) return;
        m.stream.queue.remove(m);
        release(m, m.data.length - m.offset);
        m.data = null;
    }

    /** {@code bytes} of a message were acknowledged or abandoned: they leave the send buffer. */
    void release(OutMessage m, long bytes) {
        OutStream st = m.stream;
        long before = st.buffered;
        st.buffered -= bytes;
        used -= bytes;
        m.remaining -= bytes;
        if (m.remaining == 0) charge -= MESSAGE_OVERHEAD;
        charge -= bytes;
        if (before > st.lowThreshold && st.buffered <= st.lowThreshold) {
            events.add(new SctpEvent.BufferedAmountLow(st.id, st.buffered));
        }
        if (refused && charge <= availableAt) {
            refused = false;
            events.add(new SctpEvent.SendBufferAvailable(used, cfg.sendBuffer() - charge));
        }
    }

    /** RFC 6525: the stream's outgoing sequence numbers start at 0 again. */
    void resetSequences(int id) {
        OutStream st = stream(id);
        st.nextSsn = 0;
        st.nextMid = 0;
        st.nextUMid = 0;
        st.resetPending = false;
    }

    /** The association ended: every queued message is dropped. */
    void clear() {
        ready.clear();
        streams.clear();
        used = 0;
        charge = 0;
        refused = false;
    }

    int readyStreams() {
        return ready.size();
    }

    // ------------------------------------------------------------------------------------------------

    static final class OutStream {
        final int id;
        final ArrayDeque<OutMessage> queue = new ArrayDeque<>();
        int nextSsn;
        long nextMid;
        long nextUMid;
        long buffered;
        long lowThreshold;
        boolean inReady;
        boolean resetPending;

        OutStream(int id) {
            this.id = id;
        }
    }

    static final class OutMessage {
        final OutStream stream;
        final boolean unordered;
        final long ppid;
        /** The bytes not yet given TSNs; {@code null} once all have. */
        byte[] data;
        final int maxRetransmits;
        final long expiresAt;
        long ssnOrMid;
        int offset;
        long fsn;
        long firstTsn = -1;
        long lastTsn;
        long remaining;
        boolean abandoned;

        OutMessage(OutStream stream, boolean unordered, long ppid, byte[] data, int maxRetransmits, long expiresAt) {
            this.stream = stream;
            this.unordered = unordered;
            this.ppid = ppid;
            this.data = data;
            this.remaining = data.length;
            this.maxRetransmits = maxRetransmits;
            this.expiresAt = expiresAt;
        }
    }
}
