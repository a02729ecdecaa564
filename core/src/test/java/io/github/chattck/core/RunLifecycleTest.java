package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.RunContext;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC 1.4 under races and faults: a run's callbacks are totally ordered (start, chunks, then exactly one of end /
 * error, nothing after), whatever thread closes the stream and whatever a listener throws; a close from another
 * thread releases the consumer and opens nothing.
 */
class RunLifecycleTest {
    /**
     * Runs of the close race. Before the fix, on 2 busy cores, every one of 5 test runs failed: 8 to 85 of 2,000
     * streams and 66 to 361 of 2,000 pipelines had disordered callbacks. Each test takes well under a second.
     */
    private static final int RACE_RUNS = 2_000;
    /** How long a callback of the race busy-waits, to widen the windows a close can fall into. */
    private static final long CALLBACK_SPIN_NANOS = 20_000;
    private static final Pattern WELL_ORDERED = Pattern.compile("(start( chunk)*( end| error))?");

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<Logger> quieted = List.of(Logger.getLogger(RunContext.class.getName()),
            Logger.getLogger(ChunkSource.class.getName()));

    @BeforeEach
    void captureLogs() {
        for (Logger logger : quieted) {
            logger.addHandler(capture);
            logger.setUseParentHandlers(false); // the warnings these tests provoke would only clutter the build log
        }
    }

    @AfterEach
    void releaseLogs() {
        for (Logger logger : quieted) {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
        }
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t; // what Kotlin code and Lombok's @SneakyThrows do: a checked exception no signature declares
    }

    /**
     * Checks the callbacks of every run it sees: per run, the sequence must read start, chunks, then one of end /
     * error; callbacks of one run must never overlap. Start and chunk callbacks spin a little, as a real listener
     * does some work, so that a close from another thread often falls inside them.
     */
    private static final class OrderChecker implements RunListener {
        private final Map<UUID, StringBuilder> sequences = new LinkedHashMap<>();
        private final Map<UUID, AtomicInteger> inCallback = new LinkedHashMap<>();
        private final List<String> overlaps = new ArrayList<>();
        private final long spinNanos;

        OrderChecker(long spinNanos) {
            this.spinNanos = spinNanos;
        }

        private void callback(RunInfo run, String what, long work) {
            AtomicInteger inside;
            synchronized (this) {
                inside = inCallback.computeIfAbsent(run.runId(), id -> new AtomicInteger());
                sequences.computeIfAbsent(run.runId(), id -> new StringBuilder()).append(what).append(' ');
            }
            if (inside.incrementAndGet() > 1) {
                synchronized (this) {
                    overlaps.add(what + " of " + run.runType() + " overlapped another callback of its run");
                }
            }
            spin(work);
            inside.decrementAndGet();
        }

        @Override
        public void onStart(RunInfo run, Object input) {
            callback(run, "start", spinNanos);
        }

        @Override
        public void onChunk(RunInfo run, Object chunk) {
            callback(run, "chunk", spinNanos);
        }

        @Override
        public void onEnd(RunInfo run, Object output) {
            callback(run, "end", 0);
        }

        @Override
        public void onError(RunInfo run, Throwable error) {
            callback(run, "error", 0);
        }

        /** What is wrong with the callbacks seen, or null. */
        synchronized String problem() {
            List<String> problems = new ArrayList<>(overlaps);
            sequences.forEach((id, seq) -> {
                String s = seq.toString().trim();
                if (!WELL_ORDERED.matcher(s).matches()) {
                    problems.add("[" + s + "]");
                }
            });
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
    }

    /** Three chunks from a pull source; counts the opens that began after a close had returned, uninterrupted. */
    private static final class OpenWatcher extends BaseChatModel {
        final AtomicBoolean closeReturned = new AtomicBoolean();
        final AtomicInteger opensAfterClose = new AtomicInteger();

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("abc");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            // an open the close could not prevent (it was already under way) is at least interrupted
            if (closeReturned.get() && !Thread.currentThread().isInterrupted()) {
                opensAfterClose.incrementAndGet();
            }
            return ChunkSource.of(TestModels.chunks("a", "b", "c"));
        }
    }

