package io.jrtc.webrtc.transport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling waits for the transport tests (real time, loopback). */
final class Wait {
    private Wait() {
    }

    static void until(BooleanSupplier done, Duration limit, Supplier<String> what) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("timed out after " + limit + " waiting for " + what.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Waits until {@code value} has not changed for {@code quiet}, at most {@code limit}; returns it. */
    static long settle(java.util.function.LongSupplier value, Duration quiet, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - end < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long v = value.getAsLong();
            if (v != last) {
                last = v;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                break;
            }
        }
        return last;
    }
}
