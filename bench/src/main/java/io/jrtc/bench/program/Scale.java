package io.jrtc.bench.program;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.transport.EventLoops;
import io.jrtc.webrtc.transport.MuxTransport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scale}: N concurrent connections to one server process on one mux port, each echoing a
 * message every 100 ms. The server is a child JVM (this program's {@code scale-server} mode) so that
 * its heap and CPU are its own: it answers offers read from its stdin, echoes every message, and
 * reports its used heap after GC and its CPU time on request. The N clients are peer connections in
 * this process. {@code heap_per_pc_kib} is the server's heap growth per connection with every channel
 * open and idle; {@code cpu} is the server's CPU seconds per wall second during the echo phase; the
 * echo times are measured by the clients (a timestamp in each message).
 */
final class Scale {
    static final String USAGE = "scale --pcs N [--seconds S] [--size B] [--interval-ms MS] [--server-heap SIZE]";

    private Scale() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--pcs", "--seconds", "--size", "--interval-ms", "--server-heap", "--concurrency"), Set.of());
        int pcs = a.integer("--pcs", 100, 1, 100_000);
        int seconds = a.integer("--seconds", 10, 1, 3600);
        int size = a.integer("--size", 1024, 16, 65536);
        int interval = a.integer("--interval-ms", 100, 1, 10_000);
        int concurrency = a.integer("--concurrency", 32, 1, 10_000);
        String heap = a.string("--server-heap", "4g");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        cmd.add("--add-opens");
        cmd.add("java.base/com.sun.crypto.provider=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JrtcBench.class.getName());
        cmd.add("scale-server");
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120 + pcs / 20);
        Thread killer = new Thread(() -> {
            try {
                while (System.nanoTime() < deadline && server.isAlive()) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (server.isAlive()) {
                System.err.println("scale: the server passed its deadline; killed (pid " + server.pid() + ")");
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }, "scale-deadline");
        killer.setDaemon(true);
        killer.start();
        try (BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
             PrintStream to = new PrintStream(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
            Server s = new Server(from, to);
            String[] base = s.request("HEAP");
            long heap0 = Long.parseLong(base[1]);
            AtomicInteger errors = new AtomicInteger();
            List<Client> clients = new ArrayList<>();
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            try (EventLoops el = EventLoops.create(loops)) {
                DtlsCertificate cert = DtlsCertificate.selfSignedEcdsa(new SecureRandom(), Instant.now());
                RtcConfiguration cfg = RtcConfiguration.builder().loopbackOnly().eventLoops(el).certificate(cert).build();
                long c0 = System.nanoTime();
                Semaphore window = new Semaphore(concurrency);
                List<CompletableFuture<Client>> pending = new ArrayList<>();
                for (int i = 0; i < pcs; i++) {
                    window.acquire();
                    CompletableFuture<Client> f = Client.connect(cfg, s, errors);
                    f.whenComplete((c, e) -> window.release());
                    pending.add(f);
                }
                for (CompletableFuture<Client> f : pending) {
                    try {
                        clients.add(f.get(30, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                double connectS = (System.nanoTime() - c0) / 1e9;
                Thread.sleep(1000);
                String[] loaded = s.request("HEAP");
                long heapN = Long.parseLong(loaded[1]);
                int serverPcs = Integer.parseInt(loaded[3]);
                System.out.printf(Locale.ROOT, "scale: %d of %d connections up in %.1f s (%d in flight); server holds %d; heap %d -> %d bytes%n",
                        clients.size(), pcs, connectS, concurrency, serverPcs, heap0, heapN);
                // echo phase
                ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
                long[] samples = new long[Math.max(1, clients.size()) * (seconds * 1000 / interval + 2)];
                AtomicInteger nSamples = new AtomicInteger();
                for (Client c : clients) {
                    c.recordInto(samples, nSamples);
                }
                String[] cpuA = s.request("HEAP");
                long t0 = System.nanoTime();
                int slots = Math.max(1, interval / 10);
                long[] tick = {0};
                AtomicLong sentCount = new AtomicLong();
                ticker.scheduleAtFixedRate(() -> {
                    int slot = (int) (tick[0]++ % slots);
                    for (int i = slot; i < clients.size(); i += slots) {
                        if (clients.get(i).ping(size)) {
                            sentCount.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }, 0, 10, TimeUnit.MILLISECONDS);
                Thread.sleep(seconds * 1000L);
                ticker.shutdown();
                ticker.awaitTermination(5, TimeUnit.SECONDS);
                Thread.sleep(500); // the last echoes
                double wall = (System.nanoTime() - t0) / 1e9;
                String[] cpuB = s.request("HEAP");
                double serverCpu = Double.parseDouble(cpuB[5]) - Double.parseDouble(cpuA[5]);
                int got = Math.min(nSamples.get(), samples.length);
                long lost = sentCount.get() - got;
                double[] ms = new double[got];
                for (int i = 0; i < got; i++) {
                    ms[i] = samples[i] / 1e6;
                }
                java.util.Arrays.sort(ms);
                long serverErrors = Long.parseLong(cpuB[7]);
                int total = errors.get() + (int) Math.max(0, lost) + (int) serverErrors + (pcs - clients.size());
                System.out.printf(Locale.ROOT, "echo phase: %d messages sent, %d echoed in %.1f s; server CPU %.2f s; server errors %d%n",
                        sentCount.get(), got, wall, serverCpu, serverErrors);
                System.out.printf(Locale.ROOT, "heap_per_pc_kib=%.1f cpu=%.2f echo_p50_ms=%.2f echo_p99_ms=%.2f errors=%d%n",
                        (heapN - heap0) / 1024.0 / Math.max(1, serverPcs), serverCpu / wall, Stats.percentile(ms, 50),
                        Stats.percentile(ms, 99), total);
                clients.forEach(Client::close);
            }
            to.println("QUIT");
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } finally {
            if (server.isAlive()) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
        return 0;
    }

    /** The client side's view of the server process: one request line, one reply line, in order. */
    static final class Server {
        private final BufferedReader from;
        private final PrintStream to;

        Server(BufferedReader from, PrintStream to) {
            this.from = from;
            this.to = to;
        }

        synchronized String[] request(String line) throws IOException {
            to.println(line);
            String reply = from.readLine();
            if (reply == null) {
                throw new IOException("the scale server ended");
            }
            return reply.split(" ");
        }

        /** Offer in, answer out (complete descriptions). */
        String answer(String offerSdp) throws IOException {
            String[] r = request("OFFER " + Base64.getEncoder().encodeToString(offerSdp.getBytes(StandardCharsets.UTF_8)));
            if (!r[0].equals("ANSWER")) {
                throw new IOException("server: " + String.join(" ", r));
            }
            return new String(Base64.getDecoder().decode(r[1]), StandardCharsets.UTF_8);
        }
    }

    /** One client connection with its channel. */
    static final class Client {
        private static final java.util.concurrent.ExecutorService SIGNALLING = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scale-signalling");
            t.setDaemon(true);
            return t;
        });
        final PeerConnection pc;
        final RtcDataChannel ch;
        private long[] samples;
        private AtomicInteger n;

        private Client(PeerConnection pc, RtcDataChannel ch) {
            this.pc = pc;
            this.ch = ch;
        }

        static CompletableFuture<Client> connect(RtcConfiguration cfg, Server server, AtomicInteger errors) {
            PeerConnection pc = new PeerConnection(cfg);
            RtcDataChannel ch = pc.createDataChannel("scale");
            Client c = new Client(pc, ch);
            CompletableFuture<Client> open = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(c));
            ch.onError(e -> errors.incrementAndGet());
            ch.onMessage(m -> c.echoed(m.data()));
            // the exchange with the server blocks on its pipe: off the event loop, on the signalling thread
            pc.setLocalDescription().thenCompose(v -> pc.gatheringComplete()).thenComposeAsync(v -> {
                try {
                    return pc.setRemoteDescription(RtcSessionDescription.answer(server.answer(pc.localDescription().sdp())));
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }, SIGNALLING).whenComplete((v, e) -> {
                if (e != null) {
                    open.completeExceptionally(e);
                }
            });
            return open.orTimeout(30, TimeUnit.SECONDS).whenComplete((v, e) -> {
                if (e != null) {
                    pc.close();
                }
            });
        }

        void recordInto(long[] samples, AtomicInteger n) {
            this.samples = samples;
            this.n = n;
        }

        boolean ping(int size) {
            byte[] m = new byte[size];
            ByteBuffer.wrap(m).putLong(System.nanoTime());
            try {
                ch.send(m);
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        private void echoed(byte[] m) {
            if (samples == null || m.length < 8) {
                return;
            }
            long rtt = System.nanoTime() - ByteBuffer.wrap(m).getLong();
            int i = n.getAndIncrement();
            if (i < samples.length) {
                samples[i] = rtt;
            }
        }

        void close() {
            pc.close();
        }
    }

    /**
     * The {@code scale-server} mode: one event loop, one mux port, one shared certificate. Reads
     * {@code OFFER <base64>} (answers {@code ANSWER <base64>}), {@code HEAP} (answers
     * {@code HEAP <used-after-gc> PCS <n> CPU <process-cpu-s> ERRORS <n>}) and {@code QUIT} from stdin.
     */
    static int serve() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing else may write into the reply channel
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Set<PeerConnection> live = ConcurrentHashMap.newKeySet();
        AtomicLong errors = new AtomicLong();
        try (EventLoops loop = EventLoops.create(1); MuxTransport mux = MuxTransport.bind(loop, InetAddress.getLoopbackAddress(), 0, 0)) {
            DtlsCertificate cert = DtlsCertificate.selfSignedEcdsa(new SecureRandom(), Instant.now());
            RtcConfiguration cfg = RtcConfiguration.builder().loopbackOnly().muxPort(mux).certificate(cert).build();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("OFFER ")) {
                    String offer = new String(Base64.getDecoder().decode(line.substring(6)), StandardCharsets.UTF_8);
                    PeerConnection pc = new PeerConnection(cfg);
                    live.add(pc);
                    pc.onDataChannel(ch -> {
                        ch.onMessage(m -> {
                            try {
                                ch.send(m.data());
                            } catch (IllegalStateException e) {
                                errors.incrementAndGet();
                            }
                        });
                        ch.onError(e -> errors.incrementAndGet());
                    });
                    try {
                        pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
                        pc.setLocalDescription().get(10, TimeUnit.SECONDS);
                        pc.gatheringComplete().get(10, TimeUnit.SECONDS);
                        out.println("ANSWER " + Base64.getEncoder().encodeToString(pc.localDescription().sdp().getBytes(StandardCharsets.UTF_8)));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        out.println("ERROR " + String.valueOf(e.getMessage()).replace('\n', ' '));
                    }
                } else if (line.equals("HEAP")) {
                    long used = Cpu.heapAfterGc();
                    long engineErrors = live.stream().filter(p -> p.firstEngineError() != null).count();
                    out.printf(Locale.ROOT, "HEAP %d PCS %d CPU %.3f ERRORS %d%n", used, live.size(), Cpu.processSeconds(),
                            errors.get() + engineErrors + (mux.firstEngineError() != null ? 1 : 0));
                } else if (line.equals("QUIT")) {
                    break;
                } else {
                    out.println("ERROR unknown request");
                }
            }
            live.forEach(PeerConnection::close);
        }
        return 0;
    }
}
