package io.jrtc.rtp.cc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What we sent, for the feedback to refer to: a ring of the last {@link #CAPACITY} packets by their
 * unwrapped transport-wide sequence number (or an internal counter when none is stamped), with send
 * time, size, probe tag, and SSRC + RTP sequence number (for RFC 8888 feedback, which names packets
 * by those). Bounded: older packets are forgotten, and feedback about them counts as unknown.
 */
final class SendHistory {
    static final int CAPACITY = 1 << 13;
    private static final int MASK = CAPACITY - 1;
    private static final int PER_SSRC = 1 << 12;
    private static final int MAX_SSRCS = 64;

    static final byte UNREPORTED = 0;
    static final byte LOST = 1;
    static final byte RECEIVED = 2;

    private final long[] ids = new long[CAPACITY];
    private final long[] sendTimes = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final int[] probes = new int[CAPACITY];
    private final long[] ssrcs = new long[CAPACITY];
    private final int[] rtpSeqs = new int[CAPACITY];
    final byte[] states = new byte[CAPACITY];
    /** SSRC to a ring of (RTP sequence number mod 4096) to packet id + 1 (0: none). */
    private final Map<Long, long[]> byRtpSeq = new HashMap<>();
    private long highest = -1;
    private long count;

    SendHistory() {
        Arrays.fill(ids, -1);
    }

    /**
     * Records a sent packet; returns its id. {@code transportSeq} is the 16-bit transport-wide
     * sequence number stamped on it, or -1 when none was (an internal number is used).
     */
    long add(long now, int transportSeq, long ssrc, int rtpSeq, int size, int probe) {
        long id = transportSeq < 0 ? highest + 1 : highest < 0 ? transportSeq : unwrap(transportSeq);
        if (highest >= 0 && id <= highest - CAPACITY) {
            return -1;
        }
        int i = (int) (id & MASK);
        ids[i] = id;
        sendTimes[i] = now;
        sizes[i] = size;
        probes[i] = probe;
        ssrcs[i] = ssrc;
        rtpSeqs[i] = rtpSeq;
        states[i] = UNREPORTED;
        highest = Math.max(highest, id);
        count++;
        if (rtpSeq >= 0) {
            long[] ring = byRtpSeq.get(ssrc);
            if (ring == null && byRtpSeq.size() < MAX_SSRCS) {
                ring = new long[PER_SSRC];
                byRtpSeq.put(ssrc, ring);
            }
            if (ring != null) {
                ring[rtpSeq & (PER_SSRC - 1)] = id + 1;
            }
        }
        return id;
    }

    /** The id nearest the newest sent that has these low 16 bits. */
    long unwrap(int seq16) {
        int diff = (short) (seq16 - (int) (highest & 0xffff));
        return highest + diff;
    }

    long highest() {
        return highest;
    }

    long oldest() {
        return Math.max(0, highest - CAPACITY + 1);
    }

    /** The ring slot of packet {@code id}, or -1 when it was never sent or is forgotten. */
    int slot(long id) {
        if (id < 0 || id > highest || id <= highest - CAPACITY) {
            return -1;
        }
        int i = (int) (id & MASK);
        return ids[i] == id ? i : -1;
    }

    /** The slot of the packet sent with {@code ssrc} and {@code rtpSeq}, or -1. */
    int slotByRtp(long ssrc, int rtpSeq) {
        long[] ring = byRtpSeq.get(ssrc);
        if (ring == null) {
            return -1;
        }
        long id = ring[rtpSeq & (PER_SSRC - 1)] - 1;
        int s = slot(id);
        return s >= 0 && rtpSeqs[s] == rtpSeq && ssrcs[s] == ssrc ? s : -1;
    }

    long sendTime(int slot) {
        return sendTimes[slot];
    }

    int size(int slot) {
        return sizes[slot];
    }

    int probe(int slot) {
        return probes[slot];
    }

    long packetsSent() {
        return count;
    }
}
