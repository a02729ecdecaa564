package io.github.chattck.fakes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real clock of the fakes honours delays below a millisecond, and interrupts, as a sleep does. */
class FakeClockTest {
    private static final Duration TENTH_OF_A_MILLISECOND = Duration.ofNanos(100_000);

    /**
     * A sleep never ends early, and a sleep of 100 µs is not stretched to a whole millisecond. The shortest of 20
     * sleeps is compared, not their sum, so that a busy machine delaying a few of them cannot fail the test, while
     * a clock that rounds up to milliseconds fails it every time (each of its sleeps lasts at least 1 ms).
     *
     * @throws InterruptedException never
     */
    @Test
    void theSystemClockSleepsBelowAMillisecond() throws InterruptedException {
        FakeClock clock = FakeClock.system();
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            clock.sleep(TENTH_OF_A_MILLISECOND);
            long slept = System.nanoTime() - start;
            assertThat(slept).as("sleep %d of 100 µs, in ns", i).isGreaterThanOrEqualTo(TENTH_OF_A_MILLISECOND.toNanos());
            shortest = Math.min(shortest, slept);
        }

        assertThat(shortest).as("the shortest of 20 sleeps of 100 µs, in ns").isLessThan(1_000_000);
    }

    @Test
    void theSystemClockSleepIsInterruptibleAndClearsTheInterrupt() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> FakeClock.system().sleep(Duration.ofMinutes(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt status after the InterruptedException").isFalse();
    }

    @Test
    void theSystemClockSleepsNotAtAllForZeroAndRejectsNull() throws InterruptedException {
        long start = System.nanoTime();
        FakeClock.system().sleep(Duration.ZERO);

        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
        assertThatThrownBy(() -> FakeClock.system().sleep(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("duration");
    }

    @Test
    void aScriptedPerChunkDelayBelowAMillisecondIsHonoured() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("a b c d e f g h i j k").perChunkDelay(TENTH_OF_A_MILLISECOND)).build();

        long start = System.nanoTime();
        int chunks = model.stream("go").toList().size();
        long took = System.nanoTime() - start;

        assertThat(chunks).isGreaterThan(10);
        assertThat(took).as("streaming %d chunks 100 µs apart, in ns", chunks)
                .isGreaterThanOrEqualTo((chunks - 1) * TENTH_OF_A_MILLISECOND.toNanos());
    }
}
