package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.ExtensionElement;
import io.jrtc.rtp.ExtensionBlock;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.rtcp.FullIntraRequest;
import io.jrtc.rtp.rtcp.GenericNack;
import io.jrtc.rtp.rtcp.PictureLossIndication;
import io.jrtc.rtp.rtcp.ReceiverReport;
import io.jrtc.rtp.rtcp.ReportBlock;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.rtp.rtcp.SourceDescription;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static io.jrtc.webrtc.media.MediaPeer.MS;
import static org.junit.jupiter.api.Assertions.*;

/** Two {@link MediaSession}s back to back on the simulated network (plaintext, no SRTP), in virtual time. */
@ExtendWith(SeedReporter.class)
class MediaSessionTest {
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5000);

    /** The 15 VP8 frames of the rtp module's sample file (made with Debian's ffmpeg, see its README). */
    static List<byte[]> vp8File() throws Exception {
        Path rel = Path.of("rtp", "src", "test", "resources", "media", "vp8.ivf");
        Path p = Files.isRegularFile(Path.of("..").resolve(rel)) ? Path.of("..").resolve(rel) : rel;
        List<byte[]> out = new ArrayList<>();
        for (IvfFile.Frame f : IvfFile.parse(Files.readAllBytes(p)).frames()) {
            out.add(f.data().toByteArray());
        }
        return out;
    }

    /** Synthetic VP8 frames: every {@code gop}-th a keyframe (frame tag P bit 0), random contents. */
    static List<byte[]> syntheticVp8(long seed, int count, int gop, int keySize, int deltaSize) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean key = i % gop == 0;
            byte[] f = new byte[key ? keySize : deltaSize + r.nextInt(deltaSize / 2)];
            r.nextBytes(f);
            f[0] = (byte) (key ? f[0] & ~1 : f[0] | 1);
            out.add(f);
        }
        return out;
    }

    /** A sends, B receives, on one link. */
    static final class Pair {
        final Simulation sim;
        final MediaPeer a;
        final MediaPeer b;
        final Sdps.Exchange exchange;

        Pair(long seed, Sdps.Exchange x, UnaryOperator<MediaConfig> cfg) {
            this.sim = new Simulation(Seeds.seed(seed));
            this.exchange = x;
            MediaSession sa = new MediaSession(cfg.apply(MediaPeer.config(seed * 31 + 1)));
            MediaSession sb = new MediaSession(cfg.apply(MediaPeer.config(seed * 31 + 2)));
            sa.configure(0, x.offerer());
            sb.configure(0, x.answerer());
            this.a = sim.add(new MediaPeer(sa, A, B, sim::now), A);
            this.b = sim.add(new MediaPeer(sb, B, A, sim::now), B);
        }

        void conditions(LinkConditions c) {
            sim.network().setConditionsBothWays(A.getAddress(), B.getAddress(), c);
        }

        /** A sends {@code frames} on {@code mid} at 30 frames/s; the first and the last go over {@code clean}. */
        void send(String mid, List<byte[]> frames, LinkConditions lossy, LinkConditions clean) {
            for (int i = 0; i < frames.size(); i++) {
                conditions(i == 0 || i == frames.size() - 1 ? clean : lossy);
                a.session.sendFrame(sim.now(), mid, frames.get(i), 3000L * i);
                a.drain();
                sim.runFor(Duration.ofNanos(33_333_333L));
            }
        }
    }

    static Sdps.Exchange videoOneWay(Codec... codecs) {
        List<Codec> list = codecs.length == 0 ? Codec.videoDefaults() : List.of(codecs);
        Transceiver t = new Transceiver(null, MediaKind.VIDEO, Direction.SENDRECV, list,
                io.jrtc.sdp.jsep.HeaderExtension.videoDefaults(), new SendStream("s", "v", 0xA1, 0xA2L, "a@jrtc"), false);
        return Sdps.exchange(List.of(t), o -> o.withCodecs(MediaKind.VIDEO, list), x -> x);
    }

    static final LinkConditions CLEAN = LinkConditions.perfect().withLatency(Duration.ofMillis(25));

    @Test
    void vp8WithTenPercentLossArrivesWholeThroughNackAndRtx() throws Exception {
        List<byte[]> frames = new ArrayList<>(vp8File());
        frames.addAll(vp8File());
        frames.addAll(syntheticVp8(5, 30, 30, 6000, 1500));
        Pair p = new Pair(101, videoOneWay(), c -> c.withMtu(500));
        LinkConditions lossy = CLEAN.withLoss(0.10).withJitter(Duration.ofMillis(5));
        p.send("0", frames, lossy, CLEAN);
        p.conditions(lossy);
        p.sim.runUntilOrFail(() -> p.b.frames("0").size() == frames.size(), Duration.ofSeconds(10),
                () -> "all frames: got " + p.b.frames("0").size() + " of " + frames.size() + ", " + p.b.stats().inbound());
        List<byte[]> got = p.b.frames("0");
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i), "frame " + i);
        }
        assertTrue(p.sim.network().stats().lost > 20, "the network lost packets: " + p.sim.network().stats());

        // the repairs went as RTX: payload type 97 on A's RTX SSRC, unwrapped by B
        // (padding-only packets on the RTX SSRC are the pacer's probes, not repairs)
        long rtxOnWire = p.a.sentRtp().stream().filter(r -> r.payloadType() == 97 && r.ssrc() == 0xA2 && r.payload().length() > 0).count();
        assertTrue(rtxOnWire > 0, "RTX packets sent");
        assertEquals(0, p.a.sentRtp().stream().filter(r -> r.ssrc() == 0xA1 && r.payloadType() != 96).count());
        MediaStats.Inbound in = p.b.stats().inbound(0xA1);
        assertEquals("0", in.mid());
        assertEquals("video/VP8", in.mimeType());
        assertEquals(0xA2, in.rtxSsrc());
        assertTrue(in.retransmittedPacketsReceived() > 0, "repaired through RTX: " + in);
        assertTrue(in.nackCount() > 0);
        assertTrue(in.packetsLost() > 0, "the receiver reports count the losses before repair");
        assertEquals(frames.size(), in.framesReceived());
        assertEquals(3, in.keyFramesReceived(), "the file's keyframe twice and the synthetic one: " + in);
        assertEquals(0, in.pliCount(), "nothing was given up");
        MediaStats.Outbound out = p.a.stats().outbound("0");
        assertEquals(rtxOnWire, out.retransmittedPacketsSent());
        assertTrue(out.nackCount() > 0);
        assertEquals(frames.size(), out.framesSent());
        MediaStats.Counters c = p.b.stats().counters();
        assertEquals(0, c.unknownSsrcPackets() + c.malformedRtp() + c.malformedRtcp() + c.unsupportedPayloadPackets());
        assertTrue(p.a.errors.isEmpty() && p.b.errors.isEmpty());
        // every packet stayed within the MTU, RTX included
        assertTrue(p.a.sent.stream().allMatch(s -> s.data().length <= 500));
    }

    @Test
    void pliRoundTripRaisesKeyframeRequested() throws Exception {
        Pair p = new Pair(7, videoOneWay(), c -> c);
        p.conditions(CLEAN);
        p.send("0", vp8File(), CLEAN, CLEAN); // 15 frames, the first a keyframe: then no keyframe comes
        assertEquals(15, p.b.frames("0").size());
        assertEquals(List.of(), p.a.events(MediaEvent.KeyframeRequested.class));
        long asked = p.sim.now();
        p.b.session.requestKeyframe(asked, "0");
        p.b.drain();
        p.sim.runUntilOrFail(() -> !p.a.events(MediaEvent.KeyframeRequested.class).isEmpty(), Duration.ofSeconds(1), "PLI");
        assertEquals(List.of(new MediaEvent.KeyframeRequested("0")), p.a.events(MediaEvent.KeyframeRequested.class));
        assertEquals(25 * MS, p.sim.now() - asked, "one way: the PLI went at once");
        List<PictureLossIndication> plis = p.b.sentRtcp(PictureLossIndication.class);
        assertEquals(1, plis.size());
        assertEquals(0xA1, plis.get(0).mediaSsrc());
        assertEquals(1, p.b.stats().inbound(0xA1).pliCount());
        assertEquals(1, p.a.stats().outbound("0").pliCount());
        // a second request within the interval waits for it; then one more PLI
        p.b.session.requestKeyframe(p.sim.now(), "0");
        p.sim.runFor(Duration.ofMillis(150));
        assertEquals(1, p.a.events(MediaEvent.KeyframeRequested.class).size(), "held back 250 ms");
        assertEquals(1, p.b.sentRtcp(PictureLossIndication.class).size());
        p.sim.runFor(Duration.ofMillis(200));
        assertEquals(2, p.a.events(MediaEvent.KeyframeRequested.class).size(), "sent when the 250 ms had passed");
        assertEquals(0, p.b.stats().inbound(0xA1).firCount());
    }

    @Test
    void firWhenOnlyCcmFirIsNegotiated() throws Exception {
        Codec vp8 = new Codec(96, "VP8", 90000, 0, Map.of(), List.of(RtcpFeedback.of("ccm", "fir"), RtcpFeedback.of("nack")), 97);
        Pair p = new Pair(8, videoOneWay(vp8), c -> c);
        p.conditions(CLEAN);
        p.send("0", vp8File(), CLEAN, CLEAN);
        p.b.session.requestKeyframe(p.sim.now(), "0");
        p.sim.runFor(Duration.ofMillis(300));
        p.b.session.requestKeyframe(p.sim.now(), "0");
        p.sim.runFor(Duration.ofMillis(100));
        assertEquals(0, p.b.sentRtcp(PictureLossIndication.class).size());
        List<FullIntraRequest> firs = p.b.sentRtcp(FullIntraRequest.class);
        assertEquals(2, firs.size());
        assertEquals(List.of(new FullIntraRequest.Entry(0xA1, 0)), firs.get(0).entries());
        assertEquals(List.of(new FullIntraRequest.Entry(0xA1, 1)), firs.get(1).entries(), "a new request, a new number");
        assertEquals(2, p.a.events(MediaEvent.KeyframeRequested.class).size());
        // the same FIR again (a repetition of request 1) is not a new request
        byte[] again = firs.get(1).encode();
        p.a.session.handleRtcp(p.sim.now(), again, 0, again.length);
        p.a.drain();
        assertEquals(2, p.a.events(MediaEvent.KeyframeRequested.class).size());
        assertEquals(2, p.a.stats().outbound("0").firCount());
        assertEquals(2, p.b.stats().inbound(0xA1).firCount());
    }

    @Test
    void senderAndReceiverReportsGiveTheRoundTripTime() throws Exception {
        Pair p = new Pair(9, videoOneWay(), c -> c);
        p.conditions(CLEAN);
        p.send("0", syntheticVp8(1, 120, 60, 3000, 800), CLEAN, CLEAN);
        p.sim.runFor(Duration.ofSeconds(2));
        List<SenderReport> srs = p.a.sentRtcp(SenderReport.class);
        assertTrue(srs.size() >= 4, "an SR every second: " + srs.size());
        assertTrue(srs.stream().allMatch(sr -> sr.ssrc() == 0xA1));
        List<SourceDescription> sdes = p.a.sentRtcp(SourceDescription.class);
        assertEquals(srs.size(), sdes.size(), "each SR with an SDES");
        assertEquals("offerer@jrtc", sdes.get(0).chunks().get(0).items().get(0).text());
        List<ReceiverReport> rrs = p.b.sentRtcp(ReceiverReport.class);
        assertFalse(rrs.isEmpty());
        assertEquals(1, rrs.stream().map(ReceiverReport::ssrc).distinct().count(), "one receiver SSRC");
        List<ReceiverReport> withBlocks = rrs.stream().filter(rr -> !rr.reports().isEmpty()).toList();
        assertTrue(withBlocks.size() >= 2);
        assertTrue(rrs.get(rrs.size() - 1).reports().isEmpty(), "nothing heard since the last report: an empty RR");
        ReportBlock last = withBlocks.get(withBlocks.size() - 1).reports().get(0);
        assertEquals(0xA1, last.ssrc());
        assertNotEquals(0, last.lastSr(), "the RR echoes A's last SR");

        MediaStats.RemoteInbound remote = p.a.stats().outbound("0").remote();
        assertNotNull(remote);
        assertEquals(0.050, remote.roundTripTime(), 0.001, "25 ms each way");
        assertTrue(remote.roundTripTimeMeasurements() >= 2);
        assertEquals(0, remote.packetsLost());
        assertEquals(0.0, remote.fractionLost());
        assertTrue(remote.jitter() < 0.002, "no jitter on the link: " + remote.jitter());
        MediaStats.Inbound in = p.b.stats().inbound(0xA1);
        assertEquals(0, in.packetsLost());
        assertEquals(0.0, in.jitter(), 0.001);
    }

    @Test
    void transportCcFeedbackAtItsCadenceCoversEveryPacket() throws Exception {
        Pair p = new Pair(10, videoOneWay(), c -> c.withTransportCcInterval(50 * MS));
        p.conditions(CLEAN);
        p.send("0", syntheticVp8(2, 60, 30, 4000, 1000), CLEAN, CLEAN);
        p.sim.runFor(Duration.ofMillis(200));
        int tccId = p.exchange.offerer().get(0).extensions().stream()
                .filter(e -> e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.TRANSPORT_CC)).findFirst().orElseThrow().id();
        // what A stamped: one transport-wide counter, consecutive
        List<Integer> stamped = new ArrayList<>();
        for (RtpPacket r : p.a.sentRtp()) {
            Bytes v = r.extension().find(tccId).orElseThrow();
            stamped.add(((v.get(0) & 0xff) << 8) | (v.get(1) & 0xff));
        }
        for (int i = 1; i < stamped.size(); i++) {
            assertEquals((stamped.get(i - 1) + 1) & 0xffff, stamped.get(i), "transport-wide sequence " + i);
        }
        // what B reported, and when
        List<Long> times = new ArrayList<>();
        Set<Integer> reported = new HashSet<>();
        for (MediaPeer.Sent s : p.b.sent) {
            if (s.rtcp()) {
                for (RtcpPacket r : s.rtcpPackets()) {
                    if (r instanceof TransportCcFeedback f) {
                        times.add(s.at());
                        for (TransportCcFeedback.PacketResult pr : f.packetResults()) {
                            assertTrue(pr.received(), "nothing was lost");
                            reported.add(pr.sequence());
                        }
                    }
                }
            }
        }
        assertEquals(new HashSet<>(stamped), reported, "every packet reported");
        // 60 frames at 30/s = 2 s of media: one feedback every 50 ms while packets arrive
        assertTrue(times.size() >= 38 && times.size() <= 42, times.size() + " feedback packets");
        for (int i = 1; i < times.size(); i++) {
            assertEquals(50 * MS, times.get(i) - times.get(i - 1), "feedback " + i);
        }
        assertEquals(times.size(), p.b.stats().counters().transportCcFeedbackSent());
        assertEquals(times.size(), p.a.stats().counters().transportCcFeedbackReceived());
    }

    @Test
    void routesByMidWithoutSignalledSsrcsRtxIncluded() throws Exception {
        List<Transceiver> ts = List.of(
                Transceiver.of(MediaKind.AUDIO, Direction.SENDONLY, new SendStream("s", "a", 11, null, "a@jrtc")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v1", 12, 13L, "a@jrtc")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v2", 14, 15L, "a@jrtc")));
        Sdps.Exchange x = Sdps.exchange(ts, o -> o, Sdps.withoutLines("a=ssrc"));
        for (MediaSection s : x.answerer()) {
            assertTrue(s.remoteSsrcs().isEmpty() && s.remoteRtxSsrcs().isEmpty(), "no a=ssrc lines");
            assertTrue(s.receive() && !s.send());
        }
        assertEquals(List.of(96), x.answerer().get(1).codecs().stream().map(Codec::payloadType).limit(1).toList());
        assertEquals(List.of(96), x.answerer().get(2).codecs().stream().map(Codec::payloadType).limit(1).toList(),
                "both video sections use payload type 96: only the mid tells them apart");
        Pair p = new Pair(11, x, c -> c);
        LinkConditions lossy = CLEAN.withLoss(0.05);
        List<byte[]> v1 = syntheticVp8(3, 40, 20, 5000, 900);
        List<byte[]> v2 = syntheticVp8(4, 40, 20, 5000, 900);
        List<byte[]> audio = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 40; i++) {
            byte[] opus = new byte[60 + r.nextInt(60)];
            r.nextBytes(opus);
            audio.add(opus);
        }
        for (int i = 0; i < 40; i++) {
            p.conditions(i == 0 || i == 39 ? CLEAN : lossy);
            p.a.session.sendFrame(p.sim.now(), "0", audio.get(i), 960L * i);
            p.a.session.sendFrame(p.sim.now(), "1", v1.get(i), 3000L * i);
            p.a.session.sendFrame(p.sim.now(), "2", v2.get(i), 3000L * i);
            p.sim.runFor(Duration.ofNanos(33_333_333L));
        }
        p.conditions(lossy);
        p.sim.runUntilOrFail(() -> p.b.frames("1").size() == 40 && p.b.frames("2").size() == 40, Duration.ofSeconds(5),
                () -> "video frames " + p.b.frames("1").size() + " / " + p.b.frames("2").size());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(v1.get(i), p.b.frames("1").get(i));
            assertArrayEquals(v2.get(i), p.b.frames("2").get(i));
        }
        // audio: every frame that was not lost arrives once, in order here (no reordering on the link)
        List<byte[]> gotAudio = p.b.frames("0");
        assertTrue(gotAudio.size() >= 30, gotAudio.size() + " audio frames");
        int k = 0;
        for (byte[] f : gotAudio) {
            while (!java.util.Arrays.equals(audio.get(k), f)) {
                k++;
            }
        }
        Set<String> started = new HashSet<>();
        for (MediaEvent.TrackStarted t : p.b.events(MediaEvent.TrackStarted.class)) {
            started.add(t.mid() + ":" + t.ssrc());
        }
        assertEquals(Set.of("0:" + p.a.session.localSsrc("0"), "1:" + p.a.session.localSsrc("1"), "2:" + p.a.session.localSsrc("2")),
                started, "the SSRCs A picked itself, learned by B from the mid");
        for (String mid : List.of("1", "2")) {
            MediaStats.Inbound in = p.b.stats().inbound(p.a.session.localSsrc(mid));
            assertEquals(mid, in.mid());
            assertEquals(p.a.session.localRtxSsrc(mid), in.rtxSsrc(), "the unsignalled RTX SSRC is bound to its stream");
            assertTrue(in.retransmittedPacketsReceived() > 0, "RTX repaired mid " + mid);
        }
        assertEquals(0, p.b.stats().counters().unknownSsrcPackets());
        assertEquals(0, p.b.stats().counters().unroutedRtxPackets());
    }

    @Test
    void routesByPayloadTypeWithoutMidOrSsrcs() throws Exception {
        List<Transceiver> ts = List.of(
                Transceiver.of(MediaKind.AUDIO, Direction.SENDONLY, new SendStream("s", "a", 21, null, "a@jrtc")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v", 22, 23L, "a@jrtc")));
        Sdps.Exchange x = Sdps.exchange(ts, o -> o, Sdps.withoutLines("a=ssrc", "a=extmap"));
        assertTrue(x.answerer().get(0).extensions().isEmpty());
        Pair p = new Pair(12, x, c -> c);
        p.conditions(CLEAN);
        List<byte[]> video = syntheticVp8(6, 10, 10, 3000, 700);
        for (int i = 0; i < 10; i++) {
            p.a.session.sendFrame(p.sim.now(), "0", new byte[] {(byte) 0xfc, (byte) i, 1, 2}, 960L * i);
            p.a.session.sendFrame(p.sim.now(), "1", video.get(i), 3000L * i);
            p.sim.runFor(Duration.ofMillis(20));
        }
        p.sim.runFor(Duration.ofMillis(200));
        assertEquals(10, p.b.frames("0").size());
        assertEquals(10, p.b.frames("1").size());
        assertEquals(List.of(new MediaEvent.TrackStarted("0", p.a.session.localSsrc("0")),
                new MediaEvent.TrackStarted("1", p.a.session.localSsrc("1"))), p.b.events(MediaEvent.TrackStarted.class));
        assertTrue(p.a.sentRtp().stream().allMatch(r -> r.extension() == null), "nothing negotiated, nothing stamped");
    }

    @Test
    void unknownSsrcAndUnknownMidAreCountedAndDropped() {
        Sdps.Exchange x = videoOneWay();
        MediaSession b = new MediaSession(MediaPeer.config(13));
        b.configure(0, x.answerer());
        byte[] stray = RtpPacket.of(true, 55, 1, 1, 0xDEAD, Bytes.of(new byte[] {1, 2, 3})).encode();
        b.handleRtp(0, stray, 0, stray.length);
        int midId = x.answerer().get(0).extensions().stream()
                .filter(e -> e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.MID)).findFirst().orElseThrow().id();
        byte[] otherMid = RtpPacket.of(true, 96, 1, 1, 0xBEEF, Bytes.of(new byte[] {0x10, 0, 0}))
                .withExtension(ExtensionBlock.of(List.of(new ExtensionElement(midId, Bytes.of((byte) '9'))))).encode();
        b.handleRtp(0, otherMid, 0, otherMid.length);
        assertEquals(2, b.stats(0).counters().unknownSsrcPackets());
        assertNull(b.pollEvent());
        assertTrue(b.stats(0).inbound().isEmpty());
        // A's signalled SSRC is known even without a mid
        byte[] known = RtpPacket.of(true, 96, 1, 1, 0xA1, Bytes.of(new byte[] {0x10, 0, 0})).encode();
        b.handleRtp(0, known, 0, known.length);
        assertEquals(new MediaEvent.TrackStarted("0", 0xA1), b.pollEvent());
        assertEquals(2, b.stats(0).counters().unknownSsrcPackets());
    }

    @Test
    void oneCompoundRtcpReachesEveryStreamItNames() {
        Sdps.Exchange x = Sdps.exchange(List.of(
                Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV, new SendStream("s", "v1", 0xB1, 0xB2L, "a")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV, new SendStream("s", "v2", 0xC1, 0xC2L, "a"))),
                o -> o, t -> t);
        MediaSession a = new MediaSession(MediaPeer.config(14));
        a.configure(0, x.offerer());
        for (int i = 0; i < 3; i++) {
            a.sendFrame(i * 33 * MS, "0", syntheticVp8(i, 1, 1, 2000, 1).get(0), 3000L * i);
            a.sendFrame(i * 33 * MS, "1", syntheticVp8(i + 10, 1, 1, 2000, 1).get(0), 3000L * i);
        }
        List<RtpPacket> sent = new ArrayList<>();
        for (byte[] d; (d = a.pollTransmit()) != null; ) {
            sent.add(new MediaPeer.Sent(0, d).rtp());
        }
        int seqOnMid1 = sent.stream().filter(r -> r.ssrc() == 0xC1).findFirst().orElseThrow().sequenceNumber();
        ReportBlock b1 = new ReportBlock(0xB1, 64, 3, 70000, 90, 0, 0);
        ReportBlock b2 = new ReportBlock(0xC1, 0, 0, 70001, 45, 0, 0);
        byte[] compound = RtcpPacket.encodeCompound(List.of(
                new ReceiverReport(0x5555, List.of(b1, b2), Bytes.EMPTY),
                new PictureLossIndication(0x5555, 0xB1),
                GenericNack.of(0x5555, 0xC1, List.of(seqOnMid1)),
                new FullIntraRequest(0x5555, 0, List.of(new FullIntraRequest.Entry(0xC1, 3)))));
        byte[] withJunk = java.util.Arrays.copyOf(compound, compound.length + 8);
        withJunk[compound.length] = (byte) 0x80; // an RTCP header whose length runs past the end
        withJunk[compound.length + 1] = (byte) 201;
        withJunk[compound.length + 3] = 9;
        a.handleRtcp(100 * MS, withJunk, 0, withJunk.length);
        List<MediaEvent> events = new ArrayList<>();
        for (MediaEvent e; (e = a.pollEvent()) != null; ) {
            events.add(e);
        }
        assertEquals(List.of(new MediaEvent.KeyframeRequested("0"), new MediaEvent.KeyframeRequested("1")), events);
        byte[] rtx = a.pollTransmit();
        RtpPacket r = new MediaPeer.Sent(0, rtx).rtp();
        assertEquals(0xC2, r.ssrc(), "the NACK for mid 1 answered on mid 1's RTX SSRC");
        assertEquals(97, r.payloadType());
        assertEquals(seqOnMid1, ((r.payload().get(0) & 0xff) << 8) | (r.payload().get(1) & 0xff));
        assertNull(a.pollTransmit());
        MediaStats st = a.stats(100 * MS);
        assertEquals(0.25, st.outbound("0").remote().fractionLost());
        assertEquals(3, st.outbound("0").remote().packetsLost());
        assertEquals(0.001, st.outbound("0").remote().jitter(), 1e-9, "90 ticks of 90 kHz");
        assertTrue(Double.isNaN(st.outbound("0").remote().roundTripTime()), "no LSR: no RTT");
        assertEquals(70001, st.outbound("1").remote().extendedHighestSequence());
        assertEquals(1, st.outbound("0").pliCount());
        assertEquals(1, st.outbound("1").firCount());
        assertEquals(1, st.outbound("1").nackCount());
        assertEquals(1, st.outbound("1").retransmittedPacketsSent());
        assertEquals(1, st.counters().malformedRtcp(), "the junk after the valid parts");
    }

    @Test
    void reconfiguringWithTheSameSectionsKeepsTheStreams() throws Exception {
        Pair p = new Pair(15, videoOneWay(), c -> c);
        p.conditions(CLEAN);
        List<byte[]> frames = syntheticVp8(7, 20, 10, 3000, 800);
        p.send("0", frames.subList(0, 10), CLEAN, CLEAN);
        p.a.session.configure(p.sim.now(), p.exchange.offerer());
        p.b.session.configure(p.sim.now(), p.exchange.answerer());
        for (int i = 10; i < 20; i++) {
            p.a.session.sendFrame(p.sim.now(), "0", frames.get(i), 3000L * i);
            p.sim.runFor(Duration.ofNanos(33_333_333L));
        }
        p.sim.runFor(Duration.ofMillis(100));
        assertEquals(1, p.b.events(MediaEvent.TrackStarted.class).size());
        assertEquals(20, p.b.frames("0").size());
        List<RtpPacket> media = p.a.sentRtp().stream().filter(r -> r.ssrc() == 0xA1).toList(); // not the probes' RTX padding
        for (int i = 1; i < media.size(); i++) {
            assertEquals((media.get(i - 1).sequenceNumber() + 1) & 0xffff, media.get(i).sequenceNumber());
        }
        assertEquals(media.size(), p.b.stats().inbound(0xA1).packetsReceived());
        assertEquals(0, p.b.stats().inbound(0xA1).packetsLost());
    }

    @Test
    void paddingOnThePrimarySsrcIsNoHoleAndWithoutNackNoneIsSent() {
        // VP8 without RTX and without generic NACK: padding probes go on the media SSRC
        Codec vp8 = new Codec(96, "VP8", 90000, 0, Map.of(), List.of(RtcpFeedback.of("nack", "pli")), null);
        Sdps.Exchange x = videoOneWay(vp8);
        MediaSession b = new MediaSession(MediaPeer.config(16));
        b.configure(0, x.answerer());
        io.jrtc.rtp.codec.Vp8Packetizer vp = new io.jrtc.rtp.codec.Vp8Packetizer(0);
        List<byte[]> key = vp.packetize(new byte[2000], 1000);
        byte[] deltaFrame = new byte[300];
        deltaFrame[0] = 1;
        List<byte[]> delta = vp.packetize(deltaFrame, 1000);
        List<RtpPacket> wire = new ArrayList<>();
        int seq = 65534;
        for (int i = 0; i < key.size(); i++) {
            wire.add(RtpPacket.of(i == key.size() - 1, 96, seq++ & 0xffff, 0, 0xA1, Bytes.wrap(key.get(i))));
        }
        wire.add(new RtpPacket(false, 96, seq++ & 0xffff, 0, 0xA1, List.of(), null, Bytes.EMPTY, 224));
        wire.add(new RtpPacket(false, 96, seq++ & 0xffff, 0, 0xA1, List.of(), null, Bytes.EMPTY, 224));
        wire.add(RtpPacket.of(true, 96, seq & 0xffff, 3000, 0xA1, Bytes.wrap(delta.get(0))));
        long now = 0;
        for (RtpPacket r : wire) {
            byte[] d = r.encode();
            b.handleRtp(now, d, 0, d.length);
            now += MS;
        }
        for (long t = now; t < now + 2000 * MS; t = Math.max(t + MS, b.pollTimeout())) {
            b.handleTimeout(t);
        }
        List<MediaEvent> events = new ArrayList<>();
        for (MediaEvent e; (e = b.pollEvent()) != null; ) {
            events.add(e);
        }
        List<MediaEvent.FrameReceived> frames = events.stream().filter(e -> e instanceof MediaEvent.FrameReceived)
                .map(e -> (MediaEvent.FrameReceived) e).toList();
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).frame().keyframe());
        assertArrayEquals(deltaFrame, frames.get(1).frame().data().toByteArray());
        assertEquals(2, events.stream().filter(e -> e instanceof MediaEvent.RtpReceived rr && rr.packet().payload().length() == 0).count(),
                "padding packets are reported too: they take sequence numbers");
        MediaStats.Inbound in = b.stats(now).inbound(0xA1);
        assertEquals(2, in.paddingPacketsReceived());
        assertEquals(0, in.packetsLost());
        assertEquals(0, in.pliCount());
        for (byte[] d; (d = b.pollTransmit()) != null; ) {
            for (RtcpPacket r : new MediaPeer.Sent(0, d).rtcpPackets()) {
                assertFalse(r instanceof GenericNack || r instanceof PictureLossIndication, "sent " + r);
            }
        }
    }

    @Test
    void withoutGenericNackAHoleIsGivenUpWithAPli() {
        Codec vp8 = new Codec(96, "VP8", 90000, 0, Map.of(), List.of(RtcpFeedback.of("nack", "pli")), null);
        Pair p = new Pair(17, videoOneWay(vp8), c -> c.withAssembler(new io.jrtc.rtp.stream.FrameAssembler.Config(256, 40 * MS, 3, 4)));
        p.conditions(CLEAN);
        List<byte[]> frames = syntheticVp8(8, 30, 300, 4000, 2500);
        p.send("0", frames, CLEAN.withLoss(0.15), CLEAN);
        p.sim.runFor(Duration.ofSeconds(1));
        assertTrue(p.sim.network().stats().lost > 0);
        assertTrue(p.b.sentRtcp(GenericNack.class).isEmpty(), "NACK was not negotiated");
        assertFalse(p.b.sentRtcp(PictureLossIndication.class).isEmpty(), "the broken stream asks for a keyframe");
        assertTrue(p.b.frames("0").size() < frames.size());
        assertTrue(p.b.stats().inbound(0xA1).pliCount() >= 1);
        assertFalse(p.a.events(MediaEvent.KeyframeRequested.class).isEmpty());
    }

    static List<byte[]> vp9File() throws Exception {
        Path rel = Path.of("rtp", "src", "test", "resources", "media", "vp9.ivf");
        Path p = Files.isRegularFile(Path.of("..").resolve(rel)) ? Path.of("..").resolve(rel) : rel;
        List<byte[]> out = new ArrayList<>();
        for (IvfFile.Frame f : IvfFile.parse(Files.readAllBytes(p)).frames()) {
            out.add(f.data().toByteArray());
        }
        return out;
    }

    /** The same sections with VP9 first: a renegotiation that changes the codec. */
    static List<MediaSection> vp9First(List<MediaSection> sections) {
        List<MediaSection> out = new ArrayList<>();
        for (MediaSection s : sections) {
            List<Codec> codecs = new ArrayList<>(s.codecs());
            codecs.sort((x, y) -> Boolean.compare(!x.name().equals("VP9"), !y.name().equals("VP9")));
            out.add(new MediaSection(s.mid(), s.kind(), s.send(), s.receive(), codecs, s.extensions(), s.localSsrc(),
                    s.localRtxSsrc(), s.remoteSsrcs(), s.remoteRtxSsrcs(), s.cname()));
        }
        return out;
    }

    @Test
    void aRenegotiatedCodecSwitchesTheStreamWithoutANewTrack() throws Exception {
        Pair p = new Pair(18, videoOneWay(), c -> c);
        p.conditions(CLEAN);
        p.send("0", vp8File(), CLEAN, CLEAN);
        p.a.session.configure(p.sim.now(), vp9First(p.exchange.offerer()));
        p.b.session.configure(p.sim.now(), vp9First(p.exchange.answerer()));
        List<byte[]> vp9 = vp9File();
        for (int i = 0; i < vp9.size(); i++) {
            p.a.session.sendFrame(p.sim.now(), "0", vp9.get(i), 3000L * (i + 15));
            p.sim.runFor(Duration.ofNanos(33_333_333L));
        }
        p.sim.runFor(Duration.ofMillis(200));
        List<MediaEvent.FrameReceived> frames = p.b.events(MediaEvent.FrameReceived.class);
        assertEquals(15 + vp9.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i < 15 ? 96 : 98, frames.get(i).payloadType(), "frame " + i);
        }
        for (int i = 0; i < vp9.size(); i++) {
            assertArrayEquals(vp9.get(i), frames.get(15 + i).frame().data().toByteArray(), "VP9 frame " + i);
        }
        assertEquals(1, p.b.events(MediaEvent.TrackStarted.class).size(), "the same SSRC, the same track");
        MediaStats.Inbound in = p.b.stats().inbound(0xA1);
        assertEquals("video/VP9", in.mimeType());
        assertEquals(0, in.packetsLost(), "sequence numbers went on across the switch");
        assertEquals("video/VP9", p.a.stats().outbound("0").mimeType());
    }

    @Test
    void aLearnedSsrcThatCarriesAnotherMidMovesThere() {
        Sdps.Exchange x = Sdps.exchange(List.of(
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v1", 1, 2L, "a")),
                Transceiver.of(MediaKind.VIDEO, Direction.SENDONLY, new SendStream("s", "v2", 3, 4L, "a"))),
                o -> o, Sdps.withoutLines("a=ssrc"));
        MediaSession b = new MediaSession(MediaPeer.config(19));
        b.configure(0, x.answerer());
        int midId = x.answerer().get(0).extensions().stream()
                .filter(e -> e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.MID)).findFirst().orElseThrow().id();
        for (String mid : List.of("0", "0", "1", "1")) {
            byte[] d = RtpPacket.of(true, 96, 7, 0, 0x7777, Bytes.of(new byte[] {0x10, 0, 0}))
                    .withExtension(ExtensionBlock.of(List.of(new ExtensionElement(midId, Bytes.of(mid.getBytes(java.nio.charset.StandardCharsets.UTF_8))))))
                    .encode();
            b.handleRtp(0, d, 0, d.length);
        }
        List<MediaEvent.TrackStarted> started = new ArrayList<>();
        for (MediaEvent e; (e = b.pollEvent()) != null; ) {
            if (e instanceof MediaEvent.TrackStarted t) {
                started.add(t);
            }
        }
        assertEquals(List.of(new MediaEvent.TrackStarted("0", 0x7777), new MediaEvent.TrackStarted("1", 0x7777)), started);
        assertEquals("1", b.stats(0).inbound(0x7777).mid());
        assertEquals(1, b.stats(0).inbound().size());
    }

    @Test
    void closeSaysByeAndTheRemoteMarksTheStreamEnded() throws Exception {
        Pair p = new Pair(20, videoOneWay(), c -> c);
        p.conditions(CLEAN);
        p.send("0", vp8File(), CLEAN, CLEAN);
        assertFalse(p.b.stats().inbound(0xA1).ended());
        p.a.session.close(p.sim.now());
        p.a.drain();
        p.sim.runFor(Duration.ofMillis(100));
        List<io.jrtc.rtp.rtcp.Goodbye> byes = p.a.sentRtcp(io.jrtc.rtp.rtcp.Goodbye.class);
        assertEquals(1, byes.size());
        assertEquals(List.of(0xA1L), byes.get(0).ssrcs());
        assertTrue(p.b.stats().inbound(0xA1).ended());
        assertEquals(Long.MAX_VALUE, p.a.session.pollTimeout(), "no timer left");
        assertTrue(p.a.stats().outbound().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> p.a.session.sendFrame(0, "0", new byte[10], 0));
    }

    @Test
    void aSenderThatJumpsItsSequenceNumbersIsFollowed() {
        Sdps.Exchange x = videoOneWay();
        MediaSession b = new MediaSession(MediaPeer.config(21));
        b.configure(0, x.answerer());
        io.jrtc.rtp.codec.Vp8Packetizer vp = new io.jrtc.rtp.codec.Vp8Packetizer(0);
        long[] now = {0};
        int[] seq = {100};
        long[] ts = {0};
        int[] sent = {0};
        java.util.function.BiConsumer<Boolean, Integer> frame = (key, size) -> {
            byte[] f = new byte[size];
            f[0] = (byte) (key ? 0 : 1);
            List<byte[]> parts = vp.packetize(f, 1000);
            for (int i = 0; i < parts.size(); i++) {
                byte[] d = RtpPacket.of(i == parts.size() - 1, 96, seq[0]++ & 0xffff, ts[0], 0xA1, Bytes.wrap(parts.get(i))).encode();
                b.handleRtp(now[0], d, 0, d.length);
                sent[0]++;
            }
            ts[0] += 3000;
            now[0] += 33 * MS;
            for (long t = b.pollTimeout(); t <= now[0]; t = b.pollTimeout()) {
                b.handleTimeout(t);
            }
        };
        frame.accept(true, 3000);
        for (int i = 0; i < 20; i++) {
            frame.accept(false, 500);
        }
        seq[0] += 30000; // forward: a restart at once
        frame.accept(true, 3000);
        for (int i = 0; i < 20; i++) {
            frame.accept(false, 500);
        }
        seq[0] -= 20000; // backward: confirmed by the next packet, then the first one is replayed
        frame.accept(true, 3000);
        for (int i = 0; i < 20; i++) {
            frame.accept(false, 500);
        }
        long frames = 0;
        for (MediaEvent e; (e = b.pollEvent()) != null; ) {
            if (e instanceof MediaEvent.FrameReceived) {
                frames++;
            }
        }
        assertEquals(3 * 21, frames, "every frame: before the jumps and after each");
        MediaStats.Inbound in = b.stats(now[0]).inbound(0xA1);
        assertEquals(0, in.pliCount(), "nothing was lost: " + in);
        assertEquals(0, in.packetsLost(), "statistics started over");
        assertEquals(0, in.packetsDuplicated());
        assertEquals(sent[0], in.packetsReceived(), "every packet counted once, the replayed one too");
    }
}
