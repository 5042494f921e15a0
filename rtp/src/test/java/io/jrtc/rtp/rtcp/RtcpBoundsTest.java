package io.jrtc.rtp.rtcp;

import io.jrtc.core.Hex;
import io.jrtc.rtp.RtpParseException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work bounded by input (issue 17): every RTCP parser given a few bytes whose count or length field
 * claims far more either raises {@link RtpParseException} before anything of the claimed size is
 * allocated, or parses into a value whose size follows the bytes (a transport-cc run-length chunk
 * legitimately says 8191 packets in 2 bytes; it is kept as one chunk, never expanded by the parser).
 */
class RtcpBoundsTest {

    private static String message(String hex) {
        return assertThrows(RtpParseException.class, () -> RtcpPacket.parseCompound(Hex.decode(hex))).getMessage();
    }

    @Test
    void transportCcClaiming65535PacketsWithNoChunksIsRefused() {
        // V=2 FMT=15 PT=205 length 4; SSRCs; base 0, status count 65535, reference time, fb count; no chunk
        String m = message("8fcd0004" + "00000001" + "00000002" + "0000ffff" + "00000100");
        assertTrue(m.contains("transport-cc packet chunk"), m);
    }

    @Test
    void transportCcClaiming65535ReceivedPacketsWithoutTheirDeltasIsRefused() {
        // one run-length chunk: 8191 packets "received, small delta" (0x3fff), and 2 bytes of padding
        // instead of the 8191 delta bytes the run needs; count 8191
        String m = message("8fcd0005" + "00000001" + "00000002" + "00001fff" + "00000100" + "3fff0000");
        assertTrue(m.contains("transport-cc receive deltas"), m);
    }

    @Test
    void transportCcOf65535LostPacketsIn40BytesParsesAsNineChunks() throws Exception {
        // nine run-length chunks of 8191 "not received" (0x1fff) cover 65535 statuses: valid, and 40 bytes
        StringBuilder hex = new StringBuilder("8fcd0009" + "00000001" + "00000002" + "0064ffff" + "00000100");
        for (int i = 0; i < 9; i++) {
            hex.append("1fff");
        }
        hex.append("0000");
        byte[] wire = Hex.decode(hex.toString());
        List<RtcpPacket> parsed = RtcpPacket.parseCompound(wire);
        TransportCcFeedback f = (TransportCcFeedback) parsed.get(0);
        assertEquals(65535, f.statusCount());
        assertEquals(9, f.chunks().size(), "the runs are kept as they came, not expanded per packet");
        assertEquals(0, f.deltas().size());
        assertArrayEquals(wire, f.encode());
        // expanding is the reader's choice, and the result is what the wire said
        List<TransportCcFeedback.PacketResult> results = f.packetResults();
        assertEquals(65535, results.size());
        assertTrue(results.stream().noneMatch(TransportCcFeedback.PacketResult::received));
        assertEquals(100, results.get(0).sequence());
    }

    @Test
    void congestionControlFeedbackClaiming65535ReportsInFourBytesIsRefused() {
        // V=2 FMT=11 PT=205 length 4: sender SSRC, one stream report header (SSRC, begin 0, num_reports
        // 65535), then only the 4-byte report timestamp
        String m = message("8bcd0004" + "00000001" + "00000003" + "0000ffff" + "00000000");
        assertTrue(m.contains("CCFB 65535 metric blocks"), m);
    }

    @Test
    void aHeaderClaimingMoreWordsThanTheDatagramIsRefused() {
        // a NACK whose length field says 65535 words in a 16-byte datagram
        String m = message("81cdffff" + "00000001" + "00000002" + "00010000");
        assertTrue(m.contains("RTCP packet #0"), m);
    }

    @Test
    void extendedReportBlockClaiming65535WordsIsRefused() {
        // XR (PT 207) length 2: SSRC, then a block header of type 99 claiming 65535 words
        String m = message("80cf0002" + "00000001" + "6300ffff");
        assertTrue(m.contains("XR block type 99"), m);
    }

    @Test
    void sourceDescriptionItemClaiming255BytesIsRefused() {
        // SDES (PT 202) with one chunk: SSRC, CNAME item claiming 255 bytes with 2 present
        String m = message("81ca0002" + "00000001" + "01ff6162");
        assertTrue(m.contains("SDES item value"), m);
    }

    @Test
    void goodbyeClaiming31SsrcsWithOneIsRefused() {
        String m = message("9fcb0001" + "00000001");
        assertTrue(m.contains("BYE SSRC list"), m);
    }

    @Test
    void rembClaiming255SsrcsWithNoneIsRefused() {
        // PSFB (PT 206) FMT 15: SSRCs, "REMB", num SSRC 255, exponent/mantissa, and no SSRC list
        String m = message("8fce0004" + "00000001" + "00000000" + "52454d42" + "ff000001");
        assertTrue(m.contains("REMB SSRC list"), m);
    }
}
