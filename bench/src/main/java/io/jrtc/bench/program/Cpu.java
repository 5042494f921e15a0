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

    /**
     * The event loop threads' ({@code jrtc-io-*}) time on a CPU and time runnable but waiting for one, in
     * seconds, summed: from {@code /proc/self/task/N/schedstat} (Linux; zeros elsewhere).
     */
    static double[] loopThreads() {
        double run = 0;
        double wait = 0;
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return new double[] {0, 0};
        }
        for (java.io.File t : tasks) {
            try {
                String comm = java.nio.file.Files.readString(new java.io.File(t, "comm").toPath()).trim();
                if (!comm.startsWith("jrtc-io")) {
                    continue;
                }
                String[] f = java.nio.file.Files.readString(new java.io.File(t, "schedstat").toPath()).trim().split(" ");
                run += Long.parseLong(f[0]) / 1e9;
                wait += Long.parseLong(f[1]) / 1e9;
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended meanwhile, or no schedstat
            }
        }
        return new double[] {run, wait};
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
