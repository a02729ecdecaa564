package io.github.chattck.core;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 3: batch keeps order, honours maxConcurrency, can return exceptions, and rejects a shared runId. */
class BatchTest {

    /** Answers with the text of the last human message; "fail..." inputs throw. */
    private static final class Echo extends BaseChatModel {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            calls.incrementAndGet();
            String text = messages.get(messages.size() - 1).content();
            if (text.startsWith("fail")) {
                throw new IllegalArgumentException("provider refused " + text);
            }
            return AIMessage.of("echo " + text);
        }
    }

    private static List<ChatInput> inputs(String... texts) {
        List<ChatInput> inputs = new ArrayList<>();
        for (String t : texts) {
            inputs.add(ChatInput.of(t));
        }
        return inputs;
    }

    @Test
    void outputsKeepTheInputOrderEvenWhenCallsFinishOutOfOrder() {
        CountDownLatch lastDone = new CountDownLatch(1);
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                String text = messages.get(0).content();
                if (text.equals("0")) {
                    TestModels.await(lastDone, "the last input to finish first"); // so the first finishes last
                } else if (text.equals("5")) {
                    lastDone.countDown();
                }
                return AIMessage.of(text);
            }
        };

        List<AIMessage> out = model.batch(inputs("0", "1", "2", "3", "4", "5"),
                RunConfig.builder().maxConcurrency(2).build());

        assertThat(out).extracting(AIMessage::content).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void atMostMaxConcurrencyCallsRunAtOnce() throws Exception {
        int maxConcurrency = 3;
        Semaphore release = new Semaphore(0);
        CountDownLatch firstWave = new CountDownLatch(maxConcurrency);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        RunListener concurrency = new RunListener() {
            @Override
            public void onStart(RunInfo run, Object input) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                firstWave.countDown();
            }

            @Override
            public void onEnd(RunInfo run, Object output) {
                running.decrementAndGet();
            }
        };
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) throws InterruptedException {
                if (!release.tryAcquire(TestModels.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("never released");
                }
                return AIMessage.of(messages.get(0).content());
            }
        };
        List<ChatInput> inputs = inputs("a", "b", "c", "d", "e", "f", "g", "h", "i");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<List<AIMessage>> batch = CompletableFuture.supplyAsync(() -> model.batch(inputs,
                    RunConfig.builder().maxConcurrency(maxConcurrency).listener(concurrency).build()), caller);

            TestModels.await(firstWave, maxConcurrency + " calls to start");
            assertThat(running.get()).as("calls running while all are blocked").isEqualTo(maxConcurrency);
            release.release(inputs.size()); // one permit per call; the rest start as permits free up slots

            List<AIMessage> out = batch.get(TestModels.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(out).extracting(AIMessage::content).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
        } finally {
            caller.shutdownNow();
        }
        assertThat(mostAtOnce.get()).as("most calls running at once").isEqualTo(maxConcurrency);
    }

    @Test
    void maxConcurrencyOneRunsTheCallsOneAfterTheOther() {
        RecordingListener listener = new RecordingListener();
        Echo model = new Echo();

        model.batch(inputs("a", "b", "c"), RunConfig.builder().maxConcurrency(1).listener(listener).build());

        assertThat(listener.calls()).containsExactly("start chat_model", "end chat_model", "start chat_model",
                "end chat_model", "start chat_model", "end chat_model");
    }

    @Test
    void withoutReturnExceptionsTheFirstFailureFailsTheBatch() {
        Echo model = new Echo();

        assertThatThrownBy(() -> model.batch(inputs("a", "fail-b", "c"), RunConfig.builder().maxConcurrency(1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("provider refused fail-b");
        assertThat(model.calls).as("calls after the failure are not started with maxConcurrency 1").hasValue(2);
    }

    /**
     * The failing call's error listener is slow: it holds its worker while another worker finishes its call. That
     * worker must stop at once (the batch failed when the provider failed), not start the next input while the
     * listener still runs. The listener waits until the other worker either started another call (the defect) or
     * stopped working (parked, as an idle pool thread or a caller awaiting its helpers).
     */
    @Test
    void aFailFastBatchStopsDispatchingWhenTheFailureHappensNotWhenItsListenersReturn() {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        CountDownLatch slowReleased = new CountDownLatch(1);
        AtomicReference<Thread> slowWorker = new AtomicReference<>();
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                calls.incrementAndGet();
                String text = messages.get(0).content();
                if (text.equals("fail")) {
                    TestModels.await(slowStarted, "the other worker to be busy"); // both workers are now taken
                    throw new IllegalArgumentException("provider refused " + text);
                }
                if (text.equals("slow")) {
                    slowWorker.set(Thread.currentThread());
                    slowStarted.countDown();
                    TestModels.await(releaseSlow, "the failure's listener to release the slow call");
                    slowReleased.countDown(); // from here on, a parked slow worker is one that stopped working
                }
                return AIMessage.of(text);
            }
        };
        RunListener slowErrorListener = new RunListener() {
            @Override
            public void onError(RunInfo run, Throwable error) {
                releaseSlow.countDown();
                TestModels.await(slowReleased, "the slow call to be released");
                long deadline = System.nanoTime() + TestModels.PATIENCE.toNanos();
                while (calls.get() == 2 && !isParked(slowWorker.get())) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the other worker neither started a call nor stopped");
                    }
                    Thread.onSpinWait();
                }
            }
        };
        List<ChatInput> inputs = new ArrayList<>(inputs("fail", "slow"));
        for (int i = 0; i < 50; i++) {
            inputs.add(ChatInput.of("later-" + i));
        }

        assertThatThrownBy(() -> model.batch(inputs, RunConfig.builder().maxConcurrency(2).listener(slowErrorListener)
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessage("provider refused fail");
        assertThat(calls).as("provider calls started: the two running when the first failed, none after").hasValue(2);
    }

    private static boolean isParked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    @Test
    void returnExceptionsKeepsEachFailureInItsSlot() {
        Echo model = new Echo();

        List<BatchResult<AIMessage>> results = model.batchReturningExceptions(inputs("a", "fail-b", "c", "fail-d"),
                RunConfig.defaults());

        assertThat(results).extracting(BatchResult::isSuccess).containsExactly(true, false, true, false);
        assertThat(results.get(0).value().content()).isEqualTo("echo a");
        assertThat(results.get(2).value().content()).isEqualTo("echo c");
        assertThat(results.get(1).error()).isInstanceOf(IllegalArgumentException.class).hasMessage("provider refused fail-b");
        assertThat(results.get(3).error()).hasMessage("provider refused fail-d");
        assertThatThrownBy(() -> results.get(1).value()).isInstanceOf(IllegalStateException.class)
                .hasCause(results.get(1).error());
    }

    @Test
    void anEmptyBatchReturnsAnEmptyListWithoutCallingTheProvider() {
        Echo model = new Echo();
        RecordingListener listener = new RecordingListener();
        RunConfig config = RunConfig.builder().listener(listener).build();

        assertThat(model.batch(List.of(), config)).isEmpty();
        assertThat(model.batchReturningExceptions(List.of(), config)).isEmpty();
        assertThat(model.calls).hasValue(0);
        assertThat(listener.calls()).isEmpty();
    }

    @Test
    void aRunIdSharedByManyInputsIsRejectedBeforeAnyCall() {
        Echo model = new Echo();
        UUID runId = UUID.randomUUID();
        RunConfig config = RunConfig.builder().runId(runId).build();

        assertThatThrownBy(() -> model.batch(inputs("a", "b"), config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId").hasMessageContaining(runId.toString());
        assertThatThrownBy(() -> model.batchReturningExceptions(inputs("a", "b"), config))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(model.calls).hasValue(0);
    }

    @Test
    void aRunIdIsAllowedForASingleInput() {
        Echo model = new Echo();
        UUID runId = UUID.randomUUID();

        List<AIMessage> out = model.batch(inputs("a"), RunConfig.builder().runId(runId).build());

        assertThat(out).extracting(AIMessage::id).containsExactly("run-" + runId);
    }

    @Test
    void eachBatchCallIsARunOfItsOwn() {
        Echo model = new Echo();
        RecordingListener listener = new RecordingListener();

        List<AIMessage> out = model.batch(inputs("a", "b", "c"), RunConfig.builder().listener(listener).build());

        assertThat(listener.infos()).extracting(RunInfo::runId).doesNotHaveDuplicates().hasSize(3);
        assertThat(out).extracting(AIMessage::id).doesNotHaveDuplicates();
    }

    @Test
    void theDefaultMaxConcurrencyIsDocumented() {
        assertThat(RunConfig.defaults().maxConcurrency()).isEqualTo(RunConfig.DEFAULT_MAX_CONCURRENCY).isEqualTo(16);
    }

    @Test
    void eachInputCanHaveItsOwnConfig() {
        RecordingListener listener = new RecordingListener();
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("ok");
        UUID first = UUID.randomUUID();

        List<AIMessage> out = model.batch(List.of(ChatInput.of("a"), ChatInput.of("b")), List.of(
                RunConfig.builder().runId(first).tags("first").runName("one").stop("X").listener(listener).build(),
                RunConfig.builder().tags("second").metadata("n", 2).listener(listener).build()));

        assertThat(out).extracting(AIMessage::content).containsExactly("ok", "ok");
        assertThat(out.get(0).id()).isEqualTo("run-" + first);
        assertThat(listener.infos()).extracting(RunInfo::name).containsExactlyInAnyOrder("one", "GenerateOnly");
        assertThat(listener.infos()).extracting(RunInfo::tags).containsExactlyInAnyOrder(List.of("first"), List.of("second"));
        assertThat(model.seenOptions).extracting(CallOptions::stop).containsExactlyInAnyOrder(List.of("X"), List.of());
        assertThat(model.batch(List.of(), List.of())).isEmpty();
        assertThat(model.batchReturningExceptions(List.of(ChatInput.of("c")), List.of(RunConfig.defaults())))
                .extracting(BatchResult::isSuccess).containsExactly(true);
    }

    @Test
    void perInputConfigsMustMatchTheInputsOneForOne() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("ok");
        UUID shared = UUID.randomUUID();

        assertThatThrownBy(() -> model.batch(List.of(ChatInput.of("a"), ChatInput.of("b")), List.of(RunConfig.defaults())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 config(s) for 2 input(s)");
        assertThatThrownBy(() -> model.batchReturningExceptions(List.of(ChatInput.of("a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 config(s) for 1 input(s)");
        assertThatThrownBy(() -> model.batch(List.of(ChatInput.of("a"), ChatInput.of("b")),
                List.of(RunConfig.builder().runId(shared).build(), RunConfig.builder().runId(shared).build())))
                .hasMessageContaining("runId " + shared + " is given to inputs 0 and 1");
        assertThat(model.generateCalls.get()).isZero();
    }

    @Test
    void theFirstConfigBoundsTheConcurrencyOfAPerInputBatch() {
        List<ChatInput> inputs = List.of(ChatInput.of("a"), ChatInput.of("b"), ChatInput.of("c"));
        List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("ok") {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                threads.add(Thread.currentThread());
                return super.generate(messages, options);
            }
        };

        model.batch(inputs, List.of(RunConfig.builder().maxConcurrency(1).build(), RunConfig.defaults(), RunConfig.defaults()));

        assertThat(threads).as("one worker: the calling thread, one call after the other").containsOnly(Thread.currentThread())
                .hasSize(3);
    }
}
