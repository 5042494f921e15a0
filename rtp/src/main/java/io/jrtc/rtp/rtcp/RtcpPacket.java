package io.jrtc.rtp.rtcp;

import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * One RTCP packet (RFC 3550 section 6, RFC 4585, RFC 5104, RFC 3611, RFC 8888). Every packet starts
 * with the same 4-byte header; a compound packet is several of them back to back in one datagram
 * (reduced-size RTCP, RFC 5506, allows a single feedback packet alone).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  body (length * 4 bytes)                      |
 * </pre>
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye, AppPacket,
        ExtendedReport, GenericNack, PictureLossIndication, FullIntraRequest, Remb, TransportCcFeedback,
        CongestionControlFeedback, UnknownRtcp {
    /** Packet type 200: sender report (RFC 3550 §6.4.1). */
    int SR = 200;
    /** Packet type 201: receiver report (RFC 3550 §6.4.2). */
    int RR = 201;
    /** Packet type 202: source description (RFC 3550 §6.5). */
    int SDES = 202;
    /** Packet type 203: goodbye (RFC 3550 §6.6). */
    int BYE = 203;
    /** Packet type 204: application-defined (RFC 3550 §6.7). */
    int APP = 204;
    /** Packet type 205: transport-layer feedback (RFC 4585 §6.2). */
    int RTPFB = 205;
    /** Packet type 206: payload-specific feedback (RFC 4585 §6.3). */
    int PSFB = 206;
    /** Packet type 207: extended report (RFC 3611). */
    int XR = 207;

    /** {@return the packet type (PT) field} */
    int packetType();

    /** {@return the 5-bit count or feedback message type (FMT) field} */
    int countOrFormat();

    /** {@return length of the body after the 4-byte header, a multiple of 4} */
    int bodyLength();

    /**
     * Writes the body (without header) at {@code off}.
     *
     * @param out a buffer with {@link #bodyLength()} bytes free at {@code off}
     * @param off where the body starts
     */
    void writeBody(byte[] out, int off);

    /** {@return the length on the wire: the 4-byte header and the body} */
    default int encodedLength() {
        return 4 + bodyLength();
    }

    /**
     * Writes header and body at {@code off}.
     *
     * @param out a buffer with {@link #encodedLength()} bytes free at {@code off}
     * @param off where to write
     * @return the offset after the packet
     */
    default int writeTo(byte[] out, int off) {
        int body = bodyLength();
        out[off] = (byte) (0x80 | countOrFormat());
        out[off + 1] = (byte) packetType();
        RtpWire.put16(out, off + 2, body / 4);
        writeBody(out, off + 4);
        return off + 4 + body;
    }

    /** {@return the packet on the wire} */
    default byte[] encode() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    /**
     * Encodes packets back to back as one compound packet.
     *
     * @param packets the packets, in order (RFC 3550 §6.1 wants an SR or RR first)
     * @return the compound packet
     */
    static byte[] encodeCompound(List<? extends RtcpPacket> packets) {
        int len = 0;
        for (RtcpPacket p : packets) {
            len += p.encodedLength();
        }
        byte[] out = new byte[len];
        int off = 0;
        for (RtcpPacket p : packets) {
            off = p.writeTo(out, off);
        }
        return out;
    }

    /**
     * Parses every packet of a whole compound (or reduced-size) RTCP datagram.
     *
     * @param b the datagram
     * @return the packets, in order
     * @throws RtpParseException when a header or a packet is malformed or runs past the end
     */
    static List<RtcpPacket> parseCompound(byte[] b) throws RtpParseException {
        return parseCompound(b, 0, b.length);
    }

    /**
     * Parses every packet of a compound (or reduced-size) RTCP datagram.
     *
     * @param b the buffer
     * @param off where the datagram starts
     * @param len its length
     * @return the packets, in order
     * @throws RtpParseException when a header or a packet is malformed or runs past the end
     */
    static List<RtcpPacket> parseCompound(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, len, b.length, "RTCP datagram");
        if (len == 0) {
            throw new RtpParseException("empty RTCP datagram");
        }
        List<RtcpPacket> out = new ArrayList<>();
        int end = off + len;
        int p = off;
        while (p < end) {
            RtpWire.need(p, 4, end, "RTCP header #" + out.size());
            int size = 4 + 4 * RtpWire.u16(b, p + 2);
            RtpWire.need(p, size, end, "RTCP packet #" + out.size() + " (type " + RtpWire.u8(b, p + 1) + ")");
            out.add(parse(b, p, size));
            p += size;
        }
        return out;
    }

    /**
     * Parses exactly one RTCP packet occupying {@code len} bytes.
     *
     * @param b the buffer
     * @param off where the packet starts
     * @param len its length
     * @return the packet
     * @throws RtpParseException when it is malformed
     */
    static RtcpPacket parse(byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, len, b.length, "RTCP packet");
        RtpWire.need(off, 4, off + len, "RTCP header");
        int b0 = RtpWire.u8(b, off);
        if (b0 >>> 6 != 2) {
            throw new RtpParseException("RTCP version must be 2, got " + (b0 >>> 6));
        }
        int size = 4 + 4 * RtpWire.u16(b, off + 2);
        if (size != len) {
            throw new RtpParseException("RTCP length field says " + size + " bytes, packet has " + len);
        }
        int end = off + len;
        if ((b0 & 0x20) != 0) {
            int pad = RtpWire.u8(b, end - 1);
            if (pad == 0 || pad > len - 4) {
                throw new RtpParseException("RTCP padding count " + pad + " invalid");
            }
            end -= pad;
        }
        int count = b0 & 0x1f;
        int pt = RtpWire.u8(b, off + 1);
        int body = off + 4;
        int bodyLen = end - body;
        switch (pt) {
            case SR:
                return SenderReport.parseBody(count, b, body, bodyLen);
            case RR:
                return ReceiverReport.parseBody(count, b, body, bodyLen);
            case SDES:
                return SourceDescription.parseBody(count, b, body, bodyLen);
            case BYE:
                return Goodbye.parseBody(count, b, body, bodyLen);
            case APP:
                return AppPacket.parseBody(count, b, body, bodyLen);
            case XR:
                return ExtendedReport.parseBody(b, body, bodyLen);
            case RTPFB:
                if (count == GenericNack.FMT) {
                    return GenericNack.parseBody(b, body, bodyLen);
                } else if (count == TransportCcFeedback.FMT) {
                    return TransportCcFeedback.parseBody(b, body, bodyLen);
                } else if (count == CongestionControlFeedback.FMT) {
                    return CongestionControlFeedback.parseBody(b, body, bodyLen);
                }
                break;
            case PSFB:
                if (count == PictureLossIndication.FMT) {
                    return PictureLossIndication.parseBody(b, body, bodyLen);
                } else if (count == FullIntraRequest.FMT) {
                    return FullIntraRequest.parseBody(b, body, bodyLen);
                } else if (count == Remb.FMT && Remb.matches(b, body, bodyLen)) {
                    return Remb.parseBody(b, body, bodyLen);
                }
                break;
            default:
                break;
        }
        return UnknownRtcp.parseBody(pt, count, b, body, bodyLen);
    }
}
