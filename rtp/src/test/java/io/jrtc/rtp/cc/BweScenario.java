package io.jrtc.rtp.cc;

import io.jrtc.core.Datagram;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.pacing.Pacer;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.TransportCcGenerator;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SimNetwork;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sender (a video encoder that follows the target at 30 frames a second, audio every 20 ms, the
 * pacer, the estimator) and a receiver (transport-cc feedback every 100 ms) over the testkit's
 * seeded {@link SimNetwork}: a bottleneck of a given capacity with a drop-tail queue of 100 ms, the
 * RTT split evenly both ways, random loss on the forward path. Everything in virtual time.
 */
final class BweScenario {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    private static final long SSRC = 0x1234;
    private static final long AUDIO_SSRC = 0x5678;
    private static final int MTU_PAYLOAD = 1200;
    private static final long AUDIO_BPS = 100 * 8 * 50;

    /** What one simulated second looked like. */
    record Second(int t, long estimateBps, long sentBps, long queueMs) {
    }

    private final SimNetwork net;
    private final InetSocketAddress sender;
    private final InetSocketAddress receiver;
    private final long oneWay;
    private final double loss;
    private long capacity;
    final BandwidthEstimator bwe;
    final Pacer<byte[]> pacer;
    private final TransportCcGenerator feedback;
    private long now;
    private int tseq;
    private int rtpSeq;
    private long nextFrame;
    private long nextAudio;
    private long frameBitsCarry;

    /** Per second: bytes sent, the estimate at its end, the largest queue delay. */
    final List<Second> seconds = new ArrayList<>();
    private long secondBytes;
    private long secondMaxQueue;
    private long[] queueDelays = new long[1 << 16];
    private int queueSamples;
    private final long[] sendTimes = new long[1 << 16];
    long mediaPacketsSent;
    long mediaPacketsArrived;
    private long measureFrom;

    BweScenario(long seed, long capacityBps, long rttNanos, double loss) {
        this(seed, capacityBps, rttNanos, loss, BandwidthEstimator.Config.defaults());
    }

