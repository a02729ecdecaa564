package io.github.chattck.core;

import io.github.chattck.core.internal.HandOff;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 1.2: chunks are handed over as they exist, in order; closing early stops and releases the provider. */
class StreamingTest {
    private static final int N = 5;

    /**
     * A pull-style source that produces chunk k only after the consumer has seen chunk k-1, so that any
     * look-ahead or buffering in the stream would stall it (and fail the test after {@link TestModels#PATIENCE}).
     */
    private static final class LockStepSource implements ChunkSource {
        final CountDownLatch[] seen;
        final AtomicInteger produced = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();

        LockStepSource(int n) {
            seen = new CountDownLatch[n];
            for (int i = 0; i < n; i++) {
                seen[i] = new CountDownLatch(1);
            }
        }

        @Override
        public AIMessageChunk next() {
            int k = produced.get();
            if (k > 0) {
                TestModels.await(seen[k - 1], "the consumer to see chunk " + (k - 1) + " before chunk " + k + " is made");
            }
            if (k == seen.length) {
                finished.set(true);
                return null;
            }
            produced.incrementAndGet();
            return AIMessageChunk.of("t" + k);
        }
    }

    @Test
    void pullProviderChunksComeOutOneByOneInOrderBeforeTheProviderHasFinished() {
        LockStepSource source = new LockStepSource(N);
        TestModels.WithSource model = new TestModels.WithSource(() -> source);
        List<String> received = new ArrayList<>();

        try (RunStream<AIMessageChunk> stream = model.stream("go")) {
            for (AIMessageChunk chunk : stream) {
                int k = received.size();
                assertThat(source.produced).as("chunks produced when chunk %d arrives", k).hasValue(k + 1);
                assertThat(source.finished).as("provider finished when chunk %d arrives", k).isFalse();
                received.add(chunk.content());
                source.seen[k].countDown();
            }
        }

        assertThat(received).containsExactly("t0", "t1", "t2", "t3", "t4");
        assertThat(source.finished).isTrue();
    }

