package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@link MediaSession#sendRtp}: packets received by one session re-sent through another, as an SFU does. */
@ExtendWith(SeedReporter.class)
class ForwardingTest {
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5000);
    static final InetSocketAddress B2 = new InetSocketAddress("127.0.0.3", 5000);
    static final InetSocketAddress C = new InetSocketAddress("127.0.0.4", 5000);
    static final LinkConditions CLEAN = LinkConditions.perfect().withLatency(Duration.ofMillis(20));

    /** A → B on one connection; B's packets forwarded by B2 → C on another, where VP8 is payload type 100. */
    static final class Chain {
        final Simulation sim;
        final MediaPeer a;
        final MediaPeer b;
        final MediaPeer b2;
        final MediaPeer c;

        Chain(long seed) {
            sim = new Simulation(Seeds.seed(seed));
            Sdps.Exchange ab = MediaSessionTest.videoOneWay();
            Transceiver t = new Transceiver(null, MediaKind.VIDEO, Direction.SENDONLY, List.of(Codec.vp8(100, 101)),
                    HeaderExtension.videoDefaults(), new SendStream("sfu", "v", 0xF1, 0xF2L, "sfu"), false);
            Sdps.Exchange bc = Sdps.exchange(List.of(t), o -> o, x -> x);
            assertEquals(100, bc.answerer().get(0).codecs().get(0).payloadType());
            MediaSession sa = new MediaSession(MediaPeer.config(seed + 1));
            MediaSession sb = new MediaSession(MediaPeer.config(seed + 2));
            MediaSession sb2 = new MediaSession(MediaPeer.config(seed + 3));
            MediaSession sc = new MediaSession(MediaPeer.config(seed + 4));
            sa.configure(0, ab.offerer());
            sb.configure(0, ab.answerer());
            sb2.configure(0, bc.offerer());
            sc.configure(0, bc.answerer());
            a = sim.add(new MediaPeer(sa, A, B, sim::now), A);
            b = sim.add(new MediaPeer(sb, B, A, sim::now), B);
            b2 = sim.add(new MediaPeer(sb2, B2, C, sim::now), B2);
            c = sim.add(new MediaPeer(sc, C, B2, sim::now), C);
            // the SFU glue: what B receives, B2 sends, in the codec B received it in
            b.onEvent = e -> {
                if (e instanceof MediaEvent.RtpReceived r) {
                    sb2.sendRtp(sim.now(), "0", r.packet(), sb.codec(r.mid(), r.packet().payloadType()));
                }
            };
            b2.onEvent = e -> {
                if (e instanceof MediaEvent.KeyframeRequested) {
                    sb.requestKeyframe(sim.now(), "0"); // C's PLI goes upstream
                }
            };
        }

        void conditions(InetSocketAddress x, InetSocketAddress y, LinkConditions l) {
            sim.network().setConditionsBothWays(x.getAddress(), y.getAddress(), l);
        }
    }

    @Test
    void forwardedPacketsKeepPayloadsAndTimestampsWithOurSsrcPayloadTypeAndSequence() throws Exception {
        Chain ch = new Chain(201);
        ch.conditions(A, B, CLEAN);
        ch.conditions(B2, C, CLEAN);
        List<byte[]> frames = MediaSessionTest.vp8File();
        for (int i = 0; i < frames.size(); i++) {
            ch.a.session.sendFrame(ch.sim.now(), "0", frames.get(i), 3000L * i + 777);
            ch.sim.runFor(Duration.ofNanos(33_333_333L));
        }
        ch.sim.runFor(Duration.ofMillis(300));
        List<RtpPacket> atB = new ArrayList<>();
        ch.b.events(MediaEvent.RtpReceived.class).forEach(r -> atB.add(r.packet()));
        List<RtpPacket> atC = new ArrayList<>();
        ch.c.events(MediaEvent.RtpReceived.class).forEach(r -> atC.add(r.packet()));
        assertFalse(atB.isEmpty());
        assertEquals(atB.size(), atC.size());
        long ourSsrc = ch.b2.session.localSsrc("0");
        assertEquals(0xF1, ourSsrc);
        for (int i = 0; i < atC.size(); i++) {
            RtpPacket in = atB.get(i);
            RtpPacket out = atC.get(i);
            assertEquals(0xA1, in.ssrc());
            assertEquals(96, in.payloadType());
            assertEquals(ourSsrc, out.ssrc(), "our SSRC");
            assertEquals(100, out.payloadType(), "the payload type VP8 has on this connection");
            assertEquals(in.payload(), out.payload(), "packet " + i);
            assertEquals(in.timestamp(), out.timestamp(), "timestamp kept");
            assertEquals(in.marker(), out.marker());
            if (i > 0) {
                assertEquals((atC.get(i - 1).sequenceNumber() + 1) & 0xffff, out.sequenceNumber(), "continuous");
            }
        }
        assertEquals(frames.size(), ch.c.frames("0").size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), ch.c.frames("0").get(i));
        }
        // C reports on B2's stream; B2's header extensions are its own (its mid, its transport-wide numbers)
        assertNotNull(ch.b2.stats().outbound("0"));
        assertEquals(atC.size(), ch.b2.stats().outbound("0").packetsSent());
        assertEquals(frames.size(), ch.b2.stats().outbound("0").framesSent());
    }

    @Test
    void lossOnBothHopsIsRepairedHopByHopAndPliGoesUpstream() throws Exception {
        Chain ch = new Chain(202);
        LinkConditions lossy = CLEAN.withLoss(0.08);
        List<byte[]> frames = MediaSessionTest.syntheticVp8(9, 60, 60, 5000, 1200);
        for (int i = 0; i < frames.size(); i++) {
            LinkConditions l = i == 0 || i == frames.size() - 1 ? CLEAN : lossy;
            ch.conditions(A, B, l);
            ch.conditions(B2, C, l);
            ch.a.session.sendFrame(ch.sim.now(), "0", frames.get(i), 3000L * i);
            ch.sim.runFor(Duration.ofNanos(33_333_333L));
        }
        ch.sim.runUntilOrFail(() -> ch.c.frames("0").size() == frames.size(), Duration.ofSeconds(5),
                () -> "frames at C: " + ch.c.frames("0").size() + " " + ch.c.stats().inbound());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), ch.c.frames("0").get(i), "frame " + i);
        }
        assertTrue(ch.b.stats().inbound(0xA1).retransmittedPacketsReceived() > 0, "A repaired B's losses");
        assertTrue(ch.b2.stats().outbound("0").retransmittedPacketsSent() > 0, "B2 repaired C's losses from its cache");
        // C asks for a keyframe: B2 raises it, the glue asks A
        ch.c.session.requestKeyframe(ch.sim.now(), "0");
        ch.sim.runFor(Duration.ofMillis(200));
        assertEquals(1, ch.a.events(MediaEvent.KeyframeRequested.class).size());
    }

    @Test
    void sequenceNumbersContinueAcrossSourcesAndFramesAndKeepGaps() {
        Sdps.Exchange x = MediaSessionTest.videoOneWay();
        MediaSession s = new MediaSession(MediaPeer.config(203));
        s.configure(0, x.offerer());
        List<RtpPacket> out = new ArrayList<>();
        for (int q = 1000; q < 1005; q++) {
            s.sendRtp(0, "0", packet(0x111, q, 9000, 96));
        }
        s.sendFrame(0, "0", new byte[1500], 12000); // two packets at MTU 1200
        for (int q : new int[] {65534, 65535, 1, 0}) { // a new source: wraps, a gap (0 arrives late)
            s.sendRtp(0, "0", packet(0x222, q, 15000, 111)); // 111 is not video here: the section's codec is used
        }
        s.sendRtp(0, "0", packet(0x222, 65530, 15000, 96)); // older than the switch: its number is taken
        for (byte[] d : MediaPeer.runTimers(s, 0, 400 * MediaPeer.MS)) { // the pacer lets them go in bursts
            MediaPeer.Sent sent = new MediaPeer.Sent(0, d);
            if (!sent.rtcp() && sent.rtp().ssrc() == 0xA1) { // not the probes' padding on the RTX SSRC
                out.add(sent.rtp());
            }
        }
        assertEquals(5 + 2 + 4, out.size());
        int base = out.get(0).sequenceNumber();
        int[] expect = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 9};
        for (int i = 0; i < out.size(); i++) {
            assertEquals((base + expect[i]) & 0xffff, out.get(i).sequenceNumber(), "packet " + i);
            assertEquals(0xA1, out.get(i).ssrc());
            assertEquals(96, out.get(i).payloadType());
        }
        assertEquals(15000, out.get(9).timestamp());
        assertEquals(Bytes.of((byte) 0x10, (byte) 1, (byte) 0), out.get(9).payload());
        assertEquals(1, s.stats(0).counters().sendsDropped());
        // the cache answers a NACK for the forwarded packet by its new number, through RTX
        byte[] nack = io.jrtc.rtp.rtcp.GenericNack.of(5, 0xA1, List.of(out.get(9).sequenceNumber())).encode();
        s.handleRtcp(0, nack, 0, nack.length);
        RtpPacket rtx = new MediaPeer.Sent(0, s.pollTransmit()).rtp();
        assertEquals(0xA2, rtx.ssrc());
        assertEquals(97, rtx.payloadType());
        assertEquals(out.get(9).payload(), rtx.payload().slice(2, rtx.payload().length()));
    }

    static RtpPacket packet(long ssrc, int seq, long ts, int pt) {
        return RtpPacket.of(seq % 2 == 0, pt, seq, ts, ssrc, Bytes.of((byte) 0x10, (byte) (seq & 0xff), (byte) (seq >>> 8)));
    }
}
