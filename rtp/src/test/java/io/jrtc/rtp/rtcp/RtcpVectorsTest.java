package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RtcpVectorsTest {
    private final Map<String, byte[]> v = TestVectors.named(RtcpVectorsTest.class, "rtcp-vectors.txt");

    private List<RtcpPacket> roundTrip(String name) throws RtpParseException {
        List<RtcpPacket> p = RtcpPacket.parseCompound(v.get(name));
        assertArrayEquals(v.get(name), RtcpPacket.encodeCompound(p), name);
        return p;
    }

    @Test
    void senderReportAndSdes() throws Exception {
        List<RtcpPacket> p = roundTrip("sr_sdes");
        ReportBlock block = new ReportBlock(0x55667788L, 0x40, 5, 0x1002aL, 16, 0x5b3b0000L, 0x18000L);
        assertEquals(new SenderReport(0x11223344L, 0xE55A3B0080000000L, 0x1000, 100, 64000, List.of(block), Bytes.EMPTY), p.get(0));
        assertEquals(0x3B008000L, ((SenderReport) p.get(0)).compactNtp());
        assertEquals(new SourceDescription(List.of(new SourceDescription.Chunk(0x11223344L,
                List.of(SourceDescription.Item.cname("ab"))))), p.get(1));
    }

    @Test
    void receiverReportAndBye() throws Exception {
        List<RtcpPacket> p = roundTrip("rr_bye");
        assertEquals(new ReceiverReport(0x11223344L, List.of(), Bytes.EMPTY), p.get(0));
        assertEquals(new Goodbye(List.of(0x11223344L), Bytes.wrap("bye".getBytes())), p.get(1));
    }

    @Test
    void feedback() throws Exception {
        GenericNack nack = (GenericNack) roundTrip("nack").get(0);
        assertEquals(List.of(100, 101, 103), nack.lostSequenceNumbers());
        assertEquals(nack, GenericNack.of(1, 2, List.of(103, 100, 101)));
        assertEquals(new PictureLossIndication(1, 2), roundTrip("pli").get(0));
        assertEquals(new FullIntraRequest(1, 0, List.of(new FullIntraRequest.Entry(2, 9))), roundTrip("fir").get(0));
        assertEquals(new Remb(1, 0, 1_000_000, List.of(2L)), roundTrip("remb").get(0));
        assertEquals(new AppPacket(3, 1, Bytes.wrap("TEST".getBytes()), Bytes.fromHex("cafebabe")), roundTrip("app").get(0));
        assertEquals(new UnknownRtcp(210, 5, Bytes.fromHex("01020304")), roundTrip("unknown").get(0));
    }

    @Test
    void extendedReport() throws Exception {
        assertEquals(new ExtendedReport(1, List.of(new ExtendedReport.ReceiverReferenceTime(0xE55A3B0080000000L),
                new ExtendedReport.Dlrr(List.of(new ExtendedReport.DlrrItem(2, 0x3B008000L, 0x4000))))), roundTrip("xr").get(0));
    }

    @Test
    void transportCcDraftExamples() throws Exception {
        TransportCcFeedback run = (TransportCcFeedback) roundTrip("twcc_run221").get(0);
        assertEquals(List.of(new TransportCcFeedback.RunLength(0, 221)), run.chunks());
        assertEquals(221, run.packetResults().size());
        assertTrue(run.packetResults().stream().noneMatch(TransportCcFeedback.PacketResult::received));
        assertEquals(64_000, run.referenceTimeMicros());

        TransportCcFeedback vec = (TransportCcFeedback) roundTrip("twcc_vector").get(0);
        List<Boolean> got = new ArrayList<>();
        vec.packetResults().forEach(r -> got.add(r.received()));
        List<Boolean> want = new ArrayList<>();
        want.add(false);
        want.addAll(Collections.nCopies(5, true));
        want.addAll(Collections.nCopies(3, false));
        want.addAll(Collections.nCopies(3, true));
        want.addAll(Collections.nCopies(2, false));
        assertEquals(want, got);
        assertEquals(-1, vec.referenceTime());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), vec.deltas());

        TransportCcFeedback two = (TransportCcFeedback) roundTrip("twcc_twobit").get(0);
        assertEquals(List.of(new TransportCcFeedback.PacketResult(5, true, 0x10), new TransportCcFeedback.PacketResult(6, true, -2),
                new TransportCcFeedback.PacketResult(7, false, 0)), two.packetResults());
        // building from the same results gives the same packet
        assertEquals(two.packetResults(), TransportCcFeedback.build(1, 2, 5, 1, 7, two.packetResults()).packetResults());
    }

    @Test
    void ccfb() throws Exception {
        CongestionControlFeedback c = (CongestionControlFeedback) roundTrip("ccfb").get(0);
        assertEquals(new CongestionControlFeedback(1, List.of(new CongestionControlFeedback.StreamReport(2, 7, List.of(
                new CongestionControlFeedback.Metric(true, 0, 1), new CongestionControlFeedback.Metric(false, 0, 0),
                new CongestionControlFeedback.Metric(true, 2, 0x1ffe)))), 0x12345678L), c);
    }

    @Test
    void paddingAndErrors() throws Exception {
        // RR with P bit and 4 bytes of padding
        byte[] padded = Bytes.fromHex("a0c90002 11223344 00000004").toByteArray();
        assertEquals(new ReceiverReport(0x11223344L, List.of(), Bytes.EMPTY), RtcpPacket.parseCompound(padded).get(0));
        assertThrows(RtpParseException.class, () -> RtcpPacket.parseCompound(Bytes.fromHex("81c90001 11223344").toByteArray()));
        assertThrows(RtpParseException.class, () -> RtcpPacket.parseCompound(Bytes.fromHex("80c90005 11223344").toByteArray()));
        assertThrows(RtpParseException.class, () -> RtcpPacket.parseCompound(Bytes.fromHex("40c90001 11223344").toByteArray()));
    }
}
