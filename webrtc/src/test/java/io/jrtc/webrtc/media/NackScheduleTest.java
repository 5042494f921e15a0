package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.Vp8Packetizer;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.ReceiverReport;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.jrtc.webrtc.media.MediaPeer.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiver's NACK schedule on the virtual clock: a missing packet is NACKed once per round trip
 * (measured from the remote's report blocks about what we send; 100 ms before one), at most 10 times,
 * then given up with one keyframe request.
 */
@ExtendWith(SeedReporter.class)
class NackScheduleTest {
    private static final long REMOTE = 0xB1;

    /** An RTCP part we sent, and when. */
    private record Fb(long at, RtcpPacket packet) {
    }

    /** Runs the session's timers from {@code from} to {@code until}, collecting the RTCP parts it sends. */
    private static List<Fb> run(MediaSession s, long from, long until) {
        List<Fb> out = new ArrayList<>();
        long now = from;
        while (true) {
            for (byte[] d; (d = s.pollTransmit()) != null; ) {
                MediaPeer.Sent sent = new MediaPeer.Sent(now, d);
                if (sent.rtcp()) {
                    for (RtcpPacket p : sent.rtcpPackets()) {
                        out.add(new Fb(now, p));
                    }
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

    /**
     * A keyframe in packets 100..102 at {@code start} - 300 ms (it comes out when the assembler's
     * start-up hold ends), then at {@code start} packet 104, the second half of a delta frame whose
     * first half, 103, never comes.
     */
    private static void remoteFrames(MediaSession s, long start) {
        Vp8Packetizer vp = new Vp8Packetizer(0);
        List<byte[]> key = vp.packetize(new byte[2400], 1000);
        byte[] delta = new byte[1800];
        delta[0] = 1;
        List<byte[]> d = vp.packetize(delta, 1000);
        assertEquals(3, key.size());
        assertEquals(2, d.size());
        for (int i = 0; i < 3; i++) {
            byte[] b = RtpPacket.of(i == 2, 96, 100 + i, 0, REMOTE, Bytes.wrap(key.get(i))).encode();
            s.handleRtp(start - 300 * MS, b, 0, b.length);
        }
        List<Fb> before = run(s, start - 300 * MS, start - 1);
        assertTrue(of(before, GenericNack.class).isEmpty() && of(before, PictureLossIndication.class).isEmpty(), before.toString());
        int frames = 0;
        for (MediaEvent e; (e = s.pollEvent()) != null; ) {
            frames += e instanceof MediaEvent.FrameReceived ? 1 : 0;
        }
        assertEquals(1, frames, "the keyframe came out");
        byte[] b = RtpPacket.of(true, 96, 104, 3000, REMOTE, Bytes.wrap(d.get(1))).encode();
        s.handleRtp(start, b, 0, b.length);
    }

    private static <P extends RtcpPacket> List<Fb> of(List<Fb> fb, Class<P> type) {
        return fb.stream().filter(f -> type.isInstance(f.packet())).toList();
    }

    private static MediaSession receiver(long seed) {
        List<Codec> codecs = Codec.videoDefaults();
        Transceiver t = new Transceiver(null, MediaKind.VIDEO, Direction.SENDRECV, codecs, HeaderExtension.videoDefaults(),
                new SendStream("s", "v", 0xA1, 0xA2L, "a@jrtc"), false);
        Sdps.Exchange x = Sdps.exchange(List.of(t), o -> o.withCodecs(MediaKind.VIDEO, codecs)
                .withSend("0", new SendStream("s", "w", REMOTE, 0xB2L, "b@jrtc")), d -> d);
        MediaSection mine = x.offerer().get(0);
        assertTrue(mine.send() && mine.receive(), "the offerer sends and receives on mid 0");
        MediaSession s = new MediaSession(MediaPeer.config(seed));
        s.configure(0, x.offerer());
        return s;
    }

    /** The NACKs for packet 103 and the PLIs, from {@code start} on. */
    private static void assertSchedule(List<Fb> fb, long start, long minGap, long maxGap) {
        List<Fb> nacks = of(fb, GenericNack.class);
        assertEquals(10, nacks.size(), "maxNacks NACKs: " + nacks);
        for (Fb f : nacks) {
            assertEquals(List.of(103), ((GenericNack) f.packet()).lostSequenceNumbers());
            assertEquals(REMOTE, ((GenericNack) f.packet()).mediaSsrc());
        }
        assertTrue(nacks.get(0).at() - start <= 10 * MS, "the first at the next check: " + (nacks.get(0).at() - start));
        for (int i = 1; i < nacks.size(); i++) {
            long gap = nacks.get(i).at() - nacks.get(i - 1).at();
            assertTrue(gap >= minGap && gap <= maxGap, "NACK " + i + " after " + gap / 1e6 + " ms");
        }
        List<Fb> plis = of(fb, PictureLossIndication.class);
        assertEquals(1, plis.size(), "given up: one keyframe request " + plis);
        assertEquals(REMOTE, ((PictureLossIndication) plis.get(0).packet()).mediaSsrc());
        long after = plis.get(0).at() - nacks.get(nacks.size() - 1).at();
        assertTrue(after >= minGap && after <= maxGap, "the PLI one retry interval after the last NACK: " + after / 1e6 + " ms");
    }

    @Test
    void beforeARoundTripIsMeasuredAMissingPacketIsNackedEvery100Ms() {
        MediaSession s = receiver(601);
        long start = 1000 * MS;
        remoteFrames(s, start);
        List<Fb> fb = run(s, start, start + 3000 * MS);
        assertSchedule(fb, start, 100 * MS, 110 * MS);
        assertEquals(10, s.stats(start + 3000 * MS).inbound(REMOTE).nackCount());
        assertEquals(1, s.stats(start + 3000 * MS).inbound(REMOTE).pliCount());
    }

    @Test
    void aMeasuredRoundTripOf200MsSpacesTheNacksAndThePli() {
        MediaSession s = receiver(602);
        // we send, so the remote's receiver report about our stream gives the round-trip time
        s.sendFrame(0, "0", MediaSessionTest.syntheticVp8(1, 1, 1, 500, 100).get(0), 0);
        List<Fb> early = run(s, 0, 600 * MS);
        List<Fb> srs = of(early, SenderReport.class);
        assertEquals(1, srs.size(), "the first SR after half a report interval");
        SenderReport sr = (SenderReport) srs.get(0).packet();
        long at = srs.get(0).at() + 250 * MS; // 200 ms on the path and 50 ms at the remote
        ReportBlock block = new ReportBlock(s.localSsrc("0"), 0, 0, 1, 0, (sr.ntpTimestamp() >>> 16) & 0xffffffffL, 65536 / 20);
        byte[] rr = new ReceiverReport(0x5151, List.of(block), Bytes.EMPTY).encode();
        s.handleRtcp(at, rr, 0, rr.length);
        assertEquals(0.200, s.stats(at).outbound("0").remote().roundTripTime(), 0.001);

        long start = 1500 * MS; // the keyframe at 1200 ms, after the report
        remoteFrames(s, start);
        List<Fb> fb = run(s, start, start + 4000 * MS);
        // RTT + one 10 ms check interval, rounded up to the next check
        assertSchedule(fb, start, 210 * MS, 220 * MS);
    }
}
