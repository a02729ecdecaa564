package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessageChunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bodies of the rules on a stream's lifecycle: close (STR-6), failure (STR-9), what early closes leave behind
 * (STR-13), the run's timeout (STR-14), lazy start (STR-15). Waits scale with the model's measured call time, so a
 * model that takes a second per call is given seconds.
 */
final class StreamLifecycleRules {
    private static final Duration PROMPT_CLOSE = Duration.ofSeconds(1);
    private static final int UNPULLED_STREAMS = 6;
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(1);
    private static final Duration SECOND_TERMINAL_WAIT = Duration.ofMillis(50);
    private static final Duration MIN_SLOW_CALL = Duration.ofMillis(60);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(15);
    private static final Duration BEFORE_PULL_WAIT = Duration.ofMillis(50);
    private static final int EARLY_CLOSES_PER_PATH = 6;
    private static final int FAILURES_PER_PATH = 4;
    /** New threads a model's own pools may add over the calls of STR-13 (a fixed pool grows to its size lazily). */
    private static final int POOL_GROWTH = 8;

    private StreamLifecycleRules() {
    }

    /** STR-6. */
    static void closeStopsDeliveryAndReleases(RuleContext ctx) throws InterruptedException {
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        // a first complete call: pools and clients the model starts once are not leftovers of the calls below
        ctx.stream(model, prompt, RunConfig.defaults());
        ThreadCensus census = ThreadCensus.take(ctx);
        Duration promptClose = ctx.releaseGrace(PROMPT_CLOSE);

        Recorder recorder = ctx.recorder();
        ctx.trace().input("stream, closed after the first chunk", prompt.raw());
        RunStream<AIMessageChunk> stream = model.stream(prompt, RunConfig.builder().listener(recorder).build());
        Iterator<AIMessageChunk> it = stream.iterator();
        ctx.expect(it.hasNext(), "a first chunk", () -> "none");
        ctx.trace().chunk(0, it.next());
        Duration closing = timedClose(stream);
        recorder.markClosed();
        ctx.expect(closing.compareTo(promptClose) < 0, "close() to return within " + promptClose.toMillis() + " ms",
                () -> "it took " + closing.toMillis() + " ms");
        ctx.expect(!it.hasNext(), "no chunk from the iterator after close", () -> "another chunk");

        Recorder eventsRecorder = ctx.recorder();
        ctx.trace().input("streamEvents, closed after the first stream event", prompt.raw());
        RunStream<StreamEvent> events = model.streamEvents(prompt, RunConfig.builder().listener(eventsRecorder).build());
        Iterator<StreamEvent> eventIt = events.iterator();
        StreamEvent event = null;
        while ((event == null || !event.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM)) && eventIt.hasNext()) {
            event = eventIt.next();
            ctx.trace().event(event);
        }
        StreamEvent lastSeen = event;
        ctx.expect(lastSeen != null && lastSeen.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM), "a first stream event",
                () -> lastSeen);
        Duration closingEvents = timedClose(events);
        eventsRecorder.markClosed();
        ctx.expect(closingEvents.compareTo(promptClose) < 0, "the event stream's close() to return within "
                + promptClose.toMillis() + " ms", () -> "it took " + closingEvents.toMillis() + " ms");
        ctx.expect(!eventIt.hasNext(), "no event after the event stream is closed", () -> "another event");

        Duration grace = ctx.releaseGrace(RELEASE_GRACE);
        ctx.awaitTrue(() -> census.busyNewThreads().isEmpty() && recorder.terminals() > 0 && eventsRecorder.terminals() > 0,
                grace);
        ctx.pause(SECOND_TERMINAL_WAIT); // a second end or error would come now
        ctx.expect(recorder.chunkCallbacksAfterClose() == 0, "no chunk callback after close",
                () -> recorder.chunkCallbacksAfterClose() + " chunk callback(s) after close");
        ctx.expect(eventsRecorder.chunkCallbacksAfterClose() == 0, "no chunk callback after the event stream's close",
                () -> eventsRecorder.chunkCallbacksAfterClose() + " chunk callback(s) after close");
        ctx.expect(recorder.terminals() == 1, "the stream closed early to end its run with exactly one end or error"
                + " callback", recorder::calls);
        ctx.expect(eventsRecorder.terminals() == 1, "the event stream closed early to end its run with exactly one end"
                + " or error callback", eventsRecorder::calls);
        List<Thread> left = census.busyNewThreads();
        ctx.expect(left.isEmpty(), "the threads the calls started to be gone (or idle in a pool) within "
                + grace.toMillis() + " ms of close", () -> left.size() + " still running: " + ThreadCensus.describe(left));
    }

    private static Duration timedClose(AutoCloseable stream) {
        long start = System.nanoTime();
        try {
            stream.close();
        } catch (Exception e) {
            throw new IllegalStateException("close() threw " + e, e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** STR-9. */
    static void failureSurfacesAfterTheChunks(RuleContext ctx) throws InterruptedException {
        ChatInput failing = ctx.prompt(Prompt.FAILING);
        ChatModel model = ctx.model();
        ctx.stream(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults()); // pools started once are not leftovers
        ThreadCensus census = ThreadCensus.take(ctx);
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> delivered = new ArrayList<>();
        Throwable failure = ctx.failureOfStream(model, failing, RunConfig.builder().listener(recorder).build(), delivered);
        ctx.expect(failure != null, "the iterator to throw the provider's failure", () -> delivered.size()
                + " chunk(s) then a normal end");
        ctx.awaitTrue(() -> recorder.terminals() > 0, ctx.budget(Duration.ofMillis(200), 1));
        ctx.expect(recorder.callbacks("error").size() == 1, "exactly one error callback", recorder::calls);
        ctx.expect(recorder.callbacks("end").isEmpty(), "no end callback for a failed run", recorder::calls);
        ctx.expect(recorder.callbacks("chunk").size() == delivered.size(),
                "one chunk callback per chunk delivered before the failure", recorder::calls);
        // the same model: a fresh one could start client threads of its own while the census counts
        Throwable invoked = ctx.failureOfInvoke(model, failing, RunConfig.defaults());
        Failures.expectKept(ctx, "stream()'s iterator", failure, recorder.errors(),
                invoked == null ? Map.of() : Map.of("invoke()", invoked));
        Duration grace = ctx.releaseGrace(RELEASE_GRACE);
        ctx.awaitTrue(() -> census.busyNewThreads().isEmpty(), grace);
        List<Thread> left = census.busyNewThreads();
        ctx.expect(left.isEmpty(), "the threads the failed call started to be gone (or idle in a pool) within "
                + grace.toMillis() + " ms of the failure", () -> left.size() + " still running: " + ThreadCensus.describe(left));
    }

    /** STR-13. */
    static void earlyClosesLeaveNothingBehind(RuleContext ctx) throws InterruptedException {
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.stream(model, prompt, RunConfig.defaults()); // pools and clients the model starts once
        ctx.invoke(model, prompt, RunConfig.defaults());
        ThreadCensus census = ThreadCensus.take(ctx);
        List<String> names = new ArrayList<>();
        List<Runnable> steps = new ArrayList<>();
        for (int i = 0; i < EARLY_CLOSES_PER_PATH; i++) {
            names.add("early-closed stream()");
            steps.add(() -> closeAfterFirstItem(ctx, model.stream(prompt), "stream"));
            names.add("early-closed streamEvents()");
            steps.add(() -> closeAfterFirstItem(ctx, model.streamEvents(prompt), "streamEvents"));
        }
        if (ctx.has(Capability.FAILURE_TRIGGER)) {
            ChatInput failing = ctx.prompt(Prompt.FAILING);
            for (int i = 0; i < FAILURES_PER_PATH; i++) {
                names.add("failing stream()");
                steps.add(() -> ctx.failureOfStream(model, failing, RunConfig.defaults(), new ArrayList<>()));
                names.add("failing invoke()");
                steps.add(() -> ctx.failureOfInvoke(model, failing, RunConfig.defaults()));
            }
        }
        names.add("normal stream()");
        steps.add(() -> ctx.stream(model, prompt, RunConfig.defaults()));
        names.add("normal invoke()");
        steps.add(() -> ctx.invoke(model, prompt, RunConfig.defaults()));
        runEachWithin(ctx, names, steps, ctx.budget(Duration.ofSeconds(2), 4),
                "a pooled connection (or permit) that close() or a failure never returned?");
        int streams = (int) names.stream().filter(n -> n.contains("stream")).count();
        // a pool the model keeps may grow by a few threads; a thread left by every stream is a leak
        int tolerated = Math.max(POOL_GROWTH, streams / 2);
        Duration grace = ctx.releaseGrace(RELEASE_GRACE);
        ctx.awaitTrue(() -> census.newThreads().size() <= tolerated, grace);
        List<Thread> left = census.newThreads();
        ctx.expect(left.size() <= tolerated, "streams to leave no thread behind: at most " + tolerated + " new threads"
                + " (a pool the model keeps) after " + streams + " streams, " + grace.toMillis() + " ms after the last",
                () -> left.size() + " new threads, about one per stream (an executor per stream that is never shut"
                + " down?): " + ThreadCensus.describe(left));
    }

    /**
     * Runs the steps in order on a helper thread, each within {@code budget}: a step that cannot even start (it waits
     * for a pooled connection the earlier steps never returned) fails the rule with that diagnosis, not as a hang.
     */
    private static void runEachWithin(RuleContext ctx, List<String> names, List<Runnable> steps, Duration budget,
                                      String diagnosis) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                for (Runnable step : steps) {
                    step.run();
                    done.incrementAndGet();
                }
                all.complete(null);
            } catch (Throwable t) {
                all.completeExceptionally(t);
            }
        }, ThreadCensus.KIT_HELPER_PREFIX + "calls");
        caller.setDaemon(true);
        caller.start();
        while (!all.isDone()) {
            int before = done.get();
            if (!ctx.awaitTrue(() -> all.isDone() || done.get() > before, budget)) {
                caller.interrupt();
                String stuck = names.get(before);
                String earlier = before == 0 ? "" : " after " + before + " earlier ones (" + String.join(", ",
                        names.subList(0, before)) + ")";
                ctx.expect(false, "each call on the model to complete within " + budget.toMillis() + " ms" + earlier,
                        () -> "the " + stuck + " was still waiting: " + diagnosis);
            }
        }
        ctx.expect(!all.isCompletedExceptionally(), "the calls to succeed (or fail only where the failing prompt was"
                + " used)", () -> all.handle((v, t) -> t).join());
    }

    private static void closeAfterFirstItem(RuleContext ctx, RunStream<?> stream, String what) {
        ctx.trace().note(what + ", closed after the first item");
        try (stream) {
            Iterator<?> it = stream.iterator();
            if (it.hasNext()) {
                ctx.trace().note("  item: " + RunTrace.describe(it.next()));
            }
        }
    }

    /** STR-14. */
    static void timeoutIsHonoured(RuleContext ctx) throws InterruptedException {
        ChatInput slow = ctx.prompt(Prompt.SLOW);
        ChatModel model = ctx.model();
        long start = System.nanoTime();
        ctx.stream(model, slow, RunConfig.defaults());
        Duration full = Duration.ofNanos(System.nanoTime() - start);
        ctx.expect(full.compareTo(MIN_SLOW_CALL) >= 0, "the slow prompt's stream to take at least " + MIN_SLOW_CALL.toMillis()
                + " ms (slowStream), leaving room for a shorter timeout", () -> full.toMillis() + " ms");
        expectTimesOut(ctx, model, slow, full, "stream(slowPrompt())", true);

        start = System.nanoTime();
        ctx.invoke(model, slow, RunConfig.defaults());
        Duration invokeTook = Duration.ofNanos(System.nanoTime() - start);
        if (invokeTook.compareTo(MIN_SLOW_CALL) >= 0) {
            expectTimesOut(ctx, model, slow, invokeTook, "invoke(slowPrompt())", false);
        } else {
            ctx.trace().note("invoke(slowPrompt()) took " + invokeTook.toMillis() + " ms: too fast to check its timeout");
        }
    }

    private static void expectTimesOut(RuleContext ctx, ChatModel model, ChatInput slow, Duration full, String call,
                                       boolean streaming) throws InterruptedException {
        Duration timeout = full.dividedBy(4).compareTo(MIN_TIMEOUT) > 0 ? full.dividedBy(4) : MIN_TIMEOUT;
        Recorder recorder = ctx.recorder();
        RunConfig config = RunConfig.builder().timeout(timeout).listener(recorder).build();
        List<AIMessageChunk> delivered = new ArrayList<>();
        long start = System.nanoTime();
        Throwable thrown = streaming ? ctx.failureOfStream(model, slow, config, delivered)
                : ctx.failureOfInvoke(model, slow, config);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String setting = call + " with RunConfig.timeout " + timeout.toMillis() + " ms (it takes " + full.toMillis() + " ms)";
        ctx.expect(thrown != null, setting + " to fail with a timeout error", () -> "it completed after " + took.toMillis()
                + " ms" + (streaming ? " with " + delivered.size() + " chunk(s)" : "") + ": the timeout was ignored");
        ctx.expect(Failures.isTimeout(thrown), setting + " to fail with a timeout error (a TimeoutException or"
                + " RunTimeoutException, itself or as a cause)", () -> Failures.chain(thrown));
        Duration soon = timeout.plus(full.dividedBy(2).compareTo(Duration.ofMillis(250)) > 0 ? full.dividedBy(2)
                : Duration.ofMillis(250));
        ctx.expect(took.compareTo(soon) <= 0, setting + " to fail soon after the timeout, within " + soon.toMillis() + " ms",
                () -> "it failed after " + took.toMillis() + " ms");
        ctx.awaitTrue(() -> recorder.terminals() > 0, ctx.budget(Duration.ofMillis(200), 1));
        ctx.expect(recorder.callbacks("error").size() == 1 && recorder.callbacks("end").isEmpty(),
                "exactly one error callback, no end, for the timed-out " + call, recorder::calls);
    }

    /** STR-15. */
    static void nothingStartsBeforeTheFirstPull(RuleContext ctx) throws InterruptedException {
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.stream(model, prompt, RunConfig.defaults()); // pools and clients the model starts once
        ThreadCensus census = ThreadCensus.take(ctx);
        Recorder recorder = ctx.recorder();
        Recorder eventsRecorder = ctx.recorder();
        ctx.trace().note("stream() and streamEvents(), not pulled yet");
        List<RunStream<?>> unpulled = java.util.Collections.synchronizedList(new ArrayList<>());
        RunStream<AIMessageChunk> stream = model.stream(prompt, RunConfig.builder().listener(recorder).build());
        unpulled.add(model.streamEvents(prompt, RunConfig.builder().listener(eventsRecorder).build()));
        try {
            ctx.pause(BEFORE_PULL_WAIT);
            ctx.expect(recorder.calls().isEmpty(), "no callback before the first pull of stream() (the run starts on"
                    + " the first pull)", recorder::calls);
            ctx.expect(eventsRecorder.calls().isEmpty(), "no callback before the first pull of streamEvents()",
                    eventsRecorder::calls);
            List<Thread> started = census.busyNewThreads();
            ctx.expect(started.isEmpty(), "no thread started before the first pull (no request sent yet)",
                    () -> ThreadCensus.describe(started));
            // a request sent in stream() holds a connection: with several streams open but not pulled, a call waits
            List<String> names = new ArrayList<>();
            List<Runnable> steps = new ArrayList<>();
            for (int i = 0; i < UNPULLED_STREAMS; i++) {
                names.add("stream() opened but not pulled");
                steps.add(() -> unpulled.add(model.stream(prompt)));
            }
            names.add("invoke() while " + UNPULLED_STREAMS + " streams are open but not pulled");
            steps.add(() -> ctx.invoke(model, prompt, RunConfig.defaults()));
            runEachWithin(ctx, names, steps, ctx.budget(Duration.ofSeconds(2), 4), "the streams hold connections (or"
                    + " permits) before their first pull: stream() sent its request");
            Iterator<AIMessageChunk> it = stream.iterator();
            ctx.expect(it.hasNext(), "a first chunk on the first pull", () -> "none");
            ctx.trace().chunk(0, it.next());
            ctx.expect(recorder.callbacks("start").size() == 1, "the run to start on the first pull", recorder::calls);
        } finally {
            stream.close();
            synchronized (unpulled) {
                unpulled.forEach(RunStream::close);
            }
        }
    }
}
