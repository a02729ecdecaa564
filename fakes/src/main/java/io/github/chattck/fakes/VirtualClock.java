package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that never really sleeps: {@link #sleep} advances its time at once and records the request. With it,
 * a test of a fake with delays runs in microseconds and can still assert the delays were applied (see
 * {@link RecordedCall#chunkTimes()}). Thread-safe; time starts at zero.
 */
public final class VirtualClock implements FakeClock {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();

    /** A clock at time zero. */
    public VirtualClock() {
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /**
     * Advances the time by {@code duration} without blocking.
     *
     * @param duration not negative
     */
    @Override
    public void sleep(Duration duration) {
        Checks.notNull(duration, "duration");
        Checks.argument(!duration.isNegative(), "duration must not be negative but was %s", duration);
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        nanos.addAndGet(duration.toNanos());
    }

    /**
     * Moves the time forward, as if time passed outside the fakes.
     *
     * @param duration not negative
     */
    public void advance(Duration duration) {
        Checks.argument(!Checks.notNull(duration, "duration").isNegative(),
                "duration must not be negative but was %s", duration);
        nanos.addAndGet(duration.toNanos());
    }

    /**
     * The time elapsed since the clock was created.
     *
     * @return the virtual time
     */
    public Duration now() {
        return Duration.ofNanos(nanos.get());
    }

    /**
     * Every sleep requested so far, in order.
     *
     * @return a snapshot of the sleeps
     */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }
}
