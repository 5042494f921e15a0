package io.jrtc.rtp.cc;

import io.jrtc.core.Engine;
import io.jrtc.rtp.rtcp.CongestionControlFeedback;
import io.jrtc.rtp.rtcp.TransportCcFeedback;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The sender's bandwidth estimator: Google Congestion Control (draft-ietf-rmcat-gcc-02) driven by
 * transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) or RFC 8888
 * congestion control feedback, with REMB from the remote as a bound (or the only input when neither
 * was negotiated). A sans-IO engine: time comes in as {@code now}, nothing is read from a clock.
 *
 * <pre>
 *   onPacketSent(now, transport seq, ssrc, rtp seq, size, probe id)  ──► send history (8192 packets)
 *   onTransportCcFeedback / onCongestionControlFeedback(now, fb)
 *        │ per packet the feedback names: known? (else counted, ignored)
 *        ├─► received: arrival time ──► delay-based: groups → trendline → over-use detector → AIMD
 *        │                          ├─► acknowledged rate (500 ms)      ─┘ (decrease to 0.85 × it)
 *        │                          └─► probe results (cluster send / receive rate) ─► jump up
 *        └─► lost / received counts ──► loss-based bound (above 10 % cut, below 2 % raise)
 *   onRemb(now, bps) ──► a bound
 *   target = min(delay-based, loss-based, REMB)  ──► pollEvent: BandwidthEstimate (≥ 5 % change)
 *   pollTransmit: ProbeCluster for the pacer (initial 3× and 6×, further 2×, after ALR 2×)
 * </pre>
 *
 * <p>Work per feedback is bounded by the feedback's size and by the history: a run-length chunk
 * claiming thousands of lost packets is intersected with what we actually sent, without a loop
 * per claimed packet, and nothing is allocated per reported packet. Reports about packets we never
 * sent (or forgot) are counted in {@link Stats#unknownPacketReports()} and ignored.
 *
 * <p>The pacer should send at {@link #pacingRateBps()} (2.5 × the target). Confined to one thread.
 */
public final class BandwidthEstimator implements Engine<ProbeCluster, BandwidthEstimate> {
    private static final System.Logger LOG = System.getLogger("jrtc.rtp");
    /** The pacing rate relative to the target. */
    public static final double PACING_FACTOR = 2.5;
    private static final double SIGNIFICANT_CHANGE = 0.05;
    private static final long ACKED_WINDOW_NANOS = 500_000_000L;

    /**
     * The estimator's settings.
     *
     * @param startBps what to send before any feedback (and what the initial probes multiply)
     * @param minBps   the target never goes below this
     * @param maxBps   nor above this
     * @param probing  whether to probe (initially, further, after the application-limited region)
     */
    public record Config(long startBps, long minBps, long maxBps, boolean probing) {
        /**
         * Checks the bounds.
         *
         * @param startBps what to send before any feedback
         * @param minBps   the lowest target
         * @param maxBps   the highest target
         * @param probing  whether to probe
         * @throws IllegalArgumentException unless {@code 0 < minBps <= startBps <= maxBps}
         */
        public Config {
            if (minBps <= 0 || maxBps < minBps || startBps < minBps || startBps > maxBps) {
                throw new IllegalArgumentException("need 0 < min <= start <= max: " + minBps + ", " + startBps + ", " + maxBps);
            }
        }

        /**
         * What browsers do: start at 300 kbit/s, 30 kbit/s to 10 Mbit/s (raise for more), probing on.
         *
         * @return the default settings
         */
        public static Config defaults() {
            return new Config(300_000, 30_000, 10_000_000, true);
        }

        /**
         * The same settings with another start bitrate.
         *
         * @param bps what to send before any feedback, within the bounds
         * @return the new settings
         */
        public Config withStart(long bps) {
            return new Config(bps, minBps, maxBps, probing);
        }

        /**
         * The same settings with other bounds; the start bitrate is moved inside them.
         *
         * @param min the lowest target
         * @param max the highest target
         * @return the new settings
         */
        public Config withBounds(long min, long max) {
            return new Config(Math.max(min, Math.min(max, startBps)), min, max, probing);
        }

        /**
         * The same settings with probing on or off (off: the estimate only grows by AIMD).
         *
         * @param on whether to probe
         * @return the new settings
         */
        public Config withProbing(boolean on) {
            return new Config(startBps, minBps, maxBps, on);
        }
    }

    /**
     * Counters.
     *
     * @param packetsSent          packets recorded as sent
     * @param feedbackPackets      transport-cc and RFC 8888 feedback packets taken
     * @param rembPackets          REMB values taken
     * @param packetsReported      reports (received or lost) about packets we sent
     * @param unknownPacketReports reports about packets we never sent or no longer remember (ignored)
     * @param duplicateReports     reports repeating what an earlier feedback said
     * @param lateReceived         packets first reported lost, later received
     * @param overuses             times the detector signalled over-use
     * @param probes               probe clusters requested
     * @param probeResults         probe results that were measured
     */
    public record Stats(long packetsSent, long feedbackPackets, long rembPackets, long packetsReported,
            long unknownPacketReports, long duplicateReports, long lateReceived, long overuses, long probes,
            long probeResults) {
    }

    private final Config config;
    private final SendHistory history = new SendHistory();
    private final DelayBasedEstimator delay;
    private final LossBasedEstimator loss;
    private final RateWindow acked = new RateWindow(ACKED_WINDOW_NANOS, 100_000_000L);
    private final ProbeBitrateEstimator probeResults = new ProbeBitrateEstimator();
    private final ProbeController probes;
    private final AlrDetector alr = new AlrDetector();
    private final ArrayDeque<ProbeCluster> probeOut = new ArrayDeque<>();
    private final ArrayDeque<BandwidthEstimate> events = new ArrayDeque<>();
    /** Per feedback: received packets, packed (arrival µs &lt;&lt; 13 | slot), sorted by arrival. */
    private final long[] batch = new long[SendHistory.CAPACITY];
    private final long[] batchArrival = new long[SendHistory.CAPACITY];

    private long target;
    private long rembBps = -1;
    private long lastAckedBps = -1;
    private long rttNanos = 200_000_000L;
    private boolean rttFromReports;
    private long lastFeedbackAt = Long.MIN_VALUE;
    private long lastReported = -1;
    private long feedbackPackets;
    private long rembPackets;
    private long packetsReported;
    private long unknownReports;
    private long duplicateReports;
    private long lateReceived;
    private long probesMeasured;
    private long lastCcfbReport = Long.MIN_VALUE;

    /**
     * An estimator at its start bitrate, with no packet sent yet.
     *
     * @param config the bounds, start bitrate and whether to probe
     */
    public BandwidthEstimator(Config config) {
        this.config = config;
        this.delay = new DelayBasedEstimator(config.startBps(), config.minBps(), config.maxBps());
        this.loss = new LossBasedEstimator(config.minBps(), config.maxBps());
        this.probes = new ProbeController(config.maxBps());
        this.target = config.startBps();
    }

    // ================================================================== what we send

    /**
     * One packet left the pacer for the network.
     *
     * @param now          when it was sent
     * @param transportSeq the transport-wide sequence number stamped on it, or -1 when none is
     * @param ssrc         its SSRC (for RFC 8888 feedback)
     * @param rtpSeq       its RTP sequence number, or -1 to leave it out of RFC 8888 matching
     * @param size         its size on the wire (the RTP packet; SRTP's tag may be included)
     * @param probeCluster the probe it belongs to, or {@link ProbeCluster#NONE}
     * @param padding      whether it only carries padding (not application data, for the ALR detector)
     */
    public void onPacketSent(long now, int transportSeq, long ssrc, int rtpSeq, int size, int probeCluster, boolean padding) {
        if (config.probing() && history.packetsSent() == 0) {
            probes.onStart(now, config.startBps());
            drainProbes();
        }
        history.add(now, transportSeq, ssrc, rtpSeq, size, probeCluster);
        if (!padding && probeCluster == ProbeCluster.NONE) {
            int change = alr.onSent(now, size, target);
            delay.rateControl().setApplicationLimited(alr.inAlr());
            if (change < 0 && config.probing()) {
                probes.onAlrEnded(now, target);
                drainProbes();
            }
        }
    }

    /** A probe the pacer started (the estimator measures it against its size). */
    private void drainProbes() {
        for (ProbeCluster c; (c = probes.poll()) != null; ) {
            probeResults.onProbe(c);
            probeOut.add(c);
            LOG.log(System.Logger.Level.DEBUG, "[BWE] probe {0} at {1} kbit/s", c.id(), c.bitrateBps() / 1000);
        }
    }

    // ================================================================== feedback

    /**
     * Transport-wide CC feedback from the remote.
     *
     * @param now when it arrived
     * @param fb  the feedback packet
     */
    public void onTransportCcFeedback(long now, TransportCcFeedback fb) {
        feedbackPackets++;
        lastFeedbackAt = now;
        int count = fb.statusCount();
        if (history.highest() < 0) {
            unknownReports += count;
            return;
        }
        long base = history.unwrap(fb.baseSequence());
        long oldest = history.oldest();
        long highest = history.highest();
        long lostNow = 0;
        long expectedNow = 0;
        int n = 0;
        long arrivalMicros = fb.referenceTimeMicros();
        List<Integer> deltas = fb.deltas();
        int d = 0;
        int covered = 0;
        for (TransportCcFeedback.Chunk c : fb.chunks()) {
            if (covered >= count) {
                break;
            }
            int symbols = Math.min(c.symbolCount(), count - covered);
            if (c instanceof TransportCcFeedback.RunLength r && r.symbol() == TransportCcFeedback.NOT_RECEIVED) {
                // a run of losses: only the part we sent and still remember, without a loop per claim
                long from = Math.max(base + covered, oldest);
                long to = Math.min(base + covered + symbols - 1, highest);
                long known = Math.max(0, to - from + 1);
                unknownReports += symbols - known;
                for (long id = from; id <= to; id++) {
                    int s = history.slot(id);
                    if (s < 0) {
                        unknownReports++;
                    } else if (history.states[s] == SendHistory.UNREPORTED) {
                        history.states[s] = SendHistory.LOST;
                        lostNow++;
                        expectedNow++;
                        packetsReported++;
                    } else {
                        duplicateReports++;
                    }
                }
                covered += symbols;
                continue;
            }
            for (int i = 0; i < symbols; i++, covered++) {
                int sym = c.symbol(i);
                long id = base + covered;
                int s = id < oldest || id > highest ? -1 : history.slot(id);
                if (sym == TransportCcFeedback.SMALL_DELTA || sym == TransportCcFeedback.LARGE_DELTA) {
                    if (d >= deltas.size()) {
                        break; // the record guarantees one delta per received packet; defensive
                    }
                    arrivalMicros += deltas.get(d++) * 250L;
                    if (s < 0) {
                        unknownReports++;
                        continue;
                    }
                    byte state = history.states[s];
                    if (state == SendHistory.RECEIVED) {
                        duplicateReports++;
                        continue;
                    }
                    if (state == SendHistory.LOST) {
                        lostNow--;
                        lateReceived++;
                    } else {
                        expectedNow++;
                    }
                    history.states[s] = SendHistory.RECEIVED;
                    packetsReported++;
                    batchArrival[s] = arrivalMicros * 1000L;
                    batch[n++] = (arrivalMicros << 13) | s;
                } else if (s < 0) {
                    unknownReports++;
                } else if (history.states[s] == SendHistory.UNREPORTED) {
                    history.states[s] = SendHistory.LOST;
                    lostNow++;
                    expectedNow++;
                    packetsReported++;
                } else {
                    duplicateReports++;
                }
            }
        }
        finishFeedback(now, n, lostNow, expectedNow);
    }

    /**
     * RFC 8888 feedback: packets named by SSRC and RTP sequence number, arrival times as offsets
     * before the report timestamp (1/1024 s units, 16.16 NTP time).
     *
     * @param now when it arrived
     * @param fb  the feedback packet
     */
    public void onCongestionControlFeedback(long now, CongestionControlFeedback fb) {
        feedbackPackets++;
        lastFeedbackAt = now;
        long reportMicros = fb.reportTimestamp() * 1_000_000L >>> 16;
        if (lastCcfbReport != Long.MIN_VALUE) {
            // unwrap the 32-bit 16.16 timestamp (wraps every 18 hours) against the previous report
            long wrap = (1L << 32) * 1_000_000L >>> 16;
            while (reportMicros + wrap / 2 < lastCcfbReport) {
                reportMicros += wrap;
            }
        }
        lastCcfbReport = reportMicros;
        long lostNow = 0;
        long expectedNow = 0;
        int n = 0;
        for (CongestionControlFeedback.StreamReport r : fb.reports()) {
            List<CongestionControlFeedback.Metric> metrics = r.metrics();
            for (int i = 0; i < metrics.size(); i++) {
                CongestionControlFeedback.Metric m = metrics.get(i);
                int s = history.slotByRtp(r.ssrc(), (r.beginSequence() + i) & 0xffff);
                if (s < 0) {
                    unknownReports++;
                    continue;
                }
                byte state = history.states[s];
                if (m.received() && m.arrivalTimeOffset() < 0x1ffe) {
                    if (state == SendHistory.RECEIVED) {
                        duplicateReports++;
                        continue;
                    }
                    if (state == SendHistory.LOST) {
                        lostNow--;
                        lateReceived++;
                    } else {
                        expectedNow++;
                    }
                    history.states[s] = SendHistory.RECEIVED;
                    packetsReported++;
                    long arrival = reportMicros - m.arrivalTimeOffset() * 1_000_000L / 1024;
                    batchArrival[s] = arrival * 1000L;
                    if (n < batch.length) {
                        batch[n++] = (arrival << 13) | s;
                    }
                } else if (!m.received() && state == SendHistory.UNREPORTED) {
                    history.states[s] = SendHistory.LOST;
                    lostNow++;
                    expectedNow++;
                    packetsReported++;
                } else if (!m.received()) {
                    duplicateReports++;
                }
            }
        }
        finishFeedback(now, n, lostNow, expectedNow);
    }

    private void finishFeedback(long now, int n, long lostNow, long expectedNow) {
        Arrays.sort(batch, 0, n);
        long latestSend = Long.MIN_VALUE;
        long latestArrival = Long.MIN_VALUE;
        long probeResult = -1;
        for (int k = 0; k < n; k++) {
            int s = (int) (batch[k] & (SendHistory.CAPACITY - 1));
            long sent = history.sendTime(s);
            long arrival = batchArrival[s];
            int size = history.size(s);
            delay.onPacket(sent, arrival, size, now);
            acked.add(arrival, size);
            latestArrival = Math.max(latestArrival, arrival);
            latestSend = Math.max(latestSend, sent);
            int probe = history.probe(s);
            if (probe != ProbeCluster.NONE) {
                long r = probeResults.onAcked(probe, sent, arrival, size);
                if (r > 0) {
                    probeResult = r;
                    probesMeasured++;
                }
            }
        }
        if (n > 0 && !rttFromReports) {
            long sample = now - latestSend;
            if (sample > 0) {
                rttNanos = (long) (0.8 * rttNanos + 0.2 * sample);
                delay.rateControl().setRtt(rttNanos);
            }
        }
        if (latestArrival != Long.MIN_VALUE) {
            lastAckedBps = acked.rateBps(latestArrival);
        }
        if (n > 0) {
            long before = delay.estimate();
            delay.update(lastAckedBps, now);
            if (probeResult > 0 && probeResult > delay.estimate()) {
                delay.rateControl().setEstimate(probeResult, now);
                LOG.log(System.Logger.Level.DEBUG, "[BWE] probe result {0} kbit/s (estimate was {1})",
                        probeResult / 1000, before / 1000);
            }
        }
        loss.onFeedback(lostNow, expectedNow);
        loss.update(now, target, rttNanos);
        updateTarget(now);
        if (config.probing()) {
            probes.onEstimate(now, delay.estimate());
            drainProbes();
        }
    }

    /**
     * The remote's REMB (goog-remb): a bound on the target, the only input without transport-cc.
     *
     * @param now when it arrived
     * @param bps the bitrate it announces
     */
    public void onRemb(long now, long bps) {
        rembPackets++;
        rembBps = Math.max(0, bps);
        updateTarget(now);
    }

    /**
     * Loss from an RTCP receiver report (RFC 3550 fraction lost, 0..255, over {@code packets}
     * expected), for the loss-based bound when there is no transport-cc or RFC 8888 feedback.
     *
     * @param now          when the report arrived
     * @param fractionLost the report block's fraction lost, 0..255 (of 256)
     * @param packets      packets the receiver expected since its previous report
     */
    public void onReceiverReportLoss(long now, int fractionLost, long packets) {
        if (lastFeedbackAt != Long.MIN_VALUE || packets <= 0) {
            return; // per-packet feedback already counts every loss
        }
        long lost = Math.round(packets * Math.max(0, Math.min(255, fractionLost)) / 256.0);
        loss.onFeedback(lost, packets);
        loss.update(now, target, rttNanos);
        updateTarget(now);
    }

    /**
     * A round-trip time measured elsewhere (RTCP reports); it replaces the feedback-based one.
     *
     * @param now when it was measured
     * @param rtt the round-trip time, nanoseconds (ignored unless positive)
     */
    public void onRtt(long now, long rtt) {
        if (rtt > 0) {
            rttFromReports = true;
            rttNanos = rtt;
            delay.rateControl().setRtt(rtt);
        }
    }

    private void updateTarget(long now) {
        long t = lastFeedbackAt == Long.MIN_VALUE && rembBps >= 0 ? rembBps : delay.estimate();
        t = Math.min(t, loss.estimate());
        if (rembBps >= 0) {
            t = Math.min(t, rembBps);
        }
        t = Math.max(config.minBps(), Math.min(config.maxBps(), t));
        target = t;
        if (lastReported < 0 || Math.abs(t - lastReported) >= SIGNIFICANT_CHANGE * lastReported) {
            lastReported = t;
            events.add(estimate(now));
        }
    }

    // ================================================================== outputs

    /** {@return the bitrate to send at now, bits per second} */
    public long targetBps() {
        return target;
    }

    /** {@return the rate the pacer should send at: {@value #PACING_FACTOR} × the target, bits per second} */
    public long pacingRateBps() {
        return (long) (target * PACING_FACTOR);
    }

    /** {@return whether the application sent much less than the target lately (under half of it over 500 ms)} */
    public boolean applicationLimited() {
        return alr.inAlr();
    }

    /**
     * The current estimate, as an event would report it.
     *
     * @param now the time to stamp it with
     * @return the estimate and where it came from
     */
    public BandwidthEstimate estimate(long now) {
        return new BandwidthEstimate(now, target, delay.estimate(), loss.estimate(), rembBps, lastAckedBps,
                loss.lastLoss(), rttNanos, delay.usage());
    }

    /** {@return a snapshot of the counters} */
    public Stats stats() {
        return new Stats(history.packetsSent(), feedbackPackets, rembPackets, packetsReported, unknownReports,
                duplicateReports, lateReceived, delay.overuses(), probes.probes(), probesMeasured);
    }

    /**
     * Re-evaluates the application-limited region at {@code now} (time passing with nothing sent);
     * the estimate itself changes only with sending and feedback.
     */
    @Override
    public void handleTimeout(long now) {
        if (alr.check(now, target) != 0) {
            delay.rateControl().setApplicationLimited(alr.inAlr());
        }
    }

    /** {@return the next probe for the pacer to run, or null} */
    @Override
    public ProbeCluster pollTransmit() {
        return probeOut.poll();
    }

    /** {@return the next significant change of the target (5 % or more), or null} */
    @Override
    public BandwidthEstimate pollEvent() {
        return events.poll();
    }

    /** {@return {@link #NO_TIMEOUT}: the estimator asks for no timer ({@link #handleTimeout} may be called at any time)} */
    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }
}
