package io.jrtc.webrtc.media;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.cc.BandwidthEstimator;
import io.jrtc.rtp.pacing.Pacer;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jrtc.webrtc.media.MediaPeer.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every RTP packet a {@link MediaSession} sends goes through its pacer: bursts at 2.5 × the target,
 * audio first, probes (padding on RTX when negotiated) when sending starts. All on the virtual clock.
 */
@ExtendWith(SeedReporter.class)
class PacedSendingTest {

    /** A packet as it left the session, with the virtual time. */
    private record Out(long at, RtpPacket rtp, int wireLength) {
    }

    /** Runs the session's timers from {@code from} to {@code until}, collecting the RTP it sends. */
    private static List<Out> run(MediaSession s, long from, long until) {
        List<Out> out = new ArrayList<>();
        long now = from;
        while (true) {
            for (byte[] d; (d = s.pollTransmit()) != null; ) {
                if (!RtpPacket.isRtcp(d, 0, d.length)) {
                    out.add(new Out(now, new MediaPeer.Sent(now, d).rtp(), d.length));
                }
            }
            long t = s.pollTimeout();
            if (t > until) {
                return out;
            }
            now = Math.max(now, t);
            s.handleTimeout(now);
        }
    }

    private static boolean padding(RtpPacket r) {
        return r.payload().length() == 0 && r.paddingLength() > 0;
    }