    BweScenario(long seed, long capacityBps, long rttNanos, double loss, BandwidthEstimator.Config config) {
        try {
            this.sender = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 5000);
            this.receiver = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 5000);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        this.net = new SimNetwork(seed);
        this.oneWay = rttNanos / 2;
        this.loss = loss;
        this.bwe = new BandwidthEstimator(config);
        this.pacer = new Pacer<>(Pacer.Config.defaults(), bwe.pacingRateBps());
        this.feedback = new TransportCcGenerator(TransportCcGenerator.Config.defaults(0x9999));
        setCapacity(capacityBps);
        net.setConditions(receiver.getAddress(), sender.getAddress(),
                LinkConditions.perfect().withLatency(Duration.ofNanos(oneWay)));
    }

    /** The bottleneck's capacity from now on; its queue holds 100 ms of it. */
    void setCapacity(long bps) {
        this.capacity = bps;
        net.setConditions(sender.getAddress(), receiver.getAddress(), LinkConditions.perfect()
                .withLatency(Duration.ofNanos(oneWay)).withLoss(loss).withBandwidth(bps, (int) (bps / 8 / 10)));
    }

    long capacity() {
        return capacity;
    }

    /** Queue delays and media loss are measured from {@code t} on. */
    void measureFrom(long t) {
        measureFrom = t;
        queueSamples = 0;
        mediaPacketsSent = 0;
        mediaPacketsArrived = 0;
    }

    long now() {
        return now;
    }

    /** Runs until {@code until} (virtual nanoseconds since the start). */
    void runUntil(long until) throws RtpParseException {
        while (true) {
            long next = Math.min(Math.min(nextFrame, nextAudio), Math.min(pacer.pollTimeout(), feedback.pollTimeout()));
            next = Math.min(next, net.nextDeliveryTime());
            long secondEnd = (seconds.size() + 1) * S;
            next = Math.min(next, secondEnd);
            if (next > until) {
                now = until;
                return;
            }
            now = Math.max(now, next);
            if (now >= secondEnd) {
                seconds.add(new Second(seconds.size() + 1, bwe.targetBps(), secondBytes * 8, secondMaxQueue / MS));
                secondBytes = 0;
                secondMaxQueue = 0;
            }
            if (now >= nextFrame) {
                encodeFrame();
                nextFrame = now + S / 30;
            }
            if (now >= nextAudio) {
                pacer.enqueue(now, new byte[100], 100, Pacer.Kind.AUDIO);
                nextAudio = now + 20 * MS;
            }
            pacer.handleTimeout(now);
            drainPacer();
            for (Datagram d; (d = net.poll(now)) != null; ) {
                deliver(d);
            }
            feedback.handleTimeout(now);
            for (TransportCcFeedback f; (f = feedback.pollTransmit()) != null; ) {
                net.send(now, new Datagram(receiver, sender, f.encode()));
            }
        }
    }

    private void encodeFrame() {
        // the encoder gets what the audio (100-byte packets every 20 ms) leaves of the target
        long bits = Math.max(bwe.targetBps() - AUDIO_BPS, 10_000) / 30 + frameBitsCarry;
        int bytes = (int) (bits / 8);
        frameBitsCarry = bits - bytes * 8L;
        while (bytes > 0) {
            int n = Math.min(bytes, MTU_PAYLOAD);
            pacer.enqueue(now, new byte[n], n, Pacer.Kind.VIDEO);
            bytes -= n;
        }
        drainPacer();
    }

    private void drainPacer() {
        for (Pacer.Sent<byte[]> s; (s = pacer.pollTransmit()) != null; ) {
            byte[] wire = s.packet() != null ? s.packet().clone() : new byte[s.size()];
            if (wire.length < 4) {
                wire = Arrays.copyOf(wire, 4);
            }
            int seq = tseq;
            tseq = (tseq + 1) & 0xffff;
            wire[0] = (byte) (seq >>> 8);
            wire[1] = (byte) seq;
            wire[2] = (byte) (s.padding() ? 1 : 0);
            long ssrc = wire.length == 100 && !s.padding() && s.probeCluster() == ProbeCluster.NONE ? AUDIO_SSRC : SSRC;
            bwe.onPacketSent(now, seq, ssrc, rtpSeq, wire.length, s.probeCluster(), s.padding());
            rtpSeq = (rtpSeq + 1) & 0xffff;
            sendTimes[seq] = now;
            secondBytes += wire.length;
            if (now >= measureFrom) {
                mediaPacketsSent++;
                wire[3] = 1;
            }
            net.send(now, new Datagram(sender, receiver, wire));
        }
        pacer.setPacingRate(bwe.pacingRateBps());
        for (ProbeCluster c; (c = bwe.pollTransmit()) != null; ) {
            pacer.addProbe(c);
        }
        while (bwe.pollEvent() != null) {
            // the target is read at each frame
        }
        while (pacer.pollEvent() != null) {
            // dropped at the pacer: counted in its stats
        }
    }

    private void deliver(Datagram d) throws RtpParseException {
        if (d.destination().equals(receiver)) {
            int seq = ((d.data()[0] & 0xff) << 8) | (d.data()[1] & 0xff);
            feedback.handleInput(now, SSRC, seq);
            long serialisation = d.data().length * 8L * S / capacity;
            long queued = Math.max(0, now - sendTimes[seq] - oneWay - serialisation);
            secondMaxQueue = Math.max(secondMaxQueue, queued);
            if (d.data()[3] == 1) {
                mediaPacketsArrived++;
                if (queueSamples == queueDelays.length) {
                    queueDelays = Arrays.copyOf(queueDelays, queueSamples * 2);
                }
                queueDelays[queueSamples++] = queued;
            }
        } else {
            for (RtcpPacket p : RtcpPacket.parseCompound(d.data())) {
                if (p instanceof TransportCcFeedback f) {
                    bwe.onTransportCcFeedback(now, f);
                }
            }
            drainPacer();
        }
    }

    /** The 95th percentile of queuing delay over the measured packets, in ms. */
    double queueDelayP95Ms() {
        long[] d = Arrays.copyOf(queueDelays, queueSamples);
        Arrays.sort(d);
        return d.length == 0 ? 0 : d[(int) Math.min(d.length - 1, Math.ceil(d.length * 0.95) - 1)] / 1e6;
    }

    /** The share of measured packets that did not arrive (queue drops and random loss). */
    double lossRate() {
        return mediaPacketsSent == 0 ? 0 : 1 - (double) mediaPacketsArrived / mediaPacketsSent;
    }

    /** The estimate at the end of each second, as "t=… est=… sent=… q=…" lines. */
    String trace() {
        StringBuilder b = new StringBuilder();
        for (Second s : seconds) {
            b.append("t=").append(s.t()).append(" est=").append(s.estimateBps() / 1000).append(" sent=")
                    .append(s.sentBps() / 1000).append(" q=").append(s.queueMs()).append('\n');
        }
        return b.toString();
    }
}
