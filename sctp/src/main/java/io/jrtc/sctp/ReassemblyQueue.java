package io.jrtc.sctp;

import io.jrtc.core.Bytes;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a message is reassembled and put in order (RFC 9260 §6.5, §6.6, §6.9; RFC 8260 §2.1 for
 * I-DATA): fragments wait here until their message is complete, ordered messages until their stream
 * sequence number is the next one, and the complete messages then go to the association's inbox,
 * where they count against the receive window until the application takes them.
 *
 * <pre>
 * DATA:   fragments keyed by TSN (a message's fragments have consecutive TSNs, B ... E)
 *         TSN 40 [B sid=1 ssn=7]  41 [sid=1 ssn=7]  42 [E sid=1 ssn=7]  ──▶ message (1, ssn 7)
 * I-DATA: fragments keyed by stream, MID and FSN (messages of a stream may interleave)
 *         (sid=2, MID 3): FSN 0 [B ppid]  FSN 1  FSN 2 [E]               ──▶ message (2, MID 3)
 * then:   unordered ─────────────────────────────────────────────▶ inbox
 *         ordered: waits per stream until its SSN / MID is next  ──▶ inbox, in sequence
 * </pre>
 *
 * Memory is accounted in {@link #buffered()} (what waits here) and {@link #held()} (complete messages
 * in the inbox), each fragment and message charged {@value #FRAG_OVERHEAD} bytes on top of its
 * payload; the association checks both against its receive buffer before a chunk is accepted. The
 * DATA fragment table is direct-mapped by TSN: 64 slots at first, doubling up to 16384 when two
 * waiting fragments would share a slot.
 */
final class ReassemblyQueue {
    static final long M32 = 0xffffffffL;
    /** Slots for DATA fragments awaiting reassembly, keyed by TSN. */
    static final int FRAG_SLOTS = 16384;
    static final int FRAG_SLOTS_MIN = 64;
    /** Bookkeeping charged per stored fragment or message on top of its payload, so tiny ones cannot exhaust memory. */
    static final int FRAG_OVERHEAD = 64;

    private final ArrayDeque<SctpEvent> inbox;
    private final int maxMessageSize;
    private boolean interleaving;
    private RxFrag[] frags = new RxFrag[FRAG_SLOTS_MIN];
    private final Map<Integer, InStream> streams = new HashMap<>();
    /** Bytes (plus FRAG_OVERHEAD each) of fragments and messages waiting for reassembly or ordering. */
    private long buffered;
    /** Bytes (plus FRAG_OVERHEAD each) of complete messages in the inbox, not yet taken by the application. */
    private long held;

    ReassemblyQueue(ArrayDeque<SctpEvent> inbox, int maxMessageSize) {
        this.inbox = inbox;
        this.maxMessageSize = maxMessageSize;
    }

    /** Whether the association uses I-DATA (MIDs are 32 bits then, SSNs 16). */
    void start(boolean interleaving) {
        this.interleaving = interleaving;
    }

    long buffered() {
        return buffered;
    }

    long held() {
        return held;
    }

    /** Slots in the fragment table now (tests). */
    int fragmentSlots() {
        return frags.length;
    }

    /** The application took a message of {@code len} bytes from the inbox. */
    void taken(int len) {
        held -= len + FRAG_OVERHEAD;
    }

    /**
     * Whether a DATA fragment with this TSN has a slot, growing the table if another waiting fragment
     * holds it; false when the table cannot grow further.
     */
    boolean slotFor(long tsn) {
        RxFrag slot = frags[(int) (tsn & (frags.length - 1))];
        while (slot != null && slot.tsn != tsn && frags.length < FRAG_SLOTS) {
            growFrags();
            slot = frags[(int) (tsn & (frags.length - 1))];
        }
        return slot == null || slot.tsn == tsn;
    }

    /**
     * An accepted DATA chunk (a new TSN, a stream the peer may use): a whole message is complete at
     * once; a fragment waits, and completes its message when it is the end or fills a hole
     * ({@code highestBefore}: the highest TSN seen before this one).
     */
    void data(Chunk.Data d, long highestBefore) {
        if (d.beginning() && d.ending()) {
            complete(d.streamId(), d.unordered(), d.ssn(), d.ppid(), d.payload().toByteArray());
            return;
        }
        RxFrag f = new RxFrag(d.tsn(), d.streamId(), d.ssn(), d.unordered(), d.beginning(), d.ending(), d.ppid(), d.payload());
        frags[(int) (d.tsn() & (frags.length - 1))] = f;
        buffered += d.payload().length() + FRAG_OVERHEAD;
        if (d.ending() || Wire.tsnCompare(d.tsn(), highestBefore) < 0) tryReassemble(f);
    }

    /** An accepted I-DATA chunk (RFC 8260 §2.1): fragments are collected by stream, MID and FSN. */
    void iData(Chunk.IData d) {
        int len = d.payload().length();
        InStream s = inStream(d.streamId());
        if (d.beginning() && d.ending()) {
            complete(s.id, d.unordered(), d.mid(), d.ppid(), d.payload().toByteArray());
            return;
        }
        if (!d.unordered() && s.ordered.compareToNext(d.mid()) < 0) return; // already skipped
        Map<Long, Partial> map = d.unordered() ? s.partialUnordered : s.partialOrdered;
        Partial p = map.get(d.mid());
        if (p == null) {
            p = new Partial();
            map.put(d.mid(), p);
        }
        if (d.beginning()) p.ppid = d.ppid();
        if (d.ending()) p.lastFsn = d.fsn();
        p.count++;
        buffered += FRAG_OVERHEAD;
        if (!p.discarding) {
            p.frags.put(d.fsn(), d.payload().toByteArray());
            p.bytes += len;
            buffered += len;
            if (p.bytes > maxMessageSize) {
                inbox.add(new SctpEvent.MessageTooLarge(d.streamId(), p.bytes, maxMessageSize));
                buffered -= p.bytes;
                p.frags.clear();
                p.discarding = true;
            }
        }
        if (p.lastFsn >= 0 && p.count == p.lastFsn + 1) {
            map.remove(d.mid());
            buffered -= p.count * FRAG_OVERHEAD;
            if (p.discarding) {
                if (!d.unordered()) orderedSkip(s, d.mid());
                return;
            }
            buffered -= p.bytes;
            byte[] msg = new byte[(int) p.bytes];
            int off = 0;
            for (byte[] part : p.frags.values()) {
                System.arraycopy(part, 0, msg, off, part.length);
                off += part.length;
            }
            complete(s.id, d.unordered(), d.mid(), p.ppid, msg);
        }
    }

    /**
     * FORWARD-TSN (RFC 3758 §3.6) moved the cumulative TSN to {@code newCum}: fragments up to it are
     * dropped, and each listed ordered stream moves past the SSN given (delivering what completed
     * before it). Streams at or above {@code inStreams} are ignored.
     */
    void forwardTsn(Chunk.ForwardTsn f, int inStreams) {
        for (int i = 0; i < frags.length; i++) {
            RxFrag x = frags[i];
            if (x != null && Wire.tsnCompare(x.tsn, f.newCumTsn()) <= 0) {
                buffered -= x.data.length() + FRAG_OVERHEAD;
                frags[i] = null;
            }
        }
        for (Chunk.StreamSsn e : f.streams()) {
            if (e.streamId() >= inStreams) continue;
            skipThrough(inStream(e.streamId()), e.ssn());
        }
    }

    /** I-FORWARD-TSN (RFC 8260 §2.3): partial messages up to each listed MID are dropped. */
    void iForwardTsn(Chunk.IForwardTsn f, int inStreams) {
        for (Chunk.StreamMid e : f.streams()) {
            if (e.streamId() >= inStreams) continue;
            InStream s = inStream(e.streamId());
            Map<Long, Partial> map = e.unordered() ? s.partialUnordered : s.partialOrdered;
            for (Iterator<Map.Entry<Long, Partial>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Partial> en = it.next();
                if (Wire.tsnCompare(en.getKey(), e.mid()) <= 0) {
                    Partial p = en.getValue();
                    buffered -= p.bytes + p.count * FRAG_OVERHEAD;
                    if (p.discarding) buffered += p.bytes;
                    it.remove();
                }
            }
            if (!e.unordered()) skipThrough(s, e.mid());
        }
    }

    /**
     * RFC 6525 §5.2.2: the peer reset its outgoing stream, our incoming one: its sequence starts at 0
     * again and what was waiting on it is dropped.
     */
    void resetStream(int id) {
        InStream st = streams.remove(id);
        if (st == null) return;
        for (RxMessage m : st.ordered.pending.values()) if (m.data != null) buffered -= m.data.length + FRAG_OVERHEAD;
        for (Partial p : st.partialOrdered.values()) buffered -= (p.discarding ? 0 : p.bytes) + p.count * FRAG_OVERHEAD;
        for (Partial p : st.partialUnordered.values()) buffered -= (p.discarding ? 0 : p.bytes) + p.count * FRAG_OVERHEAD;
    }

    /** The association ended: everything waiting is dropped ({@code inboxToo}: also what the application did not take). */
    void clear(boolean inboxToo) {
        streams.clear();
        java.util.Arrays.fill(frags, null);
        buffered = 0;
        if (inboxToo) held = 0;
    }

    private RxFrag frag(long tsn) {
        RxFrag f = frags[(int) (tsn & (frags.length - 1))];
        return f != null && f.tsn == tsn ? f : null;
    }

    /** Doubles the fragment table; entries in distinct slots stay distinct (same TSN bits, one more). */
    private void growFrags() {
        RxFrag[] bigger = new RxFrag[frags.length * 2];
        for (RxFrag x : frags) {
            if (x != null) {
                bigger[(int) (x.tsn & (bigger.length - 1))] = x;
            }
        }
        frags = bigger;
    }

    private void tryReassemble(RxFrag at) {
        RxFrag f = at;
        long start = at.tsn;
        int n = 1;
        while (!f.begin) {
            RxFrag p = frag((f.tsn - 1) & M32);
            if (p == null || p.stream != at.stream || p.unordered != at.unordered || p.end || ++n > FRAG_SLOTS / 2) return;
            f = p;
            start = p.tsn;
        }
        RxFrag first = f;
        f = at;
        long end = at.tsn;
        while (!f.end) {
            RxFrag nx = frag((f.tsn + 1) & M32);
            if (nx == null || nx.stream != at.stream || nx.unordered != at.unordered || nx.begin || ++n > FRAG_SLOTS / 2) return;
            f = nx;
            end = nx.tsn;
        }
        long total = 0;
        for (long t = start; ; t = (t + 1) & M32) {
            total += frag(t).data.length();
            if (t == end) break;
        }
        byte[] msg = total <= maxMessageSize ? new byte[(int) total] : null;
        int off = 0;
        for (long t = start; ; t = (t + 1) & M32) {
            int slot = (int) (t & (frags.length - 1));
            RxFrag x = frags[slot];
            if (msg != null) {
                off = x.data.copyTo(msg, off);
            }
            buffered -= x.data.length() + FRAG_OVERHEAD;
            frags[slot] = null;
            if (t == end) break;
        }
        if (msg == null) {
            inbox.add(new SctpEvent.MessageTooLarge(at.stream, total, maxMessageSize));
            if (!at.unordered) orderedSkip(inStream(at.stream), first.ssn);
            return;
        }
        complete(at.stream, at.unordered, first.ssn, first.ppid, msg);
    }

    /**
     * A whole message has arrived (DATA or I-DATA): unordered ones go up at once, ordered ones when
     * their sequence number (SSN, or MID with I-DATA) is the next one the stream expects.
     */
    private void complete(int stream, boolean unordered, long seq, long ppid, byte[] data) {
        if (unordered) {
            deliver(stream, ppid, data, true);
            return;
        }
        InStream s = inStream(stream);
        int c = s.ordered.compareToNext(seq);
        if (c < 0) return; // older than what we delivered (after a FORWARD-TSN): drop
        if (c == 0) {
            deliver(stream, ppid, data, false);
            s.ordered.advance();
            drainOrdered(s);
        } else {
            s.ordered.pending.put(seq, new RxMessage(ppid, data));
            buffered += data.length + FRAG_OVERHEAD;
        }
    }

    /** An ordered message that will never be delivered (too large): its place in the sequence is passed over. */
    private void orderedSkip(InStream s, long seq) {
        if (s.ordered.compareToNext(seq) == 0) {
            s.ordered.advance();
            drainOrdered(s);
        } else {
            s.ordered.pending.put(seq, new RxMessage(0, null));
        }
    }

    private void drainOrdered(InStream s) {
        OrderedQueue q = s.ordered;
        RxMessage m;
        while ((m = q.pending.remove(q.next)) != null) {
            if (m.data != null) {
                buffered -= m.data.length + FRAG_OVERHEAD;
                deliver(s.id, m.ppid, m.data, false);
            }
            q.advance();
        }
    }

    /** The sender abandoned this stream's messages up to {@code seq}: deliver what completed before it, then move past it. */
    private void skipThrough(InStream s, long seq) {
        OrderedQueue q = s.ordered;
        if (q.compareToNext(seq) < 0) return;
        while (q.compareToNext(seq) >= 0) {
            RxMessage m = q.pending.remove(q.next);
            if (m != null && m.data != null) {
                buffered -= m.data.length + FRAG_OVERHEAD;
                deliver(s.id, m.ppid, m.data, false);
            }
            q.advance();
        }
        drainOrdered(s);
    }

    /** A complete message, in delivery order: to the inbox, where it counts against the window until taken. */
    private void deliver(int stream, long ppid, byte[] data, boolean unordered) {
        held += data.length + FRAG_OVERHEAD;
        inbox.add(new SctpEvent.Message(stream, ppid, data, unordered));
    }

    private InStream inStream(int id) {
        InStream s = streams.get(id);
        if (s == null) {
            s = new InStream(id, interleaving ? M32 : 0xffff);
            streams.put(id, s);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------

    /** A DATA fragment waiting for the rest of its message. */
    static final class RxFrag {
        final long tsn;
        final int stream;
        final int ssn;
        final boolean unordered;
        final boolean begin;
        final boolean end;
        final long ppid;
        final Bytes data;

        RxFrag(long tsn, int stream, int ssn, boolean unordered, boolean begin, boolean end, long ppid, Bytes data) {
            this.tsn = tsn;
            this.stream = stream;
            this.ssn = ssn;
            this.unordered = unordered;
            this.begin = begin;
            this.end = end;
            this.ppid = ppid;
            this.data = data;
        }
    }

    /** A complete ordered message waiting for its turn ({@code data == null}: a place passed over). */
    static final class RxMessage {
        final long ppid;
        final byte[] data;

        RxMessage(long ppid, byte[] data) {
            this.ppid = ppid;
            this.data = data;
        }
    }

    /** An I-DATA message being collected, fragments by FSN. */
    static final class Partial {
        final TreeMap<Long, byte[]> frags = new TreeMap<>();
        long ppid;
        long lastFsn = -1;
        long count;
        long bytes;
        boolean discarding;
    }

    static final class InStream {
        final int id;
        final OrderedQueue ordered;
        final Map<Long, Partial> partialOrdered = new HashMap<>();
        final Map<Long, Partial> partialUnordered = new HashMap<>();

        InStream(int id, long sequenceMask) {
            this.id = id;
            this.ordered = new OrderedQueue(sequenceMask);
        }
    }

    /**
     * Ordered delivery on one incoming stream: the next sequence number expected (the 16-bit SSN of
     * DATA, or the 32-bit MID of I-DATA; an association uses one or the other) and the complete
     * messages that wait for it.
     */
    static final class OrderedQueue {
        final long mask;
        long next;
        final Map<Long, RxMessage> pending = new HashMap<>();

        OrderedQueue(long mask) {
            this.mask = mask;
        }

        /** Serial-number comparison (RFC 1982) of {@code seq} with the next expected: negative older, 0 next, positive ahead. */
        int compareToNext(long seq) {
            long d = (seq - next) & mask;
            return d == 0 ? 0 : d <= (mask >>> 1) ? 1 : -1;
        }

        void advance() {
            next = (next + 1) & mask;
        }
    }
}
