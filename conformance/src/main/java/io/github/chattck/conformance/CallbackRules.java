package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessageChunk;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** The bodies of the callback rules (CB-*), called by {@link ChatModelConformanceTests}. */
final class CallbackRules {
    private static final String RUN_NAME = "ConformanceRun";
    private static final String SLOT_TAG = "conformance-slot-";
    private static final String SLOT_KEY = "conformance_slot";
    /** How long CB-1's listener holds its first chunk callback while the stream is closed from another thread. */
    private static final Duration HELD_CALLBACK = Duration.ofSeconds(2);

    private CallbackRules() {
    }

    /** CB-1. */
    static void callbackSequence(RuleContext ctx) throws InterruptedException {
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN),
                RunConfig.builder().listener(recorder).build());
        List<String> expected = new ArrayList<>();
        expected.add("start chat_model");
        chunks.forEach(c -> expected.add("chunk chat_model"));
        expected.add("end chat_model");
        ctx.expectEqual(expected, recorder.calls(), "the callbacks of a stream of " + chunks.size() + " chunk(s)");
        Recorder invokeRecorder = ctx.recorder();
        ctx.invoke(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().listener(invokeRecorder).build());
        ctx.expectEqual(List.of("start chat_model", "end chat_model"), invokeRecorder.calls(), "the callbacks of invoke");
        expectOrderedCallbacksWhenClosedFromAnotherThread(ctx);
    }

    /**
     * Part of CB-1: the stream runs on a thread of its own; while a listener handles its first chunk, the rule's
     * thread closes the stream. The listener records each callback as it returns, so an error reported while the
     * chunk's callback still runs shows up before that chunk. The run may end either way (an error for the close,
     * or an end if it had already produced everything), but once, last, and in order.
     */
    private static void expectOrderedCallbacksWhenClosedFromAnotherThread(RuleContext ctx) throws InterruptedException {
        CountDownLatch inFirstChunk = new CountDownLatch(1);
        CountDownLatch closeReturned = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Duration closeBound = HELD_CALLBACK;
        RunListener holdingTheFirstChunk = new RunListener() {
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public void onStart(RunInfo run, Object input) {
                calls.add("start");
            }

            @Override
            public void onChunk(RunInfo run, Object chunk) {
                if (first.getAndSet(false)) {
                    inFirstChunk.countDown();
                    try {
                        // bounded: a model whose close() waits for the running callback is slow, not wrong
                        closeReturned.await(closeBound.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                calls.add("chunk");
            }

            @Override
            public void onEnd(RunInfo run, Object output) {
                calls.add("end");
                ended.countDown();
            }

            @Override
            public void onError(RunInfo run, Throwable error) {
                calls.add("error");
                ended.countDown();
            }
        };
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.trace().input("stream, closed from another thread during its first chunk callback", prompt.raw());
        RunStream<AIMessageChunk> stream = ctx.model().stream(prompt, RunConfig.builder().listener(holdingTheFirstChunk).build());
        Thread consumer = new Thread(() -> {
            try {
                stream.forEach(chunk -> ctx.trace().touch());
            } catch (RuntimeException e) {
                // ending by a failure after the close is allowed; the callbacks are what this checks
            }
        }, ThreadCensus.KIT_HELPER_PREFIX + "consumer");
        consumer.setDaemon(true);
        consumer.start();
        ctx.expect(ctx.awaitTrue(() -> inFirstChunk.getCount() == 0, ctx.timeout()), "a first chunk callback", () -> calls);
        stream.close();
        closeReturned.countDown();
        ctx.awaitTrue(() -> !consumer.isAlive(), ctx.timeout());
        ctx.expect(!consumer.isAlive(), "the consumer's thread to return after the stream was closed", () -> calls);
        Duration grace = ctx.releaseGrace(HELD_CALLBACK);
        ctx.expect(ctx.awaitTrue(() -> ended.getCount() == 0, grace),
                "an end or error callback for the closed stream within " + grace.toMillis() + " ms", () -> calls);
        List<String> seen = List.copyOf(calls);
        ctx.expect(String.join(" ", seen).matches("start( chunk)+( end| error)"), "the callbacks of a stream "
                + "closed from another thread while its first chunk callback ran to be start, chunks, then one end or "
                + "error, each after the one before had returned", () -> seen);
    }

    /** CB-2: every kind of failure a listener can throw (unchecked, checked thrown sneakily, an Error). */
    static void throwingListenerDoesNotBreakTheCall(RuleContext ctx) throws Exception {
        AutoCloseable quietLogs = ProvokedFailure.quietLogs();
        try (quietLogs) {
            for (Function<String, Throwable> kind : ProvokedFailure.kinds()) {
                expectTheCallGoesOn(ctx, kind);
            }
        }
    }

    private static void expectTheCallGoesOn(RuleContext ctx, Function<String, Throwable> kind) {
        String name = kind.apply("").getClass().getSimpleName();
        RunListener throwing = new RunListener() {
            private final Set<UUID> threwOnChunk = ConcurrentHashMap.newKeySet();

            @Override
            public void onStart(RunInfo run, Object input) {
                throw ProvokedFailure.sneaky(kind.apply("listener.onStart"));
            }

            @Override
            public void onChunk(RunInfo run, Object chunk) {
                if (threwOnChunk.add(run.runId())) { // once per run: the isolation is proven, the log stays short
                    throw ProvokedFailure.sneaky(kind.apply("listener.onChunk"));
                }
            }

            @Override
            public void onEnd(RunInfo run, Object output) {
                throw ProvokedFailure.sneaky(kind.apply("listener.onEnd"));
            }
        };
        Recorder recorder = ctx.recorder();
        RunConfig config = RunConfig.builder().listener(throwing).listener(recorder).build();
        List<AIMessageChunk> chunks;
        try {
            chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), config);
            ctx.invoke(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), config);
        } catch (Throwable e) {
            if (!ProvokedFailure.isProvoked(e)) {
                throw e;
            }
            throw new AssertionFailedError("expected the call to go on despite a listener throwing " + name
                    + "\n  but saw: " + e, e);
        }
        List<AIMessageChunk> delivered = chunks;
        ctx.expect(!delivered.isEmpty(), "the stream to deliver its chunks", () -> delivered);
        ctx.expect(recorder.count("end chat_model") == 2, "the next listener to see both runs end despite a listener"
                + " throwing " + name, recorder::calls);
    }

    /** CB-3. */
    static void invokeAndBatchRunsCarryTheConfig(RuleContext ctx) {
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        UUID runId = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        Recorder recorder = ctx.recorder();
        RunConfig.Builder shared = RunConfig.builder().runName(RUN_NAME).tags(EventRules.CONFIG_TAG_A, EventRules.CONFIG_TAG_B)
                .metadata("conformance_key", "v").parentRunIds(List.of(parent));
        ctx.invoke(model, prompt, shared.build().toBuilder().runId(runId).listener(recorder).build());
        expectRunsCarryTheConfig(ctx, model, recorder, "invoke", parent);
        for (Recorder.Callback c : recorder.callbacks()) {
            ctx.expectEqual(runId, c.run().runId(), "the run id of invoke's " + c.kind() + " callback (the config's runId)");
        }

        Recorder batchRecorder = ctx.recorder();
        ctx.trace().note("batch of 3, maxConcurrency 2");
        model.batch(List.of(prompt, prompt, prompt), shared.build().toBuilder().maxConcurrency(2).listener(batchRecorder).build());
        expectRunsCarryTheConfig(ctx, model, batchRecorder, "batch", parent);
        Set<UUID> ids = new LinkedHashSet<>();
        batchRecorder.callbacks("start").forEach(c -> ids.add(c.run().runId()));
        ctx.expect(ids.size() == 3, "3 runs with distinct run ids for a batch of 3", () -> ids);
        expectEachRunCarriesItsOwnConfig(ctx, model, prompt, parent);
    }

    /** SPEC 4: batch with one config per input runs each input under its own config (run id, name, tags, metadata). */
    private static void expectEachRunCarriesItsOwnConfig(RuleContext ctx, ChatModel model, ChatInput prompt, UUID parent) {
        List<Recorder> recorders = new ArrayList<>();
        List<RunConfig> configs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Recorder recorder = ctx.recorder();
            recorders.add(recorder);
            configs.add(RunConfig.builder().runId(UUID.randomUUID()).runName(RUN_NAME + "-" + i).tags(SLOT_TAG + i)
                    .metadata(SLOT_KEY, "slot-" + i).parentRunIds(List.of(parent)).listener(recorder).build());
        }
        ctx.trace().note("batch of 3 with one config per input");
        model.batch(List.of(prompt, prompt, prompt), configs);
        for (int i = 0; i < 3; i++) {
            Recorder recorder = recorders.get(i);
            RunConfig config = configs.get(i);
            String which = "the run of batch input " + i + " (one config per input)";
            ctx.expect(recorder.callbacks("start").size() == 1 && recorder.terminals() == 1, "the listener of config "
                    + i + " to see exactly one run, " + which + ", start and end: each input runs under its own config",
                    recorder::calls);
            List<String> expectedTags = new ArrayList<>(List.of(SLOT_TAG + i));
            expectedTags.addAll(model.tags());
            for (Recorder.Callback c : recorder.callbacks()) {
                RunInfo run = c.run();
                ctx.expectEqual(config.runId(), run.runId(), "the run id of " + which + " (its config's runId)");
                ctx.expectEqual(config.runName(), run.name(), "the run name of " + which + " (its config's runName)");
                ctx.expectEqual(expectedTags, run.tags(), "the tags of " + which + " (its config's tags, then the model's)");
                ctx.expectEqual("slot-" + i, run.metadata().get(SLOT_KEY), "the metadata " + SLOT_KEY + " of " + which);
                ctx.expectEqual(List.of(parent), run.parentIds(), "the parent ids of " + which);
            }
        }
    }

    private static void expectRunsCarryTheConfig(RuleContext ctx, ChatModel model, Recorder recorder, String call, UUID parent) {
        ctx.expect(!recorder.callbacks("start").isEmpty() && recorder.terminals() == recorder.callbacks("start").size(),
                "each run of " + call + " to report its start and its end to the config's listener", recorder::calls);
        List<String> expectedTags = new ArrayList<>(List.of(EventRules.CONFIG_TAG_A, EventRules.CONFIG_TAG_B));
        expectedTags.addAll(model.tags());
        for (Recorder.Callback c : recorder.callbacks()) {
            RunInfo run = c.run();
            String which = call + "'s " + c.kind() + " callback";
            ctx.expectEqual(RUN_NAME, run.name(), "the run name of " + which + " (the config's runName)");
            ctx.expectEqual(expectedTags, run.tags(), "the tags of " + which + " (config tags, then the model's)");
            ctx.expect("v".equals(run.metadata().get("conformance_key")), "the config metadata conformance_key=v on "
                    + which, run::metadata);
            MetadataRules.checkLsParameters(ctx, run.metadata(), List.of(), "the metadata of " + which);
            ctx.expectEqual(List.of(parent), run.parentIds(), "the parent ids of " + which + " (the config's parentRunIds)");
        }
    }
}
