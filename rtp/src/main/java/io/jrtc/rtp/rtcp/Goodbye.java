package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.ArrayList;
import java.util.List;

/**
 * Goodbye, PT=203 (RFC 3550 section 6.6): the leaving SSRCs and an optional reason.
 *
 * <pre>
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC  (SC of them)             |
 * |     length    |               reason for leaving (optional) ...
 * </pre>
 */
public record Goodbye(List<Long> ssrcs, Bytes reason) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param ssrcs the ssrcs
     * @param reason the reason
     */
    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.size() > 31 || reason.length() > 255) {
            throw new IllegalArgumentException("at most 31 SSRCs and a reason up to 255 bytes");
        }
    }

    static Goodbye parseBody(int count, byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, count * 4, end, "BYE SSRC list");
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(RtpWire.u32(b, off + 4 * i));
        }
        int p = off + 4 * count;
        Bytes reason = Bytes.EMPTY;
        if (p < end) {
            int l = RtpWire.u8(b, p);
            RtpWire.need(p + 1, l, end, "BYE reason");
            reason = Bytes.of(b, p + 1, l);
        }
        return new Goodbye(ssrcs, reason);
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public int countOrFormat() {
        return ssrcs.size();
    }

    @Override
    public int bodyLength() {
        return 4 * ssrcs.size() + (reason.length() == 0 ? 0 : RtpWire.padTo4(1 + reason.length()));
    }

    @Override
    public void writeBody(byte[] out, int off) {
        int p = off;
        for (long s : ssrcs) {
            RtpWire.put32(out, p, s);
            p += 4;
        }
        if (reason.length() > 0) {
            out[p] = (byte) reason.length();
            int q = reason.copyTo(out, p + 1);
            int stop = off + bodyLength();
            while (q < stop) {
                out[q++] = 0;
            }
        }
    }
}
