package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

/**
 * Application-defined, PT=204 (RFC 3550 section 6.7).
 *
 * <pre>
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * |                           SSRC/CSRC                           |
 * |                          name (ASCII)                         |
 * |                   application-dependent data                ...
 * </pre>
 */
public record AppPacket(int subtype, long ssrc, Bytes name, Bytes data) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param subtype the subtype
     * @param ssrc the ssrc
     * @param name the name
     * @param data the data
     */
    public AppPacket {
        if (subtype < 0 || subtype > 31 || name.length() != 4 || data.length() % 4 != 0) {
            throw new IllegalArgumentException("APP: subtype 5 bits, name 4 bytes, data whole words");
        }
    }

    static AppPacket parseBody(int subtype, byte[] b, int off, int len) throws RtpParseException {
        RtpWire.need(off, 8, off + len, "APP SSRC and name");
        return new AppPacket(subtype, RtpWire.u32(b, off), Bytes.of(b, off + 4, 4), Bytes.of(b, off + 8, (len - 8) & ~3));
    }

    @Override
    public int packetType() {
        return APP;
    }

    @Override
    public int countOrFormat() {
        return subtype;
    }

    @Override
    public int bodyLength() {
        return 8 + data.length();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        RtpWire.put32(out, off, ssrc);
        name.copyTo(out, off + 4);
        data.copyTo(out, off + 8);
    }
}
