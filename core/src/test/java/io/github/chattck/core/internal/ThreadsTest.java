package io.github.chattck.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that lingers after a producer and takes the next one without being woken: each producer starts clean,
 * whatever the one before it on that worker went through.
 */
class ThreadsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterruptThatCancelledOneProducerNeverReachesTheNextOnTheSameWorker() throws Exception {
        assertNoInterruptReachesTheNextProducer(false);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWorkerOfferedBeforeItsProducerEndedTakesTheNextOnlyAfterItAndWithoutItsInterrupt() throws Exception {
        assertNoInterruptReachesTheNextProducer(true);
    }

    /** With {@code offerEarly}, the first producer offers its worker for the next while it still runs, as HandOff's do. */
    private static void assertNoInterruptReachesTheNextProducer(boolean offerEarly) throws Exception {
        int sameWorker = 0;
        for (int i = 0; i < 200; i++) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            CompletableFuture<Thread> firstWorker = new CompletableFuture<>();
            boolean[] release = {false};
            CompletableFuture<Boolean> firstEnded = new CompletableFuture<>();
            Future<?> first = Threads.startProducer(() -> {
                firstWorker.complete(Thread.currentThread());
                if (offerEarly) {
                    Threads.offerForNextProducer();
                }
                running.countDown();
                // a producer that does not look at interrupts: the cancel's interrupt stays set when it returns
                synchronized (release) {
                    while (!release[0]) {
                        try {
                            release.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt(); // keep it, as a careless producer would
                            break;
                        }
                    }
                }
                ended.countDown();
                firstEnded.complete(true);
            });
            running.await();
            first.cancel(true);
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> interruptedAtStart = new CompletableFuture<>();
            CompletableFuture<Thread> secondWorker = new CompletableFuture<>();
            CompletableFuture<Boolean> firstEndedAtStart = new CompletableFuture<>();
            Threads.startProducer(() -> {
                secondWorker.complete(Thread.currentThread());
                firstEndedAtStart.complete(firstEnded.isDone());
                interruptedAtStart.complete(Thread.currentThread().isInterrupted());
            });
            assertThat(interruptedAtStart.get(10, TimeUnit.SECONDS)).as("run %d", i).isFalse();
            if (secondWorker.get() == firstWorker.get()) {
                sameWorker++;
                assertThat(firstEndedAtStart.get()).as("run %d: a worker runs one producer at a time", i).isTrue();
            }
        }
        // the test proves something only if producers did follow one another on one worker
        assertThat(sameWorker).as("producers handed to the worker that had just run one").isPositive();
    }
}
