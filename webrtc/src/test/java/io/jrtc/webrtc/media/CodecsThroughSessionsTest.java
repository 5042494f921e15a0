package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every codec jrtc packetizes, negotiated alone, through two sessions on a lossy link: the frames of
 * the rtp module's ffmpeg-made sample files come out whole (video, through NACK/RTX) or as they
 * arrived (Opus: no NACK for audio).
 */
@ExtendWith(SeedReporter.class)
class CodecsThroughSessionsTest {
    static final LinkConditions CLEAN = LinkConditions.perfect().withLatency(Duration.ofMillis(15));

    static byte[] sample(String name) throws Exception {
        Path rel = Path.of("rtp", "src", "test", "resources", "media", name);
        return Files.readAllBytes(Files.isRegularFile(Path.of("..").resolve(rel)) ? Path.of("..").resolve(rel) : rel);
    }

    static List<byte[]> ivf(String name) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (IvfFile.Frame f : IvfFile.parse(sample(name)).frames()) {
            out.add(f.data().toByteArray());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP9", "AV1", "H264", "H265", "opus"})
    void sampleFramesArrive(String name) throws Exception {
        List<RtcpFeedback> fb = RtcpFeedback.videoDefaults();
        Codec codec;
        List<byte[]> frames;
        MediaKind kind = MediaKind.VIDEO;
        switch (name) {
            case "VP9":
                codec = Codec.vp9(98, 0, 99);
                frames = ivf("vp9.ivf");
                break;
            case "AV1":
                codec = new Codec(45, "AV1", 90000, 0, Map.of(), fb, 46);
                frames = ivf("av1.ivf");
                break;
            case "H264":
                codec = Codec.h264(102, "42e01f", 1, 103);
                frames = AnnexBFile.accessUnits(sample("h264.h264"), false);
                break;
            case "H265":
                codec = new Codec(104, "H265", 90000, 0, Map.of(), fb, 105);
                frames = AnnexBFile.accessUnits(sample("h265.h265"), true);
                break;
            default:
                codec = Codec.opus(111);
                kind = MediaKind.AUDIO;
                frames = new ArrayList<>();
                for (Bytes b : OggOpusFile.parse(sample("opus.opus")).packets()) {
                    frames.add(b.toByteArray());
                }
                break;
        }
        MediaKind k = kind;
        Transceiver t = new Transceiver(null, kind, Direction.SENDONLY, List.of(codec),
                kind == MediaKind.AUDIO ? HeaderExtension.audioDefaults() : HeaderExtension.videoDefaults(),
                new SendStream("s", "t", 0xA1, kind == MediaKind.AUDIO ? null : 0xA2L, "a"), false);
        Sdps.Exchange x = Sdps.exchange(List.of(t), o -> o.withCodecs(k, List.of(codec)), s -> s);
        assertEquals(codec.payloadType(), x.answerer().get(0).codecs().get(0).payloadType());
        MediaSessionTest.Pair p = new MediaSessionTest.Pair(300 + name.hashCode() % 100, x, c -> c);
        LinkConditions lossy = CLEAN.withLoss(0.05).withJitter(Duration.ofMillis(3));
        boolean audio = kind == MediaKind.AUDIO;
        long step = audio ? 960 : 3000;
        for (int i = 0; i < frames.size(); i++) {
            p.conditions(i == 0 || i == frames.size() - 1 ? CLEAN : lossy);
            p.a.session.sendFrame(p.sim.now(), "0", frames.get(i), step * i);
            p.sim.runFor(Duration.ofMillis(audio ? 20 : 33));
        }
        p.conditions(lossy);
        List<byte[]> got;
        if (audio) {
            p.sim.runFor(Duration.ofMillis(200));
            got = p.b.frames("0");
            assertTrue(got.size() >= frames.size() * 85 / 100 && got.size() < frames.size(), got.size() + " of " + frames.size());
            int k2 = 0;
            for (byte[] f : got) {
                while (!Arrays.equals(frames.get(k2), f)) {
                    k2++; // a lost one: the next that arrived is a later one
                }
                k2++;
            }
            assertTrue(p.b.events(MediaEvent.FrameReceived.class).stream().allMatch(f -> f.payloadType() == 111 && f.frame().keyframe()));
        } else {
            p.sim.runUntilOrFail(() -> p.b.frames("0").size() == frames.size(), Duration.ofSeconds(5),
                    () -> name + ": " + p.b.frames("0").size() + " of " + frames.size() + " " + p.b.stats().inbound());
            got = p.b.frames("0");
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(frames.get(i), got.get(i), name + " frame " + i);
            }
            MediaStats.Inbound v = p.b.stats().inbound(0xA1);
            // what was NACKed was repaired (the network may have lost only the probes' padding)
            assertTrue(v.retransmittedPacketsReceived() > 0 || v.nackCount() == 0, v.toString());
        }
        MediaStats.Inbound in = p.b.stats().inbound(0xA1);
        assertEquals(PayloadFormats.mimeType(kind, codec), in.mimeType());
        assertEquals(got.size(), in.framesReceived());
        assertTrue(p.a.errors.isEmpty() && p.b.errors.isEmpty());
    }
}
