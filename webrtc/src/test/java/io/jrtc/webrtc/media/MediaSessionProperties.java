package io.jrtc.webrtc.media;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.jrtc.webrtc.media.MediaPeer.MS;
import static org.junit.jupiter.api.Assertions.*;

/** Whatever bytes come in, a {@link MediaSession} counts what it cannot use and never throws. */
class MediaSessionProperties {
    /** Both sides send and receive audio and video (RTX, mid, transport-cc): every path is live. */
    static final Sdps.Exchange EXCHANGE = Sdps.exchange(List.of(
            Transceiver.of(MediaKind.AUDIO, Direction.SENDRECV, new SendStream("s", "a", 0x11, null, "a")),
            Transceiver.of(MediaKind.VIDEO, Direction.SENDRECV, new SendStream("s", "v", 0x21, 0x22L, "a"))),
            o -> o.withSend("0", new SendStream("t", "a", 0x31, null, "b")).withSend("1", new SendStream("t", "v", 0x41, 0x42L, "b")),
            x -> x);

    /** Real traffic between the two: A's RTP (with RTX) and RTCP, B's reports, NACKs and feedback. */
    static final List<byte[]> TRAFFIC = traffic();

    static List<byte[]> traffic() {
        MediaSession a = new MediaSession(MediaPeer.config(1));
        MediaSession b = new MediaSession(MediaPeer.config(2));
        a.configure(0, EXCHANGE.offerer());
        b.configure(0, EXCHANGE.answerer());
        List<byte[]> out = new ArrayList<>();
        List<byte[]> frames = MediaSessionTest.syntheticVp8(3, 40, 20, 4000, 900);
        SplittableRandom loss = new SplittableRandom(4);
        long now = 0;
        for (int i = 0; i < frames.size(); i++, now += 33 * MS) {
            a.sendFrame(now, "1", frames.get(i), 3000L * i);
            a.sendFrame(now, "0", new byte[] {(byte) 0xfc, (byte) i, 0, 0}, 960L * i);
            for (long t = now; t < now + 33 * MS; t = Math.max(t + MS, Math.min(a.pollTimeout(), b.pollTimeout()))) {
                a.handleTimeout(t);
                b.handleTimeout(t);
                for (byte[] d; (d = a.pollTransmit()) != null; ) {
                    out.add(d);
                    if (loss.nextInt(10) != 0) {
                        deliver(b, t, d);
                    }
                }
                for (byte[] d; (d = b.pollTransmit()) != null; ) {
                    out.add(d);
                    deliver(a, t, d);
                }
            }
        }
        return out;
    }

    static void deliver(MediaSession s, long now, byte[] d) {
        if (RtpPacket.isRtcp(d, 0, d.length)) {
            s.handleRtcp(now, d, 0, d.length);
        } else {
            s.handleRtp(now, d, 0, d.length);
        }
    }

    static MediaSession receiver() {
        MediaSession b = new MediaSession(MediaPeer.config(5).withMaxRemoteStreams(8));
        b.configure(0, EXCHANGE.answerer());
        return b;
    }

    static void drainAll(MediaSession s, long now) {
        s.handleTimeout(now);
        while (s.pollEvent() != null) {
            // events are values: nothing to check but that draining ends
        }
        while (s.pollTransmit() != null) {
            // same
        }
        assertTrue(s.pollTimeout() > now, "every timer moved on");
        s.stats(now);
    }

    @Property(tries = 1000)
    void randomBytesAreCountedNeverThrown(@ForAll @Size(max = 1500) byte[] bytes, @ForAll boolean asRtcp) {
        MediaSession b = receiver();
        MediaStats.Counters before = b.stats(0).counters();
        if (asRtcp) {
            b.handleRtcp(0, bytes, 0, bytes.length);
        } else {
            b.handleRtp(0, bytes, 0, bytes.length);
        }
        MediaStats.Counters after = b.stats(0).counters();
        boolean rtcp = asRtcp || RtpPacket.isRtcp(bytes, 0, bytes.length);
        if (rtcp && bytes.length < 4) {
            assertEquals(before.malformedRtcp() + 1, after.malformedRtcp(), "too short for an RTCP header");
        }
        if (!rtcp && (bytes.length < 12 || (bytes[0] & 0xc0) != 0x80)) {
            assertEquals(before.malformedRtp() + 1, after.malformedRtp(), "not RTP version 2");
            assertTrue(b.stats(0).inbound().isEmpty());
        }
        drainAll(b, 10 * MS);
        drainAll(b, 2000 * MS);
    }

    @Property(tries = 300)
    void mutatedTrafficIsCountedNeverThrown(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int flips) {
        SplittableRandom r = new SplittableRandom(seed);
        MediaSession b = receiver();
        long now = 0;
        int n = 0;
        for (byte[] original : TRAFFIC) {
            byte[] d = original.clone();
            if (r.nextInt(3) == 0) {
                for (int i = 0; i < flips; i++) {
                    d[r.nextInt(d.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            int len = r.nextInt(8) == 0 ? r.nextInt(d.length + 1) : d.length;
            int off = r.nextInt(4) == 0 ? r.nextInt(len + 1) : 0;
            deliver(b, now, java.util.Arrays.copyOf(d, Math.max(len, off)), off, len - off);
            n++;
            now += MS / 2;
            if (now >= b.pollTimeout()) {
                drainAll(b, now);
            }
        }
        MediaStats st = b.stats(now);
        assertTrue(st.inbound().size() <= 8, "remote streams stay bounded: " + st.inbound().size());
        assertEquals(n, st.counters().rtpPacketsReceived() + st.counters().rtcpPacketsReceived());
        drainAll(b, now + 5000 * MS);
    }

    @net.jqwik.api.Example
    void theTrafficHasEveryKindOfPacket() {
        long rtx = TRAFFIC.stream().filter(d -> !RtpPacket.isRtcp(d, 0, d.length) && (d[1] & 0x7f) == 97).count();
        List<Class<?>> kinds = new ArrayList<>();
        for (byte[] d : TRAFFIC) {
            if (RtpPacket.isRtcp(d, 0, d.length)) {
                new MediaPeer.Sent(0, d).rtcpPackets().forEach(p -> kinds.add(p.getClass()));
            }
        }
        assertTrue(rtx > 0, "RTX");
        for (Class<?> k : List.of(io.jrtc.rtp.rtcp.SenderReport.class, io.jrtc.rtp.rtcp.SourceDescription.class,
                io.jrtc.rtp.rtcp.GenericNack.class, io.jrtc.rtp.rtcp.TransportCcFeedback.class)) {
            assertTrue(kinds.contains(k), k.getSimpleName());
        }
    }

    static void deliver(MediaSession s, long now, byte[] d, int off, int len) {
        if (RtpPacket.isRtcp(d, off, len)) {
            s.handleRtcp(now, d, off, len);
        } else {
            s.handleRtp(now, d, off, len);
        }
    }
}
