package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpWire;

import java.util.List;

/**
 * Sender report, PT=200 (RFC 3550 section 6.4.1): sender info then report blocks.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report block 1 ... RC                         |
 * |                  profile-specific extensions                  |
 * </pre>
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReportBlock> reports, Bytes extension) implements RtcpPacket {
    /**
     * Checks the components.
     *
     * @param ssrc the ssrc
     * @param ntpTimestamp the ntp timestamp
     * @param rtpTimestamp the rtp timestamp
     * @param packetCount the packet count
     * @param octetCount the octet count
     * @param reports the reports
     * @param extension the extension
     */
    public SenderReport {
        reports = List.copyOf(reports);
        if (reports.size() > 31 || extension.length() % 4 != 0) {
            throw new IllegalArgumentException("at most 31 report blocks and a whole-word extension");
        }
    }

    static SenderReport parseBody(int count, byte[] b, int off, int len) throws RtpParseException {
        int end = off + len;
        RtpWire.need(off, 24, end, "SR sender info");
        List<ReportBlock> blocks = ReportBlock.parseList(count, b, off + 24, end);
        int p = off + 24 + count * ReportBlock.LENGTH;
        return new SenderReport(RtpWire.u32(b, off), RtpWire.u64(b, off + 4), RtpWire.u32(b, off + 12), RtpWire.u32(b, off + 16),
                RtpWire.u32(b, off + 20), blocks, Bytes.of(b, p, (end - p) & ~3));
    }

    /** {@return the middle 32 bits of the NTP timestamp, which receivers echo as LSR} */
    public long compactNtp() {
        return (ntpTimestamp >>> 16) & 0xffffffffL;
    }

    @Override
    public int packetType() {
        return SR;
    }

    @Override
    public int countOrFormat() {
        return reports.size();
    }

    @Override
    public int bodyLength() {
        return 24 + reports.size() * ReportBlock.LENGTH + extension.length();
    }

    @Override
    public void writeBody(byte[] out, int off) {
        RtpWire.put32(out, off, ssrc);
        RtpWire.put64(out, off + 4, ntpTimestamp);
        RtpWire.put32(out, off + 12, rtpTimestamp);
        RtpWire.put32(out, off + 16, packetCount);
        RtpWire.put32(out, off + 20, octetCount);
        int p = off + 24;
        for (ReportBlock r : reports) {
            r.writeTo(out, p);
            p += ReportBlock.LENGTH;
        }
        extension.copyTo(out, p);
    }
}
