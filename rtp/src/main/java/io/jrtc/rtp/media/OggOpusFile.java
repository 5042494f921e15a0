package io.jrtc.rtp.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;
import io.jrtc.rtp.codec.Opus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ogg Opus files (RFC 7845 over the Ogg container of RFC 3533): an identification header (OpusHead)
 * alone on the first page, a comment header (OpusTags) on the next, then audio packets.
 *
 * <pre>
 * Ogg page header (27 bytes + segment table), little-endian:
 *  0 "OggS"  4 version 0  5 flags (1 continued, 2 first page, 4 last page)
 *  6 granule position (8)  14 stream serial (4)  18 page sequence (4)  22 CRC-32 (4)
 * 26 number of segments   27 segment table: lacing values (255 = packet continues)
 *
 * OpusHead: "OpusHead" version(1) channels(1) pre-skip(2) input rate(4) gain(2) mapping family(1) [table]
 * OpusTags: "OpusTags" vendor length(4) vendor, comment count(4), { length(4) comment }
 * </pre>
 *
 * The granule position of a page counts the 48 kHz samples of every packet finished on it or before
 * it, from the start of the stream (RFC 7845 section 4): the pre-skip is part of that count (the
 * decoder discards the first pre-skip samples), not added on top of it. The last page may hold less
 * (end trimming), kept here as {@code finalGranule}.
 */
public record OggOpusFile(Head head, Tags tags, List<Bytes> packets, long serial, long finalGranule) {

    /**
     * The OpusHead identification header (RFC 7845 §5.1).
     *
     * @param version the version (1)
     * @param channels the output channel count
     * @param preSkip samples to discard at 48 kHz
     * @param inputSampleRate the original sample rate (informative)
     * @param outputGain the gain in Q7.8 dB
     * @param mappingFamily the channel mapping family
     * @param mappingTable the channel mapping table (empty for family 0)
     */
    public record Head(int version, int channels, int preSkip, long inputSampleRate, int outputGain, int mappingFamily,
                       Bytes mappingTable) {
        byte[] encode() {
            byte[] b = new byte[19 + mappingTable.length()];
            System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 8);
            b[8] = (byte) version;
            b[9] = (byte) channels;
            IvfFile.put16(b, 10, preSkip);
            IvfFile.put32(b, 12, inputSampleRate);
            IvfFile.put16(b, 16, outputGain);
            b[18] = (byte) mappingFamily;
            mappingTable.copyTo(b, 19);
            return b;
        }

        static Head parse(byte[] b) throws RtpParseException {
            if (b.length < 19 || !new String(b, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
                throw new RtpParseException("first Ogg packet is not an OpusHead");
            }
            if ((b[8] & 0xf0) != 0) {
                throw new RtpParseException("OpusHead version " + (b[8] & 0xff) + " not supported");
            }
            int channels = b[9] & 0xff;
            int family = b[18] & 0xff;
            if (channels == 0 || (family == 0 && channels > 2)) {
                throw new RtpParseException("OpusHead channel count " + channels + " invalid for mapping family " + family);
            }
            int table = family == 0 ? 0 : 2 + channels;
            if (b.length < 19 + table) {
                throw new RtpParseException("OpusHead channel mapping table truncated");
            }
            return new Head(b[8] & 0xff, channels, IvfFile.le16(b, 10), IvfFile.le32(b, 12), (short) IvfFile.le16(b, 16), family,
                    Bytes.of(b, 19, table));
        }
    }

    /**
     * The OpusTags comment header (RFC 7845 §5.2).
     *
     * @param vendor the vendor string
     * @param comments the user comments, {@code NAME=value}
     */
    public record Tags(String vendor, List<String> comments) {
        /**
         * Checks the components.
         *
         * @param vendor the vendor
         * @param comments the comments
         */
        public Tags {
            comments = List.copyOf(comments);
        }

        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
            writeString(out, vendor);
            byte[] n = new byte[4];
            IvfFile.put32(n, 0, comments.size());
            out.writeBytes(n);
            for (String c : comments) {
                writeString(out, c);
            }
            return out.toByteArray();
        }

