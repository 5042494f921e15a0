package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.webrtc.core.DatagramEngine;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Drives one engine on its socket's loop: input, the pump (transmits, afterPump, again if that
 * produced more), one timer, tasks. Loop-confined except {@link #closed} and {@link #firstError}.
 */
final class EngineDriver {
    /** Pump rounds in a row (afterPump producing more each time) before the rest is deferred to a new loop task. */
    private static final int MAX_ROUNDS = 64;

    private static final long MAX_DELAY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final UdpSocket socket;
    private final DatagramEngine<?> engine;
    private final Runnable afterPump;
    private final Consumer<Datagram> onTransmit;
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    volatile boolean closed;

    // loop-confined
    boolean dirty;
    private boolean pumping;
    private boolean again;
    private ScheduledFuture<?> timer;
    private long armedAt = Engine.NO_TIMEOUT;

    /**
     * @param onTransmit told of every datagram before it is sent (the mux learns addresses), or null
     */
    EngineDriver(UdpSocket socket, DatagramEngine<?> engine, Runnable afterPump, Consumer<Datagram> onTransmit) {
        this.socket = socket;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.afterPump = Objects.requireNonNull(afterPump, "afterPump");
        this.onTransmit = onTransmit;
    }

    /** One datagram in, then a pump (its flush and timer wait for the end of the read batch). On the loop. */
    void input(long now, Datagram d) {
        if (closed) {
            return;
        }
        try {
            engine.handleInput(now, d);
        } catch (Throwable t) {
            socket.engineError(this, "handleInput of " + d, t);
        }
        pump();
    }

    /**
     * Sends everything the engine has, runs afterPump, and goes round again while that produced more;
     * then flushes and re-arms the timer (or leaves both to the end of the read batch). Re-entrant
     * calls (a task run from afterPump) only ask for another round. On the loop.
     */
    void pump() {
        if (closed) {
            return;
        }
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        int rounds = 0;
        try {
            do {
                again = false;
                drainTransmits();
                try {
                    afterPump.run();
                } catch (Throwable t) {
                    socket.engineError(this, "afterPump", t);
                }
                // what afterPump made the engine send (if it called it directly rather than through execute)
                if (!closed && drainTransmits()) {
                    again = true;
                }
            } while (again && !closed && ++rounds < MAX_ROUNDS);
        } finally {
            pumping = false;
        }
        if (again && !closed) {
            again = false;
            try {
                socket.loop.execute(this::pump); // let the loop breathe; the rest in a moment
            } catch (RejectedExecutionException e) {
                // the loop is shutting down
            }
        }
        if (!closed) {
            socket.pumped(this);
        }
    }

    /** Sends what the engine has queued; true if there was anything. */
    private boolean drainTransmits() {
        boolean any = false;
        while (!closed) {
            Datagram d;
            try {
                d = engine.pollTransmit();
            } catch (Throwable t) {
                socket.engineError(this, "pollTransmit", t);
                return any;
            }
            if (d == null) {
                return any;
            }
            any = true;
            if (onTransmit != null) {
                onTransmit.accept(d);
            }
            socket.send(d);
        }
        return any;
    }

    /**
     * Arms the one timer for the engine's deadline. An earlier deadline cancels and reschedules; a
     * later one keeps the armed task, which on firing finds nothing due and re-arms (cheaper than a
     * cancel per packet for engines that push their deadline back on every packet). On the loop.
     */
    void arm() {
        if (closed) {
            return;
        }
        long deadline;
        try {
            deadline = engine.pollTimeout();
        } catch (Throwable t) {
            socket.engineError(this, "pollTimeout", t);
            return;
        }
        if (deadline == Engine.NO_TIMEOUT) {
            cancelTimer();
            return;
        }
        if (timer != null) {
            if (armedAt <= deadline) {
                return;
            }
            timer.cancel(false);
        }
        armedAt = deadline;
        long now = System.nanoTime();
        // a far deadline (or one that overflows the subtraction) fires after an hour, finds nothing due and re-arms
        long delay = deadline <= now ? 0 : deadline - now > 0 ? Math.min(deadline - now, MAX_DELAY_NANOS) : MAX_DELAY_NANOS;
        timer = socket.loop.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        armedAt = Engine.NO_TIMEOUT;
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long deadline;
        try {
            deadline = engine.pollTimeout();
        } catch (Throwable t) {
            socket.engineError(this, "pollTimeout", t);
            return;
        }
        if (deadline != Engine.NO_TIMEOUT && now >= deadline) {
            try {
                engine.handleTimeout(now);
            } catch (Throwable t) {
                socket.engineError(this, "handleTimeout", t);
            }
            pump();
        } else {
            arm();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        armedAt = Engine.NO_TIMEOUT;
    }

    /** Whether a timer task is armed, and for when (tests and debugging). On the loop. */
    long armedAt() {
        return armedAt;
    }

    // =============================== tasks ===============================

    void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (socket.loop.inEventLoop()) {
            runAndPump(task);
        } else {
            socket.loop.execute(() -> runAndPump(task));
        }
    }

    <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                pump();
            }
        };
        if (socket.loop.inEventLoop()) {
            r.run();
        } else {
            try {
                socket.loop.execute(r);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(e);
            }
        }
        return result;
    }

    private void runAndPump(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            socket.engineError(this, "a task", t);
        }
        pump();
    }

    /** Stops input, pumping and the timer. Any thread; idempotent. */
    void close() {
        closed = true;
        if (socket.loop.inEventLoop()) {
            cancelTimer();
        } else {
            try {
                socket.loop.execute(this::cancelTimer);
            } catch (RejectedExecutionException e) {
                // the loop is gone, and its timers with it
            }
        }
    }
}
