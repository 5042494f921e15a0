package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.List;

/**
 * Receiver report, PT=201 (RFC 3550 section 6.4.2): the reporter's SSRC then report blocks.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * |                     SSRC of packet sender                     |
 * |                 report block 1 ... RC                         |
 * |                  profile-specific extensions                  |
 * </pre>
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reports, Bytes extension) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param ssrc the ssrc
     * @param reports the reports
     * @param extension the extension
     */
    public ReceiverReport {
        reports = List.copyOf(reports);
        if (reports.size() > 31 || extension.length() % 4 != 0) {
            throw new IllegalArgumentException("at most 31 report blocks and a whole-word extension");
        }
    }

    static ReceiverReport parseBody(int count, byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 4, end, "RR reporter SSRC");
        List<ReportBlock> blocks = ReportBlock.parseList(count, b, off + 4, end);
        int p = off + 4 + count * ReportBlock.LENGTH;
        return new ReceiverReport(RtpWire.u32(b, off), blocks, Bytes.of(b, p, (end - p) & ~3));
    }

    @Override
    public int packetType() {
        return RR;
    }

    @Override
    public int countOrFormat() {
        return reports.size();
    }

    @Override
    public int bodyLength() {
        return 4 + reports.size() * ReportBlock.LENGTH + extension.length();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        RtpWire.put32(out, off, ssrc);
        int p = off + 4;
        for (ReportBlock r : reports) {
            r.writeTo(out, p);
            p += ReportBlock.LENGTH;
        }
        extension.copyTo(out, p);
    }
}
