package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bodies of the rules on what a stream delivers (STR-1 to STR-5, STR-7, STR-8, STR-10 to STR-12, STR-16); the
 * rules on its lifecycle (close, failure, release, timeout, lazy start) are in {@link StreamLifecycleRules}.
 */
final class StreamRules {
    private static final Duration GRACE_AFTER_CLOSE = Duration.ofMillis(100);
    private static final Duration MIN_SLOW_SPREAD = Duration.ofMillis(50);
    private static final Pattern ESCAPED_SURROGATE = Pattern.compile("\\\\u([dD][89abAB][0-9a-fA-F]{2})(\\\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
            + "|\\\\u[dD][c-fC-F][0-9a-fA-F]{2}");

    private StreamRules() {
    }

    /** STR-1. */
    static void streamYieldsChunks(RuleContext ctx) {
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.trace().input("stream", prompt.raw());
        List<Object> items = new ArrayList<>();
        try (RunStream<AIMessageChunk> stream = ctx.model().stream(prompt)) {
            Iterator<?> it = stream.iterator();
            while (it.hasNext()) {
                Object item = it.next();
                ctx.trace().note("  item " + items.size() + ": " + RunTrace.describe(item));
                items.add(item);
            }
        }
        ctx.expect(!items.isEmpty(), "at least one chunk", () -> items);
        for (Object item : items) {
            ctx.expect(item instanceof AIMessageChunk, "only AIMessageChunk items (no null)", () -> item);
        }
    }

    /** STR-2. */
    static void chunksAggregateToTheFinalOutput(RuleContext ctx) {
        ChatModel model = ctx.model();
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().listener(recorder).build());
        List<Object> ends = recorder.endOutputs();
        ctx.expect(ends.size() == 1 && ends.get(0) instanceof AIMessage, "one end callback with an AIMessage", () -> ends);
        ctx.expectEqual(Answers.whole((AIMessage) ends.get(0)), Answers.whole(Answers.aggregate(chunks)),
                "the end callback's output vs the aggregate of the streamed chunks");

