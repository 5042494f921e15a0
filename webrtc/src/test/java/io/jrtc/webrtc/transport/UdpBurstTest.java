package io.jrtc.webrtc.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.jrtc.webrtc.transport.UdpTransportTest.LOOPBACK;
import static io.jrtc.webrtc.transport.UdpTransportTest.STRICT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 20,000 datagrams of 1,200 bytes sent as fast as one socket can through a {@link UdpTransport}
 * echo (after a paced warm-up of 5,000, so that the JIT has compiled the path). The loss depends on
 * the machine (cores, load), so it is printed, not asserted; what is asserted is that the transport's
 * counters equal what the engine saw, and that every echo that came back is intact.
 */
class UdpBurstTest {
    static final int WARM_UP = 5_000;
    static final int COUNT = 20_000;
    static final int SIZE = 1_200;

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aBurstThroughAnEcho(boolean epoll) throws Exception {
        DatagramChannel client = DatagramChannel.open();
        try (EventLoops loops = EventLoops.create(1, epoll);
             UdpTransport server = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT)) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            client.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            client.bind(new InetSocketAddress(LOOPBACK, 0));
            EchoEngine echo = new EchoEngine(true, false);
            server.start(echo, () -> { });
            InetSocketAddress to = server.localAddress();

            AtomicLong echoes = new AtomicLong();
            AtomicLong corrupt = new AtomicLong();
            Thread receiver = new Thread(() -> receive(client, echoes, corrupt), "burst-receiver");
            receiver.setDaemon(true);
            receiver.start();

            ByteBuffer out = ByteBuffer.allocate(SIZE);
            for (int i = 0; i < WARM_UP; i++) {
                fill(out, i);
                client.send(out, to);
                if (i % 10 == 9) {
                    Thread.sleep(1);
                }
            }
            Wait.settle(() -> server.stats().datagramsIn() + echoes.get(), Duration.ofMillis(300), Duration.ofSeconds(30));
            long[] before = snapshot(server, echo);
            long echoesBefore = echoes.get();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long loopThread = server.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            long cpuBefore = mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(loopThread) : -1;

            long start = System.nanoTime();
            for (int i = 0; i < COUNT; i++) {
                fill(out, i);
                client.send(out, to);
            }
            long sendNanos = System.nanoTime() - start;
            Wait.settle(() -> server.stats().datagramsIn() + echoes.get(), Duration.ofMillis(500), Duration.ofSeconds(30));
            long cpu = cpuBefore < 0 ? -1 : mx.getThreadCpuTime(loopThread) - cpuBefore;
            long[] v = snapshot(server, echo);
            client.close();
            receiver.join(5000);

            long in = v[0] - before[0];
            long outOk = v[2] - before[2];
            long back = echoes.get() - echoesBefore;
            System.out.printf("burst (%s, SO_RCVBUF %d granted for %d asked, %d cores): warm-up: %d of %d arrived; "
                            + "burst: %d x %d B sent in %.1f ms (%.0f Mbit/s, %.0f datagrams/s); the engine got %d "
                            + "(lost on the way in: %d, %.2f%%); echoed %d, write failures %d; the client got %d back "
                            + "(lost on the way back: %d); %d corrupt; the loop thread's CPU: %.1f us per datagram in and out%n",
                    loops.isEpoll() ? "epoll" : "nio", server.receiveBufferSize(), TransportOptions.DEFAULT_SOCKET_BUFFER,
                    Runtime.getRuntime().availableProcessors(), before[0], WARM_UP, COUNT, SIZE, sendNanos / 1e6,
                    COUNT * SIZE * 8.0 / (sendNanos / 1e9) / 1e6, COUNT / (sendNanos / 1e9), in, COUNT - in,
                    100.0 * (COUNT - in) / COUNT, outOk, v[4] - before[4], back, outOk - back, corrupt.get(),
                    cpu < 0 || in == 0 ? Double.NaN : cpu / 1e3 / in);

            assertEquals(v[6], v[0], "datagramsIn == what the engine received");
            assertEquals(v[7], v[1], "bytesIn == the engine's bytes");
            assertEquals((long) SIZE * v[0], v[1]);
            assertEquals(v[8], v[2] + v[4], "datagramsOut + writeFailures == what the engine transmitted");
            assertEquals(v[9], v[3] + (long) SIZE * v[4], "bytesOut + failed bytes == the engine's bytes out");
            assertEquals(v[6], v[8], "the echo engine transmits one per datagram");
            assertEquals(0, v[5], "engine errors");
            assertEquals(0, corrupt.get(), "corrupt echoes");
            assertTrue(echoes.get() <= v[2], "the client cannot get more than was sent");
            assertTrue(v[0] <= WARM_UP + COUNT && in > 0, "arrived: " + in);
            assertEquals(null, server.firstEngineError());
        } finally {
            client.close();
        }
    }

    /** The counters and the engine's view, read together on the loop. */
    private static long[] snapshot(UdpTransport server, EchoEngine echo) throws Exception {
        return server.submit(() -> {
            TransportStats s = server.stats();
            return new long[] {s.datagramsIn(), s.bytesIn(), s.datagramsOut(), s.bytesOut(), s.writeFailures(),
                    s.engineErrors(), echo.received, echo.receivedBytes, echo.transmitted, echo.transmittedBytes};
        }).get(5, TimeUnit.SECONDS);
    }

    private static void receive(DatagramChannel client, AtomicLong echoes, AtomicLong corrupt) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        try {
            while (true) {
                in.clear();
                client.receive(in);
                in.flip();
                if (!intact(in)) {
                    corrupt.incrementAndGet();
                }
                echoes.incrementAndGet();
            }
        } catch (ClosedChannelException e) {
            // the test is over
        } catch (IOException e) {
            corrupt.incrementAndGet();
        }
    }

    private static void fill(ByteBuffer b, int seq) {
        b.clear();
        b.putInt(seq);
        for (int k = 4; k < SIZE; k++) {
            b.put((byte) (seq + k));
        }
        b.flip();
    }

    private static boolean intact(ByteBuffer b) {
        if (b.remaining() != SIZE) {
            return false;
        }
        int seq = b.getInt(0);
        if (seq < 0 || seq >= COUNT) {
            return false;
        }
        for (int k = 4; k < SIZE; k++) {
            if (b.get(k) != (byte) (seq + k)) {
                return false;
            }
        }
        return true;
    }
}