    @Test
    void pushProviderChunksArriveAsProduced() {
        CountDownLatch[] seen = IntStream.range(0, N).mapToObj(i -> new CountDownLatch(1)).toArray(CountDownLatch[]::new);
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            for (int k = 0; k < N; k++) {
                if (k > 0) {
                    TestModels.await(seen[k - 1], "the consumer to see chunk " + (k - 1));
                }
                produced.incrementAndGet();
                sink.next(AIMessageChunk.of("t" + k));
            }
            TestModels.await(seen[N - 1], "the consumer to see the last chunk");
            finished.set(true);
        }));
        List<String> received = new ArrayList<>();

        try (RunStream<AIMessageChunk> stream = model.stream("go")) {
            for (AIMessageChunk chunk : stream) {
                int k = received.size();
                assertThat(produced).as("chunks produced when chunk %d arrives", k).hasValue(k + 1);
                assertThat(finished).as("producer finished when chunk %d arrives", k).isFalse();
                received.add(chunk.content());
                seen[k].countDown();
            }
        }

        assertThat(received).containsExactly("t0", "t1", "t2", "t3", "t4");
        assertThat(finished).isTrue();
    }

    @Test
    void earlyCloseStopsAPullProviderAndReleasesIt() {
        TestModels.CountingSource source = new TestModels.CountingSource(Long.MAX_VALUE);
        RecordingListener listener = new RecordingListener();
        TestModels.WithSource model = new TestModels.WithSource(() -> source);

        List<String> received = new ArrayList<>();
        try (RunStream<AIMessageChunk> stream = model.stream("go", RunConfig.builder().listener(listener).build())) {
            Iterator<AIMessageChunk> it = stream.iterator();
            for (int i = 0; i < 3; i++) {
                received.add(it.next().content());
            }
        }

        assertThat(received).containsExactly("c0", "c1", "c2");
        assertThat(source.produced).as("chunks the provider made").hasValue(3);
        assertThat(source.closeCalls).as("close calls on the provider's source").hasValue(1);
        assertThat(listener.calls()).containsExactly("start chat_model", "chunk chat_model", "chunk chat_model",
                "chunk chat_model", "error chat_model");
        assertThat(listener.errors().get(0)).isInstanceOf(CancellationException.class);
    }

    @Test
    void earlyCloseReleasesTheResourceOfAnIteratorSource() {
        TestModels.CountingIterator chunks = new TestModels.CountingIterator(Long.MAX_VALUE);
        TestModels.Released resource = new TestModels.Released();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.of(chunks, resource));

        RunStream<AIMessageChunk> stream = model.stream("go");
        Iterator<AIMessageChunk> it = stream.iterator();
        it.next();
        it.next();
        stream.close();

        assertThat(chunks.produced).hasValue(2);
        assertThat(resource.count).hasValue(1);
        assertThat(it.hasNext()).as("hasNext after close").isFalse();
        stream.close();
        assertThat(resource.count).as("close is idempotent").hasValue(1);
    }

    @Test
    void closingTheJavaStreamViewClosesTheRun() {
        TestModels.CountingSource source = new TestModels.CountingSource(Long.MAX_VALUE);
        TestModels.WithSource model = new TestModels.WithSource(() -> source);

        List<String> firstTwo;
        try (java.util.stream.Stream<AIMessageChunk> view = model.stream("go").toStream()) {
            firstTwo = view.limit(2).map(AIMessageChunk::content).collect(Collectors.toList());
        }

        assertThat(firstTwo).containsExactly("c0", "c1");
        assertThat(source.produced.get()).isEqualTo(2);
        assertThat(source.closeCalls).hasValue(1);
    }

    @Test
    void earlyCloseStopsAProducerThreadAndRunsItsCancelAction() {
        AtomicInteger produced = new AtomicInteger();
        CountDownLatch producerExited = new CountDownLatch(1);
        CountDownLatch cancelActionRan = new CountDownLatch(1);
        AtomicReference<Boolean> lastHandOver = new AtomicReference<>();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            sink.onCancel(cancelActionRan::countDown);
            try {
                boolean accepted = true;
                while (accepted) {
                    accepted = sink.next(AIMessageChunk.of("c" + produced.get()));
                    if (accepted) {
                        produced.incrementAndGet();
                    }
                }
                lastHandOver.set(false);
            } finally {
                producerExited.countDown();
            }
        }));

        RunStream<AIMessageChunk> stream = model.stream("go");
        Iterator<AIMessageChunk> it = stream.iterator();
        assertThat(it.next().content()).isEqualTo("c0");
        assertThat(it.next().content()).isEqualTo("c1");
        stream.close();

        TestModels.await(producerExited, "the producer thread to stop after close");
        TestModels.await(cancelActionRan, "the producer's cancel action");
        assertThat(lastHandOver.get()).as("sink.next returned false after close").isFalse();
        // the two read, the full hand-off (capacity plus the slot kept for the end signal), and one hand-over
        // that races with the close (accepted, then dropped with the rest)
        assertThat(produced.get()).as("chunks handed over: the two read plus at most the bounded hand-off")
                .isLessThanOrEqualTo(2 + (HandOff.DEFAULT_CAPACITY + 1) + 1);
    }

    @Test
    void closingFromAnotherThreadReleasesAConsumerWaitingForAPushedChunk() throws Exception {
        CountDownLatch producerStarted = new CountDownLatch(1);
        CountDownLatch producerStopped = new CountDownLatch(1);
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            producerStarted.countDown();
            try {
                new CountDownLatch(1).await(); // a provider that never answers, until interrupted
            } finally {
                producerStopped.countDown();
            }
        }));
        RunStream<AIMessageChunk> stream = model.stream("go");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch consumerReturned = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                outcome.set(stream.iterator().hasNext());
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                consumerReturned.countDown();
            }
        }, "blocked-consumer");
        consumer.setDaemon(true);
        consumer.start();
        TestModels.await(producerStarted, "the producer to start");

        stream.close();

        TestModels.await(consumerReturned, "the blocked consumer to return after close");
        assertThat(outcome.get()).as("hasNext after a close from another thread").isEqualTo(false);
        TestModels.await(producerStopped, "the producer to be interrupted");
    }

    @Test
    void invokeOnAStreamingProviderEqualsTheAggregateOfItsStream() {
        TestModels.Streaming model = new TestModels.Streaming("he", "llo", " you");

        AIMessage invoked = model.invoke("x");
        List<AIMessageChunk> chunks = model.stream("x").toList();

        assertThat(invoked.content()).isEqualTo("hello you");
        io.github.chattck.core.message.ChunkAggregator aggregator = new io.github.chattck.core.message.ChunkAggregator();
        chunks.forEach(aggregator::add);
        assertThat(aggregator.toMessage().withId(null)).isEqualTo(invoked.withId(null));
    }

    @Test
    void theStreamStartsOnlyOnTheFirstPull() {
        TestModels.Streaming model = new TestModels.Streaming("a");
        RecordingListener listener = new RecordingListener();

        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());

        assertThat(model.streamCalls).hasValue(0);
        assertThat(listener.calls()).isEmpty();
        assertThat(stream.toList()).hasSize(1);
        assertThat(model.streamCalls).hasValue(1);
    }

    @Test
    void closingBeforeTheFirstPullNeverCallsTheProvider() {
        TestModels.Streaming model = new TestModels.Streaming("a");
        RecordingListener listener = new RecordingListener();

        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());
        stream.close();

        assertThat(stream.isClosed()).isTrue();
        assertThat(stream.iterator().hasNext()).isFalse();
        assertThat(model.providerCalls()).isZero();
        assertThat(listener.calls()).isEmpty();
    }
}
