package io.jrtc.testkit;

import java.time.Duration;

/** A clock that only moves when told to. Time is in nanoseconds, like every engine's {@code now}. */
public final class VirtualClock {
    private long now;

    public VirtualClock() {
        this(0);
    }

    public VirtualClock(long start) {
        this.now = start;
    }

    public long now() {
        return now;
    }

    /** Moves to {@code time}; moving backwards is a bug in the caller. */
    public void advanceTo(long time) {
        if (time < now) {
            throw new IllegalArgumentException("time runs backwards: " + time + " < " + now);
        }
        now = time;
    }

    public void advance(Duration d) {
        advanceTo(now + d.toNanos());
    }

    /** Virtual time elapsed since {@code start}, for messages. */
    public Duration since(long start) {
        return Duration.ofNanos(now - start);
    }
}
