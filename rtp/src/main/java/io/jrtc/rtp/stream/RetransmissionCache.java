package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.rtcp.GenericNack;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N packets sent, by sequence number, to answer NACKs; answers are RTX-wrapped when an RTX
 * payload type is configured (RFC 4588), otherwise the original packets are sent again.
 */
public final class RetransmissionCache {
    private final RtpPacket[] slots;
    private final int rtxPayloadType;
    private final long rtxSsrc;
    private int rtxSequence;
    private long retransmitted;

    /**
     * @param rtxPayloadType the RTX payload type, or -1 to resend originals
     *
     * @param capacity how many packets are kept
     * @param rtxSsrc the RTX stream's SSRC
     * @param initialRtxSequence the RTX stream's first sequence number
     */
    public RetransmissionCache(int capacity, int rtxPayloadType, long rtxSsrc, int initialRtxSequence) {
        if (capacity < 1 || capacity > 32768) {
            throw new IllegalArgumentException("capacity must be 1..32768: " + capacity);
        }
        this.slots = new RtpPacket[capacity];
        this.rtxPayloadType = rtxPayloadType;
        this.rtxSsrc = rtxSsrc;
        this.rtxSequence = initialRtxSequence & 0xffff;
    }

    /**
     * Keeps a sent packet for NACKs (the oldest leaves when full).
     *
     * @param p the packet as sent
     */
    public void put(RtpPacket p) {
        slots[p.sequenceNumber() % slots.length] = p;
    }

    /**
     * The cached packet with this sequence number, or null if it was never sent or already evicted.
     *
     * @param sequenceNumber a sent packet's sequence number
     * @return the packet, or {@code null} when it left the cache
     */
    public RtpPacket get(int sequenceNumber) {
        RtpPacket p = slots[(sequenceNumber & 0xffff) % slots.length];
        return p != null && p.sequenceNumber() == (sequenceNumber & 0xffff) ? p : null;
    }

    /**
     * The packets to send for a NACK (RTX-wrapped if configured); unknown sequence numbers are skipped.
     *
     * @param nack the receiver's NACK
     * @return the retransmissions to send, in NACK order
     */
    public List<RtpPacket> answer(GenericNack nack) {
        List<RtpPacket> out = new ArrayList<>();
        for (int s : nack.lostSequenceNumbers()) {
            RtpPacket p = get(s);
            if (p == null || p.ssrc() != nack.mediaSsrc()) {
                continue;
            }
            retransmitted++;
            if (rtxPayloadType >= 0) {
                out.add(Rtx.wrap(p, rtxPayloadType, rtxSsrc, rtxSequence));
                rtxSequence = (rtxSequence + 1) & 0xffff;
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * A padding-only packet on the RTX stream, with the RTX stream's next sequence number: what a
     * sender sends to probe the bandwidth (the receiver drops it after counting it for transport-cc).
     *
     * @param paddingLength the padding bytes, 1..255 (the count byte included)
     * @param timestamp     the RTP timestamp to carry (the primary stream's latest)
     * @return the packet, without header extensions
     * @throws IllegalStateException when no RTX payload type is configured
     */
    public RtpPacket padding(int paddingLength, long timestamp) {
        if (rtxPayloadType < 0) {
            throw new IllegalStateException("no RTX payload type: padding goes on the primary stream");
        }
        RtpPacket p = new RtpPacket(false, rtxPayloadType, rtxSequence, timestamp, rtxSsrc, List.of(), null,
                Bytes.EMPTY, paddingLength);
        rtxSequence = (rtxSequence + 1) & 0xffff;
        return p;
    }

    /** {@return packets sent again so far} */
    public long retransmitted() {
        return retransmitted;
    }
}
