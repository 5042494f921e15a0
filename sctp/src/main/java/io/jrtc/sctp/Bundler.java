package io.jrtc.sctp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Bundling (RFC 9260 §6.10): chunks are written one after another into a packet buffer of the PMTU
 * (the configured {@code mtu}), each padded to four bytes; when the next chunk does not fit, the
 * packet is finished (common header, verification tag, CRC32c or RFC 9653's zero checksum) and
 * queued for {@code pollTransmit()}. Control chunks go first, then SACK, FORWARD-TSN, RE-CONFIG and
 * DATA, as the association adds them.
 *
 * <pre>
 * ┌──────────────┬────────────┬──────────────┬──────────────┬───────┐
 * │ common header│ SACK       │ DATA tsn=7   │ DATA tsn=8   │ (free)│  ≤ mtu bytes
 * │ 12 bytes     │ (padded)   │ (padded)     │              │       │
 * └──────────────┴────────────┴──────────────┴──────────────┴───────┘
 * </pre>
 *
 * A full packet hands its buffer over (no copy); a partial one is copied to its length. Packets
 * with INIT, INIT-ACK or COOKIE-ECHO always carry a CRC32c (RFC 9653 §5.2).
 */
final class Bundler {
    private final SctpConfig cfg;
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private long peerTag;
    private boolean zeroChecksum;
    private byte[] pb;
    private int pbLen;
    private boolean crcRequired;
    private long packetsSent;

    Bundler(SctpConfig cfg) {
        this.cfg = cfg;
    }

    /** The peer's verification tag, and whether it takes a zero checksum (RFC 9653), once known. */
    void peer(long tag, boolean sendZeroChecksum) {
        this.peerTag = tag;
        this.zeroChecksum = sendZeroChecksum;
    }

    long packetsSent() {
        return packetsSent;
    }

    /** Packets finished and not yet taken by {@link #poll()}. */
    int packetsQueued() {
        return transmits.size();
    }

    boolean nothingToTransmit() {
        return transmits.isEmpty();
    }

    byte[] poll() {
        return transmits.poll();
    }

    /** Starts bundling into an empty packet. */
    void begin() {
        int mtu = cfg.mtu();
        if (pb == null || pb.length < mtu) pb = new byte[mtu];
        pbLen = SctpPacket.HEADER_LENGTH;
        crcRequired = false;
    }

    /** The packet being bundled must carry a CRC32c even with zero checksum (it has a COOKIE-ECHO). */
    void requireCrc() {
        crcRequired = true;
    }

    /** Whether the packet being bundled holds any chunk. */
    boolean hasChunks() {
        return pbLen > SctpPacket.HEADER_LENGTH;
    }

    boolean fits(Chunk c) {
        return Wire.pad4(pbLen) + c.encodedLength() <= cfg.mtu();
    }

    /** Adds a chunk, finishing the packet first when it does not fit. */
    void add(Chunk c) {
        if (!fits(c)) finishPacket();
        int len = c.encodedLength();
        if (SctpPacket.HEADER_LENGTH + len > cfg.mtu()) {
            // a control chunk larger than the MTU (a big ERROR): send it alone, unpadded buffer
            finishPacket();
            emit(peerTag, List.of(c), true);
            return;
        }
        pbLen = c.writeTo(pb, Wire.pad4(pbLen));
    }

    /** Finishes the packet being bundled, if it holds any chunk: header, checksum, to the transmit queue. */
    void finishPacket() {
        if (pbLen <= SctpPacket.HEADER_LENGTH) return;
        byte[] p;
        if (pbLen == pb.length) { // a full packet: hand the buffer over instead of copying it
            p = pb;
            pb = new byte[cfg.mtu()];
        } else {
            p = Arrays.copyOf(pb, pbLen);
        }
        Wire.put16(p, 0, cfg.localPort());
        Wire.put16(p, 2, cfg.remotePort());
        Wire.put32(p, 4, peerTag);
        if (!zeroChecksum || crcRequired) SctpPacket.writeChecksum(p, p.length);
        transmits.add(p);
        packetsSent++;
        pbLen = SctpPacket.HEADER_LENGTH;
        crcRequired = false;
    }

    /**
     * A packet of its own with these chunks and this tag (INIT, ABORT, SHUTDOWN-COMPLETE, ...);
     * {@code mayZero}: it may carry a zero checksum when the peer takes one.
     */
    void emit(long vtag, List<Chunk> chunks, boolean mayZero) {
        byte[] p = new SctpPacket(cfg.localPort(), cfg.remotePort(), vtag, chunks).encode(mayZero && zeroChecksum);
        transmits.add(p);
        packetsSent++;
    }

    /** The peer's verification tag, {@code 0} before the handshake. */
    long peerTag() {
        return peerTag;
    }
}
