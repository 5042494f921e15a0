package io.jrtc.rtp.cc;

import io.jrtc.rtp.rtcp.CongestionControlFeedback;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandwidthEstimatorTest {
    private static final long MS = 1_000_000L;

    private static BandwidthEstimator sendEvery(BandwidthEstimator bwe, int firstSeq, int count, long start, long gap) {
        for (int i = 0; i < count; i++) {
            bwe.onPacketSent(start + i * gap, (firstSeq + i) & 0xffff, 1, i, 1000, ProbeCluster.NONE, false);
        }
        return bwe;
    }

    @Test
    void theFirstPacketStartsTheInitialProbesAtThreeAndSixTimesTheStart() {
        BandwidthEstimator bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults());
        assertNull(bwe.pollTransmit());
        bwe.onPacketSent(0, 0, 1, 0, 1000, ProbeCluster.NONE, false);
        ProbeCluster a = bwe.pollTransmit();
        ProbeCluster b = bwe.pollTransmit();
        assertEquals(900_000, a.bitrateBps());
        assertEquals(1_800_000, b.bitrateBps());
        assertTrue(a.minPackets() >= 5 && a.minBytes() == 900_000 * 15 / 8 / 1000, a.toString());
        assertNull(bwe.pollTransmit());
        assertEquals(2, bwe.stats().probes());
    }

    @Test
    void aFeedbackClaimingAllSequenceNumbersCountsWhatWasNeverSent() {
        BandwidthEstimator bwe = sendEvery(new BandwidthEstimator(BandwidthEstimator.Config.defaults().withProbing(false)), 100, 10, 0, MS);
        // 65,535 "not received" from a few bytes: eight runs of 8191 and one of 7
        List<TransportCcFeedback.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chunks.add(new TransportCcFeedback.RunLength(TransportCcFeedback.NOT_RECEIVED, 8191));
        }
        chunks.add(new TransportCcFeedback.RunLength(TransportCcFeedback.NOT_RECEIVED, 7));
        TransportCcFeedback fb = new TransportCcFeedback(2, 1, 100, 65535, 0, 0, chunks, List.of());
        assertTrue(fb.encode().length < 64, "a small packet");
        bwe.onTransportCcFeedback(20 * MS, fb);
        BandwidthEstimator.Stats st = bwe.stats();
        assertEquals(10, st.packetsReported());
        assertEquals(65535 - 10, st.unknownPacketReports());
        // the same again: all ten are repeats now
        bwe.onTransportCcFeedback(30 * MS, fb);
        assertEquals(10, bwe.stats().duplicateReports());
    }

    @Test
    void feedbackBeforeAnythingWasSentIsCountedAndIgnored() {
        BandwidthEstimator bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults());
        TransportCcFeedback fb = TransportCcFeedback.build(2, 1, 7, 0, 0,
                List.of(new TransportCcFeedback.PacketResult(7, true, 4), new TransportCcFeedback.PacketResult(8, false, 0)));
        bwe.onTransportCcFeedback(MS, fb);
        assertEquals(2, bwe.stats().unknownPacketReports());
        assertEquals(0, bwe.stats().packetsReported());
        assertEquals(300_000, bwe.targetBps());
    }

    @Test
    void receivedReportsForPacketsAheadOfWhatWeSentAreUnknown() {
        BandwidthEstimator bwe = sendEvery(new BandwidthEstimator(BandwidthEstimator.Config.defaults()), 65530, 4, 0, MS);
        // we sent 65530..65533; the feedback speaks of 65532..65535 (two of them never sent), received
        List<TransportCcFeedback.PacketResult> r = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            r.add(new TransportCcFeedback.PacketResult((65532 + i) & 0xffff, true, 4));
        }
        bwe.onTransportCcFeedback(30 * MS, TransportCcFeedback.build(2, 1, 65532, 0, 0, r));
        assertEquals(2, bwe.stats().packetsReported());
        assertEquals(2, bwe.stats().unknownPacketReports());
    }

    @Test
    void aPacketReportedLostAndThenReceivedIsCountedOnce() {
        BandwidthEstimator bwe = sendEvery(new BandwidthEstimator(BandwidthEstimator.Config.defaults()), 65534, 4, 0, MS);
        bwe.onTransportCcFeedback(30 * MS, TransportCcFeedback.build(2, 1, 65534, 0, 0, List.of(
                new TransportCcFeedback.PacketResult(65534, true, 4), new TransportCcFeedback.PacketResult(65535, false, 0),
                new TransportCcFeedback.PacketResult(0, true, 8))));
        bwe.onTransportCcFeedback(40 * MS, TransportCcFeedback.build(2, 1, 65535, 0, 1, List.of(
                new TransportCcFeedback.PacketResult(65535, true, 16), new TransportCcFeedback.PacketResult(0, true, 1),
                new TransportCcFeedback.PacketResult(1, true, 4))));
        BandwidthEstimator.Stats st = bwe.stats();
        assertEquals(5, st.packetsReported(), st.toString());
        assertEquals(1, st.lateReceived());
        assertEquals(1, st.duplicateReports());
        assertEquals(0, st.unknownPacketReports());
    }

    @Test
    void rfc8888FeedbackIsMatchedBySsrcAndSequenceNumber() throws Exception {
        BandwidthEstimator bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults().withProbing(false));
        long ssrc = 0xabcdef01L;
        for (int i = 0; i < 200; i++) {
            bwe.onPacketSent(i * 4 * MS, -1, ssrc, (60000 + i) & 0xffff, 1000, ProbeCluster.NONE, false);
        }
        // every packet arrived 20 ms after it was sent; the report is at 1000 ms (16.16 fixed point)
        List<CongestionControlFeedback.Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long arrivalMs = i * 4 + 20;
            metrics.add(new CongestionControlFeedback.Metric(i % 10 != 3, 0, (int) ((1000 - arrivalMs) * 1024 / 1000)));
        }
        CongestionControlFeedback fb = new CongestionControlFeedback(9,
                List.of(new CongestionControlFeedback.StreamReport(ssrc, 60000, metrics),
                        new CongestionControlFeedback.StreamReport(0x77, 5, List.of(new CongestionControlFeedback.Metric(true, 0, 1)))),
                1L << 16);
        fb = (CongestionControlFeedback) RtcpPacket.parseCompound(fb.encode()).get(0);
        bwe.onCongestionControlFeedback(1000 * MS, fb);
        BandwidthEstimator.Stats st = bwe.stats();
        assertEquals(200, st.packetsReported());
        assertEquals(1, st.unknownPacketReports());
        BandwidthEstimate e = bwe.estimate(1000 * MS);
        // 180 of 1000 bytes over 800 ms: about 1.8 Mbit/s acknowledged over the last 500 ms
        assertTrue(e.ackedBps() > 1_500_000 && e.ackedBps() < 2_100_000, e.toString());
        assertEquals(0.1, e.lossFraction(), 1e-9);
    }

    @Test
    void rembBoundsTheTargetAndIsTheOnlyInputWithoutTransportCc() {
        BandwidthEstimator bwe = new BandwidthEstimator(BandwidthEstimator.Config.defaults().withProbing(false));
        bwe.onRemb(0, 1_500_000);
        assertEquals(1_500_000, bwe.targetBps());
        BandwidthEstimate e = bwe.pollEvent();
        assertNotNull(e);
        assertEquals(1_500_000, e.targetBps());
        bwe.onRemb(MS, 1_520_000); // under 5 %: no event
        assertNull(bwe.pollEvent());
        bwe.onRemb(2 * MS, 200_000);
        assertEquals(200_000, bwe.pollEvent().targetBps());
        assertEquals(500_000, bwe.pacingRateBps());
        // a receiver report with 50 % loss (in REMB-only mode) cuts the loss-based bound
        bwe.onRemb(3 * MS, 1_000_000);
        bwe.onReceiverReportLoss(4 * MS, 128, 100);
        assertEquals(750_000, bwe.targetBps());
    }
}
