package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * Extended report, PT=207 (RFC 3611): report blocks after the sender's SSRC. Receiver reference
 * time (BT=4) lets a receiver that sends no SR get an RTT; DLRR (BT=5) answers it.
 *
 * <pre>
 * |V=2|P|reserved |   PT=XR=207   |             length            |
 * |                              SSRC                             |
 * |      BT       | type-specific |         block length          |
 * |                    type-specific block contents             ...
 * </pre>
 */
public record ExtendedReport(long ssrc, List<Block> blocks) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param ssrc the ssrc
     * @param blocks the blocks
     */
    public ExtendedReport {
        blocks = List.copyOf(blocks);
    }

    /** One XR report block. */
    public sealed interface Block permits ReceiverReferenceTime, Dlrr, UnknownBlock {
        /** {@return the block type (BT)} */
        int blockType();

        /** {@return the type-specific byte} */
        int typeSpecific();

        /** {@return the length of the block contents after its 4-byte header, a multiple of 4} */
        int contentLength();

        /**
         * Writes the contents (without the block header).
         *
         * @param out a buffer with {@link #contentLength()} bytes free at {@code off}
         * @param off where to write
         */
        void writeContent(byte[] out, int off);
    }

    /** BT=4: the receiver's NTP time (RFC 3611 section 4.4). */
    public record ReceiverReferenceTime(long ntpTimestamp) implements Block {
        public int blockType() {
            return 4;
        }

        public int typeSpecific() {
            return 0;
        }

        public int contentLength() {
            return 8;
        }

        public void writeContent(byte[] out, int off) {
            RtpWire.put64(out, off, ntpTimestamp);
        }
    }

    /** One DLRR sub-block: SSRC, last RR (middle NTP bits), delay since last RR (1/65536 s). */
    public record DlrrItem(long ssrc, long lastRr, long delaySinceLastRr) {
    }

    /** BT=5: delay since last receiver report (RFC 3611 section 4.5). */
    public record Dlrr(List<DlrrItem> items) implements Block {
        /**
         * Checks the components.
         *
         * @param items the items
         */
        public Dlrr {
            items = List.copyOf(items);
        }

        public int blockType() {
            return 5;
        }

        public int typeSpecific() {
            return 0;
        }

        public int contentLength() {
            return 12 * items.size();
        }

        public void writeContent(byte[] out, int off) {
            for (DlrrItem i : items) {
                RtpWire.put32(out, off, i.ssrc());
                RtpWire.put32(out, off + 4, i.lastRr());
                RtpWire.put32(out, off + 8, i.delaySinceLastRr());
                off += 12;
            }
        }
    }

    /** Any other block type, kept raw. */
    public record UnknownBlock(int blockType, int typeSpecific, Bytes content) implements Block {
        /**
         * Checks the components.
         *
         * @param blockType the block type
         * @param typeSpecific the type specific
         * @param content the content
         */
        public UnknownBlock {
            if (blockType < 0 || blockType > 255 || typeSpecific < 0 || typeSpecific > 255 || content.length() % 4 != 0) {
                throw new IllegalArgumentException("XR block: 8-bit type and type-specific, whole-word content");
            }
        }

        public int contentLength() {
            return content.length();
        }

        public void writeContent(byte[] out, int off) {
            content.copyTo(out, off);
        }
    }

    static ExtendedReport parseBody(byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 4, end, "XR SSRC");
        List<Block> blocks = new ArrayList<>();
        int p = off + 4;
        while (p + 4 <= end) {
            int bt = RtpWire.u8(b, p);
            int ts = RtpWire.u8(b, p + 1);
            int clen = 4 * RtpWire.u16(b, p + 2);
            RtpWire.need(p + 4, clen, end, "XR block type " + bt);
            int c = p + 4;
            if (bt == 4) {
                if (clen != 8) {
                    throw new RtpParseException("XR RRTR block must be 8 bytes, got " + clen);
                }
                blocks.add(new ReceiverReferenceTime(RtpWire.u64(b, c)));
            } else if (bt == 5) {
                if (clen % 12 != 0) {
                    throw new RtpParseException("XR DLRR block length " + clen + " not a multiple of 12");
                }
                List<DlrrItem> items = new ArrayList<>();
                for (int i = 0; i < clen; i += 12) {
                    items.add(new DlrrItem(RtpWire.u32(b, c + i), RtpWire.u32(b, c + i + 4), RtpWire.u32(b, c + i + 8)));
                }
                blocks.add(new Dlrr(items));
            } else {
                blocks.add(new UnknownBlock(bt, ts, Bytes.of(b, c, clen)));
            }
            p = c + clen;
        }
        return new ExtendedReport(RtpWire.u32(b, off), blocks);
    }

    @Override
    public int packetType() {
        return XR;
    }

    @Override
    public int countOrFormat() {
        return 0;
    }

    @Override
    public int bodyLength() {
        int n = 4;
        for (Block k : blocks) {
            n += 4 + k.contentLength();
        }
        return n;
    }

    @Override
    public void writeBody(byte[] out, int off) {
        RtpWire.put32(out, off, ssrc);
        int p = off + 4;
        for (Block k : blocks) {
            out[p] = (byte) k.blockType();
            out[p + 1] = (byte) k.typeSpecific();
            RtpWire.put16(out, p + 2, k.contentLength() / 4);
            k.writeContent(out, p + 4);
            p += 4 + k.contentLength();
        }
    }
}
