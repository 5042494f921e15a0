package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Source description, PT=202 (RFC 3550 section 6.5): chunks of an SSRC and items (CNAME=1, NAME=2,
 * EMAIL=3, PHONE=4, LOC=5, TOOL=6, NOTE=7, PRIV=8), each chunk ended by null bytes to a word boundary.
 *
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * |                          SSRC/CSRC_1                          |
 * |  type (CNAME) |     length    | user and domain name        ...
 * | ... more items ...            | 0 (end)  | pad to 32 bits     |
 * </pre>
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    /** The CNAME item type (RFC 3550 §6.5.1). */
    public static final int CNAME = 1;

    /**
     * One SDES item.
     *
     * @param type the item type, 1..255
     * @param value its value, at most 255 bytes
     */
    public record Item(int type, Bytes value) {
        /**
         * Checks the components.
         *
         * @param type the type
         * @param value the value
         */
        public Item {
            if (type < 1 || type > 255 || value.length() > 255) {
                throw new IllegalArgumentException("SDES item type 1..255, value up to 255 bytes");
            }
        }

        /**
         * A CNAME item.
         *
         * @param name the canonical name
         * @return the item, UTF-8
         */
        public static Item cname(String name) {
            return new Item(CNAME, Bytes.wrap(name.getBytes(StandardCharsets.UTF_8)));
        }

        /** {@return the value as UTF-8 text} */
        public String text() {
            return new String(value.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /**
     * One chunk: a source and its items.
     *
     * @param ssrc the source
     * @param items its items
     */
    public record Chunk(long ssrc, List<Item> items) {
        /**
         * Checks the components.
         *
         * @param ssrc the ssrc
         * @param items the items
         */
        public Chunk {
            items = List.copyOf(items);
        }

        int length() {
            int n = 4;
            for (Item i : items) {
                n += 2 + i.value().length();
            }
            return RtpWire.padTo4(n + 1);
        }
    }

    /**
     * Checks the components.
     *
     * @param chunks the chunks
     */
    public SourceDescription {
        chunks = List.copyOf(chunks);
        if (chunks.size() > 31) {
            throw new IllegalArgumentException("at most 31 SDES chunks");
        }
    }

    static SourceDescription parseBody(int count, byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        int p = off;
        List<Chunk> chunks = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            RtpWire.need(p, 4, end, "SDES chunk " + c + " SSRC");
            long ssrc = RtpWire.u32(b, p);
            p += 4;
            List<Item> items = new ArrayList<>();
            while (true) {
                RtpWire.need(p, 1, end, "SDES item type");
                int type = RtpWire.u8(b, p);
                if (type == 0) {
                    break;
                }
                RtpWire.need(p, 2, end, "SDES item header");
                int l = RtpWire.u8(b, p + 1);
                RtpWire.need(p + 2, l, end, "SDES item value");
                items.add(new Item(type, Bytes.of(b, p + 2, l)));
                p += 2 + l;
            }
            // null terminator and padding up to the next word boundary (relative to the body start)
            p = off + RtpWire.padTo4(p - off + 1);
            if (p > end) {
                throw new RtpParseException("SDES chunk " + c + " padding runs past the packet");
            }
            chunks.add(new Chunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    @Override
    public int packetType() {
        return SDES;
    }

    @Override
    public int countOrFormat() {
        return chunks.size();
    }

    @Override
    public int bodyLength() {
        int n = 0;
        for (Chunk c : chunks) {
            n += c.length();
        }
        return n;
    }

    @Override
    public void writeBody(byte[] out, int off) {
        int p = off;
        for (Chunk c : chunks) {
            int start = p;
            RtpWire.put32(out, p, c.ssrc());
            p += 4;
            for (Item i : c.items()) {
                out[p] = (byte) i.type();
                out[p + 1] = (byte) i.value().length();
                p = i.value().copyTo(out, p + 2);
            }
            int stop = start + c.length();
            while (p < stop) {
                out[p++] = 0;
            }
        }
    }
}
