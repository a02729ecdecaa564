package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.time.Duration;

/**
 * The time source of the fakes' delays. {@link #system()} really sleeps (for timing rules and demos);
 * a {@link VirtualClock} only advances its own time, so tests with delays run instantly yet can assert when
 * each chunk was due.
 */
public interface FakeClock {

    /**
     * The current time of this clock, from an arbitrary origin.
     *
     * @return nanoseconds
     */
    long nanoTime();

    /**
     * Waits for {@code duration} of this clock's time.
     *
     * @param duration how long, not negative
     * @throws InterruptedException if the thread is interrupted while waiting (the call is being cancelled)
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real clock: {@link System#nanoTime()} and {@link Thread#sleep}.
     *
     * @return the system clock
     */
    static FakeClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock. */
    enum SystemClock implements FakeClock {
        /** The one instance. */
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Checks.notNull(duration, "duration");
            if (!duration.isZero()) {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            }
        }
    }
}
