package io.jrtc.bench.program;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.transport.EventLoops;
import io.jrtc.webrtc.transport.MuxTransport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code handshakes}: how many connection setups one server takes. The server is one event loop with
 * one mux port; its peer connections share one ECDSA P-256 certificate (as a server would). Clients,
 * on their own event loop and sockets in this process, keep {@code --concurrency} setups in flight, each
 * offer → answer → ICE → DTLS → data channel open, then close. The server's cost is its loop thread's
 * CPU time, so {@code setups_per_core_s} is what one server core sustains at this load.
 *
 * <p>A second figure, {@code dtls_handshakes_per_core_s}, is the DTLS 1.2 handshake alone in memory
 * (both roles on this thread: ECDSA P-256 signatures and verifications, X25519, AES-128-GCM), per CPU
 * second of both ends together.
 */
final class Handshakes {
    static final String USAGE = "handshakes --seconds S [--concurrency C] [--warmup S]";

    private Handshakes() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--seconds", "--concurrency", "--warmup"), Set.of());
        int seconds = a.integer("--seconds", 10, 1, 3600);
        int concurrency = a.integer("--concurrency", 16, 1, 10_000);
        int warmup = a.integer("--warmup", 3, 0, 600);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SecureRandom random = new SecureRandom();
        DtlsCertificate serverCert = DtlsCertificate.selfSignedEcdsa(random, Instant.now());
        DtlsCertificate clientCert = DtlsCertificate.selfSignedEcdsa(random, Instant.now());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
        try (EventLoops serverLoop = EventLoops.create(1); EventLoops clientLoops = EventLoops.create(1);
             MuxTransport mux = MuxTransport.bind(serverLoop, InetAddress.getLoopbackAddress(), 0, 0)) {
            long serverThread = threadIdOf(mux);
            RtcConfiguration serverCfg = RtcConfiguration.builder().loopbackOnly().muxPort(mux).certificate(serverCert).build();
            RtcConfiguration clientCfg = RtcConfiguration.builder().loopbackOnly().eventLoops(clientLoops).certificate(clientCert).build();
            Semaphore window = new Semaphore(concurrency);
            long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
            long end = warmEnd + seconds * 1_000_000_000L;
            int startCount = -1;
            long startCpu = 0;
            long t0 = 0;
            while (System.nanoTime() < end) {
                if (startCount < 0 && System.nanoTime() >= warmEnd) {
                    startCount = done.get();
                    startCpu = threads.getThreadCpuTime(serverThread);
                    t0 = System.nanoTime();
                }
                if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                setup(serverCfg, clientCfg).whenComplete((v, e) -> {
                    if (e == null) {
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        if (reasons.size() < 5) {
                            reasons.add(String.valueOf(e));
                        }
                    }
                    window.release();
                });
            }
            int measured = done.get() - Math.max(0, startCount);
            double serverCpu = (threads.getThreadCpuTime(serverThread) - startCpu) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            window.acquire(concurrency); // let the last ones finish before the loops close
            double dtlsRate = dtlsInMemory(serverCert, clientCert, random);
            System.out.printf(Locale.ROOT, "handshakes: %d setups in %.1f s with %d in flight (after %d s warm-up); server loop CPU %.2f s%n",
                    measured, wall, concurrency, warmup, serverCpu);
            for (String r : reasons) {
                System.out.println("  failure: " + r);
            }
            System.out.printf(Locale.ROOT, "setups_per_s=%.0f setups_per_core_s=%.0f server_cpu_ms_per_setup=%.2f dtls_handshakes_per_core_s=%.0f failed=%d%n",
                    measured / wall, serverCpu > 0 ? measured / serverCpu : 0, serverCpu * 1000 / Math.max(1, measured), dtlsRate,
                    failed.get());
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private static long threadIdOf(MuxTransport mux) throws Exception {
        return mux.eventLoop().submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
    }

    /** One setup, closed when the channel is open; completes exceptionally on failure or after 10 s. */
    private static CompletableFuture<Void> setup(RtcConfiguration serverCfg, RtcConfiguration clientCfg) {
        PeerConnection client = new PeerConnection(clientCfg);
        PeerConnection server = new PeerConnection(serverCfg);
        CompletableFuture<Void> open = new CompletableFuture<>();
        RtcDataChannel ch = client.createDataChannel("hs");
        ch.onOpen(() -> open.complete(null));
        client.setLocalDescription()
                .thenCompose(v -> client.gatheringComplete())
                .thenCompose(v -> server.setRemoteDescription(client.localDescription()))
                .thenCompose(v -> server.setLocalDescription())
                .thenCompose(v -> server.gatheringComplete())
                .thenCompose(v -> client.setRemoteDescription(server.localDescription()))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        open.completeExceptionally(e);
                    }
                });
        return open.orTimeout(10, TimeUnit.SECONDS).whenComplete((v, e) -> {
            client.close();
            server.close();
        });
    }

    /** DTLS 1.2 handshakes in memory on this thread, both ends, for about two seconds: handshakes per CPU second. */
    private static double dtlsInMemory(DtlsCertificate serverCert, DtlsCertificate clientCert, SecureRandom random) {
        DtlsConfig c = DtlsConfig.builder().certificate(clientCert).random(random).expectedPeerFingerprint(serverCert.fingerprint()).build();
        DtlsConfig s = DtlsConfig.builder().certificate(serverCert).random(random).expectedPeerFingerprint(clientCert.fingerprint()).build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) {
            handshake(c, s);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wallEnd = System.nanoTime() + 2_000_000_000L;
        int n = 0;
        while (System.nanoTime() < wallEnd) {
            handshake(c, s);
            n++;
        }
        return n / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    private static void handshake(DtlsConfig c, DtlsConfig s) {
        DtlsEndpoint client = DtlsEndpoint.client(c);
        DtlsEndpoint server = DtlsEndpoint.server(s);
        client.start(0);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (byte[] d; (d = client.pollTransmit()) != null; moved = true) {
                server.handleInput(0, d);
            }
            for (byte[] d; (d = server.pollTransmit()) != null; moved = true) {
                client.handleInput(0, d);
            }
        }
        if (!client.isEstablished() || !server.isEstablished()) {
            throw new IllegalStateException("in-memory DTLS handshake did not complete");
        }
    }
}
