package io.jrtc.bench.program;

import io.jrtc.bench.program.Args.UsageException;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcSctpTransport;
import io.jrtc.webrtc.transport.EventLoops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code dc-throughput}: data-channel throughput between Java peer connections over real loopback
 * sockets. Each of N pairs opens K reliable ordered channels; the offerer keeps each channel's send
 * queue between 1 MiB and 4 MiB ({@code bufferedAmountLowThreshold}), so it sends as fast as SCTP's
 * windows let it. In {@code oneway} mode the answerer counts what arrives; in {@code echo} mode it sends
 * every message back (reading paused while its own send queue is over 4 MiB) and the offerer counts
 * the echoes. After a warm-up the program counts delivered messages for S seconds.
 */
final class DcThroughput {
    static final String USAGE = "dc-throughput --size B --seconds S [--channels K] [--pcs N] [--rtt-ms R] [--loss P]"
            + " [--mode oneway|echo] [--impairment auto|netem|relay] [--warmup S] [--loops L] [--stats]";
    private static final long HIGH = 4 << 20;
    private static final long LOW = 1 << 20;

    private DcThroughput() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--size", "--seconds", "--channels", "--pcs", "--rtt-ms", "--loss", "--mode", "--warmup", "--loops", "--impairment"),
                Set.of(Netns.INSIDE, "--stats"));
        int size = a.integer("--size", 65536, 1, 256 * 1024);
        int seconds = a.integer("--seconds", 10, 1, 3600);
        int channels = a.integer("--channels", 1, 1, 1024);
        int pcs = a.integer("--pcs", 1, 1, 10_000);
        double rtt = a.decimal("--rtt-ms", 0, 0, 10_000);
        double loss = a.decimal("--loss", 0, 0, 50);
        int warmup = a.integer("--warmup", 2, 0, 600);
        int loops = a.integer("--loops", Runtime.getRuntime().availableProcessors(), 1, 256);
        String mode = a.string("--mode", "oneway");
        if (!mode.equals("oneway") && !mode.equals("echo")) {
            throw new UsageException("--mode is oneway or echo, not " + mode);
        }
        boolean impaired = rtt > 0 || loss > 0;
        String impairment = a.string("--impairment", "auto");
        if (!Set.of("auto", "netem", "relay").contains(impairment)) {
            throw new UsageException("--impairment is auto, netem or relay, not " + impairment);
        }
        boolean relay = impaired && (impairment.equals("relay") || (impairment.equals("auto") && !a.flag(Netns.INSIDE) && !Netns.netemAvailable()));
        if (impaired && !relay && !a.flag(Netns.INSIDE)) {
            return Netns.rerunInside("dc-throughput", args, rtt, loss, seconds + warmup + 120L + pcs);
        }
        System.out.printf(Locale.ROOT, "dc-throughput: %d pc(s) x %d channel(s), %d-byte messages, %s, %d s after %d s warm-up, %d event loop(s)%n",
                pcs, channels, size, mode, seconds, warmup, loops);
        System.out.println("network: " + (!impaired ? "loopback, no impairment" : relay ? Relay.describe(rtt, loss) : Netns.describe(rtt, loss)));
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        LongAdder messages = new LongAdder();
        LongAdder bytes = new LongAdder();
        AtomicInteger errors = new AtomicInteger();
        boolean echo = mode.equals("echo");
        try (EventLoops el = EventLoops.create(loops)) {
            RtcConfiguration cfg = RtcConfiguration.builder().loopbackOnly().eventLoops(el).build();
            List<Pair> pairs = new ArrayList<>();
            try {
                for (int i = 0; i < pcs; i++) {
                    pairs.add(Pair.connect(cfg, channels, (p, ch) -> receiver(p, ch, echo, messages, bytes, errors),
                            ch -> sender(ch, payload, echo, messages, bytes, errors), relay ? rtt / 2 : 0, relay ? loss : 0, i + 1));
                }
                Thread.sleep(warmup * 1000L);
                long m0 = messages.sum();
                long b0 = bytes.sum();
                double cpu0 = Cpu.processSeconds();
                double[] loops0 = Cpu.loopThreads();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long m1 = messages.sum();
                long b1 = bytes.sum();
                double cpu1 = Cpu.processSeconds();
                double[] loops1 = Cpu.loopThreads();
                double wall = (System.nanoTime() - t0) / 1e9;
                double mbps = (b1 - b0) * 8 / wall / 1e6;
                double mps = (m1 - m0) / wall;
                long engineErrors = pairs.stream().filter(p -> p.offerer.firstEngineError() != null || p.answerer.firstEngineError() != null).count();
                System.out.printf(Locale.ROOT, "delivered %d messages, %d bytes in %.2f s (%s)%n", m1 - m0, b1 - b0, wall,
                        echo ? "echoed back to the offerer" : "offerer to answerer");
                if (a.flag("--stats")) {
                    Pair first = pairs.get(0);
                    System.out.println("offerer stats: " + first.offerer.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS).toJson());
                    System.out.println("answerer stats: " + first.answerer.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS).toJson());
                    System.out.println("offerer sctp: " + first.offerer.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS).first("sctp-transport").members());
                    System.out.println("answerer sctp: " + first.answerer.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS).first("sctp-transport").members());
                }
                for (Pair p : pairs) {
                    if (p.relay != null && p == pairs.get(0)) {
                        System.out.printf(Locale.ROOT, "relay (first pair): %d datagrams relayed, %d dropped%n", p.relay.relayed.get(), p.relay.dropped.get());
                    }
                }
                System.out.printf(Locale.ROOT, "mbps=%.1f msgs_per_s=%.0f cpu_s=%.2f errors=%d%n", mbps, mps, cpu1 - cpu0,
                        errors.get() + engineErrors);
                double loopCpu = loops1[0] - loops0[0];
                double loopWait = loops1[1] - loops0[1];
                // the event loops' own CPU time, and how long they sat runnable waiting for a core (Linux
                // schedstat; 0 elsewhere): on a loaded machine the second says the loops were starved, not idle
                System.out.printf(Locale.ROOT, "loop_cpu_s=%.2f loop_runq_wait_s=%.2f mbit_per_loop_cpu_s=%.0f%n", loopCpu, loopWait,
                        loopCpu > 0 ? (b1 - b0) * 8 / loopCpu / 1e6 : 0);
            } finally {
                pairs.forEach(Pair::close);
            }
        }
        return 0;
    }

    /** The offerer's side: keeps the queue filled; in echo mode also counts what comes back. */
    private static void sender(RtcDataChannel ch, byte[] payload, boolean echo, LongAdder messages, LongAdder bytes, AtomicInteger errors) {
        ch.setBufferedAmountLowThreshold(LOW);
        Runnable fill = () -> {
            try {
                while (ch.readyState() == RtcDataChannel.ReadyState.OPEN && ch.bufferedAmount() < HIGH) {
                    ch.send(payload);
                }
            } catch (IllegalStateException e) {
                errors.incrementAndGet();
            }
        };
        ch.onBufferedAmountLow(fill);
        ch.onError(e -> errors.incrementAndGet());
        if (echo) {
            ch.onMessage(m -> {
                messages.increment();
                bytes.add(m.data().length);
            });
        }
        fill.run();
    }

    /** The answerer's side: counts (oneway) or echoes (echo), pausing its reading while a queue is full. */
    private static void receiver(Pair pair, RtcDataChannel ch, boolean echo, LongAdder messages, LongAdder bytes, AtomicInteger errors) {
        ch.onError(e -> errors.incrementAndGet());
        if (!echo) {
            ch.onMessage(m -> {
                messages.increment();
                bytes.add(m.data().length);
            });
            return;
        }
        ch.setBufferedAmountLowThreshold(LOW);
        boolean[] full = {false};
        ch.onMessage(m -> {
            try {
                ch.send(m.data());
            } catch (IllegalStateException e) {
                errors.incrementAndGet();
            }
            if (!full[0] && ch.bufferedAmount() > HIGH) {
                full[0] = true;
                if (pair.congested++ == 0) {
                    pause(pair, true);
                }
            }
        });
        ch.onBufferedAmountLow(() -> {
            if (full[0]) {
                full[0] = false;
                if (--pair.congested == 0) {
                    pause(pair, false);
                }
            }
        });
    }

    private static void pause(Pair pair, boolean paused) {
        RtcSctpTransport t = pair.answerer.sctp();
        if (t != null) {
            t.pauseReceiving(paused);
        }
    }
}
