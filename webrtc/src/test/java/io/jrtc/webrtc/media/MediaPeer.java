package io.jrtc.webrtc.media;

import io.jrtc.core.Datagram;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.testkit.SimNode;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A {@link MediaSession} on the test kit's simulated network, talking plaintext RTP/RTCP (no SRTP) to
 * one peer: records its events and every datagram it sent, with the time.
 */
final class MediaPeer implements SimNode {
    static final long MS = 1_000_000L;
    /** 2023-08-01 in NTP nanoseconds: the wall clock at now = 0. */
    static final long NTP_AT_ZERO = 3_900_000_000L * 1_000_000_000L;

    record Sent(long at, byte[] data) {
        boolean rtcp() {
            return RtpPacket.isRtcp(data, 0, data.length);
        }

        RtpPacket rtp() {
            try {
                return RtpPacket.parse(data);
            } catch (RtpParseException e) {
                throw new AssertionError(e);
            }
        }

        List<RtcpPacket> rtcpPackets() {
            try {
                return RtcpPacket.parseCompound(data);
            } catch (RtpParseException e) {
                throw new AssertionError(e);
            }
        }
    }

    final MediaSession session;
    final InetSocketAddress local;
    final InetSocketAddress remote;
    private final LongSupplier clock;
    final List<MediaEvent> events = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<RuntimeException> errors = new ArrayList<>();
    /** Called with every event as it is drained (forwarding glue). */
    Consumer<MediaEvent> onEvent = e -> { };

    MediaPeer(MediaSession session, InetSocketAddress local, InetSocketAddress remote, LongSupplier clock) {
        this.session = session;
        this.local = local;
        this.remote = remote;
        this.clock = clock;
    }

    static MediaConfig config(long seed) {
        return MediaConfig.defaults(new SplittableRandom(seed), NTP_AT_ZERO);
    }

    @Override
    public void handleInput(long now, Datagram datagram) {
        byte[] b = datagram.data();
        try {
            if (RtpPacket.isRtcp(b, 0, b.length)) {
                session.handleRtcp(now, b, 0, b.length);
            } else {
                session.handleRtp(now, b, 0, b.length);
            }
        } catch (RuntimeException e) {
            errors.add(e);
        }
        drain();
    }

    @Override
    public void handleTimeout(long now) {
        session.handleTimeout(now);
        drain();
    }

    @Override
    public Datagram pollTransmit() {
        byte[] b = session.pollTransmit();
        drain();
        if (b == null) {
            return null;
        }
        sent.add(new Sent(clock.getAsLong(), b));
        return new Datagram(local, remote, b);
    }

    @Override
    public long pollTimeout() {
        return session.pollTimeout();
    }

    void drain() {
        for (MediaEvent e; (e = session.pollEvent()) != null; ) {
            events.add(e);
            onEvent.accept(e);
        }
    }

    <E extends MediaEvent> List<E> events(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (MediaEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** The frames received on {@code mid}, in order, as bytes. */
    List<byte[]> frames(String mid) {
        List<byte[]> out = new ArrayList<>();
        for (MediaEvent.FrameReceived f : events(MediaEvent.FrameReceived.class)) {
            if (f.mid().equals(mid)) {
                out.add(f.frame().data().toByteArray());
            }
        }
        return out;
    }

    /** Every RTCP part we sent of {@code type}. */
    <P extends RtcpPacket> List<P> sentRtcp(Class<P> type) {
        List<P> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.rtcp()) {
                for (RtcpPacket p : s.rtcpPackets()) {
                    if (type.isInstance(p)) {
                        out.add(type.cast(p));
                    }
                }
            }
        }
        return out;
    }

    /** Every RTP packet we sent. */
    List<RtpPacket> sentRtp() {
        List<RtpPacket> out = new ArrayList<>();
        for (Sent s : sent) {
            if (!s.rtcp()) {
                out.add(s.rtp());
            }
        }
        return out;
    }

    MediaStats stats() {
        return session.stats(clock.getAsLong());
    }

    /**
     * Everything {@code s} sends from {@code from} to {@code until} on the virtual clock, its timers run
     * when due (the pacer releases queued packets in bursts): what was queued at {@code from} comes out.
     */
    static List<byte[]> runTimers(MediaSession s, long from, long until) {
        List<byte[]> out = new ArrayList<>();
        long now = from;
        while (true) {
            for (byte[] d; (d = s.pollTransmit()) != null; ) {
                out.add(d);
            }
            long t = s.pollTimeout();
            if (t > until) {
                return out;
            }
            now = Math.max(now, t);
            s.handleTimeout(now);
        }
    }
}