    @Test
    void aKeyframeLeavesInBurstsAtTwoAndAHalfTimesTheTargetWhileAudioGoesFirst() {
        List<Transceiver> ts = List.of(
                Transceiver.of(MediaKind.AUDIO, Direction.SENDONLY, new SendStream("s", "a", 11, null, "a@jrtc")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v", 12, 13L, "a@jrtc")));
        Sdps.Exchange x = Sdps.exchange(ts, o -> o, d -> d);
        MediaSession s = new MediaSession(MediaPeer.config(501));
        s.configure(0, x.offerer());
        // the first packet starts the estimator and its two initial probes; let them finish (no feedback here)
        s.sendFrame(0, "1", MediaSessionTest.syntheticVp8(1, 1, 1, 300, 100).get(0), 0);
        run(s, 0, 200 * MS);
        assertEquals(300_000, s.availableOutgoingBitrate(), "no feedback: the start bitrate");
        assertEquals(2, s.pacerStats().probesDone());

        // a 24 kB keyframe at 200 ms: 21 packets of up to 1200 bytes
        byte[] key = MediaSessionTest.syntheticVp8(2, 1, 1, 24_000, 100).get(0);
        long start = 200 * MS;
        s.sendFrame(start, "1", key, 18_000);
        List<Out> video = new ArrayList<>();
        List<Out> audio = new ArrayList<>();
        long now = start;
        for (int i = 1; i <= 20; i++) { // audio every 20 ms while the keyframe drains
            for (Out o : run(s, now, start + 20 * MS * i - 1)) {
                (o.rtp().ssrc() == 11 ? audio : video).add(o);
            }
            now = start + 20 * MS * i;
            s.sendFrame(now, "0", new byte[80], 960L * i);
            for (byte[] d; (d = s.pollTransmit()) != null; ) {
                if (!RtpPacket.isRtcp(d, 0, d.length)) {
                    RtpPacket r = new MediaPeer.Sent(now, d).rtp();
                    assertEquals(11, r.ssrc(), "the audio packet leaves when it is handed over, video waits");
                    audio.add(new Out(now, r, d.length));
                }
            }
        }
        video.addAll(run(s, now, start + 600 * MS).stream().filter(o -> o.rtp().ssrc() != 11).toList());
        assertEquals(20, audio.size());
        assertTrue(video.size() >= 21 && video.stream().allMatch(o -> o.rtp().ssrc() == 12 && !padding(o.rtp())),
                video.size() + " video packets, no padding outside probes");
        assertEquals(start, video.get(0).at(), "the first burst goes at once");
        assertTrue(video.get(1).at() > start, "the rest waits: " + video.get(1).at());
        long bytes = 0;
        for (int i = 1; i < video.size(); i++) {
            long gap = video.get(i).at() - video.get(i - 1).at();
            assertTrue(gap >= 5 * MS, "bursts are at least 5 ms apart: " + gap / 1e6 + " ms before packet " + i);
            bytes += video.get(i - 1).wireLength();
        }
        // what the budget allowed: 750 kbit/s for the video and the 20 audio packets sent meanwhile
        for (Out a : audio) {
            if (a.at() < video.get(video.size() - 1).at()) {
                bytes += a.wireLength();
            }
        }
        double seconds = (video.get(video.size() - 1).at() - start) / 1e9;
        double rate = bytes * 8 / seconds;
        assertEquals(2.5 * 300_000, rate, 0.08 * 750_000, "the pacing rate, bit/s");
    }

    @Test
    void theFirstPacketStartsTwoProbesThatPaddingOnRtxFillsAndTheReceiverDropsIt() {
        MediaSessionTest.Pair p = new MediaSessionTest.Pair(502, MediaSessionTest.videoOneWay(), c -> c);
        p.conditions(MediaSessionTest.CLEAN);
        p.a.session.sendFrame(0, "0", MediaSessionTest.syntheticVp8(3, 1, 1, 400, 100).get(0), 0);
        p.a.drain();
        p.sim.runFor(Duration.ofMillis(500));

        List<MediaPeer.Sent> rtp = p.a.sent.stream().filter(d -> !d.rtcp()).toList();
        assertEquals(0xA1, rtp.get(0).rtp().ssrc(), "the frame first");
        List<MediaPeer.Sent> pad = rtp.stream().filter(d -> padding(d.rtp())).toList();
        assertEquals(rtp.size() - 1, pad.size(), "the rest is padding");
        for (MediaPeer.Sent d : pad) {
            assertEquals(0xA2, d.rtp().ssrc(), "on the RTX SSRC");
            assertEquals(97, d.rtp().payloadType(), "with the RTX payload type");
        }
        for (int i = 1; i < pad.size(); i++) {
            assertEquals((pad.get(i - 1).rtp().sequenceNumber() + 1) & 0xffff, pad.get(i).rtp().sequenceNumber());
        }
        // the frame's packet, then at once the first probe: each padding packet follows the one before
        // after its size at the probe's rate, 900 kbit/s, then 1.8 Mbit/s
        assertEquals(0, rtp.get(1).at());
        int slow = 0;
        int fast = 0;
        int i = 2;
        for (; i < rtp.size() && rtp.get(i).at() < 100 * MS; i++) {
            MediaPeer.Sent before = rtp.get(i - 1);
            long gap = rtp.get(i).at() - before.at();
            assertTrue(gap > 0, "one packet at a time");
            double rate = before.data().length * 8 / (gap / 1e9);
            if (Math.abs(rate - 900_000) < 0.1 * 900_000) {
                slow++;
            } else if (Math.abs(rate - 1_800_000) < 0.1 * 1_800_000) {
                fast++;
            } else {
                throw new AssertionError("packet " + i + " at " + rate + " bit/s, neither probe's rate");
            }
        }
        assertTrue(slow >= 4 && fast >= 4, slow + " at 900 kbit/s, " + fast + " at 1.8 Mbit/s");
        assertTrue(rtp.get(i - 1).at() < 40 * MS && rtp.get(i).at() > 100 * MS,
                "nothing between the initial probes and the next (padding only while probing): " + rtp.get(i).at());
        // the first feedback measured them near their rates: probing goes on at twice the new estimate
        BandwidthEstimator.Stats st = p.a.session.bandwidthEstimatorStats();
        assertTrue(st.probes() > 2, st.toString());
        assertEquals(new MediaSession.PaddingCounters(pad.size(),
                pad.stream().mapToLong(d -> d.data().length).sum(), 0), p.a.session.paddingCounters());
        Pacer.Stats ps = p.a.session.pacerStats();
        assertEquals(st.probes(), ps.probesDone(), "every probe is over");
        assertEquals(pad.size(), ps.paddingRequests());

        // the receiver counted the padding for transport-cc, dropped it, and took the frame
        st = p.a.session.bandwidthEstimatorStats();
        assertEquals(rtp.size(), st.packetsReported(), st.toString());
        assertTrue(st.probeResults() >= 2, st.toString());
        assertEquals(1, p.b.frames("0").size());
        MediaStats.Counters c = p.b.stats().counters();
        assertEquals(0, c.unknownSsrcPackets() + c.malformedRtp() + c.unsupportedPayloadPackets() + c.unroutedRtxPackets());
        assertEquals(0, p.b.stats().inbound(0xA1).retransmittedPacketsReceived(), "padding is no repair");
        assertTrue(p.a.errors.isEmpty() && p.b.errors.isEmpty());
    }

    @Test
    void withoutRtxThePaddingTakesTheMediaStreamsSequenceNumbers() {
        MediaSessionTest.Pair p = new MediaSessionTest.Pair(503, MediaSessionTest.videoOneWay(Codec.vp8(96, null)), c -> c);
        p.conditions(MediaSessionTest.CLEAN);
        List<byte[]> frames = MediaSessionTest.syntheticVp8(4, 2, 2, 400, 100);
        p.a.session.sendFrame(0, "0", frames.get(0), 0);
        p.a.drain();
        p.sim.runFor(Duration.ofMillis(300));
        p.a.session.sendFrame(p.sim.now(), "0", frames.get(1), 3000);
        p.a.drain();
        p.sim.runFor(Duration.ofMillis(100));

        List<RtpPacket> rtp = p.a.sentRtp();
        long pad = rtp.stream().filter(PacedSendingTest::padding).count();
        assertTrue(pad >= 8, pad + " padding packets");
        for (int i = 0; i < rtp.size(); i++) {
            assertEquals(0xA1, rtp.get(i).ssrc());
            assertEquals(96, rtp.get(i).payloadType());
            if (i > 0) {
                assertEquals((rtp.get(i - 1).sequenceNumber() + 1) & 0xffff, rtp.get(i).sequenceNumber(), "packet " + i);
            }
        }
        List<Integer> media = new ArrayList<>();
        for (int i = 0; i < rtp.size(); i++) {
            if (!padding(rtp.get(i))) {
                media.add(i);
            }
        }
        assertEquals(0, media.get(0));
        assertEquals(2, media.size(), "one packet per frame");
        assertTrue(media.get(1) > 1, "padding between the two frames");
        assertEquals(2, p.b.frames("0").size(), "padding in between is no loss: the second frame is whole");
        assertEquals(0, p.b.stats().inbound(0xA1).nackCount());
        assertEquals(0, p.b.stats().inbound(0xA1).packetsLost());
        assertTrue(p.a.errors.isEmpty() && p.b.errors.isEmpty());
    }
}
