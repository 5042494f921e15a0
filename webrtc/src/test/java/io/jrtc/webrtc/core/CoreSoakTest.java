package io.jrtc.webrtc.core;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.Seeds;
import io.jrtc.webrtc.PeerConnectionState;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 open/close cycles of two connected PeerConnection cores on the simulated network (ICE, DTLS,
 * SCTP, a channel echoing one message, close in order), in one process: the heap after GC does not
 * grow. (Threads and file descriptors are checked over real sockets by {@code SoakTest}; the cores have
 * neither.) Virtual time, so a cycle costs only its CPU: mostly the two certificates and the DTLS
 * handshake's ECDHE and ECDSA. {@code -Djrtc.soak.coreCycles=N} changes the count.
 */
class CoreSoakTest {
    static final Logger JRTC_LOGS = Logger.getLogger("jrtc");

    @Test
    void tenThousandCyclesOnTheSimulatedNetwork() throws Exception {
        int cycles = Integer.getInteger("jrtc.soak.coreCycles", 10_000);
        Level level = JRTC_LOGS.getLevel();
        JRTC_LOGS.setLevel(Level.WARNING); // ~40 INFO lines per connection otherwise
        try {
            long base = 0;
            long start = System.nanoTime();
            var cpu = ManagementFactory.getThreadMXBean();
            long cpuAt100 = 0;
            LinkConditions net = LinkConditions.perfect().withLatency(Duration.ofMillis(5));
            for (int i = 0; i < cycles; i++) {
                if (i == 100) {
                    base = heapAfterGc();
                    cpuAt100 = cpu.getCurrentThreadCpuTime();
                }
                PeerConnectionCoreSimTest.Pair p = new PeerConnectionCoreSimTest.Pair(Seeds.seed(1000 + i), net, false);
                p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "cycle " + i + ": the channel open");
                String m = "cycle " + i;
                p.alice.core.send(p.sim.now(), p.aliceChannel, m.getBytes(StandardCharsets.UTF_8), false);
                p.sim.runUntilOrFail(() -> p.aliceReceived.contains(m), Duration.ofSeconds(10), "cycle " + i + ": the echo");
                p.alice.core.close(p.sim.now());
                p.sim.runUntilOrFail(() -> p.bob.core.connectionState() == PeerConnectionState.CLOSED
                        || p.bob.core.dtlsState() == PeerConnectionCore.DtlsState.CLOSED, Duration.ofSeconds(10),
                        "cycle " + i + ": bob sees the close");
                p.bob.core.close(p.sim.now());
                assertEquals(0, p.alice.core.counters().internalErrors + p.bob.core.counters().internalErrors);
            }
            long end = heapAfterGc();
            System.out.printf("core soak: %d cycles in %d ms (%.1f ms of CPU per cycle after the first 100); heap after GC"
                    + " %,d after 100 cycles, %,d at the end%n", cycles, (System.nanoTime() - start) / 1_000_000,
                    (cpu.getCurrentThreadCpuTime() - cpuAt100) / 1e6 / Math.max(1, cycles - 100), base, end);
            assertTrue(cycles <= 100 || end - base < 16L << 20, "heap after GC grew by " + (end - base) + " bytes");
        } finally {
            JRTC_LOGS.setLevel(level);
        }
    }

    static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
