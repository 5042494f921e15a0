package io.jrtc.bench.webrtc;

import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.transport.EventLoops;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connection setup time, Java to Java over real loopback sockets: N sequential connections, each
 * offer → answer (complete descriptions, as a WHIP-style server exchanges them) → data channel open →
 * one echo → close. Prints each phase's median and the last line {@code median_ms=… p95_ms=…}.
 *
 * <pre>
 * java -cp 'bench/target/jrtc-benchmarks.jar:bench/target/lib/*' io.jrtc.bench.webrtc.ConnectBench --count 50
 * </pre>
 */
public final class ConnectBench {
    private ConnectBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = 50;
        int warmup = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: ConnectBench [--count N] [--warmup W]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        try (EventLoops loops = EventLoops.create(2)) {
            for (int i = 0; i < warmup; i++) {
                once(loops);
            }
            String[] phases = {"descriptions exchanged", "ICE connected", "DTLS connected", "channel open", "first echo"};
            double[][] t = new double[phases.length][count];
            for (int i = 0; i < count; i++) {
                double[] r = once(loops);
                for (int k = 0; k < phases.length; k++) {
                    t[k][i] = r[k];
                }
            }
            System.out.printf("connections=%d warmup=%d epoll=%s%n", count, warmup, loops.isEpoll());
            for (int k = 0; k < phases.length; k++) {
                Arrays.sort(t[k]);
                System.out.printf("  createOffer to %-22s median %6.1f ms  p95 %6.1f ms%n", phases[k] + ":", t[k][count / 2],
                        t[k][(int) (count * 0.95)]);
            }
            double[] total = t[phases.length - 1];
            System.out.printf("median_ms=%.1f p95_ms=%.1f%n", total[count / 2], total[(int) (count * 0.95)]);
        }
    }

    /** One connection: the times (ms from createOffer) of each phase. */
    private static double[] once(EventLoops loops) throws Exception {
        RtcConfiguration cfg = RtcConfiguration.builder().loopbackOnly().eventLoops(loops).build();
        try (PeerConnection offerer = new PeerConnection(cfg); PeerConnection answerer = new PeerConnection(cfg)) {
            answerer.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));
            RtcDataChannel ch = offerer.createDataChannel("bench");
            CompletableFuture<Long> ice = new CompletableFuture<>();
            CompletableFuture<Long> connected = new CompletableFuture<>();
            offerer.onIceConnectionStateChange(s -> {
                if (s == io.jrtc.ice.IceConnectionState.CONNECTED) {
                    ice.complete(System.nanoTime());
                }
            });
            offerer.onConnectionStateChange(s -> {
                if (s == io.jrtc.webrtc.PeerConnectionState.CONNECTED) {
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
