package io.github.chattck.core;

import io.github.chattck.core.internal.HandOff;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SPEC 1.2 for providers that push from their own threads: a slow consumer loses and reorders nothing, and the
 * hand-off stays bounded because the producer blocks.
 */
class PushSourceTest {
    private static final int COUNT = 300;

    /** A producer that counts what the sink accepted and remembers its thread. */
    private static final class CountingProducer implements ChunkSource.Producer {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean done;

        @Override
        public void produce(ChunkSink sink) {
            thread.set(Thread.currentThread());
            started.countDown();
            for (int i = 0; i < COUNT; i++) {
                if (!sink.next(AIMessageChunk.of("c" + i + ","))) {
                    return;
                }
                accepted.incrementAndGet();
            }
            done = true;
        }
    }

    /**
     * Waits until the producer can make no progress: it is blocked (its thread waits) or done. This is how the
     * consumer is "slow" without sleeping: it always lets the producer run ahead as far as the hand-off allows.
     */
    private static void waitUntilProducerIsBlockedOrDone(CountingProducer producer) {
        TestModels.await(producer.started, "the producer to start");
        long deadline = System.nanoTime() + TestModels.PATIENCE.toNanos();
        while (!producer.done) {
            // the hand-off's producer side waits with a timeout only while the hand-off is full
            if (producer.thread.get().getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the producer neither blocked nor finished within " + TestModels.PATIENCE);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void produceOnThreadLosesAndReordersNothingUnderASlowConsumerAndStaysBounded() {
        CountingProducer producer = new CountingProducer();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(producer));
        int bound = HandOff.DEFAULT_CAPACITY + 1;

        List<String> received = new ArrayList<>();
        int largestGap = 0;
        try (RunStream<AIMessageChunk> stream = model.stream("go")) {
            for (AIMessageChunk chunk : stream) {
                received.add(chunk.content());
                waitUntilProducerIsBlockedOrDone(producer);
                int gap = producer.accepted.get() - received.size();
                assertThat(gap).as("chunks waiting in the hand-off after %d were consumed", received.size())
                        .isLessThanOrEqualTo(bound);
                largestGap = Math.max(largestGap, gap);
            }
        }

        assertThat(received).hasSize(COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(received.get(i)).as("chunk %d", i).isEqualTo("c" + i + ",");
        }
        assertThat(largestGap).as("the producer ran ahead until the hand-off was full, then blocked")
                .isGreaterThanOrEqualTo(HandOff.DEFAULT_CAPACITY);
    }

    @Test
    void fromCallbacksKeepsEachThreadsOrderAndLosesNothing() throws Exception {
        int threads = 3;
        int perThread = 200;
        AtomicReference<List<Thread>> started = new AtomicReference<>();
        Supplier<ChunkSource> source = () -> ChunkSource.fromCallbacks(sink -> {
            List<Thread> workers = new ArrayList<>();
            AtomicInteger running = new AtomicInteger(threads);
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (!sink.next(AIMessageChunk.of(prefix + i + ";"))) {
                            return;
                        }
                    }
                    if (running.decrementAndGet() == 0) {
                        sink.complete();
                    }
                }, "callback-" + t);
                worker.setDaemon(true);
                workers.add(worker);
            }
            started.set(workers);
            workers.forEach(Thread::start); // returns promptly, as fromCallbacks requires
        });
        TestModels.WithSource model = new TestModels.WithSource(source);

        List<String> received = new ArrayList<>();
        try (RunStream<AIMessageChunk> stream = model.stream("go")) {
            for (AIMessageChunk chunk : stream) {
                received.add(chunk.content());
                waitUntilAllBlockedOrDone(started.get()); // a consumer slower than every producer
            }
        }
        for (Thread worker : started.get()) {
            worker.join(TestModels.PATIENCE.toMillis());
        }

        assertThat(received).hasSize(threads * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> ofThread = received.stream().filter(c -> c.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(prefix + i + ";");
            }
            assertThat(ofThread).as("chunks of thread %d, in order", t).isEqualTo(expected);
        }
    }

    /** Waits until every callback thread is blocked in the hand-off (timed wait) or has ended. */
    private static void waitUntilAllBlockedOrDone(List<Thread> workers) {
        long deadline = System.nanoTime() + TestModels.PATIENCE.toNanos();
        while (!workers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING
                || t.getState() == Thread.State.TERMINATED)) {
            if (System.nanoTime() > deadline) {
                fail("the callback threads neither blocked nor finished within " + TestModels.PATIENCE);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void fromCallbacksBlocksTheCallbackThreadWhenTheConsumerIsBehind() {
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<Thread> producerThread = new AtomicReference<>();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.fromCallbacks(sink -> {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < COUNT; i++) {
                    if (!sink.next(AIMessageChunk.of("c" + i))) {
                        return;
                    }
                    accepted.incrementAndGet();
                }
                sink.complete();
            }, "callback");
            worker.setDaemon(true);
            producerThread.set(worker);
            worker.start();
        }));

        RunStream<AIMessageChunk> stream = model.stream("go");
        var it = stream.iterator();
        assertThat(it.next().content()).isEqualTo("c0");
        long deadline = System.nanoTime() + TestModels.PATIENCE.toNanos();
        while (producerThread.get().getState() != Thread.State.TIMED_WAITING
                && producerThread.get().getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > deadline) {
                fail("the callback thread never blocked");
            }
            Thread.onSpinWait();
        }
        assertThat(producerThread.get().getState()).as("callback thread state with a consumer that stopped reading")
                .isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(accepted.get()).as("chunks accepted while the consumer read one")
                .isLessThanOrEqualTo(1 + HandOff.DEFAULT_CAPACITY + 1)
                .isLessThan(COUNT);
        stream.close();
    }
}