    /** One consumer and one closer thread race over {@link #RACE_RUNS} runs; returns the problems seen. */
    private static List<String> raceCloseAgainstTheConsumer(Supplier<OpenWatcher> models,
                                                            java.util.function.BiFunction<OpenWatcher, RunConfig, RunStream<?>> open)
            throws Exception {
        List<String> problems = new ArrayList<>();
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            for (int r = 0; r < RACE_RUNS; r++) {
                OrderChecker checker = new OrderChecker(CALLBACK_SPIN_NANOS);
                OpenWatcher model = models.get();
                RunStream<?> stream = open.apply(model, RunConfig.builder().listener(checker).build());
                CountDownLatch go = new CountDownLatch(1);
                long closeAfter = (r * 7919L) % (6 * CALLBACK_SPIN_NANOS); // spread over the whole run
                Future<?> closing = closer.submit(() -> {
                    TestModels.await(go, "the consumer to begin");
                    spin(closeAfter);
                    stream.close();
                    model.closeReturned.set(true);
                });
                go.countDown();
                try {
                    for (Object ignored : stream) {
                        // drain until the close ends it
                    }
                } catch (RuntimeException e) {
                    // a run may fail as it is closed; only the callbacks matter here
                }
                closing.get(TestModels.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                String problem = checker.problem();
                if (problem != null) {
                    problems.add("run " + r + ": " + problem);
                }
                if (model.opensAfterClose.get() > 0) {
                    problems.add("run " + r + ": the provider was opened after close() returned");
                }
            }
        } finally {
            closer.shutdownNow();
        }
        return problems;
    }

    @Test
    void aCloseFromAnotherThreadNeverDisordersTheCallbacksOfAStream() throws Exception {
        List<String> problems = raceCloseAgainstTheConsumer(OpenWatcher::new, (m, c) -> m.stream("x", c));

        assertThat(problems).as("runs with disordered callbacks, out of %d", RACE_RUNS).isEmpty();
    }

    @Test
    void aCloseFromAnotherThreadNeverDisordersTheCallbacksOfAPipeline() throws Exception {
        List<String> problems = raceCloseAgainstTheConsumer(OpenWatcher::new,
                (m, c) -> m.pipe(StrOutputParser.create()).stream(ChatInput.of("x"), c));

        assertThat(problems).as("runs with disordered callbacks, out of %d", RACE_RUNS).isEmpty();
    }

    /** Records each callback at its end, so that a callback that overlaps another shows up out of order. */
    private static final class RecordingAtExit implements RunListener {
        final List<String> calls = new ArrayList<>();
        final CountDownLatch inStart = new CountDownLatch(1);
        final CountDownLatch inSecondChunk = new CountDownLatch(1);
        volatile CountDownLatch holdStart;
        volatile CountDownLatch holdSecondChunk;
        private int chunks;

        private synchronized void record(String call) {
            calls.add(call);
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }

        @Override
        public void onStart(RunInfo run, Object input) {
            inStart.countDown();
            if (holdStart != null) {
                TestModels.await(holdStart, "the test to let onStart return");
            }
            record("start");
        }

        @Override
        public void onChunk(RunInfo run, Object chunk) {
            if (++chunks == 2) {
                inSecondChunk.countDown();
                if (holdSecondChunk != null) {
                    TestModels.await(holdSecondChunk, "the test to let onChunk return");
                }
            }
            record("chunk " + ((AIMessageChunk) chunk).content());
        }

        @Override
        public void onEnd(RunInfo run, Object output) {
            record("end");
        }

        @Override
        public void onError(RunInfo run, Throwable error) {
            record("error " + error.getClass().getSimpleName());
        }
    }

    /** Runs {@code body} on a daemon thread of its own, returning a latch opened when it returns. */
    private static CountDownLatch onAnotherThread(String name, Runnable body) {
        CountDownLatch returned = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                returned.countDown();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return returned;
    }

    @Test
    void aCloseWhileOnStartRunsReportsTheErrorAfterTheStartAndOpensNothing() {
        TestModels.Streaming model = new TestModels.Streaming("a", "b");
        RecordingAtExit listener = new RecordingAtExit();
        CountDownLatch closeReturned = new CountDownLatch(1);
        listener.holdStart = closeReturned;
        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());
        List<AIMessageChunk> received = new ArrayList<>();

        CountDownLatch consumed = onAnotherThread("consumer", () -> stream.forEach(received::add));
        TestModels.await(listener.inStart, "the first pull to reach onStart");
        stream.close(); // on the test's thread, while onStart runs on the consumer's
        closeReturned.countDown();
        TestModels.await(consumed, "the consumer to end");

