package io.github.chattck.core.internal;

import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off's own guarantees under races: nothing lost, reordered or duplicated while producer and consumer spin,
 * yield and park against each other; a close from a third thread releases both sides; a start callback that hands
 * over synchronously, on the consumer's thread, never hangs. The runs are many and short, so that the interleavings
 * vary on every machine.
 */
class HandOffTest {
    private static final int CAPACITY = HandOff.DEFAULT_CAPACITY;

    private static AIMessageChunk chunk(int i) {
        return AIMessageChunk.of(Integer.toString(i));
    }

    private static List<Integer> drain(HandOff handOff) throws Exception {
        List<Integer> seen = new ArrayList<>();
        AIMessageChunk c;
        while ((c = handOff.next()) != null) {
            seen.add(Integer.parseInt(c.content()));
        }
        return seen;
    }

    private static List<Integer> upTo(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aStartCallbackThatHandsOverMoreThanTheBoundOnTheConsumersThreadNeitherHangsNorReorders() throws Exception {
        HandOff handOff = HandOff.fromCallbacks(sink -> {
            for (int i = 0; i < 10 * CAPACITY; i++) {
                assertThat(sink.next(chunk(i))).isTrue();
            }
            sink.complete();
        }, CAPACITY);

        assertThat(drain(handOff)).isEqualTo(upTo(10 * CAPACITY));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void chunksHandedOverSynchronouslyComeBeforeThoseOfTheThreadTheStartCallbackStarts() throws Exception {
        int synchronous = 3 * CAPACITY;
        int total = synchronous + 5 * CAPACITY;
        HandOff handOff = HandOff.fromCallbacks(sink -> {
            for (int i = 0; i < synchronous; i++) {
                sink.next(chunk(i));
            }
            Thread rest = new Thread(() -> {
                for (int i = synchronous; i < total; i++) {
                    sink.next(chunk(i));
                }
                sink.complete();
            });
            rest.setDaemon(true);
            rest.start(); // may hand over before the callback returns: those chunks still come after the spilled ones
        }, CAPACITY);

        assertThat(drain(handOff)).isEqualTo(upTo(total));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void producerAndConsumerAtAnyRelativePaceLoseReorderAndDuplicateNothing() throws Exception {
        for (int run = 0; run < 400; run++) {
            int n = ThreadLocalRandom.current().nextInt(1, 600);
            int consumerPause = ThreadLocalRandom.current().nextInt(0, 4); // 0: as fast as it can
            int producerPause = ThreadLocalRandom.current().nextInt(0, 4);
            HandOff handOff = HandOff.onThread(sink -> {
                for (int i = 0; i < n; i++) {
                    pause(producerPause, i);
                    if (!sink.next(chunk(i))) {
                        throw new AssertionError("the consumer never closed, yet chunk " + i + " was refused");
                    }
                }
            }, 1 + ThreadLocalRandom.current().nextInt(CAPACITY));
            List<Integer> seen = new ArrayList<>(n);
            AIMessageChunk c;
            while ((c = handOff.next()) != null) {
                pause(consumerPause, seen.size());
                seen.add(Integer.parseInt(c.content()));
            }
            assertThat(seen).as("run %d: %d chunks, producer pace %d, consumer pace %d", run, n, producerPause,
                    consumerPause).isEqualTo(upTo(n));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void severalProducersKeepEachOnesOrderAndLoseNothing() throws Exception {
        for (int run = 0; run < 100; run++) {
            int producers = 3;
            int each = 300;
            AtomicInteger running = new AtomicInteger(producers);
            HandOff handOff = HandOff.fromCallbacks(sink -> {
                for (int p = 0; p < producers; p++) {
                    int base = p * each;
                    Thread t = new Thread(() -> {
                        for (int i = 0; i < each; i++) {
                            sink.next(chunk(base + i));
                        }
                        if (running.decrementAndGet() == 0) {
                            sink.complete();
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                }
            }, CAPACITY);
            List<Integer> seen = drain(handOff);
            assertThat(seen).hasSize(producers * each).doesNotHaveDuplicates();
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                assertThat(seen.stream().filter(i -> i >= base && i < base + each).toList())
                        .as("run %d, producer %d", run, p).isEqualTo(upTo(each).stream().map(i -> base + i).toList());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCloseFromAThirdThreadReleasesAWaitingConsumerAndAWaitingProducer() throws Exception {
        for (int run = 0; run < 300; run++) {
            CountDownLatch producing = new CountDownLatch(1);
            AtomicReference<Boolean> lastAccepted = new AtomicReference<>();
            CountDownLatch producerLeft = new CountDownLatch(1);
            boolean producerWaitsForRoom = run % 2 == 0; // else the consumer waits for a chunk
            Consumer<ChunkSink> start = sink -> {
                Thread t = new Thread(() -> {
                    producing.countDown();
                    int limit = producerWaitsForRoom ? Integer.MAX_VALUE : 5;
                    boolean accepted = true;
                    for (int i = 0; i < limit && accepted; i++) {
                        accepted = sink.next(chunk(i));
                    }
                    lastAccepted.set(accepted);
                    producerLeft.countDown();
                });
                t.setDaemon(true);
                t.start();
            };
            HandOff handOff = HandOff.fromCallbacks(start, CAPACITY);
            Thread closer = new Thread(() -> {
                awaitLatch(producing);
                // close at a different moment each run: while both sides run, spin, yield or park
                long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(200_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                handOff.close();
            });
            closer.start();
            int taken = 0;
            while (handOff.next() != null) {
                taken++;
                if (producerWaitsForRoom && taken == 1) {
                    awaitLatch(producing); // take one, then stop taking: the producer fills the ring and waits
                    closer.join();
                }
            }
            closer.join();
            assertThat(producerLeft.await(10, TimeUnit.SECONDS)).as("run %d: the producer returned after the close", run)
                    .isTrue();
            if (producerWaitsForRoom) {
                assertThat(lastAccepted.get()).as("run %d: the producer's last chunk after the close", run).isFalse();
            }
            assertThat(handOff.next()).as("a closed hand-off ends").isNull();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** 0: none; 1: a few spins; 2: a yield now and then; 3: a short sleep now and then (the other side parks). */
    private static void pause(int kind, int i) {
        switch (kind) {
            case 1:
                for (int s = 0; s < 50; s++) {
                    Thread.onSpinWait();
                }
                break;
            case 2:
                if (i % 7 == 0) {
                    Thread.yield();
                }
                break;
            case 3:
                if (i % 97 == 0) {
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                break;
            default:
                break;
        }
    }
}