        private static void writeString(ByteArrayOutputStream out, String s) {
            byte[] v = s.getBytes(StandardCharsets.UTF_8);
            byte[] n = new byte[4];
            IvfFile.put32(n, 0, v.length);
            out.writeBytes(n);
            out.writeBytes(v);
        }

        static Tags parse(byte[] b) throws RtpParseException {
            if (b.length < 16 || !new String(b, 0, 8, StandardCharsets.US_ASCII).equals("OpusTags")) {
                throw new RtpParseException("second Ogg packet is not an OpusTags");
            }
            int p = 8;
            long vl = IvfFile.le32(b, p);
            if (vl > b.length - p - 4) {
                throw new RtpParseException("OpusTags vendor length " + vl + " runs past the packet");
            }
            String vendor = new String(b, p + 4, (int) vl, StandardCharsets.UTF_8);
            p += 4 + (int) vl;
            RtpWire.need(p, 4, b.length, "OpusTags comment count");
            long count = IvfFile.le32(b, p);
            p += 4;
            if (count > (b.length - p) / 4) {
                throw new RtpParseException("OpusTags comment count " + count + " exceeds the packet");
            }
            List<String> comments = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                RtpWire.need(p, 4, b.length, "OpusTags comment length");
                long cl = IvfFile.le32(b, p);
                if (cl > b.length - p - 4) {
                    throw new RtpParseException("OpusTags comment length " + cl + " runs past the packet");
                }
                comments.add(new String(b, p + 4, (int) cl, StandardCharsets.UTF_8));
                p += 4 + (int) cl;
            }
            return new Tags(vendor, comments);
        }
    }

    /**
     * Checks the components.
     *
     * @param head the head
     * @param tags the tags
     * @param packets the packets
     * @param serial the serial
     * @param finalGranule the final granule
     */
    public OggOpusFile {
        packets = List.copyOf(packets);
    }

    /**
     * Ogg's CRC-32: polynomial 0x04C11DB7, initial 0, not reflected, no final XOR.
     *
     * @param b the buffer
     * @param off where the page starts
     * @param len its length
     * @return the Ogg CRC-32 (polynomial 0x04C11DB7, no reflection)
     */
    public static long crc(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xff) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc & 0xffffffffL;
    }

    /**
     * Parses an Ogg Opus file (its first logical stream).
     *
     * @param b the whole file
     * @return the headers and every audio packet
     * @throws RtpParseException when a page, its CRC or a header is malformed
     */
    public static OggOpusFile parse(byte[] b) throws RtpParseException {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long serial = -1;
        long lastGranule = -1;
        int p = 0;
        int pages = 0;
        while (p < b.length) {
            RtpWire.need(p, 27, b.length, "Ogg page header #" + pages);
            if (b[p] != 'O' || b[p + 1] != 'g' || b[p + 2] != 'g' || b[p + 3] != 'S') {
                throw new RtpParseException("no OggS capture pattern at offset " + p);
            }
            if (b[p + 4] != 0) {
                throw new RtpParseException("Ogg page version " + b[p + 4] + " not supported");
            }
            int segments = b[p + 26] & 0xff;
            RtpWire.need(p + 27, segments, b.length, "Ogg segment table");
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += b[p + 27 + i] & 0xff;
            }
            int headerLen = 27 + segments;
            RtpWire.need(p + headerLen, body, b.length, "Ogg page body");
            long storedCrc = IvfFile.le32(b, p + 22);
            byte[] page = new byte[headerLen + body];
            System.arraycopy(b, p, page, 0, page.length);
            page[22] = page[23] = page[24] = page[25] = 0;
            if (crc(page, 0, page.length) != storedCrc) {
                throw new RtpParseException("Ogg page #" + pages + " CRC mismatch");
            }
            long pageSerial = IvfFile.le32(b, p + 14);
            if (serial < 0) {
                serial = pageSerial;
            }
            if (pageSerial == serial) {
                long granule = IvfFile.le32(b, p + 6) | (IvfFile.le32(b, p + 10) << 32);
                if (granule != -1) {
                    lastGranule = granule;
                }
                int q = p + headerLen;
                for (int i = 0; i < segments; i++) {
                    int lace = b[p + 27 + i] & 0xff;
                    partial.write(b, q, lace);
                    q += lace;
                    if (lace < 255) {
                        packets.add(partial.toByteArray());
                        partial.reset();
                    }
                }
            }
            p += headerLen + body;
            pages++;
        }
        if (packets.size() < 2) {
            throw new RtpParseException("Ogg Opus needs OpusHead and OpusTags packets, found " + packets.size());
        }
        Head head = Head.parse(packets.get(0));
        Tags tags = Tags.parse(packets.get(1));
        List<Bytes> audio = new ArrayList<>();
        for (int i = 2; i < packets.size(); i++) {
            audio.add(Bytes.wrap(packets.get(i)));
        }
        return new OggOpusFile(head, tags, audio, serial, lastGranule);
    }

    /**
     * {@return the file's bytes: OpusHead page, OpusTags page, audio pages of up to 50 packets (about 1 s at 20 ms)}
     *
     * @throws RtpParseException when a packet's TOC byte is invalid (its duration cannot be read)
     */
    public byte[] encode() throws RtpParseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] seq = {0};
        writePage(out, List.of(head.encode()), 0, 0x02, seq);
        writePage(out, List.of(tags.encode()), 0, 0, seq);
        // RFC 7845 section 4: the granule position counts every sample decoded from the start, the
        // pre-skip samples among them; a page starting the audio at time 0 ends at the samples of its packets.
        long granule = 0;
        List<byte[]> pagePackets = new ArrayList<>();
        int segments = 0;
        for (int i = 0; i < packets.size(); i++) {
            byte[] pkt = packets.get(i).toByteArray();
            int need = pkt.length / 255 + 1;
            if (need > 255) {
                throw new IllegalArgumentException("Opus packet of " + pkt.length + " bytes too large for one Ogg page");
            }
            if (segments + need > 255 || pagePackets.size() == 50) {
                writePage(out, pagePackets, granule, 0, seq);
                pagePackets.clear();
                segments = 0;
            }
            pagePackets.add(pkt);
            segments += need;
            granule += Opus.samplesPerPacket(pkt);
        }
        long last = finalGranule >= 0 ? Math.min(finalGranule, granule) : granule;
        writePage(out, pagePackets, last, 0x04, seq);
        return out.toByteArray();
    }

    private void writePage(ByteArrayOutputStream out, List<byte[]> pkts, long granule, int flags, int[] seq) {
        ByteArrayOutputStream lacing = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] pk : pkts) {
            int n = pk.length;
            while (n >= 255) {
                lacing.write(255);
                n -= 255;
            }
            lacing.write(n);
            body.writeBytes(pk);
        }
        byte[] lace = lacing.toByteArray();
        byte[] data = body.toByteArray();
        byte[] page = new byte[27 + lace.length + data.length];
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[5] = (byte) flags;
        IvfFile.put32(page, 6, granule);
        IvfFile.put32(page, 10, granule >>> 32);
        IvfFile.put32(page, 14, serial);
        IvfFile.put32(page, 18, seq[0]++);
        page[26] = (byte) lace.length;
        System.arraycopy(lace, 0, page, 27, lace.length);
        System.arraycopy(data, 0, page, 27 + lace.length, data.length);
        IvfFile.put32(page, 22, crc(page, 0, page.length));
        out.writeBytes(page);
    }
}
