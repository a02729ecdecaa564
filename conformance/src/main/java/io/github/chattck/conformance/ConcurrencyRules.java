package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The body of the concurrency rule (CONC-1), called by {@link ChatModelConformanceTests}. */
final class ConcurrencyRules {
    private static final int STREAMS = 4;
    private static final Duration PATIENCE = Duration.ofMillis(200);

    private ConcurrencyRules() {
    }

    /**
     * CONC-1: four streams are opened on one model, then pulled in turn, one item each per step, so their calls
     * overlap even when the model has no latency at all: state one call keeps in a field shows in another's answer
     * every time. A stream that cannot move while another is open (a model serving one call at a time) is waited for
     * once, then let be, so such a model is slowed, never deadlocked.
     */
    static void concurrentStreamsStayApart(RuleContext ctx) throws Exception {
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        String alone = Answers.aggregate(ctx.stream(model, prompt, RunConfig.defaults())).content();
        Lockstep lockstep = new Lockstep(STREAMS, ctx.budget(PATIENCE, 1));
        List<Recorder> recorders = new ArrayList<>();
        List<RunStream<?>> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Recorder recorder = ctx.recorder();
            recorders.add(recorder);
            RunConfig config = RunConfig.builder().listener(recorder).build();
            // two event streams and two chunk streams: a model may serve each path with its own code
            streams.add(i % 2 == 0 ? model.streamEvents(prompt, config) : model.stream(prompt, config));
        }
        ctx.trace().note(STREAMS + " streams open on one model (events, chunks, events, chunks), pulled in turn");
        List<List<Object>> items = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        AtomicInteger progress = new AtomicInteger();
        for (int i = 0; i < STREAMS; i++) {
            List<Object> received = new ArrayList<>();
            items.add(received);
            done.add(consume(ctx, i, streams.get(i), received, lockstep, progress));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
        Duration budget = ctx.budget(Duration.ofSeconds(2), 4);
        try {
            while (!all.isDone()) {
                int before = progress.get();
                boolean moved = ctx.awaitTrue(() -> all.isDone() || progress.get() > before, budget);
                ctx.expect(moved, STREAMS + " streams open at once on one model (it declares concurrentCalls) to make"
                        + " progress", () -> "none delivered anything for " + budget.toMillis() + " ms after " + before
                        + " item(s): the model cannot serve them together (connections or permits held by streams"
                        + " not yet pulled?)");
            }
            try {
                all.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable failure = e.getCause();
                ctx.expect(false, STREAMS + " streams open at once on one model (it declares concurrentCalls) each to"
                        + " complete", () -> "one failed with " + Failures.chain(failure) + ": calls that work alone"
                        + " break each other when they overlap (per-call state shared in the model or its client?)");
            }
        } finally {
            streams.forEach(RunStream::close);
        }
        Set<UUID> runIds = new LinkedHashSet<>();
        List<Set<String>> idsPerStream = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            List<AIMessageChunk> chunks = new ArrayList<>();
            Object output;
            String which = "concurrent stream " + i + (i % 2 == 0 ? " (streamEvents)" : " (stream)");
            if (i % 2 == 0) {
                List<StreamEvent> events = new ArrayList<>();
                items.get(i).forEach(e -> events.add((StreamEvent) e));
                Set<UUID> ids = new LinkedHashSet<>();
                events.forEach(e -> ids.add(e.runId()));
                ctx.expect(ids.size() == 1, "the events of " + which + " to share one run id (events never mix runs)", () -> ids);
                StreamEvent end = Events.last(events, StreamEvent.ON_CHAT_MODEL_END);
                ctx.expect(end != null, which + " to end", () -> Events.names(events));
                chunks.addAll(Events.chunksOf(events));
                output = end.data().get("output");
                runIds.addAll(ids);
            } else {
                items.get(i).forEach(c -> chunks.add((AIMessageChunk) c));
                Recorder recorder = recorders.get(i);
                ctx.expect(recorder.endOutputs().size() == 1, which + " to end with one end callback", recorder::calls);
                output = recorder.endOutputs().get(0);
                recorder.callbacks("start").forEach(c -> runIds.add(c.run().runId()));
            }
            idsPerStream.add(providerIds(chunks));
            ctx.expect(output instanceof AIMessage, "an AIMessage as the end output of " + which, () -> output);
            ctx.expectEqual(Answers.whole((AIMessage) output), Answers.whole(Answers.aggregate(chunks)),
                    "the end output of " + which + " vs the aggregate of its own chunks");
            if (ctx.has(Capability.DETERMINISTIC)) {
                ctx.expectEqual(alone, Answers.aggregate(chunks).content(), "the text of " + which + ", pulled in turn"
                        + " with " + (STREAMS - 1) + " others, vs the same prompt streamed alone (deterministic model): a"
                        + " garbled answer means per-call state is shared between calls (a model field, a shared"
                        + " client's buffer)");
            }
        }
        expectNoIdOfAnotherStream(ctx, idsPerStream);
        ctx.expect(runIds.size() == STREAMS, STREAMS + " distinct run ids", () -> runIds);
    }

    /** The provider ids (not {@code run-<runId>}) the chunks of one stream carry. */
    private static Set<String> providerIds(List<AIMessageChunk> chunks) {
        Set<String> ids = new LinkedHashSet<>();
        for (AIMessageChunk c : chunks) {
            if (c.id() != null && !c.id().startsWith("run-")) { // a chunk without id is STR-7's finding
                ids.add(c.id());
            }
        }
        return ids;
    }

    /**
     * SPEC 1.3 under overlap: a stream whose chunks carry several provider ids, one of them another concurrent stream's,
     * got that call's id stamped on its chunks (a response id kept in a model field). Several ids of its own are
     * STR-7's finding, and one id shared by every answer (a provider with a fixed id) is no mix-up.
     */
    private static void expectNoIdOfAnotherStream(RuleContext ctx, List<Set<String>> idsPerStream) {
        for (int i = 0; i < idsPerStream.size(); i++) {
            Set<String> own = idsPerStream.get(i);
            if (own.size() < 2) {
                continue;
            }
            for (int j = 0; j < idsPerStream.size(); j++) {
                int other = j;
                Set<String> shared = new LinkedHashSet<>(own);
                shared.retainAll(idsPerStream.get(j));
                ctx.expect(i == j || shared.isEmpty(), "the chunks of concurrent stream " + i + " to carry its own"
                        + " provider id only", () -> own + ", among them " + shared + " of concurrent stream " + other
                        + ": the id of one call stamped on the chunks of another (a response id kept in a model field?)");
            }
        }
    }

    private static CompletableFuture<Void> consume(RuleContext ctx, int index, RunStream<?> stream, List<Object> into,
                                                   Lockstep lockstep, AtomicInteger progress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread consumer = new Thread(() -> {
            try {
                Iterator<?> it = stream.iterator();
                for (int step = 0; ; step++) {
                    lockstep.awaitTurn(index, step);
                    if (!it.hasNext()) {
                        break;
                    }
                    Object item = it.next();
                    into.add(item);
                    progress.incrementAndGet();
                    ctx.trace().note("  [stream " + index + "] " + RunTrace.describe(item instanceof StreamEvent
                            ? ((StreamEvent) item).event() : item));
                    lockstep.stepDone(index);
                }
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                lockstep.finished(index);
            }
        }, ThreadCensus.KIT_HELPER_PREFIX + "concurrent-" + index);
        consumer.setDaemon(true);
        consumer.start();
        return done;
    }

    /** Lets each consumer take step k only once the others have taken step k - 1, waiting for a laggard only once. */
    private static final class Lockstep {
        private final int[] progress;
        private final boolean[] finished;
        private final boolean[] excused;
        private final long patienceNanos;

        Lockstep(int n, Duration patience) {
            progress = new int[n];
            finished = new boolean[n];
            excused = new boolean[n];
            patienceNanos = patience.toNanos();
        }

        synchronized void awaitTurn(int self, int step) throws InterruptedException {
            long deadline = System.nanoTime() + patienceNanos;
            while (behind(self, step)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    for (int j = 0; j < progress.length; j++) {
                        excused[j] |= j != self && !finished[j] && progress[j] < step;
                    }
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private boolean behind(int self, int step) {
            for (int j = 0; j < progress.length; j++) {
                if (j != self && !finished[j] && !excused[j] && progress[j] < step) {
                    return true;
                }
            }
            return false;
        }

        synchronized void stepDone(int self) {
            progress[self]++;
            notifyAll();
        }

        synchronized void finished(int self) {
            finished[self] = true;
            notifyAll();
        }
    }
}
