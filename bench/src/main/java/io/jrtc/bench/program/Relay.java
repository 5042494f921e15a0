package io.jrtc.bench.program;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delay and loss in user space, for kernels without netem (this machine's has none): a UDP relay on
 * loopback between two peers. Peer A is told that B is at {@link #facingA()}, B that A is at
 * {@link #facingB()}; what arrives on one is sent on from the other after {@code delay} (each way, so
 * the RTT is twice that), unless the seeded random drops it. One thread; datagrams leave in arrival
 * order (a constant delay keeps order), at most ~1 ms late.
 */
final class Relay implements AutoCloseable {
    private final DatagramChannel toA;
    private final DatagramChannel toB;
    private final InetSocketAddress a;
    private final InetSocketAddress b;
    private final long delayNs;
    private final double loss;
    private final Random random;
    private final Thread thread;
    private volatile boolean closed;
    final AtomicLong relayed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    private record Held(long due, byte[] data, boolean toB) {
    }

    /**
     * @param a       peer A's socket address
     * @param b       peer B's socket address
     * @param delayMs one-way delay
     * @param lossPct share of datagrams dropped, each direction, in percent
     */
    Relay(InetSocketAddress a, InetSocketAddress b, double delayMs, double lossPct, long seed) throws IOException {
        this.a = a;
        this.b = b;
        this.delayNs = (long) (delayMs * 1e6);
        this.loss = lossPct / 100;
        this.random = new Random(seed);
        InetAddress lo = InetAddress.getLoopbackAddress();
        toA = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        toB = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        for (DatagramChannel c : new DatagramChannel[] {toA, toB}) {
            c.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            c.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            c.configureBlocking(false);
        }
        thread = new Thread(this::loop, "impairment-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** A description of the impairment for the output. */
    static String describe(double rttMs, double lossPercent) {
        return String.format(java.util.Locale.ROOT, "loopback through a user-space relay (the kernel has no netem): delay %.1fms each way (RTT %.0f ms), loss %.2f%% each way",
                rttMs / 2, rttMs, lossPercent);
    }

    /** Where A sends to reach B (B's address as A is told it). */
    InetSocketAddress facingA() throws IOException {
        return (InetSocketAddress) toA.getLocalAddress();
    }

    /** Where B sends to reach A. */
    InetSocketAddress facingB() throws IOException {
        return (InetSocketAddress) toB.getLocalAddress();
    }

    private void loop() {
        ArrayDeque<Held> queue = new ArrayDeque<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        try (Selector sel = Selector.open()) {
            toA.register(sel, SelectionKey.OP_READ);
            toB.register(sel, SelectionKey.OP_READ);
            while (!closed) {
                long now = System.nanoTime();
                while (!queue.isEmpty() && queue.peekFirst().due() <= now) {
                    Held h = queue.pollFirst();
                    // from A (arrived on toA) goes out of toB to B, and the other way round
                    if (h.toB()) {
                        toB.send(ByteBuffer.wrap(h.data()), b);
                    } else {
                        toA.send(ByteBuffer.wrap(h.data()), a);
                    }
                    relayed.incrementAndGet();
                }
                long waitMs = queue.isEmpty() ? 50 : Math.max(0, (queue.peekFirst().due() - now) / 1_000_000);
                if (waitMs == 0) {
                    sel.selectNow();
                } else {
                    sel.select(waitMs);
                }
                for (DatagramChannel c : new DatagramChannel[] {toA, toB}) {
                    for (int i = 0; i < 256; i++) {
                        buf.clear();
                        if (c.receive(buf) == null) {
                            break;
                        }
                        if (loss > 0 && random.nextDouble() < loss) {
                            dropped.incrementAndGet();
                            continue;
                        }
                        buf.flip();
                        byte[] d = new byte[buf.remaining()];
                        buf.get(d);
                        queue.addLast(new Held(System.nanoTime() + delayNs, d, c == toA));
                    }
                }
                sel.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("relay: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        toA.close();
        toB.close();
    }
}