        List<StreamEvent> events = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        List<AIMessageChunk> eventChunks = Events.chunksOf(events);
        StreamEvent end = Events.last(events, StreamEvent.ON_CHAT_MODEL_END);
        ctx.expect(end != null && end.data().get("output") instanceof AIMessage, "an end event with an AIMessage output",
                () -> events);
        ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")), Answers.whole(Answers.aggregate(eventChunks)),
                "the end event's output vs the aggregate of the stream events' chunks");
    }

    /** STR-3. */
    static void fallbackYieldsOneChunkTokenStreamingSeveral(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        if (!ctx.has(Capability.TOKEN_STREAMING)) {
            ctx.expect(chunks.size() == 1, "exactly 1 chunk from a model without token streaming (the fallback must not"
                    + " split the answer into fake tokens)", () -> chunks.size() + " chunks");
            return;
        }
        String text = Answers.aggregate(chunks).content();
        if (!Answers.multiToken(text)) {
            throw ctx.abort("it needs a multi-token answer, but multiTokenPrompt() was answered with one token ("
                    + RunTrace.describe(text) + "); a one-token answer streams as one chunk. Override multiTokenPrompt()"
                    + " with a prompt the model answers in several words to check token streaming");
        }
        List<AIMessageChunk> withText = Answers.withText(chunks);
        ctx.expect(withText.size() >= 2, "at least 2 chunks carrying text from a token-streaming model for the multi-token"
                        + " answer " + RunTrace.describe(text),
                () -> withText.size() + " chunk(s) carrying text among " + chunks.size() + " (" + textSizes(chunks)
                        + "): the answer was buffered and handed over whole");
    }

    private static String textSizes(List<AIMessageChunk> chunks) {
        List<Integer> sizes = new ArrayList<>();
        chunks.forEach(c -> sizes.add(c.content().length()));
        return "characters per chunk " + sizes;
    }

    /** STR-4. */
    static void streamAggregatesToInvoke(RuleContext ctx) {
        AIMessage streamed = Answers.aggregate(ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults()));
        AIMessage invoked = ctx.invoke(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        ctx.expectEqual(Answers.essence(invoked, streamed), Answers.essence(streamed, invoked),
                "invoke(x) vs the aggregate of stream(x) on fresh models (content, tool calls, usage, finish reason)");
    }

    /** STR-5. */
    static void chunksArriveIncrementally(RuleContext ctx) {
        ChatInput slow = ctx.prompt(Prompt.SLOW);
        ChatModel model = ctx.model();
        // the model's usual wait for a first chunk, so that a model that thinks before it answers is not taken for one
        // that holds its text back
        long usualWait = firstChunkNanos(ctx, model, ctx.prompt(Prompt.MULTI_TOKEN));
        Recorder recorder = ctx.recorder();
        ctx.trace().input("stream (timed)", slow.raw());
        List<Long> textArrivals = new ArrayList<>();
        List<Long> textArrivalNanos = new ArrayList<>();
        List<AIMessageChunk> textChunks = new ArrayList<>();
        long firstArrival = -1;
        boolean endedBeforeFirstText = false;
        long start = System.nanoTime();
        try (RunStream<AIMessageChunk> stream = model.stream(slow, RunConfig.builder().listener(recorder).build())) {
            int index = 0;
            for (AIMessageChunk chunk : stream) {
                long now = System.nanoTime();
                long at = now - start;
                firstArrival = firstArrival < 0 ? at : firstArrival;
                ctx.trace().chunk(index++, chunk);
                if (!chunk.content().isEmpty()) {
                    if (textArrivals.isEmpty()) {
                        endedBeforeFirstText = recorder.terminals() > 0;
                    }
                    textArrivals.add(at);
                    textArrivalNanos.add(now);
                    textChunks.add(chunk);
                }
            }
        }
        ctx.measured(start);
        ctx.expect(textArrivals.size() >= 2, "the slow prompt to stream its text over at least 2 chunks",
                () -> textArrivals.size() + " chunk(s) carrying text");
        boolean ended = endedBeforeFirstText;
        ctx.expect(!ended, "the run to still be running when the first text arrives", () -> "the run had already ended");
        long firstText = textArrivals.get(0);
        long lastText = textArrivals.get(textArrivals.size() - 1);
        Duration spread = Duration.ofNanos(lastText - firstText);
        ctx.expect(spread.compareTo(MIN_SLOW_SPREAD) >= 0, "the text of the slow prompt to arrive spread over at least "
                + MIN_SLOW_SPREAD.toMillis() + " ms (as produced, not buffered)", () -> "it all arrived within "
                + spread.toMillis() + " ms");
        long allowance = Math.min(usualWait, firstArrival);
        long late = firstText - allowance;
        long span = lastText - allowance;
        // held back: a third of the span or later, and carrying several words where a token streamer hands over one
        // token (a provider that streams whole phrases in few chunks looks alike; its first phrase comes early)
        boolean heldBack = late * 3 > span && Answers.multiToken(textChunks.get(0).content());
        ctx.expect(!heldBack, "the first text to arrive early in the slow stream (within a third of its span), one"
                        + " token at a time",
                () -> "the first text " + RunTrace.describe(textChunks.get(0).content()) + " after "
                        + TimeUnit.NANOSECONDS.toMillis(firstText) + " ms of a " + TimeUnit.NANOSECONDS.toMillis(lastText)
                        + " ms stream (the model's usual wait for a first chunk: " + TimeUnit.NANOSECONDS.toMillis(usualWait)
                        + " ms): tokens were grouped or buffered before being handed over");
        if (ctx.wire() != null) {
            WireRules.expectChunksFollowTheFrames(ctx, textArrivalNanos, textChunks);
        }
    }

    private static long firstChunkNanos(RuleContext ctx, ChatModel model, ChatInput prompt) {
        ctx.trace().input("stream (time to a first chunk)", prompt.raw());
        long start = System.nanoTime();
        long first = -1;
        try (RunStream<AIMessageChunk> stream = model.stream(prompt)) {
            for (AIMessageChunk chunk : stream) {
                first = first < 0 ? System.nanoTime() - start : first;
                ctx.trace().touch();
            }
        }
        ctx.measured(start);
        return Math.max(0, first);
    }

    /** STR-7. */
    static void chunksCarryTheProviderIdElseTheRunId(RuleContext ctx) {
        Recorder recorder = ctx.recorder();
        UUID runId = UUID.randomUUID();
        String runMessageId = "run-" + runId;
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN),
                RunConfig.builder().runId(runId).listener(recorder).build());
        ctx.expect(recorder.endOutputs().size() == 1, "one end callback", recorder::calls);
        String providerId = null;
        for (int i = 0; i < chunks.size(); i++) {
            String id = chunks.get(i).id();
            int index = i;
            ctx.expect(id != null, "chunk " + index + " to carry the provider's id or " + runMessageId, () -> null);
            if (id.equals(runMessageId)) {
                continue;
            }
            ctx.expect(!id.startsWith("run-"), "chunk " + index + " to carry the provider's id or " + runMessageId
                    + " (the id of this run)", () -> id);
            if (providerId == null) {
                providerId = id;
            }
            String first = providerId;
            ctx.expect(id.equals(first), "chunk " + index + " to carry the stream's provider id " + first
                    + " (all provider ids of a stream are equal)", () -> id);
        }
        String expected = providerId != null ? providerId : runMessageId;
        String finalId = ((AIMessage) recorder.endOutputs().get(0)).id();
        ctx.expect(expected.equals(finalId), "the final message to carry " + (providerId != null
                ? "the provider id of the chunks, " : "the run's id, ") + expected, () -> finalId);
    }

    /** STR-8. */
    static void streamIsSingleUse(RuleContext ctx) {
        try (RunStream<AIMessageChunk> stream = ctx.model().stream(ctx.prompt(Prompt.MULTI_TOKEN))) {
            int n = 0;
            for (AIMessageChunk chunk : stream) {
                ctx.trace().chunk(n++, chunk);
            }
            InvokeRules.expectThrows(ctx, IllegalStateException.class, "a second iterator()", stream::iterator);
        }
    }

    /** STR-10. */
    static void toolCallChunksAreConsistent(RuleContext ctx) {
        ChatInput prompt = ctx.prompt(Prompt.TOOL_CALLING);
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), prompt, RunConfig.builder().listener(recorder).build());
        ctx.expect(recorder.endOutputs().size() == 1, "one end callback", recorder::calls);
        AIMessage fin = (AIMessage) recorder.endOutputs().get(0);
        ctx.expect(!fin.toolCalls().isEmpty() || !fin.invalidToolCalls().isEmpty(),
                "the tool-calling prompt to end in at least one tool call", () -> fin);
        Map<Integer, List<ToolCallChunk>> byIndex = new LinkedHashMap<>();
        for (AIMessageChunk c : chunks) {
            for (ToolCallChunk t : c.toolCallChunks()) {
                byIndex.computeIfAbsent(t.index(), k -> new ArrayList<>()).add(t);
            }
        }
        Set<Object> paired = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<Integer, List<ToolCallChunk>> entry : byIndex.entrySet()) {
            pairWithAFinalCall(ctx, entry.getKey(), entry.getValue(), fin, paired);
        }
        List<Object> unpaired = new ArrayList<>();
        fin.toolCalls().stream().filter(c -> !paired.contains(c)).forEach(unpaired::add);
        fin.invalidToolCalls().stream().filter(c -> !paired.contains(c)).forEach(unpaired::add);
        ctx.expect(unpaired.isEmpty(), "every final tool call to come from the fragments of one tool-call index",
                () -> unpaired + " has no index among " + byIndex.keySet());
        AIMessage invoked = ctx.invoke(ctx.model(), prompt, RunConfig.defaults());
        ctx.expect(!invoked.toolCalls().isEmpty() || !invoked.invalidToolCalls().isEmpty(),
                "invoke(toolCallingPrompt()) to answer with at least one tool call", () -> invoked);
        expectCompleteCalls(ctx, invoked, "invoke");
        expectCompleteCalls(ctx, fin, "the stream's final message");
        if (invoked.invalidToolCalls().isEmpty()) {
            ctx.expect(fin.invalidToolCalls().isEmpty(), "the streamed fragments of each tool call to join into valid"
                    + " JSON, as invoke's tool calls for the same prompt are valid", () -> "invalid tool calls "
                    + fin.invalidToolCalls() + ": fragments lost, repeated, cumulative or joined to the wrong call");
        }
        if (ctx.has(Capability.DETERMINISTIC)) {
            ctx.expectEqual(Answers.calls(invoked, fin), Answers.calls(fin, invoked), "the tool calls of invoke vs the"
                    + " stream's, valid and invalid (deterministic model; ids compared when the provider repeats them):"
                    + " fragments joined to the wrong call make valid arguments invalid");
        }
    }

    private static void pairWithAFinalCall(RuleContext ctx, int index, List<ToolCallChunk> fragments, AIMessage fin,
                                           Set<Object> paired) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        StringBuilder args = new StringBuilder();
        for (ToolCallChunk t : fragments) {
            if (t.id() != null && !t.id().isEmpty()) {
                ids.add(t.id());
            }
            if (t.name() != null && !t.name().isEmpty()) {
                names.add(t.name());
            }
            args.append(t.args() == null ? "" : t.args());
        }
        ctx.expect(ids.size() <= 1 && names.size() == 1, "the fragments of index " + index
                + " to share one id and one name (one index per tool call)", () -> fragments);
        String id = ids.isEmpty() ? null : ids.iterator().next();
        String name = names.iterator().next();
        Map<String, Object> parsed = parseArgs(args.length() == 0 ? "{}" : args.toString());
        List<Object> candidates = new ArrayList<>();
        for (ToolCall c : fin.toolCalls()) {
            if (!paired.contains(c) && (id != null ? id.equals(c.id()) : name.equals(c.name()) && c.args().equals(parsed))) {
                candidates.add(c);
            }
        }
        for (InvalidToolCall c : fin.invalidToolCalls()) {
            if (!paired.contains(c) && (id != null ? id.equals(c.id()) : name.equals(c.name()))) {
                candidates.add(c);
            }
        }
        ctx.expect(candidates.size() == 1, "exactly one final tool call for index " + index
                        + (id != null ? " (id " + id + ")" : " (name " + name + ", args " + args + ")"),
                () -> candidates.size() + " among " + fin.toolCalls() + " / invalid " + fin.invalidToolCalls());
        Object call = candidates.get(0);
        paired.add(call);
        if (parsed != null) {
            ctx.expect(call instanceof ToolCall, "index " + index + "'s call to be a tool call: its args " + args
                    + " are valid JSON", () -> "an invalid tool call " + call);
            ctx.expectEqual(parsed, ((ToolCall) call).args(), "the final tool call's args vs the fragments of index "
                    + index + " (paired by id, not by position)");
            ctx.expectEqual(name, ((ToolCall) call).name(), "the final tool call's name vs the fragments of index " + index);
        }
    }

    private static void expectCompleteCalls(RuleContext ctx, AIMessage message, String where) {
        Set<String> ids = new LinkedHashSet<>();
        for (ToolCall call : message.toolCalls()) {
            ctx.expect(!call.name().isBlank(), "every tool call of " + where + " to have a name", message::toolCalls);
            ctx.expect(call.id() == null || ids.add(call.id()), "the tool calls of " + where + " to have distinct ids"
                    + " (parallel calls are each complete)", message::toolCalls);
        }
        for (InvalidToolCall invalid : message.invalidToolCalls()) {
            ctx.expect(invalid.args() == null || parseArgs(invalid.args().isEmpty() ? "x" : invalid.args()) == null,
                    "valid JSON args to be a tool call, not an invalid one, in " + where, () -> invalid);
        }
    }

    /** The args as a JSON object, or null when they are not one. */
    private static Map<String, Object> parseArgs(String args) {
        try {
            return Json.parseObject(args);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** STR-11. */
    static void usageAddsUp(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        UsageMetadata usage = Answers.aggregate(chunks).usageMetadata();
        ctx.expect(usage != null, "usage metadata on the streamed answer", () -> null);
        ctx.expect(usage.totalTokens() == usage.inputTokens() + usage.outputTokens(),
                "total tokens = input + output", () -> usage);
        long withInput = chunks.stream().filter(c -> c.usageMetadata() != null && c.usageMetadata().inputTokens() > 0).count();
        ctx.expect(withInput <= 1, "at most one chunk with input tokens", () -> withInput + " chunks carry input tokens");
        AIMessage invoked = ctx.invoke(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        UsageMetadata invokedUsage = invoked.usageMetadata();
        ctx.expect(invokedUsage != null && invokedUsage.totalTokens() == invokedUsage.inputTokens() + invokedUsage.outputTokens(),
                "usage metadata with total = input + output on invoke's answer", () -> invokedUsage);
        if (ctx.has(Capability.DETERMINISTIC)) {
            ctx.expectEqual(String.valueOf(invokedUsage), String.valueOf(usage), "invoke's usage vs the sum of the streamed"
                    + " chunks' usage (deterministic model): each chunk carries its own tokens, not a running total");
        }
    }

    /** STR-12. */
    static void publisherHonoursDemandAndCancellation(RuleContext ctx) throws InterruptedException {
        CollectingSubscriber oneByOne = new CollectingSubscriber(Long.MAX_VALUE, ctx.trace());
        ctx.model().stream(ctx.prompt(Prompt.MULTI_TOKEN)).toPublisher().subscribe(oneByOne);
        ctx.expect(oneByOne.done.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS), "the publisher to complete",
                () -> oneByOne.items.size() + " item(s) and no terminal signal");
        ctx.expect(oneByOne.error.get() == null, "no error from the publisher", oneByOne.error::get);
        ctx.expect(oneByOne.overDelivered.get() == 0, "never more items than requested",
                () -> oneByOne.overDelivered.get() + " item(s) beyond demand");
        ctx.expect(!oneByOne.items.isEmpty(), "at least one item", () -> oneByOne.items);
        if (ctx.has(Capability.DETERMINISTIC)) {
            List<AIMessageChunk> streamed = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
            ctx.expectEqual(withoutIds(streamed), withoutIds(oneByOne.items), "the publisher's items vs stream()'s chunks");
        }
        Recorder recorder = ctx.recorder();
        CollectingSubscriber cancelling = new CollectingSubscriber(1, ctx.trace());
        ctx.model().stream(ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().listener(recorder).build()).toPublisher()
                .subscribe(cancelling);
        ctx.expect(cancelling.firstItem.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS), "a first item", () -> "none");
        recorder.markClosed();
        ctx.pause(GRACE_AFTER_CLOSE);
        ctx.expect(cancelling.items.size() == 1, "no item after cancel()", () -> cancelling.items.size() + " items");
        ctx.expect(recorder.chunkCallbacksAfterClose() == 0, "no chunk callback after cancel()",
                () -> recorder.chunkCallbacksAfterClose() + " chunk callback(s)");
    }

    static List<AIMessageChunk> withoutIds(List<AIMessageChunk> chunks) {
        List<AIMessageChunk> out = new ArrayList<>();
        chunks.forEach(c -> out.add(Answers.withoutId(c)));
        return out;
    }

    /** STR-16. */
    static void textIsWellFormed(RuleContext ctx) throws Exception {
        // the subject's quick prompts: a character outside the BMP may be in any of their answers
        List<ChatInput> prompts = new ArrayList<>();
        for (Prompt kind : List.of(Prompt.MULTI_TOKEN, Prompt.TOOL_CALLING, Prompt.STOP_SEQUENCE)) {
            if (kind.capability() == null || ctx.has(kind.capability())) {
                prompts.add(ctx.prompt(kind));
            }
        }
        ChatModel model = ctx.model();
        for (ChatInput prompt : prompts) {
            List<AIMessageChunk> chunks = ctx.stream(model, prompt, RunConfig.defaults());
            for (int i = 0; i < chunks.size(); i++) {
                AIMessageChunk c = chunks.get(i);
                expectWhole(ctx, c.content(), "the text of chunk " + i + (chunks.size() == 1 ? " (the fallback)" : ""));
                for (ToolCallChunk t : c.toolCallChunks()) {
                    expectWhole(ctx, t.args(), "the tool-call args fragment of chunk " + i);
                }
            }
            AIMessage answer = ctx.invoke(model, prompt, RunConfig.defaults());
            expectWhole(ctx, answer.content(), "invoke's answer");
            for (InvalidToolCall invalid : answer.invalidToolCalls()) {
                expectWhole(ctx, invalid.args(), "invoke's invalid tool call args");
            }
            for (StreamEvent e : ctx.events(model, prompt, RunConfig.defaults())) {
                String json = ChatJson.toJson(e);
                expectWhole(ctx, json, "the JSON of " + e.event());
                Matcher escaped = ESCAPED_SURROGATE.matcher(json);
                while (escaped.find()) {
                    String found = escaped.group();
                    ctx.expect(escaped.group(1) != null && escaped.group(2) != null, "the JSON of " + e.event()
                            + " to escape only whole surrogate pairs", () -> "a lone escaped surrogate " + found);
                }
            }
        }
    }

    /** Fails if the text starts or ends inside a surrogate pair, or holds a lone surrogate. */
    private static void expectWhole(RuleContext ctx, String text, String where) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone) {
                int at = i;
                String edge = at == 0 ? "starts with the second half" : at == text.length() - 1 ? "ends with the first half"
                        : "holds half";
                ctx.expect(false, where + " to hold whole characters (no lone UTF-16 surrogate)",
                        () -> RunTrace.describe(text) + " " + edge + " of a surrogate pair (U+"
                                + Integer.toHexString(text.charAt(at)).toUpperCase() + " at index " + at
                                + "): the text was cut inside a character outside the BMP (an emoji, ...)");
            }
        }
    }

    /** Requests one item at a time (or cancels after {@code cancelAfter} items), counting demand violations. */
    private static final class CollectingSubscriber implements Flow.Subscriber<AIMessageChunk> {
        final List<AIMessageChunk> items = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        final CountDownLatch firstItem = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicLong overDelivered = new AtomicLong();
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private final long cancelAfter;
        private final RunTrace trace;
        private Flow.Subscription subscription;

        CollectingSubscriber(long cancelAfter, RunTrace trace) {
            this.cancelAfter = cancelAfter;
            this.trace = trace;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            requested.incrementAndGet();
            s.request(1);
        }

        @Override
        public void onNext(AIMessageChunk item) {
            if (items.size() >= requested.get() || cancelled.get()) {
                overDelivered.incrementAndGet();
            }
            items.add(item);
            trace.touch();
            firstItem.countDown();
            if (items.size() >= cancelAfter) {
                cancelled.set(true);
                subscription.cancel();
            } else {
                requested.incrementAndGet();
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }
}
