package io.jrtc.rtp;

/**
 * A zero-copy, reusable view of an RTP packet inside a {@code byte[]}, for the hot path of an SFU:
 * read and rewrite the sequence number, timestamp, SSRC, payload type and marker in place, and find
 * a header extension element, without allocating.
 *
 * <pre>{@code
 * RtpView v = new RtpView();           // one per thread, reused
 * v.wrap(buf, 0, len);                  // validates the header; throws RtpParseException
 * v.setSsrc(outSsrc); v.setSequenceNumber(v.sequenceNumber() + offset);
 * }</pre>
 */
public final class RtpView {
    /** Creates one; it has no settings of its own. */
    public RtpView() {
    }

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int extOffset;
    private int extLength;
    private int paddingLength;

    /**
     * Points this view at a packet, checking every length in the header. Allocates nothing.
     *
     * @param b the buffer (kept, not copied)
     * @param offset where the packet starts
     * @param length its length
     * @return this view
     * @throws RtpParseException when the header is not RTP version 2 or a length runs past the end
     */
    public RtpView wrap(byte[] b, int offset, int length) throws RtpParseException {
        if (offset < 0 || length < RtpPacket.FIXED_HEADER || offset > b.length - length) {
            throw new RtpParseException("RTP view: " + length + " bytes at " + offset + " is not an RTP header");
        }
        int b0 = b[offset] & 0xff;
        if (b0 >>> 6 != 2) {
            throw new RtpParseException("RTP version must be 2, got " + (b0 >>> 6));
        }
        int end = offset + length;
        int p = offset + RtpPacket.FIXED_HEADER + 4 * (b0 & 0xf);
        if (p > end) {
            throw new RtpParseException("RTP CSRC list runs past the packet");
        }
        int eo = -1;
        int el = 0;
        if ((b0 & 0x10) != 0) {
            if (p + 4 > end) {
                throw new RtpParseException("RTP extension header runs past the packet");
            }
            el = RtpWire.u16(b, p + 2) * 4;
            eo = p;
            p += 4 + el;
            if (p > end) {
                throw new RtpParseException("RTP extension data runs past the packet");
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            pad = p < end ? b[end - 1] & 0xff : 0;
            if (pad == 0 || pad > end - p) {
                throw new RtpParseException("RTP padding count invalid");
            }
        }
        this.buf = b;
        this.off = offset;
        this.len = length;
        this.headerLength = p - offset;
        this.extOffset = eo;
        this.extLength = el;
        this.paddingLength = pad;
        return this;
    }

    /** {@return the buffer the view points into} */
    public byte[] buffer() {
        return buf;
    }

    /** {@return where the packet starts in {@link #buffer()}} */
    public int offset() {
        return off;
    }

    /** {@return the packet's length} */
    public int length() {
        return len;
    }

    /** {@return the header length: fixed part, CSRCs and extension block} */
    public int headerLength() {
        return headerLength;
    }

    /** {@return where the payload starts in {@link #buffer()}} */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** {@return the payload's length, padding excluded} */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** {@return the M bit} */
    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    /** {@return the payload type} */
    public int payloadType() {
        return buf[off + 1] & 0x7f;
    }

    /** {@return the sequence number} */
    public int sequenceNumber() {
        return RtpWire.u16(buf, off + 2);
    }

    /** {@return the RTP timestamp, unsigned} */
    public long timestamp() {
        return RtpWire.u32(buf, off + 4);
    }

    /** {@return the SSRC, unsigned} */
    public long ssrc() {
        return RtpWire.u32(buf, off + 8);
    }

    /** {@return the CC field} */
    public int csrcCount() {
        return buf[off] & 0xf;
    }

    /**
     * Rewrites the M bit in the buffer.
     *
     * @param m the new value
     */
    public void setMarker(boolean m) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x7f) | (m ? 0x80 : 0));
    }

    /**
     * Rewrites the payload type in the buffer.
     *
     * @param pt 0..127
     */
    public void setPayloadType(int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7f));
    }

    /**
     * Rewrites the sequence number in the buffer.
     *
     * @param seq 16 bits
     */
    public void setSequenceNumber(int seq) {
        RtpWire.put16(buf, off + 2, seq);
    }

    /**
     * Rewrites the timestamp in the buffer.
     *
     * @param ts 32 bits
     */
    public void setTimestamp(long ts) {
        RtpWire.put32(buf, off + 4, ts);
    }

    /**
     * Rewrites the SSRC in the buffer.
     *
     * @param ssrc 32 bits
     */
    public void setSsrc(long ssrc) {
        RtpWire.put32(buf, off + 8, ssrc);
    }

    /**
     * The offset in {@link #buffer()} of the data of the RFC 8285 element {@code id}, or -1; its
     * length is then {@link #lastExtensionLength()}. Allocates nothing; a malformed block gives -1.
     *
     * @param id the negotiated extension id (1..255)
     * @return the offset of its data, or -1
     */
    public int findExtension(int id) {
        lastLen = 0;
        if (extOffset < 0 || id < 1) {
            return -1; // ID 0 is reserved, never an element
        }
        int profile = RtpWire.u16(buf, extOffset);
        int p = extOffset + 4;
        int end = p + extLength;
        boolean one = profile == ExtensionBlock.ONE_BYTE_PROFILE;
        if (!one && (profile & 0xfff0) != ExtensionBlock.TWO_BYTE_PROFILE) {
            return -1;
        }
        while (p < end) {
            int h = buf[p] & 0xff;
            if (h == 0) {
                p++;
                continue;
            }
            int eid;
            int elen;
            int data;
            if (one) {
                eid = h >>> 4;
                if (eid == 15) {
                    return -1;
                }
                elen = (h & 0xf) + 1;
                data = p + 1;
            } else {
                if (p + 2 > end) {
                    return -1;
                }
                eid = h;
                elen = buf[p + 1] & 0xff;
                data = p + 2;
            }
            if (data + elen > end) {
                return -1;
            }
            if (eid == id) {
                lastLen = elen;
                return data;
            }
            p = data + elen;
        }
        return -1;
    }

    private int lastLen;

    /** {@return the length of the element last found by {@link #findExtension}} */
    public int lastExtensionLength() {
        return lastLen;
    }
}
