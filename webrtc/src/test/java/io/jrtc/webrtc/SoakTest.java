package io.jrtc.webrtc;

import io.jrtc.webrtc.transport.EventLoops;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open/close cycles of connected PeerConnections in one process, over real loopback sockets: each cycle
 * connects two connections (ICE, DTLS, SCTP), echoes one message on a channel and closes both. After
 * the cycles there are no more threads, open file descriptors ({@code /proc/self/fd}) or heap after GC
 * than after the first few.
 *
 * <p>The normal build runs {@value #DEFAULT_CYCLES} cycles over sockets (a cycle takes 50 to 150 ms of wall
 * time here, so 10,000 would take 10 to 25 minutes); the 10,000 cycles of issue 17 run on the sans-IO
 * core and the simulated network in {@code core/CoreSoakTest} (about 10 ms of CPU each), in the normal
 * build. The full 10,000 over sockets is a command:
 * <pre>
 *   mvn -B -ntp -q -pl webrtc -am verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false -Djrtc.soak.cycles=10000
 * </pre>
 */
class SoakTest {
    static final int DEFAULT_CYCLES = 100;
    static final int WARMUP = 30;

    record Resources(int threads, long fds, long heap) {
        @Override
        public String toString() {
            return threads + " threads, " + fds + " fds, " + String.format("%,d", heap) + " bytes of heap after GC";
        }
    }

    static Resources measure() throws Exception {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), fds, heap);
    }

    static final java.util.logging.Logger JRTC_LOGS = java.util.logging.Logger.getLogger("jrtc");

    @Test
    void openCloseCyclesLeakNoThreadsFdsOrHeap() throws Exception {
        int cycles = Integer.getInteger("jrtc.soak.cycles", DEFAULT_CYCLES);
        java.util.logging.Level level = JRTC_LOGS.getLevel();
        JRTC_LOGS.setLevel(java.util.logging.Level.WARNING); // ~40 INFO lines per connection otherwise
        try {
            soak(cycles);
        } finally {
            JRTC_LOGS.setLevel(level);
        }
    }

    private void soak(int cycles) throws Exception {
        assertTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        try (EventLoops loops = EventLoops.create(2)) {
            Resources base = null;
            long start = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                if (i == WARMUP) {
                    base = measure();
                    System.out.println("soak: after " + WARMUP + " cycles: " + base);
                }
                cycle(loops, i);
                if (i > WARMUP && i % 1000 == 0) {
                    System.out.println("soak: after " + i + " cycles: " + measure());
                }
            }
            // the loops' sockets close asynchronously: give the last close a moment
            Thread.sleep(200);
            Resources end = measure();
            System.out.printf("soak: %d cycles in %d ms; after: %s%n", cycles, (System.nanoTime() - start) / 1_000_000, end);
            assertTrue(end.threads() <= base.threads() + 2, "threads grew: " + base + " -> " + end);
            assertTrue(end.fds() <= base.fds() + 4, "file descriptors grew: " + base + " -> " + end);
            assertTrue(end.heap() - base.heap() < 24L << 20, "heap after GC grew: " + base + " -> " + end);
        }
    }

    static void cycle(EventLoops loops, int i) throws Exception {
        try (PeerConnection alice = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).seed(2L * i).build());
             PeerConnection bob = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).seed(2L * i + 1).build())) {
            bob.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));
            RtcDataChannel chat = alice.createDataChannel("soak");
            CountDownLatch echoed = new CountDownLatch(1);
            chat.onOpen(() -> chat.send("cycle " + i));
            chat.onMessage(m -> {
                if (m.text().equals("cycle " + i)) {
                    echoed.countDown();
                }
            });
            PeerConnectionLoopbackTest.connect(alice, bob);
            assertTrue(echoed.await(10, TimeUnit.SECONDS), "cycle " + i + ": no echo; alice " + alice.connectionState());
            assertEquals(PeerConnectionState.CONNECTED, bob.connectionState());
            assertNull(alice.firstEngineError());
            assertNull(bob.firstEngineError());
        }
    }
}
