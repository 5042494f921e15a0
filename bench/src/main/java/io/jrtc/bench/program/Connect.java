package io.jrtc.bench.program;

import io.jrtc.ice.IceConnectionState;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.transport.EventLoops;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect}: connection setup time, Java to Java over real loopback sockets. N sequential
 * connections, each createOffer → answer (complete descriptions, as a WHIP-style server exchanges
 * them) → data channel open → one echo → close, after W uncounted ones. Prints each phase's median and
 * p95 (from createOffer) and the last line {@code median_ms=… p95_ms=…} (to the first echo).
 */
final class Connect {
    static final String USAGE = "connect --count N [--warmup W]";
    private static final String[] PHASES = {"descriptions exchanged", "ICE connected", "DTLS connected", "channel open", "first echo"};

    private Connect() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--count", "--warmup"), Set.of());
        int count = a.integer("--count", 50, 1, 1_000_000);
        int warmup = a.integer("--warmup", 10, 0, 1_000_000);
        try (EventLoops loops = EventLoops.create(2)) {
            for (int i = 0; i < warmup; i++) {
                once(loops);
            }
            double[][] t = new double[PHASES.length][count];
            for (int i = 0; i < count; i++) {
                double[] r = once(loops);
                for (int k = 0; k < PHASES.length; k++) {
                    t[k][i] = r[k];
                }
            }
            System.out.printf(Locale.ROOT, "connect: %d connections after %d warm-up, 2 event loops (epoll %s)%n", count, warmup, loops.isEpoll());
            for (int k = 0; k < PHASES.length; k++) {
                double[] s = Stats.sorted(t[k], count);
                System.out.printf(Locale.ROOT, "  createOffer to %-24s median %6.2f ms  p95 %6.2f ms%n", PHASES[k] + ":",
                        Stats.percentile(s, 50), Stats.percentile(s, 95));
            }
            double[] total = Stats.sorted(t[PHASES.length - 1], count);
            StringBuilder samples = new StringBuilder("samples_ms=");
            for (int i = 0; i < total.length; i++) {
                samples.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", total[i]));
            }
            System.out.println(samples);
            System.out.printf(Locale.ROOT, "median_ms=%.2f p95_ms=%.2f%n", Stats.percentile(total, 50), Stats.percentile(total, 95));
        }
        return 0;
    }

    /** One connection: the times (ms from createOffer) of each phase. */
    static double[] once(EventLoops loops) throws Exception {
        RtcConfiguration cfg = RtcConfiguration.builder().loopbackOnly().eventLoops(loops).build();
        try (PeerConnection offerer = new PeerConnection(cfg); PeerConnection answerer = new PeerConnection(cfg)) {
            answerer.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));
            RtcDataChannel ch = offerer.createDataChannel("bench");
            CompletableFuture<Long> ice = new CompletableFuture<>();
            CompletableFuture<Long> connected = new CompletableFuture<>();
            offerer.onIceConnectionStateChange(s -> {
                if (s == IceConnectionState.CONNECTED) {
                    ice.complete(System.nanoTime());
                }
            });
            offerer.onConnectionStateChange(s -> {
                if (s == PeerConnectionState.CONNECTED) {
                    connected.complete(System.nanoTime());
                }
            });
            CompletableFuture<Long> open = new CompletableFuture<>();
            CompletableFuture<Long> echo = new CompletableFuture<>();
            ch.onOpen(() -> {
                open.complete(System.nanoTime());
                ch.send("ping");
            });
            ch.onMessage(m -> echo.complete(System.nanoTime()));
            long t0 = System.nanoTime();
            offerer.setLocalDescription().get(5, TimeUnit.SECONDS);
            offerer.gatheringComplete().get(5, TimeUnit.SECONDS);
            answerer.setRemoteDescription(offerer.localDescription()).get(5, TimeUnit.SECONDS);
            answerer.setLocalDescription().get(5, TimeUnit.SECONDS);
            answerer.gatheringComplete().get(5, TimeUnit.SECONDS);
            offerer.setRemoteDescription(answerer.localDescription()).get(5, TimeUnit.SECONDS);
            long exchanged = System.nanoTime();
            long opened = open.get(10, TimeUnit.SECONDS);
            long echoed = echo.get(10, TimeUnit.SECONDS);
            return new double[] {(exchanged - t0) / 1e6, (ice.get(1, TimeUnit.SECONDS) - t0) / 1e6,
                (connected.get(1, TimeUnit.SECONDS) - t0) / 1e6, (opened - t0) / 1e6, (echoed - t0) / 1e6};
        }
    }
}
