package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UdpTransportTest {
    static final InetAddress LOOPBACK = loopback();
    static final TransportOptions STRICT = TransportOptions.defaults().withRethrowEngineErrors(true);
    static final TransportOptions LENIENT = TransportOptions.defaults().withRethrowEngineErrors(false);
    static final Duration LIMIT = Duration.ofSeconds(10);

    static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Both engines only ever ran on their transport's event loop. */
    static void assertOnLoop(EchoEngine engine, TransportHandle t) {
        assertFalse(engine.threads.isEmpty(), "the engine was never called");
        for (Thread th : engine.threads) {
            assertTrue(t.eventLoop().inEventLoop(th), "engine called on " + th + ", not on its loop");
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void twoTransportsEchoEveryDatagramIntact(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll);
             UdpTransport server = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             UdpTransport client = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT)) {
            EchoEngine echo = EchoEngine.echo();
            EchoEngine sink = EchoEngine.sink();
            Queue<String> serverEvents = new ConcurrentLinkedQueue<>();
            server.start(echo, () -> drain(echo, serverEvents));
            client.start(sink, () -> { });
            assertNotEquals(0, server.localAddress().getPort());
            assertEquals(LOOPBACK, server.localAddress().getAddress());

            int n = 200;
            Map<String, byte[]> sent = new HashMap<>();
            for (int i = 0; i < n; i++) {
                byte[] data = payload(i, 1 + (i * 37) % 1400);
                sent.put(key(data), data);
                client.execute(() -> sink.send(server.localAddress(), data));
            }
            Wait.until(() -> sink.received >= n, LIMIT, () -> "echoes: " + sink.received + " of " + n);
            Thread.sleep(50); // nothing more may come

            assertEquals(n, echo.received);
            assertEquals(n, sink.received);
            assertEquals(n, sink.inputs.size());
            for (Datagram d : sink.inputs) {
                byte[] original = sent.remove(key(d.data()));
                assertArrayEquals(original, d.data(), "echo differs");
                assertEquals(server.localAddress(), d.source());
                assertEquals(client.localAddress(), d.destination());
            }
            assertTrue(sent.isEmpty(), "never echoed: " + sent.size());
            for (Datagram d : echo.inputs) {
                assertEquals(client.localAddress(), d.source(), "source is the sender");
                assertEquals(server.localAddress(), d.destination(), "destination is our local address");
            }

            TransportStats s = server.stats();
            TransportStats c = client.stats();
            long bytes = echo.receivedBytes;
            assertEquals(new TransportStats(n, bytes, n, bytes, 0, 0, 0), s);
            assertEquals(new TransportStats(n, bytes, n, bytes, 0, 0, 0), c);
            assertOnLoop(echo, server);
            assertOnLoop(sink, client);
            assertTrue(serverEvents.isEmpty());
            assertNull(server.firstEngineError());
            assertNull(client.firstEngineError());
        }
    }

    private static void drain(EchoEngine engine, Queue<String> into) {
        for (String e; (e = engine.pollEvent()) != null; ) {
            into.add(e);
        }
    }

    static byte[] payload(int i, int length) {
        byte[] data = new byte[Math.max(length, 4)];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) (i * 31 + k * 7 + 1);
        }
        data[0] = (byte) (i >>> 8 | 0x40); // never 'X' (0x58 would make the engine throw): 0x40..0x47 for i < 2048
        if (data[0] == 'X') {
            data[0] = 'Y';
        }
        data[1] = (byte) i;
        return data;
    }

    static String key(byte[] data) {
        return (data[0] & 0xff) + "/" + (data[1] & 0xff) + "/" + data.length;
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void theTimerFiresAtItsTimeAndIsRescheduled(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll);
             UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             DatagramSocket observer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            EchoEngine e = EchoEngine.echo();
            e.tickTo = (InetSocketAddress) observer.getLocalSocketAddress();
            Queue<String> events = new ConcurrentLinkedQueue<>();
            long firstAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
            e.timerAt = firstAt; // due before start: the start's pump arms it
            t.start(e, () -> drain(e, events));

            Wait.until(() -> e.fired == 1, LIMIT, () -> "the first timer");
            assertTrue(e.firedAt >= firstAt, "fired early");
            Wait.until(() -> events.contains("timer"), LIMIT, () -> "the timer event through afterPump");
            observer.setSoTimeout(5000);
            DatagramPacket tick = new DatagramPacket(new byte[16], 16);
            observer.receive(tick); // the datagram handleTimeout queued was sent by the pump after it
            assertEquals("tick", new String(tick.getData(), 0, tick.getLength(), StandardCharsets.US_ASCII));
            assertEquals(t.localAddress(), tick.getSocketAddress());

            // far away, then earlier: the armed task is cancelled and rescheduled
            t.execute(() -> e.setTimer(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
            long earlier = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
            t.execute(() -> e.setTimer(earlier));
            Wait.until(() -> e.fired == 2, LIMIT, () -> "the rescheduled earlier timer");
            assertTrue(e.firedAt >= earlier);

            // soon, then later: it must not fire before the later deadline, and only once
            t.execute(() -> e.setTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10)));
            long later = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            t.execute(() -> e.setTimer(later));
            Wait.until(() -> e.fired == 3, LIMIT, () -> "the postponed timer");
            assertTrue(e.firedAt >= later, "fired " + (later - e.firedAt) + " ns before its deadline");
            Thread.sleep(100);
            assertEquals(3, e.fired);

            // NO_TIMEOUT disarms
            t.execute(() -> e.setTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30)));
            t.execute(() -> e.setTimer(Engine.NO_TIMEOUT));
            Thread.sleep(120);
            assertEquals(3, e.fired);
            assertOnLoop(e, t);
        }
    }

    @Test
    void executeRunsOnTheLoopAndPumps() throws Exception {
        try (EventLoops loops = EventLoops.create();
             UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout(5000);
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            AtomicReference<Thread> ran = new AtomicReference<>();
            AtomicBoolean inLoop = new AtomicBoolean();
            assertFalse(t.inLoop());

            // before start: runs on the loop, nothing to pump
            t.execute(() -> {
                ran.set(Thread.currentThread());
                inLoop.set(t.inLoop());
            });
            Wait.until(() -> ran.get() != null, LIMIT, () -> "the task");
            assertTrue(inLoop.get());
            assertTrue(t.eventLoop().inEventLoop(ran.get()));
            assertNotEquals(Thread.currentThread(), ran.get());

            EchoEngine e = EchoEngine.echo();
            AtomicBoolean reentered = new AtomicBoolean();
            t.start(e, () -> {
                // afterPump making the engine send through execute: the pump goes round once more
                if (e.received > 0 && reentered.compareAndSet(false, true)) {
                    t.execute(() -> e.send(to, "from afterPump".getBytes(StandardCharsets.US_ASCII)));
                }
            });
            // a task's transmits are sent by the pump after it
            t.execute(() -> e.send(to, "from a task".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("from a task", receive(peer));

            // submit gives the result back, computed on the loop
            assertEquals(Boolean.TRUE, t.submit(t::inLoop).get(5, TimeUnit.SECONDS));

            // the peer sends; the echo and then afterPump's datagram come back
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(ping, ping.length, t.localAddress()));
            List<String> got = new ArrayList<>(List.of(receive(peer), receive(peer)));
            got.sort(null);
            assertEquals(List.of("from afterPump", "ping"), got);

            assertOnLoop(e, t);
        }
    }

    static String receive(DatagramSocket s) throws java.io.IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void closeReleasesThePort(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll)) {
            UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
            EchoEngine e = EchoEngine.echo();
            e.timerAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            t.start(e, () -> { });
            int port = t.localAddress().getPort();
            t.close();
            t.close(); // idempotent
            assertTrue(t.isClosed());
            Thread.sleep(100);
            assertEquals(0, e.fired, "the timer was cancelled");
            try (UdpTransport again = UdpTransport.bind(loops, LOOPBACK, port, port, STRICT)) {
                assertEquals(port, again.localAddress().getPort());
            }
            try (DatagramSocket plain = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                assertEquals(port, plain.getLocalPort(), "the port is free again after the second close too");
            }
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aPortRangeSkipsAnOccupiedPort(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll);
             DatagramSocket occupied = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            int p = occupied.getLocalPort();
            int max = Math.min(65_535, p + 20);
            assumeTrue(max > p, "the ephemeral port is 65535: no range above it");
            try (UdpTransport t = UdpTransport.bind(loops, LOOPBACK, p, max, STRICT)) {
                int got = t.localAddress().getPort();
                assertTrue(got > p && got <= max, "bound " + got + ", range " + p + ".." + max);
            }
            BindException e = assertThrows(BindException.class, () -> UdpTransport.bind(loops, LOOPBACK, p, p, STRICT));
            assertTrue(e.getMessage().contains(String.valueOf(p)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> UdpTransport.bind(loops, LOOPBACK, 0, 10, STRICT));
            assertThrows(IllegalArgumentException.class, () -> UdpTransport.bind(loops, LOOPBACK, 10, 9, STRICT));
            assertThrows(IllegalArgumentException.class, () -> UdpTransport.bind(loops, LOOPBACK, 1, 65_536, STRICT));
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void anEngineThatThrowsIsCountedAndTheTransportGoesOn(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout(5000);
            UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, LENIENT);
            EchoEngine e = EchoEngine.echo();
            t.start(e, () -> { });
            byte[] hostile = "X marks a datagram the engine throws on".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(hostile, hostile.length, t.localAddress()));
            Wait.until(() -> t.stats().engineErrors() == 1, LIMIT, () -> "the engine error, got " + t.stats());
            t.execute(() -> {
                throw new IllegalArgumentException("a task that throws");
            });
            byte[] fine = "fine".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(fine, fine.length, t.localAddress()));
            assertEquals("fine", receive(peer));
            Wait.until(() -> t.stats().engineErrors() == 2, LIMIT, () -> "2 engine errors, got " + t.stats());
            Throwable first = t.firstEngineError();
            assertTrue(first instanceof IllegalStateException && first.getMessage().startsWith("a hostile datagram"),
                    String.valueOf(first));
            Wait.until(() -> t.stats().datagramsOut() == 1, LIMIT, () -> "the echo counted, got " + t.stats());
            assertEquals(2, t.stats().datagramsIn());
            t.close(); // lenient: does not throw

            // with rethrowEngineErrors the same is counted, and close() rethrows it
            UdpTransport strict = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
            EchoEngine e2 = EchoEngine.echo();
            strict.start(e2, () -> { });
            peer.send(new DatagramPacket(hostile, hostile.length, strict.localAddress()));
            peer.send(new DatagramPacket(fine, fine.length, strict.localAddress()));
            assertEquals("fine", receive(peer));
            IllegalStateException thrown = assertThrows(IllegalStateException.class, strict::close);
            assertSame(strict.firstEngineError(), thrown.getCause());
            assertTrue(strict.isClosed());
            strict.close(); // only the first close throws
        }
    }

    @Test
    void writesThatFailAreCounted() throws Exception {
        try (EventLoops loops = EventLoops.create();
             UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT)) {
            EchoEngine e = EchoEngine.echo();
            t.start(e, () -> { });
            // port 0 is not a destination a datagram can go to: the write fails, nothing is thrown
            t.execute(() -> e.send(new InetSocketAddress(LOOPBACK, 0), new byte[] {1, 2, 3}));
            Wait.until(() -> t.stats().writeFailures() == 1, LIMIT, () -> "a write failure, got " + t.stats());
            assertEquals(0, t.stats().datagramsOut());
            assertEquals(0, t.stats().engineErrors());
        }
    }

    @Test
    void startTwiceIsRefused() throws Exception {
        try (EventLoops loops = EventLoops.create();
             UdpTransport t = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT)) {
            t.start(EchoEngine.echo(), () -> { });
            assertThrows(IllegalStateException.class, () -> t.start(EchoEngine.echo(), () -> { }));
        }
    }

    @Test
    void socketBuffersAreAskedFor() throws Exception {
        try (EventLoops loops = EventLoops.create();
             UdpTransport big = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             UdpTransport small = UdpTransport.bind(loops, LOOPBACK, 0, 0, STRICT.withSocketBuffers(64 * 1024))) {
            // Linux reports twice what it grants; it caps at net.core.rmem_max / wmem_max
            assertTrue(small.receiveBufferSize() >= 64 * 1024, "SO_RCVBUF " + small.receiveBufferSize());
            assertTrue(big.receiveBufferSize() > small.receiveBufferSize() || big.receiveBufferSize() >= 4 << 20,
                    "4 MiB asked: SO_RCVBUF " + big.receiveBufferSize() + " vs " + small.receiveBufferSize() + " for 64 KiB");
            System.out.println("SO_RCVBUF " + big.receiveBufferSize() + ", SO_SNDBUF " + big.sendBufferSize()
                    + " for 4 MiB asked; " + Arrays.toString(new int[] {small.receiveBufferSize(), small.sendBufferSize()})
                    + " for 64 KiB");
        }
    }
}
