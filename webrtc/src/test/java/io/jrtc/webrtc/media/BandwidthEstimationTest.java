package io.jrtc.webrtc.media;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.cc.BandwidthEstimator;
import io.jrtc.rtp.rtcp.Remb;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static io.jrtc.webrtc.media.MediaPeer.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The send-side bandwidth estimator inside the media session: fed by our packets and the remote's feedback. */
@ExtendWith(SeedReporter.class)
class BandwidthEstimationTest {

    private static int extensionId(MediaSessionTest.Pair p, String uri) {
        return p.exchange.offerer().get(0).extensions().stream().filter(e -> e.uri().equals(uri)).findFirst()
                .orElseThrow().id();
    }

    @Test
    void transportCcFeedbackRaisesTheTargetAndEveryPacketCarriesTheSequenceAndSendTime() throws Exception {
        MediaSessionTest.Pair p = new MediaSessionTest.Pair(40, MediaSessionTest.videoOneWay(), c -> c);
        assertEquals(-1, p.a.session.availableOutgoingBitrate());
        // 90 frames at 30/s of about 2.5 kB: 600 kbit/s for 3 s, over a clean 25 ms path
        p.send("0", MediaSessionTest.syntheticVp8(3, 90, 30, 6000, 2000), MediaSessionTest.CLEAN, MediaSessionTest.CLEAN);
        p.sim.runFor(Duration.ofMillis(300));

        int tcc = extensionId(p, io.jrtc.sdp.jsep.HeaderExtension.TRANSPORT_CC);
        int abs = extensionId(p, io.jrtc.sdp.jsep.HeaderExtension.ABS_SEND_TIME);
        List<RtpPacket> sent = p.a.sentRtp();
        for (RtpPacket r : sent) {
            assertTrue(r.extension().find(tcc).isPresent(), "transport-wide sequence number");
            assertEquals(3, r.extension().find(abs).orElseThrow().length(), "abs-send-time");
        }
        BandwidthEstimator.Stats st = p.a.session.bandwidthEstimatorStats();
        assertEquals(sent.size(), st.packetsSent());
        assertEquals(sent.size(), st.packetsReported(), st.toString());
        assertEquals(0, st.unknownPacketReports());
        assertTrue(st.feedbackPackets() >= 30, st.toString());

        // the path has no bottleneck: the probes (padding on the RTX SSRC) find more than 1.5 × what the
        // encoder sent (600 kbit/s) could have told, and the target follows them, up to the 10 Mbit/s maximum
        assertTrue(st.probes() >= 2 && st.probeResults() >= 1, st.toString());
        long padding = sent.stream().filter(r -> r.ssrc() == 0xA2 && r.payload().length() == 0 && r.paddingLength() > 0).count();
        assertTrue(padding > 0, "padding-only RTX packets");
        assertEquals(padding, p.a.session.paddingCounters().packetsSent());
        long target = p.a.session.availableOutgoingBitrate();
        assertTrue(target > 920_000 && target <= 10_000_000, "target " + target);
        assertEquals(target, p.a.session.targetBitrate("0"));
        assertEquals(target, p.a.stats().availableOutgoingBitrate());
        List<MediaEvent.TargetBitrateChanged> changes = p.a.events.stream()
                .filter(e -> e instanceof MediaEvent.TargetBitrateChanged).map(e -> (MediaEvent.TargetBitrateChanged) e).toList();
        assertTrue(changes.size() >= 2, changes.toString());
        // the first change comes with the first feedback, which already measured the initial probes (900 kbit/s, 1.8 Mbit/s)
        assertTrue(changes.get(0).targetBps() > 450_000, "the first one is a probe's result: " + changes.get(0));
        for (int i = 1; i < changes.size(); i++) {
            MediaEvent.TargetBitrateChanged c = changes.get(i);
            assertEquals("0", c.mid());
            long before = changes.get(i - 1).targetBps();
            assertTrue(Math.abs(c.targetBps() - before) >= 0.05 * before, "only significant changes: " + changes);
        }
    }

    @Test
    void feedbackForPacketsNeverSentIsCountedAndRembBoundsTheTarget() throws Exception {
        MediaSessionTest.Pair p = new MediaSessionTest.Pair(41, MediaSessionTest.videoOneWay(), c -> c);
        p.a.session.sendFrame(0, "0", MediaSessionTest.syntheticVp8(1, 1, 1, 3000, 1000).get(0), 0);
        MediaPeer.runTimers(p.a.session, 0, 9 * MS); // the pacer sends the frame in bursts
        p.a.drain();
        long sent = p.a.session.bandwidthEstimatorStats().packetsSent();
        assertTrue(sent >= 3);
        // a feedback about 1000 packets from 30,000 on: we never sent those
        byte[] fb = TransportCcFeedback.build(1, 2, 30_000, 0, 0,
                java.util.Collections.nCopies(1000, new TransportCcFeedback.PacketResult(0, false, 0))).encode();
        p.a.session.handleRtcp(10 * MS, fb, 0, fb.length);
        BandwidthEstimator.Stats st = p.a.session.bandwidthEstimatorStats();
        assertEquals(1000, st.unknownPacketReports());
        assertEquals(0, st.packetsReported());
        assertEquals(300_000, p.a.session.availableOutgoingBitrate());

        byte[] remb = new Remb(1, 0, 200_000, List.of(0xA1L)).encode();
        p.a.session.handleRtcp(20 * MS, remb, 0, remb.length);
        assertEquals(200_000, p.a.session.availableOutgoingBitrate());
        MediaEvent last = null;
        for (MediaEvent e; (e = p.a.session.pollEvent()) != null; ) {
            last = e;
        }
        assertTrue(last instanceof MediaEvent.TargetBitrateChanged t && t.targetBps() == 200_000, String.valueOf(last));
        assertTrue(p.a.errors.isEmpty(), p.a.errors.toString());
    }
}
