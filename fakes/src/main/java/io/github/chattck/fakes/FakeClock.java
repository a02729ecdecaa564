package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

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
     * The real clock: {@link System#nanoTime()}, and sleeps that park the thread for the exact duration, to the
     * nanosecond as far as the OS allows (a delay of 100 µs lasts about 100 µs, not a whole millisecond as
     * {@code Thread.sleep(0, 100_000)} does on Java 17).
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
            long nanos = saturatedNanos(duration);
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted during a fake's delay of " + duration);
                }
                LockSupport.parkNanos(this, left); // returns early on an interrupt or spuriously: the loop checks
            }
        }

        /** A delay too long to count in nanoseconds (about 292 years) is as good as forever. */
        private static long saturatedNanos(Duration duration) {
            try {
                return duration.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }
}
