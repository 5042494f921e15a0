package io.jrtc.bench.program;

import java.lang.management.ManagementFactory;

/** This process's CPU time, all threads, in seconds (0 when the JVM cannot tell). */
final class Cpu {
    private Cpu() {
    }

    static double processSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? 0 : ns / 1e9;
        }
        return 0;
    }

    /** Used heap after a full collection, in bytes (several GCs so that finalizable garbage is gone). */
    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