        assertThat(listener.calls()).containsExactly("start", "error CancellationException");
        assertThat(model.streamCalls).as("provider streams opened after close() returned").hasValue(0);
        assertThat(received).isEmpty();
    }

    @Test
    void aCloseWhileOnChunkRunsReportsTheErrorAfterThatChunkAndNothingAfterIt() {
        TestModels.Streaming model = new TestModels.Streaming("a", "b", "c", "d");
        RecordingAtExit listener = new RecordingAtExit();
        CountDownLatch closeReturned = new CountDownLatch(1);
        listener.holdSecondChunk = closeReturned;
        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());

        CountDownLatch consumed = onAnotherThread("consumer", () -> stream.forEach(c -> { }));
        TestModels.await(listener.inSecondChunk, "the consumer to reach the second chunk's callback");
        stream.close();
        closeReturned.countDown();
        TestModels.await(consumed, "the consumer to end");

        assertThat(listener.calls()).containsExactly("start", "chunk a", "chunk b", "error CancellationException");
    }

    @Test
    void aCloseOfAnEventStreamWhileOnStartRunsReportsTheErrorAfterTheStartAndOpensNothing() {
        TestModels.Streaming model = new TestModels.Streaming("a");
        RecordingAtExit listener = new RecordingAtExit();
        CountDownLatch closeReturned = new CountDownLatch(1);
        listener.holdStart = closeReturned;
        RunStream<StreamEvent> events = model.streamEvents("x", RunConfig.builder().listener(listener).build());
        List<String> received = new ArrayList<>();

        CountDownLatch consumed = onAnotherThread("consumer", () -> events.forEach(e -> received.add(e.event())));
        TestModels.await(listener.inStart, "the first pull to reach onStart");
        events.close();
        closeReturned.countDown();
        TestModels.await(consumed, "the consumer to end");

        assertThat(listener.calls()).containsExactly("start", "error CancellationException");
        assertThat(model.streamCalls).hasValue(0);
    }

    // ------------------------------------------------------------------ item 4: close releases a blocked consumer

    /** Runs a stream's first pull on another thread; returns what it gave (or threw) once released. */
    private static final class BlockedConsumer {
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final CountDownLatch returned;

        BlockedConsumer(RunStream<AIMessageChunk> stream) {
            returned = onAnotherThread("blocked-consumer", () -> {
                try {
                    outcome.set(stream.iterator().hasNext());
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
        }
    }

    @Test
    void aCloseFromAnotherThreadReleasesAConsumerBlockedInTheFallbacksGenerate() {
        CountDownLatch inGenerate = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch generateLeft = new CountDownLatch(1);
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) throws InterruptedException {
                inGenerate.countDown();
                try {
                    never.await(); // a provider call that hangs, as a request to a server that never answers
                    return AIMessage.of("too late");
                } finally {
                    generateLeft.countDown();
                }
            }
        };
        RecordingListener listener = new RecordingListener();
        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());
        BlockedConsumer consumer = new BlockedConsumer(stream);
        TestModels.await(inGenerate, "generate to be called");

        stream.close();

        try {
            TestModels.await(consumer.returned, "the consumer blocked in generate to be released by close()");
            assertThat(consumer.outcome.get()).as("hasNext after a close from another thread").isEqualTo(false);
            TestModels.await(generateLeft, "the hung generate to be interrupted");
            assertThat(listener.calls()).containsExactly("start chat_model", "error chat_model");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aCloseFromAnotherThreadReleasesAConsumerBlockedOpeningTheProvidersStream() {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        TestModels.WithSource model = new TestModels.WithSource(() -> {
            opening.countDown();
            try {
                never.await(); // waiting for the response headers that never come
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new IllegalStateException("interrupted while connecting", e);
            }
            return ChunkSource.of(TestModels.chunks("too late"));
        });
        RunStream<AIMessageChunk> stream = model.stream("x");
        BlockedConsumer consumer = new BlockedConsumer(stream);
        TestModels.await(opening, "the provider to begin opening its stream");

        stream.close();

        try {
            TestModels.await(consumer.returned, "the consumer blocked opening the stream to be released by close()");
            assertThat(consumer.outcome.get()).as("hasNext after a close from another thread").isEqualTo(false);
            assertThat(interrupted).as("the provider's open was interrupted").isTrue();
        } finally {
            never.countDown();
        }
    }

    @Test
    void theInterruptOfAClosedOpenDoesNotLeakIntoTheConsumersCode() throws Exception {
        // the close interrupts the open; once the open returned, the consumer's thread must not stay interrupted
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        TestModels.WithSource model = new TestModels.WithSource(() -> {
            opening.countDown();
            boolean interrupted = false;
            while (true) { // an open that ignores the interrupt and succeeds, restoring the flag as libraries do
                try {
                    if (closed.await(TestModels.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    throw new AssertionError("the close never came");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return ChunkSource.of(TestModels.chunks("a"));
        });
        RunStream<AIMessageChunk> stream = model.stream("x");
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        CountDownLatch consumed = onAnotherThread("consumer", () -> {
            stream.iterator().hasNext();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        TestModels.await(opening, "the open");
        stream.close();
        closed.countDown();
        TestModels.await(consumed, "the consumer");

        assertThat(interruptedAfter.get()).as("consumer thread interrupted after the stream ended").isFalse();
    }

    // ------------------------------------------------------------------ item 2: any listener failure is isolated

    private static final class CheckedListenerFailure extends Exception {
        CheckedListenerFailure(String message) {
            super(message);
        }
    }

    /** An Error no catch of RuntimeException, LinkageError or AssertionError would stop. */
    private static final class CustomListenerError extends Error {
        CustomListenerError(String message) {
            super(message);
        }
    }

    /** Throws {@code failure.get()} from every callback. */
    private static RunListener throwingFromEveryCallback(Supplier<Throwable> failure) {
        return new RunListener() {
            @Override
            public void onStart(RunInfo run, Object input) {
                throw sneakyThrow(failure.get());
            }

            @Override
            public void onChunk(RunInfo run, Object chunk) {
                throw sneakyThrow(failure.get());
            }

            @Override
            public void onEnd(RunInfo run, Object output) {
                throw sneakyThrow(failure.get());
            }

            @Override
            public void onError(RunInfo run, Throwable error) {
                throw sneakyThrow(failure.get());
            }
        };
    }

    @Test
    void aListenerThrowingACheckedExceptionOrAnErrorNeverBreaksTheCall() {
        for (Supplier<Throwable> failure : List.<Supplier<Throwable>>of(
                () -> new CheckedListenerFailure("checked, thrown sneakily"),
                () -> new CustomListenerError("an Error of the listener's own"),
                () -> new java.io.IOException("an I/O failure in a listener"))) {
            RecordingListener after = new RecordingListener();
            RunConfig config = RunConfig.builder().listener(throwingFromEveryCallback(failure)).listener(after).build();
            TestModels.Streaming model = new TestModels.Streaming("a", "b");
            String kind = failure.get().getClass().getSimpleName();

            assertThat(model.stream("x", config).toList()).as("stream with a listener throwing %s", kind)
                    .extracting(AIMessageChunk::content).containsExactly("a", "b");
            assertThat(model.invoke("x", config).content()).as("invoke with a listener throwing %s", kind)
                    .isEqualTo("ab");
            assertThat(model.streamEvents("x", config).toList()).as("events with a listener throwing %s", kind)
                    .hasSize(4);
            assertThat(model.pipe(StrOutputParser.create()).invoke(ChatInput.of("x"), config))
                    .as("a pipeline with a listener throwing %s", kind).isEqualTo("ab");
            assertThat(after.calls()).as("the next listener's callbacks with a listener throwing %s", kind)
                    .startsWith("start chat_model", "chunk chat_model", "chunk chat_model", "end chat_model",
                            "start chat_model", "end chat_model",
                            "start chat_model", "chunk chat_model", "chunk chat_model", "end chat_model")
                    .filteredOn(c -> c.startsWith("error")).isEmpty();
        }
    }

    @Test
    void aListenerThrowingOnErrorDoesNotHideTheProvidersFailureWhateverItThrows() {
        IllegalStateException boom = new IllegalStateException("provider boom");
        RecordingListener after = new RecordingListener();
        RunConfig config = RunConfig.builder()
                .listener(throwingFromEveryCallback(() -> new CheckedListenerFailure("listener"))).listener(after).build();
        TestModels.WithSource model = new TestModels.WithSource(() -> () -> {
            throw boom;
        });

        assertThatThrownBy(() -> model.stream("x", config).toList()).isSameAs(boom);
        assertThat(after.calls()).containsExactly("start chat_model", "error chat_model");
    }

    @Test
    void aListenerFailureNeverLeavesAProducerThreadParked() {
        // a for-each that a listener's exception broke would leave the stream unclosed and the producer blocked
        CountDownLatch producerDone = new CountDownLatch(1);
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            try {
                for (int i = 0; i < 200 && sink.next(AIMessageChunk.of("c" + i)); i++) {
                    // hand over more than the hand-off holds
                }
                sink.complete();
            } finally {
                producerDone.countDown();
            }
        }));
        RunConfig config = RunConfig.builder()
                .listener(throwingFromEveryCallback(() -> new CustomListenerError("listener"))).build();

        int seen = 0;
        for (AIMessageChunk ignored : model.stream("x", config)) {
            seen++;
        }

        assertThat(seen).isEqualTo(200);
        TestModels.await(producerDone, "the producer to finish");
    }

    @Test
    void aVirtualMachineErrorOfAListenerPropagates() {
        StackOverflowError fatal = new StackOverflowError("a listener exhausted the stack");
        RunConfig config = RunConfig.builder().listener(new RunListener() {
            @Override
            public void onStart(RunInfo run, Object input) {
                throw fatal;
            }
        }).build();

        assertThatThrownBy(() -> new TestModels.Streaming("a").invoke("x", config)).isSameAs(fatal);
    }

    // ------------------------------------------------------------------ item 6: a throwing ChunkSource.close()

    /** A finished source whose close() throws, as a provider releasing a broken connection might. */
    private static final class ThrowingOnClose implements ChunkSource {
        private final Iterator<AIMessageChunk> chunks = TestModels.chunks("a", "b").iterator();
        final AtomicInteger closeCalls = new AtomicInteger();
        private final Supplier<Throwable> failure;

        ThrowingOnClose(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public AIMessageChunk next() {
            return chunks.hasNext() ? chunks.next() : null;
        }

        @Override
        public void close() {
            closeCalls.incrementAndGet();
            throw sneakyThrow(failure.get());
        }
    }

    @Test
    void aChunkSourceWhoseCloseThrowsEndsTheRunTheSameWayWithOrWithoutATimeout() {
        for (Duration timeout : new Duration[] {null, Duration.ofMinutes(5)}) {
            for (Supplier<Throwable> failure : List.<Supplier<Throwable>>of(
                    () -> new IllegalStateException("connection already broken"),
                    () -> new AssertionError("a test double's close"))) {
                ThrowingOnClose source = new ThrowingOnClose(failure);
                TestModels.WithSource model = new TestModels.WithSource(() -> source);
                RecordingListener listener = new RecordingListener();
                String when = (timeout == null ? "without" : "with") + " a timeout, close throwing "
                        + failure.get().getClass().getSimpleName();
                synchronized (logged) {
                    logged.clear();
                }

                List<AIMessageChunk> chunks = model.stream("x",
                        RunConfig.builder().timeout(timeout).listener(listener).build()).toList();

                assertThat(chunks).as(when).extracting(AIMessageChunk::content).containsExactly("a", "b");
                assertThat(listener.calls()).as(when).endsWith("end chat_model");
                assertThat(source.closeCalls).as(when).hasValue(1);
                synchronized (logged) {
                    assertThat(logged).as("the warning " + when).anySatisfy(r -> {
                        assertThat(r.getMessage()).contains("closing the chunk source");
                        assertThat(r.getThrown()).isNotNull();
                    });
                }
            }
        }
    }

    @Test
    void aChunkSourceWhoseCloseThrowsOnAnEarlyCloseStillReportsTheCancellation() {
        ThrowingOnClose source = new ThrowingOnClose(() -> new AssertionError("a test double's close"));
        TestModels.WithSource model = new TestModels.WithSource(() -> source);
        RecordingListener listener = new RecordingListener();
        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());
        stream.iterator().next();

        stream.close();

        assertThat(listener.calls()).containsExactly("start chat_model", "chunk chat_model", "error chat_model");
        assertThat(listener.errors().get(0)).isInstanceOf(CancellationException.class);
    }
}
