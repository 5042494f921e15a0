package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * Transport-wide congestion control feedback, RTPFB (PT=205) FMT=15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1).
 *
 * <pre>
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |  ...
 * |         recv delta            |  recv delta   | zero padding  |  ...
 *
 * run length chunk      |0| S |       run length (13)       |
 * status vector chunk   |1|0| 14 one-bit symbols            |   0 = not received, 1 = received
 *                       |1|1| 7 two-bit symbols             |   0 = not received, 1 = small delta,
 *                                                                2 = large or negative delta
 * </pre>
 *
 * Symbol 1 is followed by a 1-byte unsigned receive delta, symbol 2 by a 2-byte signed one, both in
 * units of 250 microseconds; the reference time is a signed 24-bit count of 64 ms.
 */
public record TransportCcFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int statusCount, int referenceTime,
                                  int feedbackCount, List<Chunk> chunks, List<Integer> deltas) implements RtcpPacket {
    /** The feedback message type of transport-wide CC feedback (PT 205). */
    public static final int FMT = 15;
    /** Status symbol: the packet was not received. */
    public static final int NOT_RECEIVED = 0;
    /** Status symbol: received, with a one-byte delta (0..63.75 ms). */
    public static final int SMALL_DELTA = 1;
    /** Status symbol: received, with a signed two-byte delta. */
    public static final int LARGE_DELTA = 2;

    /** A packet status chunk. */
    public sealed interface Chunk permits RunLength, StatusVector {
        /** {@return the chunk's 16 bits on the wire} */
        int encoded();

        /** {@return how many statuses the chunk carries} */
        int symbolCount();

        /**
         * The status of one of its packets.
         *
         * @param i 0 to {@link #symbolCount()} - 1
         * @return {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}
         */
        int symbol(int i);
    }

    /**
     * A run-length chunk: {@code length} packets with the same status.
     *
     * @param symbol the status of every packet of the run
     * @param length how many packets, 13 bits
     */
    public record RunLength(int symbol, int length) implements Chunk {
        /**
         * Checks the components.
         *
         * @param symbol the symbol
         * @param length the length
         */
        public RunLength {
            if (symbol < 0 || symbol > 3 || length < 0 || length > 0x1fff) {
                throw new IllegalArgumentException("run length chunk: symbol 2 bits, length 13 bits");
            }
        }

        public int encoded() {
            return (symbol << 13) | length;
        }

        public int symbolCount() {
            return length;
        }

        public int symbol(int i) {
            return symbol;
        }
    }

    /** 14 one-bit or 7 two-bit symbols. */
    public record StatusVector(boolean twoBit, List<Integer> symbols) implements Chunk {
        /**
         * Checks the components.
         *
         * @param twoBit the two bit
         * @param symbols the symbols
         */
        public StatusVector {
            symbols = List.copyOf(symbols);
            if (symbols.size() != (twoBit ? 7 : 14)) {
                throw new IllegalArgumentException("status vector needs " + (twoBit ? 7 : 14) + " symbols");
            }
            for (int s : symbols) {
                if (s < 0 || s > (twoBit ? 3 : 1)) {
                    throw new IllegalArgumentException("status symbol out of range: " + s);
                }
            }
        }

        public int encoded() {
            int v = 0x8000 | (twoBit ? 0x4000 : 0);
            int bits = twoBit ? 2 : 1;
            for (int i = 0; i < symbols.size(); i++) {
                v |= symbols.get(i) << (14 - bits * (i + 1));
            }
            return v;
        }

        public int symbolCount() {
            return symbols.size();
        }

        public int symbol(int i) {
            return symbols.get(i);
        }
    }

    /** The fate of one packet: received (with its delta in 250 us ticks) or not. */
    public record PacketResult(int sequence, boolean received, int deltaTicks) {
    }

    /**
     * Checks the components.
     *
     * @param senderSsrc the sender ssrc
     * @param mediaSsrc the media ssrc
     * @param baseSequence the base sequence
     * @param statusCount the status count
     * @param referenceTime the reference time
     * @param feedbackCount the feedback count
     * @param chunks the chunks
     * @param deltas the deltas
     */
    public TransportCcFeedback {
        chunks = List.copyOf(chunks);
        deltas = List.copyOf(deltas);
        if (baseSequence < 0 || baseSequence > 0xffff || statusCount < 0 || statusCount > 0xffff
                || feedbackCount < 0 || feedbackCount > 255 || referenceTime < -(1 << 23) || referenceTime >= (1 << 23)) {
            throw new IllegalArgumentException("transport-cc field out of range");
        }
        // chunk by chunk, a run in one step: the work follows the chunks, not the status count
        int covered = 0;
        int k = 0;
        for (Chunk c : chunks) {
            if (covered >= statusCount) {
                break;
            }
            if (c instanceof RunLength run) {
                int n = Math.min(run.length(), statusCount - covered);
                if (run.symbol() == SMALL_DELTA || run.symbol() == LARGE_DELTA) {
                    if (k + n > deltas.size()) {
                        throw new IllegalArgumentException("fewer receive deltas than received packets");
                    }
                    for (int i = 0; i < n; i++) {
                        checkDelta(run.symbol(), deltas.get(k++));
                    }
                }
                covered += n;
                continue;
            }
            for (int i = 0; i < c.symbolCount() && covered < statusCount; i++, covered++) {
                int sy = c.symbol(i);
                if (sy == SMALL_DELTA || sy == LARGE_DELTA) {
                    if (k >= deltas.size()) {
                        throw new IllegalArgumentException("fewer receive deltas than received packets");
                    }
                    checkDelta(sy, deltas.get(k++));
                }
            }
        }
        if (covered < statusCount || k != deltas.size()) {
            throw new IllegalArgumentException("chunks cover " + covered + " of " + statusCount
                    + " packets with " + k + " deltas for " + deltas.size() + " given");
        }
    }

    private static void checkDelta(int symbol, int d) {
        if (symbol == SMALL_DELTA ? d < 0 || d > 255 : d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
            throw new IllegalArgumentException("receive delta " + d + " does not fit its symbol " + symbol);
        }
    }

    /**
     * Builds feedback for consecutive packets from {@code baseSequence}, choosing chunks greedily.
     *
     * @param senderSsrc the SSRC the feedback is sent as
     * @param mediaSsrc the media SSRC it names
     * @param baseSequence the transport-wide sequence number of the first result
     * @param referenceTime the reference time in 64 ms units (signed 24 bits)
     * @param feedbackCount the feedback packet count (8 bits)
     * @param results one result per consecutive sequence number, deltas in 250 µs ticks
     * @return the feedback
     */
    public static TransportCcFeedback build(long senderSsrc, long mediaSsrc, int baseSequence, int referenceTime,
                                            int feedbackCount, List<PacketResult> results) {
        int n = results.size();
        int[] sym = new int[n];
        List<Integer> deltas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PacketResult r = results.get(i);
            if (!r.received()) {
                sym[i] = NOT_RECEIVED;
            } else {
                sym[i] = r.deltaTicks() >= 0 && r.deltaTicks() <= 255 ? SMALL_DELTA : LARGE_DELTA;
                if (r.deltaTicks() < Short.MIN_VALUE || r.deltaTicks() > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("receive delta does not fit 16 bits: " + r.deltaTicks());
                }
                deltas.add(r.deltaTicks());
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int run = 1;
            while (i + run < n && sym[i + run] == sym[i] && run < 0x1fff) {
                run++;
            }
            if (run >= 14 || i + run == n) {
                chunks.add(new RunLength(sym[i], run));
                i += run;
                continue;
            }
            boolean oneBit = true;
            for (int k = i; k < Math.min(n, i + 14); k++) {
                oneBit &= sym[k] <= 1;
            }
            int slots = oneBit ? 14 : 7;
            List<Integer> s = new ArrayList<>(slots);
            for (int k = 0; k < slots; k++) {
                s.add(i + k < n ? sym[i + k] : 0);
            }
            chunks.add(new StatusVector(!oneBit, s));
            i += slots;
        }
        return new TransportCcFeedback(senderSsrc, mediaSsrc, baseSequence, n, referenceTime, feedbackCount, chunks, deltas);
    }

    /** {@return per packet: sequence number, whether received, and its receive delta} */
    public List<PacketResult> packetResults() {
        List<PacketResult> out = new ArrayList<>(statusCount);
        int d = 0;
        for (Chunk c : chunks) {
            for (int i = 0; i < c.symbolCount() && out.size() < statusCount; i++) {
                int s = c.symbol(i);
                int seq = (baseSequence + out.size()) & 0xffff;
                if (s == SMALL_DELTA || s == LARGE_DELTA) {
                    out.add(new PacketResult(seq, true, deltas.get(d++)));
                } else {
                    out.add(new PacketResult(seq, false, 0));
                }
            }
        }
        return out;
    }

    /**
     * A packet's fate as the sender's bandwidth estimator wants it: whether it arrived and when, in
     * microseconds on the receiver's clock ({@code reference time × 64 ms + the deltas so far}; only
     * differences between arrivals are meaningful).
     */
    public record PacketArrival(int sequence, boolean received, long arrivalMicros) {
    }

    /** {@return every reported packet in sequence order, with its arrival time when received} */
    public List<PacketArrival> arrivals() {
        List<PacketArrival> out = new ArrayList<>(statusCount);
        long at = referenceTimeMicros();
        for (PacketResult r : packetResults()) {
            if (r.received()) {
                at += r.deltaTicks() * 250L;
                out.add(new PacketArrival(r.sequence(), true, at));
            } else {
                out.add(new PacketArrival(r.sequence(), false, 0));
            }
        }
        return out;
    }

    /** {@return reference time in microseconds} */
    public long referenceTimeMicros() {
        return referenceTime * 64_000L;
    }

    static TransportCcFeedback parseBody(byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 16, end, "transport-cc fixed fields");
        int base = RtpWire.u16(b, off + 8);
        int count = RtpWire.u16(b, off + 10);
        int ref = (RtpWire.u24(b, off + 12) << 8) >> 8;
        int fbCount = RtpWire.u8(b, off + 15);
        int p = off + 16;
        // Work and memory follow the bytes: a run-length chunk (2 bytes) may say 8191 packets, so runs
        // are counted, never expanded, and each run of received packets needs its deltas' bytes
        // before any is read.
        List<Chunk> chunks = new ArrayList<>();
        int covered = 0;
        int deltaBytes = 0;
        while (covered < count) {
            RtpWire.need(p, 2, end, "transport-cc packet chunk (" + covered + " of " + count + " statuses read)");
            int c = RtpWire.u16(b, p);
            p += 2;
            Chunk chunk;
            if ((c & 0x8000) == 0) {
                RunLength run = new RunLength((c >>> 13) & 3, c & 0x1fff);
                int n = Math.min(run.length(), count - covered);
                if (run.symbol() == 3 && n > 0) {
                    throw new RtpParseException("transport-cc reserved status symbol 3 at packet " + covered);
                }
                deltaBytes += run.symbol() == SMALL_DELTA ? n : run.symbol() == LARGE_DELTA ? 2 * n : 0;
                covered += n;
                chunk = run;
            } else {
                boolean two = (c & 0x4000) != 0;
                List<Integer> s = new ArrayList<>(14);
                int bits = two ? 2 : 1;
                for (int i = 0; i < (two ? 7 : 14); i++) {
                    s.add((c >>> (14 - bits * (i + 1))) & (two ? 3 : 1));
                }
                chunk = new StatusVector(two, s);
                for (int i = 0; i < chunk.symbolCount() && covered < count; i++, covered++) {
                    int sy = chunk.symbol(i);
                    if (sy == 3) {
                        throw new RtpParseException("transport-cc reserved status symbol 3 at packet " + covered);
                    }
                    deltaBytes += sy == SMALL_DELTA ? 1 : sy == LARGE_DELTA ? 2 : 0;
                }
            }
            chunks.add(chunk);
        }
        RtpWire.need(p, deltaBytes, end, "transport-cc receive deltas");
        List<Integer> deltas = new ArrayList<>();
        int left = count;
        for (Chunk chunk : chunks) {
            int n = Math.min(chunk.symbolCount(), left);
            left -= n;
            for (int i = 0; i < n; i++) {
                int sy = chunk.symbol(i);
                if (sy == SMALL_DELTA) {
                    deltas.add(RtpWire.u8(b, p));
                    p += 1;
                } else if (sy == LARGE_DELTA) {
                    deltas.add((int) (short) RtpWire.u16(b, p));
                    p += 2;
                } else if (chunk instanceof RunLength) {
                    break; // a run of "not received": nothing to read, whatever its length
                }
            }
        }
        return new TransportCcFeedback(FeedbackHeader.senderSsrc(b, off), FeedbackHeader.mediaSsrc(b, off), base, count, ref, fbCount, chunks, deltas);
    }

    private int rawLength() {
        int n = 16 + 2 * chunks.size();
        int left = statusCount;
        for (Chunk c : chunks) {
            int m = Math.min(c.symbolCount(), left);
            left -= m;
            if (c instanceof RunLength run) {
                n += run.symbol() == SMALL_DELTA ? m : run.symbol() == LARGE_DELTA ? 2 * m : 0;
                continue;
            }
            for (int i = 0; i < m; i++) {
                int s = c.symbol(i);
                n += s == SMALL_DELTA ? 1 : s == LARGE_DELTA ? 2 : 0;
            }
        }
        return n;
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public int countOrFormat() {
        return FMT;
    }

    @Override
    public int bodyLength() {
        return RtpWire.padTo4(rawLength());
    }

    @Override
    public void writeBody(byte[] out, int off) {
        FeedbackHeader.write(out, off, senderSsrc, mediaSsrc);
        RtpWire.put16(out, off + 8, baseSequence);
        RtpWire.put16(out, off + 10, statusCount);
        RtpWire.put24(out, off + 12, referenceTime);
        out[off + 15] = (byte) feedbackCount;
        int p = off + 16;
        for (Chunk c : chunks) {
            RtpWire.put16(out, p, c.encoded());
            p += 2;
        }
        // the deltas in order: one per received packet, so their count bounds this loop
        int d = 0;
        int left = statusCount;
        for (Chunk c : chunks) {
            int m = Math.min(c.symbolCount(), left);
            left -= m;
            for (int i = 0; i < m && d < deltas.size(); i++) {
                int sy = c.symbol(i);
                if (sy == SMALL_DELTA) {
                    out[p++] = (byte) (int) deltas.get(d++);
                } else if (sy == LARGE_DELTA) {
                    RtpWire.put16(out, p, deltas.get(d++));
                    p += 2;
                } else if (c instanceof RunLength) {
                    break;
                }
            }
        }
        int stop = off + bodyLength();
        while (p < stop) {
            out[p++] = 0;
        }
    }
}
