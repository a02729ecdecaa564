package io.github.chattck.conformance;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.BatchResult;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.StrOutputParser;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The conformance kit's front door: extend it in your provider's test sources, implement {@link #createModel()} and
 * {@link #capabilities()}, and every rule of the chat-tck specification runs against your model, one test per rule,
 * named after its level and id ({@code required_STR_3_...}). Rules whose capability you do not declare are skipped
 * with a reason; rules you cannot pass yet are excluded with a reason through {@link #exclusions()}, never by
 * overriding (the rule methods are final). The scorecard lands in {@code target/chat-tck/}.
 *
 * <pre>{@code
 * class MyModelConformanceTest extends ChatModelConformanceTests {
 *     protected ChatModel createModel() { return new MyChatModel(testConfig()); }
 *     protected Capabilities capabilities() { return Capabilities.builder().tokenStreaming().build(); }
 * }
 * }</pre>
 */
@ExtendWith(ConformanceExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChatModelConformanceTests {
    private static final String CONFIG_TAG_A = "conformance-a";
    private static final String CONFIG_TAG_B = "conformance-b";
    private static final Duration GRACE_AFTER_CLOSE = Duration.ofMillis(200);
    private static final Duration PROMPT_CLOSE = Duration.ofSeconds(2);
    private static final Duration MIN_SLOW_SPREAD = Duration.ofMillis(50);

    /** For subclasses. */
    protected ChatModelConformanceTests() {
    }

    /**
     * A fresh model. Called at least once per rule, sometimes more (rules that compare two calls use two fresh
     * models), so return a new, equivalent instance each time.
     *
     * @return the model under test
     */
    protected abstract ChatModel createModel();

    /**
     * The model's capability profile.
     *
     * @return the capabilities
     */
    protected abstract Capabilities capabilities();

    /**
     * A prompt with a multi-token answer, used by most rules.
     *
     * @return the prompt; default "Tell me a short story about a robot."
     */
    protected ChatInput multiTokenPrompt() {
        return ChatInput.of("Tell me a short story about a robot.");
    }

    /**
     * A prompt that makes the call fail (capability {@code failureTrigger}).
     *
     * @return the prompt, or null (default) when there is none
     */
    protected ChatInput failingPrompt() {
        return null;
    }

    /**
     * A prompt whose stream spreads over at least ~100 ms and several chunks (capability {@code slowStream}).
     *
     * @return the prompt, or null (default)
     */
    protected ChatInput slowPrompt() {
        return null;
    }

    /**
     * A prompt the model answers with at least one tool call (capability {@code toolCalling}).
     *
     * @return the prompt, or null (default)
     */
    protected ChatInput toolCallingPrompt() {
        return null;
    }

    /**
     * A prompt whose answer contains {@link #stopSequence()} (capability {@code stopSequences}).
     *
     * @return the prompt, or null (default)
     */
    protected ChatInput stopSequencePrompt() {
        return null;
    }

    /**
     * The stop sequence for {@link #stopSequencePrompt()}.
     *
     * @return the sequence, or null (default)
     */
    protected String stopSequence() {
        return null;
    }

    /**
     * Rules this model is knowingly excluded from, each with the reason shown in the scorecard.
     *
     * @return rule to reason; default none
     */
    protected Map<Rule, String> exclusions() {
        return Map.of();
    }

    // ---------------------------------------------------------------- invoke

    /**
     * INV-1: {@code invoke(String)} returns a non-null AI message with text or tool calls.
     * If this fails, check: generate returns the answer (not null, not empty).
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.INV_1)
    public final void required_INV_1_invokeStringAnswers(RuleContext ctx) {
        String text = promptText();
        ctx.trace().input("invoke(String)", text);
        AIMessage answer = ctx.model().invoke(text);
        ctx.expect(answer != null, "invoke(String) to return an AIMessage", () -> null);
        ctx.trace().output(answer);
        ctx.expect(!answer.content().isEmpty() || !answer.toolCalls().isEmpty(), "an answer with text or tool calls",
                () -> answer);
    }

    /**
     * INV-2: {@code invoke(messages)} accepts a system, human, ai, human history.
     * If this fails, check: the conversion of every message type to the provider's format.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.INV_2)
    public final void required_INV_2_invokeMessagesAcceptsAHistory(RuleContext ctx) {
        List<Message> history = List.of(new SystemMessage("You are a helpful assistant."),
                new HumanMessage("Hi, my name is Ada."), AIMessage.of("Hello Ada, how can I help?"),
                new HumanMessage(promptText()));
        AIMessage answer = ctx.invoke(ctx.model(), ChatInput.of(history), RunConfig.defaults());
        ctx.expect(answer != null && (!answer.content().isEmpty() || !answer.toolCalls().isEmpty()),
                "an AI answer with text or tool calls to a four-message history", () -> answer);
    }

    /**
     * INV-3: the final message has a non-null id; {@code run-<runId>} when the provider sets none.
     * If this fails, check: ids are stamped by BaseChatModel; a model implementing ChatModel directly must set them.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.INV_3)
    public final void required_INV_3_finalMessageHasAnId(RuleContext ctx) {
        UUID runId = UUID.randomUUID();
        Recorder recorder = ctx.recorder();
        AIMessage answer = ctx.invoke(ctx.model(), multiTokenPrompt(),
                RunConfig.builder().runId(runId).listener(recorder).build());
        ctx.expect(answer.id() != null && !answer.id().isBlank(), "a non-blank message id", answer::id);
        ctx.expect(!answer.id().startsWith("run-") || answer.id().equals("run-" + runId),
                "a run id to be run-" + runId + " (the config's runId)", answer::id);
        ctx.expect(recorder.endOutputs().size() == 1 && answer.equals(recorder.endOutputs().get(0)),
                "the end callback to report the same message, id included", recorder::endOutputs);
    }

    /**
     * INV-4: bad input (null, empty list, null element) fails fast with a clear message, provider not called.
     * If this fails, check: input validation before the run starts; NullPointerException / IllegalArgumentException
     * naming the value.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.INV_4)
    public final void required_INV_4_badInputFailsFast(RuleContext ctx) {
        ChatModel model = ctx.model();
        Recorder recorder = ctx.recorder();
        RunConfig config = RunConfig.builder().listener(recorder).build();
        expectThrows(ctx, NullPointerException.class, "invoke((String) null)", () -> model.invoke((String) null, config));
        expectThrows(ctx, NullPointerException.class, "invoke((ChatInput) null)", () -> model.invoke((ChatInput) null, config));
        expectThrows(ctx, IllegalArgumentException.class, "invoke(empty list)", () -> model.invoke(List.of(), config));
        expectThrows(ctx, NullPointerException.class, "invoke([human, null])",
                () -> model.invoke(Arrays.asList(new HumanMessage("hi"), null), config));
        expectThrows(ctx, NullPointerException.class, "stream((ChatInput) null)", () -> model.stream((ChatInput) null, config));
        expectThrows(ctx, IllegalArgumentException.class, "stream(empty list)", () -> model.stream(List.of(), config));
        ctx.expect(recorder.calls().isEmpty(), "no run to start for bad input (the provider must not be called)",
                recorder::calls);
    }

    // ---------------------------------------------------------------- batch

    /**
     * BAT-1: {@code batch} keeps size and order; an empty batch returns empty, provider not called.
     * If this fails, check: batch runs each input once and puts each output in its input's slot.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.BAT_1)
    public final void required_BAT_1_batchKeepsSizeAndOrder(RuleContext ctx) {
        List<ChatInput> inputs = List.of(multiTokenPrompt(), multiTokenPrompt(), multiTokenPrompt());
        ctx.trace().note("batch of " + inputs.size() + " x " + RunTrace.describe(multiTokenPrompt().raw()));
        List<AIMessage> outputs = ctx.model().batch(inputs, RunConfig.builder().maxConcurrency(2).build());
        ctx.expect(outputs != null && outputs.size() == inputs.size(), inputs.size() + " outputs", () -> outputs);
        for (int i = 0; i < outputs.size(); i++) {
            AIMessage out = outputs.get(i);
            int slot = i;
            ctx.expect(out != null && (!out.content().isEmpty() || !out.toolCalls().isEmpty()),
                    "an answer in slot " + slot, () -> out);
        }
        if (capabilities().has(Capability.DETERMINISTIC)) {
            List<ChatInput> distinct = List.of(ChatInput.of(promptText()), ChatInput.of(promptText() + " Again."),
                    ChatInput.of(promptText() + " Once more."));
            List<AIMessage> batched = ctx.model().batch(distinct, RunConfig.builder().maxConcurrency(3).build());
            for (int i = 0; i < distinct.size(); i++) {
                AIMessage alone = ctx.model().invoke(distinct.get(i));
                ctx.expectEqual(Answers.essence(alone), Answers.essence(batched.get(i)),
                        "slot " + i + " of the batch vs invoking its input alone (deterministic model)");
            }
        }
        Recorder recorder = ctx.recorder();
        List<AIMessage> empty = ctx.model().batch(List.of(), RunConfig.builder().listener(recorder).build());
        ctx.expect(empty != null && empty.isEmpty(), "an empty list for an empty batch", () -> empty);
        ctx.expect(recorder.calls().isEmpty(), "no run for an empty batch", recorder::calls);
    }

    /**
     * BAT-2: never more than {@code maxConcurrency} runs open at once (observed through run callbacks).
     * If this fails, check: the batch executor bounds concurrent calls by RunConfig.maxConcurrency.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.BAT_2)
    public final void required_BAT_2_batchHonoursMaxConcurrency(RuleContext ctx) {
        Recorder recorder = ctx.recorder();
        List<ChatInput> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(multiTokenPrompt());
        }
        List<AIMessage> outputs = ctx.model().batch(inputs, RunConfig.builder().maxConcurrency(2).listener(recorder).build());
        ctx.expect(outputs.size() == 8, "8 outputs", () -> outputs);
        ctx.expect(recorder.maxOpenRuns() <= 2, "at most 2 runs open at once (maxConcurrency 2)",
                () -> recorder.maxOpenRuns() + " runs open at once");
        ctx.expect(recorder.count("start chat_model") == 8 && recorder.count("end chat_model") == 8,
                "8 runs started and ended", recorder::calls);
    }

    /**
     * BAT-3: {@code batchReturningExceptions} puts the exception in its slot, the rest succeed.
     * If this fails, check: a failing input must not cancel or fail the other inputs.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.BAT_3)
    public final void optional_BAT_3_batchReturnsExceptionsInTheirSlots(RuleContext ctx) {
        ChatInput failing = ctx.required(failingPrompt(), "failingPrompt()");
        List<ChatInput> inputs = List.of(multiTokenPrompt(), failing, multiTokenPrompt());
        ctx.trace().note("batchReturningExceptions [ok, failing, ok]");
        List<BatchResult<AIMessage>> results = ctx.model().batchReturningExceptions(inputs,
                RunConfig.builder().maxConcurrency(1).build());
        ctx.expect(results.size() == 3, "3 results", () -> results);
        ctx.expect(results.get(0).isSuccess() && results.get(2).isSuccess(), "slots 0 and 2 to succeed", () -> results);
        ctx.expect(!results.get(1).isSuccess() && results.get(1).error() != null,
                "slot 1 (the failing prompt) to hold its exception", () -> results);
    }

    // ---------------------------------------------------------------- stream

    /**
     * STR-1: {@code stream} yields at least one chunk, none null, all of chunk type.
     * If this fails, check: streamChunks returns chunks (or null to use the fallback); no null chunk.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_1)
    public final void required_STR_1_streamYieldsChunks(RuleContext ctx) {
        ChatModel model = ctx.model();
        ctx.trace().input("stream", multiTokenPrompt().raw());
        List<Object> items = new ArrayList<>();
        try (RunStream<AIMessageChunk> stream = model.stream(multiTokenPrompt())) {
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

    /**
     * STR-2: the aggregate of the chunks equals the run's final output (end callback and end event).
     * If this fails, check: the end output must be the aggregate of exactly the chunks yielded.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_2)
    public final void required_STR_2_chunksAggregateToTheFinalOutput(RuleContext ctx) {
        ChatModel model = ctx.model();
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(model, multiTokenPrompt(), RunConfig.builder().listener(recorder).build());
        List<Object> ends = recorder.endOutputs();
        ctx.expect(ends.size() == 1 && ends.get(0) instanceof AIMessage, "one end callback with an AIMessage", () -> ends);
        ctx.expectEqual(Answers.whole((AIMessage) ends.get(0)), Answers.whole(Answers.aggregate(chunks)),
                "the end callback's output vs the aggregate of the streamed chunks");

        List<StreamEvent> events = ctx.events(model, multiTokenPrompt(), RunConfig.defaults());
        List<AIMessageChunk> eventChunks = chunksOf(events);
        StreamEvent end = last(events, StreamEvent.ON_CHAT_MODEL_END);
        ctx.expect(end != null && end.data().get("output") instanceof AIMessage, "an end event with an AIMessage output",
                () -> events);
        ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")), Answers.whole(Answers.aggregate(eventChunks)),
                "the end event's output vs the aggregate of the stream events' chunks");
    }

    /**
     * STR-3: fallback: exactly one chunk carrying the whole message; token streaming: at least 2 chunks for a
     * multi-token answer.
     * If this fails, check: a non-streaming provider must not split its answer into fake tokens; a streaming one
     * must not buffer it into one chunk.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_3)
    public final void required_STR_3_fallbackYieldsOneChunkTokenStreamingSeveral(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        if (capabilities().has(Capability.TOKEN_STREAMING)) {
            ctx.expect(chunks.size() >= 2, "at least 2 chunks from a token-streaming model for a multi-token prompt",
                    () -> chunks.size() + " chunk(s)");
        } else {
            ctx.expect(chunks.size() == 1, "exactly 1 chunk from a model without token streaming (the fallback must not"
                    + " split the answer into fake tokens)", () -> chunks.size() + " chunks");
        }
    }

    /**
     * STR-4: the aggregate of {@code stream(x)} equals {@code invoke(x)} (content, tool calls, usage).
     * If this fails, check: streamChunks and generate must produce the same answer for the same input.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_4)
    public final void required_STR_4_streamAggregatesToInvoke(RuleContext ctx) {
        AIMessage streamed = Answers.aggregate(ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.defaults()));
        AIMessage invoked = ctx.invoke(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        ctx.expectEqual(Answers.essence(invoked), Answers.essence(streamed),
                "invoke(x) vs the aggregate of stream(x) on fresh models (content, tool calls, usage)");
    }

    /**
     * STR-5: incremental delivery: the first chunk arrives before the run ends, and well before the last chunk.
     * If this fails, check: chunks must be handed over as the provider produces them, not collected first.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_5)
    public final void required_STR_5_chunksArriveIncrementally(RuleContext ctx) {
        ChatInput prompt = ctx.required(slowPrompt(), "slowPrompt()");
        Recorder recorder = ctx.recorder();
        ctx.trace().input("stream (timed)", prompt.raw());
        List<Long> arrivals = new ArrayList<>();
        boolean endedBeforeFirstChunk = false;
        try (RunStream<AIMessageChunk> stream = ctx.model().stream(prompt, RunConfig.builder().listener(recorder).build())) {
            for (AIMessageChunk chunk : stream) {
                if (arrivals.isEmpty()) {
                    endedBeforeFirstChunk = recorder.count("end chat_model") > 0;
                }
                arrivals.add(System.nanoTime());
                ctx.trace().chunk(arrivals.size() - 1, chunk);
            }
        }
        ctx.expect(arrivals.size() >= 2, "the slow prompt to stream at least 2 chunks", () -> arrivals.size() + " chunk(s)");
        boolean ended = endedBeforeFirstChunk;
        ctx.expect(!ended, "the run to still be running when the first chunk arrives", () -> "the run had already ended");
        Duration spread = Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        ctx.expect(spread.compareTo(MIN_SLOW_SPREAD) >= 0, "the chunks of the slow prompt to arrive spread over at least "
                + MIN_SLOW_SPREAD.toMillis() + " ms (as produced, not buffered)", () -> "they all arrived within "
                + spread.toMillis() + " ms");
    }

    /**
     * STR-6: closing the stream after the first chunk stops delivery: no chunk, callback or event after close; close
     * returns promptly.
     * If this fails, check: close must stop the provider (cancel the request, stop the producer thread) and release it.
     *
     * @param ctx the rule's context
     * @throws InterruptedException if interrupted while waiting for late callbacks
     */
    @Test
    @ConformanceRule(Rule.STR_6)
    public final void required_STR_6_closeStopsDelivery(RuleContext ctx) throws InterruptedException {
        Recorder recorder = ctx.recorder();
        ChatModel model = ctx.model();
        ctx.trace().input("stream, closed after the first chunk", multiTokenPrompt().raw());
        RunStream<AIMessageChunk> stream = model.stream(multiTokenPrompt(), RunConfig.builder().listener(recorder).build());
        Iterator<AIMessageChunk> it = stream.iterator();
        ctx.expect(it.hasNext(), "a first chunk", () -> "none");
        ctx.trace().chunk(0, it.next());
        long start = System.nanoTime();
        stream.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);
        recorder.markClosed();
        ctx.expect(closing.compareTo(PROMPT_CLOSE) < 0, "close() to return within " + PROMPT_CLOSE,
                () -> "it took " + closing.toMillis() + " ms");
        ctx.expect(!it.hasNext(), "no chunk from the iterator after close", () -> "another chunk");
        Thread.sleep(GRACE_AFTER_CLOSE.toMillis());
        ctx.expect(recorder.chunkCallbacksAfterClose() == 0, "no chunk callback after close",
                () -> recorder.chunkCallbacksAfterClose() + " chunk callback(s) after close");

        RunStream<StreamEvent> events = ctx.model().streamEvents(multiTokenPrompt(), RunConfig.defaults());
        Iterator<StreamEvent> eventIt = events.iterator();
        ctx.expect(eventIt.hasNext(), "a first event", () -> "none");
        ctx.trace().event(eventIt.next());
        events.close();
        ctx.expect(!eventIt.hasNext(), "no event after the event stream is closed", () -> "another event");
    }

    /**
     * STR-7: ids follow SPEC 1.3: every chunk carries the provider's id or {@code run-<runId>}, all provider ids of a
     * stream are equal, and the final message carries the provider's id if any chunk had one, else
     * {@code run-<runId>}.
     * If this fails, check: stamp run-&lt;runId&gt; only on chunks without a provider id, and give the final message the
     * first provider id of the stream (BaseChatModel does both).
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_7)
    public final void required_STR_7_chunksCarryTheProviderIdElseTheRunId(RuleContext ctx) {
        Recorder recorder = ctx.recorder();
        UUID runId = UUID.randomUUID();
        String runMessageId = "run-" + runId;
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), multiTokenPrompt(),
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

    /**
     * STR-8: a stream is single-use: a second iteration throws {@link IllegalStateException}.
     * If this fails, check: the stream must refuse a second iterator instead of replaying or silently ending.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_8)
    public final void required_STR_8_streamIsSingleUse(RuleContext ctx) {
        try (RunStream<AIMessageChunk> stream = ctx.model().stream(multiTokenPrompt())) {
            int n = 0;
            for (AIMessageChunk chunk : stream) {
                ctx.trace().chunk(n++, chunk);
            }
            expectThrows(ctx, IllegalStateException.class, "a second iterator()", stream::iterator);
        }
    }

    /**
     * STR-9: a provider failure surfaces from the iterator after the chunks already delivered; error callback once,
     * no end callback.
     * If this fails, check: provider exceptions must reach the caller (unchanged or as cause), never be swallowed.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_9)
    public final void optional_STR_9_failureSurfacesAfterTheChunks(RuleContext ctx) {
        ChatInput failing = ctx.required(failingPrompt(), "failingPrompt()");
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> delivered = new ArrayList<>();
        Throwable thrown = null;
        ctx.trace().input("stream (failing)", failing.raw());
        try (RunStream<AIMessageChunk> stream = ctx.model().stream(failing, RunConfig.builder().listener(recorder).build())) {
            for (AIMessageChunk chunk : stream) {
                ctx.trace().chunk(delivered.size(), chunk);
                delivered.add(chunk);
            }
        } catch (RuntimeException e) {
            thrown = e;
        }
        Throwable failure = thrown;
        ctx.expect(failure != null, "the iterator to throw the provider's failure", () -> delivered.size()
                + " chunk(s) then a normal end");
        ctx.expect(recorder.countStartingWith("error chat_model") == 1, "exactly one error callback", recorder::calls);
        ctx.expect(recorder.count("end chat_model") == 0, "no end callback for a failed run", recorder::calls);
        ctx.expect(recorder.count("chunk chat_model") == delivered.size(),
                "one chunk callback per chunk delivered before the failure", recorder::calls);
    }

    /**
     * STR-10: tool call chunks of one call share index, id and name; args fragments concatenate to valid JSON equal
     * to the final tool call's args.
     * If this fails, check: map the provider's tool-call deltas to ToolCallChunks with a stable index.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_10)
    public final void optional_STR_10_toolCallChunksAreConsistent(RuleContext ctx) {
        ChatInput prompt = ctx.required(toolCallingPrompt(), "toolCallingPrompt()");
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), prompt, RunConfig.builder().listener(recorder).build());
        ctx.expect(recorder.endOutputs().size() == 1, "one end callback", recorder::calls);
        AIMessage fin = (AIMessage) recorder.endOutputs().get(0);
        ctx.expect(!fin.toolCalls().isEmpty(), "the tool-calling prompt to end in at least one tool call", () -> fin);
        Map<Integer, List<ToolCallChunk>> byIndex = new LinkedHashMap<>();
        for (AIMessageChunk c : chunks) {
            for (ToolCallChunk t : c.toolCallChunks()) {
                byIndex.computeIfAbsent(t.index(), k -> new ArrayList<>()).add(t);
            }
        }
        ctx.expect(byIndex.size() == fin.toolCalls().size() + fin.invalidToolCalls().size(),
                "one tool-call index per final tool call", () -> byIndex.keySet() + " vs " + fin.toolCalls());
        int position = 0;
        for (Map.Entry<Integer, List<ToolCallChunk>> entry : byIndex.entrySet()) {
            Set<String> ids = new LinkedHashSet<>();
            Set<String> names = new LinkedHashSet<>();
            StringBuilder args = new StringBuilder();
            for (ToolCallChunk t : entry.getValue()) {
                if (t.id() != null && !t.id().isEmpty()) {
                    ids.add(t.id());
                }
                if (t.name() != null && !t.name().isEmpty()) {
                    names.add(t.name());
                }
                args.append(t.args());
            }
            int index = entry.getKey();
            ctx.expect(ids.size() <= 1 && names.size() == 1, "the fragments of index " + index
                    + " to share one id and one name", () -> entry.getValue());
            if (position < fin.toolCalls().size()) {
                ToolCall call = fin.toolCalls().get(position);
                Map<String, Object> parsed;
                try {
                    parsed = io.github.chattck.core.internal.Json.parseObject(args.length() == 0 ? "{}" : args.toString());
                } catch (Exception e) {
                    throw new AssertionFailedError("expected the args fragments of index " + index
                            + " to concatenate to a JSON object\n  but saw: " + args, e);
                }
                ctx.expectEqual(call.args(), parsed, "the concatenated args of index " + index + " vs the final tool call");
                ctx.expectEqual(call.name(), names.iterator().next(), "the fragments' name vs the final tool call");
            }
            position++;
        }
    }

    /**
     * STR-11: aggregated usage has total = input + output; at most one chunk carries non-zero input tokens.
     * If this fails, check: report input tokens once (first or last chunk), output tokens as deltas or once.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.STR_11)
    public final void optional_STR_11_usageAddsUp(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        UsageMetadata usage = Answers.aggregate(chunks).usageMetadata();
        ctx.expect(usage != null, "usage metadata on the streamed answer", () -> null);
        ctx.expect(usage.totalTokens() == usage.inputTokens() + usage.outputTokens(),
                "total tokens = input + output", () -> usage);
        long withInput = chunks.stream().filter(c -> c.usageMetadata() != null && c.usageMetadata().inputTokens() > 0).count();
        ctx.expect(withInput <= 1, "at most one chunk with input tokens", () -> withInput + " chunks carry input tokens");
    }

    /**
     * STR-12: the {@link Flow.Publisher} view of a stream delivers the same chunks and honours demand and
     * cancellation.
     * If this fails, check: RunStream.toPublisher: one onNext per requested item, none after cancel.
     *
     * @param ctx the rule's context
     * @throws InterruptedException if interrupted while waiting for the subscriber
     */
    @Test
    @ConformanceRule(Rule.STR_12)
    public final void required_STR_12_publisherHonoursDemandAndCancellation(RuleContext ctx) throws InterruptedException {
        CollectingSubscriber oneByOne = new CollectingSubscriber(Long.MAX_VALUE);
        ctx.model().stream(multiTokenPrompt()).toPublisher().subscribe(oneByOne);
        ctx.expect(oneByOne.done.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS), "the publisher to complete",
                () -> oneByOne.items.size() + " item(s) and no terminal signal");
        ctx.expect(oneByOne.error.get() == null, "no error from the publisher", oneByOne.error::get);
        ctx.expect(oneByOne.overDelivered.get() == 0, "never more items than requested",
                () -> oneByOne.overDelivered.get() + " item(s) beyond demand");
        ctx.expect(!oneByOne.items.isEmpty(), "at least one item", () -> oneByOne.items);
        if (capabilities().has(Capability.DETERMINISTIC)) {
            List<AIMessageChunk> streamed = ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
            ctx.expectEqual(withoutIds(streamed), withoutIds(oneByOne.items), "the publisher's items vs stream()'s chunks");
        }
        Recorder recorder = ctx.recorder();
        CollectingSubscriber cancelling = new CollectingSubscriber(1);
        ctx.model().stream(multiTokenPrompt(), RunConfig.builder().listener(recorder).build()).toPublisher()
                .subscribe(cancelling);
        ctx.expect(cancelling.firstItem.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS), "a first item", () -> "none");
        recorder.markClosed();
        Thread.sleep(GRACE_AFTER_CLOSE.toMillis());
        ctx.expect(cancelling.items.size() == 1, "no item after cancel()", () -> cancelling.items.size() + " items");
        ctx.expect(recorder.chunkCallbacksAfterClose() == 0, "no chunk callback after cancel()",
                () -> recorder.chunkCallbacksAfterClose() + " chunk callback(s)");
    }

    // ---------------------------------------------------------------- events

    /**
     * EVT-1: exactly one {@code on_chat_model_start} first and one {@code on_chat_model_end} last.
     * If this fails, check: events come from the run's callbacks: start before the first chunk, end after the last.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_1)
    public final void required_EVT_1_oneStartFirstOneEndLast(RuleContext ctx) {
        List<StreamEvent> events = ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        ctx.expect(!events.isEmpty() && events.get(0).event().equals(StreamEvent.ON_CHAT_MODEL_START),
                "on_chat_model_start first", () -> names(events));
        ctx.expect(events.get(events.size() - 1).event().equals(StreamEvent.ON_CHAT_MODEL_END),
                "on_chat_model_end last", () -> names(events));
        ctx.expect(count(events, StreamEvent.ON_CHAT_MODEL_START) == 1 && count(events, StreamEvent.ON_CHAT_MODEL_END) == 1,
                "exactly one start and one end", () -> names(events));
    }

    /**
     * EVT-2: the {@code on_chat_model_stream} chunks equal, in order, what {@code stream()} yields.
     * If this fails, check: every yielded chunk, and only those, becomes a stream event.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_2)
    public final void required_EVT_2_streamEventsAreTheChunks(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        List<StreamEvent> events = ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        ctx.expectEqual(withoutIds(chunks), withoutIds(chunksOf(events)),
                "stream()'s chunks vs the on_chat_model_stream chunks (ids aside: two runs)");
    }

    /**
     * EVT-3: every event carries the same {@code run_id}, equal to the config's {@code runId} when given.
     * If this fails, check: the run id comes from RunConfig.runId, else one fresh UUID per run.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_3)
    public final void required_EVT_3_oneRunIdForAllEvents(RuleContext ctx) {
        UUID runId = UUID.randomUUID();
        List<StreamEvent> given = ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.builder().runId(runId).build());
        for (StreamEvent e : given) {
            ctx.expect(runId.equals(e.runId()), "run_id " + runId + " (the config's) on " + e.event(), e::runId);
        }
        List<StreamEvent> fresh = ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        Set<UUID> ids = new LinkedHashSet<>();
        fresh.forEach(e -> ids.add(e.runId()));
        ctx.expect(ids.size() == 1, "one run_id for all events of a run", () -> ids);
    }

    /**
     * EVT-4: {@code name} is the {@code runName} if given, else the model's name.
     * If this fails, check: RunConfig.runName overrides the model's name in events.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_4)
    public final void required_EVT_4_eventNameIsRunNameOrModelName(RuleContext ctx) {
        ChatModel model = ctx.model();
        List<StreamEvent> named = ctx.events(model, multiTokenPrompt(), RunConfig.builder().runName("ConformanceRun").build());
        for (StreamEvent e : named) {
            ctx.expectEqual("ConformanceRun", e.name(), "the name of " + e.event() + " with runName set");
        }
        List<StreamEvent> unnamed = ctx.events(model, multiTokenPrompt(), RunConfig.defaults());
        for (StreamEvent e : unnamed) {
            ctx.expectEqual(model.name(), e.name(), "the name of " + e.event() + " without runName (the model's name)");
        }
    }

    /**
     * EVT-5: tags are the config tags then the model tags; metadata holds the config metadata and valid ls
     * parameters.
     * If this fails, check: merge config tags/metadata with the model's own, and add the ls parameters.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_5)
    public final void required_EVT_5_tagsAndMetadata(RuleContext ctx) {
        ChatModel model = ctx.model();
        RunConfig config = RunConfig.builder().tags(CONFIG_TAG_A, CONFIG_TAG_B).metadata("conformance_key", "v").build();
        List<StreamEvent> events = ctx.events(model, multiTokenPrompt(), config);
        List<String> expectedTags = new ArrayList<>(List.of(CONFIG_TAG_A, CONFIG_TAG_B));
        expectedTags.addAll(model.tags());
        for (StreamEvent e : events) {
            ctx.expectEqual(expectedTags, e.tags(), "the tags of " + e.event() + " (config tags, then the model's)");
            ctx.expect("v".equals(e.metadata().get("conformance_key")), "the config metadata conformance_key=v on "
                    + e.event(), e::metadata);
            checkLsParameters(ctx, e.metadata(), List.of(), "the metadata of " + e.event());
        }
    }

    /**
     * EVT-6: the start event's {@code data.input} is exactly the input; the end event's {@code data.output} equals
     * the aggregate of the stream chunks; no {@code input} in the root end event.
     * If this fails, check: the start event carries the caller's input as passed; the end event the aggregated answer.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_6)
    public final void required_EVT_6_eventPayloads(RuleContext ctx) {
        String text = promptText();
        List<StreamEvent> fromText = ctx.events(ctx.model(), ChatInput.of(text), RunConfig.defaults());
        StreamEvent start = fromText.get(0);
        ctx.expectEqual(text, start.data().get("input"), "the start event's data.input for a String input");
        List<Message> messages = List.of(new SystemMessage("Be brief."), new HumanMessage(text));
        List<StreamEvent> fromList = ctx.events(ctx.model(), ChatInput.of(messages), RunConfig.defaults());
        ctx.expectEqual(messages, fromList.get(0).data().get("input"), "the start event's data.input for a message list");
        StreamEvent end = last(fromText, StreamEvent.ON_CHAT_MODEL_END);
        ctx.expect(end != null, "an end event", () -> names(fromText));
        ctx.expect(!end.data().containsKey("input"), "no input in the root end event", end::data);
        ctx.expect(end.data().get("output") instanceof AIMessage, "an AIMessage as the end event's output", end::data);
        ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")), Answers.whole(Answers.aggregate(chunksOf(fromText))),
                "the end event's output vs the aggregate of the stream events' chunks");
    }

    /**
     * EVT-7: on failure: the events so far, then the iterator throws; no end event.
     * If this fails, check: a failing run must not emit on_chat_model_end, and the error must not be swallowed.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_7)
    public final void optional_EVT_7_failureEndsTheEventsWithoutEnd(RuleContext ctx) {
        ChatInput failing = ctx.required(failingPrompt(), "failingPrompt()");
        List<StreamEvent> events = new ArrayList<>();
        Throwable thrown = null;
        ctx.trace().input("streamEvents (failing)", failing.raw());
        try (RunStream<StreamEvent> stream = ctx.model().streamEvents(failing, RunConfig.defaults())) {
            for (StreamEvent e : stream) {
                ctx.trace().event(e);
                events.add(e);
            }
        } catch (RuntimeException e) {
            thrown = e;
        }
        Throwable failure = thrown;
        ctx.expect(failure != null, "the event iterator to throw the failure", () -> names(events));
        ctx.expect(!events.isEmpty() && events.get(0).event().equals(StreamEvent.ON_CHAT_MODEL_START),
                "the start event before the failure", () -> names(events));
        ctx.expect(count(events, StreamEvent.ON_CHAT_MODEL_END) == 0, "no end event for a failed run", () -> names(events));
    }

    /**
     * EVT-8: include/exclude filters by name, type and tag behave as SPEC section 4 says.
     * If this fails, check: EventFilter: no include = all; else at least one include; then excludes remove.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_8)
    public final void required_EVT_8_filters(RuleContext ctx) {
        ChatModel model = ctx.model();
        RunConfig tagged = RunConfig.builder().tags(CONFIG_TAG_A).build();
        int all = ctx.events(model, multiTokenPrompt(), tagged).size();
        Map<String, EventFilter> keepAll = new LinkedHashMap<>();
        keepAll.put("includeNames(model name)", EventFilter.builder().includeNames(model.name()).build());
        keepAll.put("includeTypes(chat_model)", EventFilter.builder().includeTypes("chat_model").build());
        keepAll.put("includeTags(config tag)", EventFilter.builder().includeTags(CONFIG_TAG_A).build());
        keepAll.put("includeNames(other) + includeTypes(chat_model)",
                EventFilter.builder().includeNames("NoSuchRun").includeTypes("chat_model").build());
        keepAll.put("excludeNames(other)", EventFilter.builder().excludeNames("NoSuchRun").build());
        Map<String, EventFilter> keepNone = new LinkedHashMap<>();
        keepNone.put("includeNames(other)", EventFilter.builder().includeNames("NoSuchRun").build());
        keepNone.put("includeTypes(chain)", EventFilter.builder().includeTypes("chain").build());
        keepNone.put("includeTags(other)", EventFilter.builder().includeTags("no-such-tag").build());
        keepNone.put("excludeNames(model name)", EventFilter.builder().excludeNames(model.name()).build());
        keepNone.put("excludeTypes(chat_model)", EventFilter.builder().excludeTypes("chat_model").build());
        keepNone.put("excludeTags(config tag)", EventFilter.builder().excludeTags(CONFIG_TAG_A).build());
        keepNone.put("includeTypes(chat_model) + excludeTags(config tag)",
                EventFilter.builder().includeTypes("chat_model").excludeTags(CONFIG_TAG_A).build());
        for (Map.Entry<String, EventFilter> f : keepAll.entrySet()) {
            int kept = ctx.events(model, multiTokenPrompt(), tagged, f.getValue()).size();
            ctx.expect(kept == all, "filter " + f.getKey() + " to keep all " + all + " events", () -> kept + " kept");
        }
        for (Map.Entry<String, EventFilter> f : keepNone.entrySet()) {
            int kept = ctx.events(model, multiTokenPrompt(), tagged, f.getValue()).size();
            ctx.expect(kept == 0, "filter " + f.getKey() + " to keep no event", () -> kept + " kept");
        }
    }

    /**
     * EVT-9: {@code parent_ids} is {@code []} at the root and root-first inside a pipeline.
     * If this fails, check: child runs get RunConfig.childOf(parent); the model must honour config.parentRunIds.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.EVT_9)
    public final void required_EVT_9_parentIds(RuleContext ctx) {
        List<StreamEvent> root = ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.defaults());
        for (StreamEvent e : root) {
            ctx.expect(e.parentIds().isEmpty(), "parent_ids [] at the root on " + e.event(), e::parentIds);
        }
        List<StreamEvent> piped = new ArrayList<>();
        ctx.trace().input("pipe(StrOutputParser).streamEvents", multiTokenPrompt().raw());
        try (RunStream<StreamEvent> stream = ctx.model().pipe(StrOutputParser.create()).streamEvents(multiTokenPrompt())) {
            for (StreamEvent e : stream) {
                ctx.trace().event(e);
                piped.add(e);
            }
        }
        StreamEvent chainStart = piped.stream().filter(e -> e.event().equals(StreamEvent.ON_CHAIN_START)).findFirst().orElse(null);
        ctx.expect(chainStart != null && chainStart.parentIds().isEmpty(), "a root on_chain_start", () -> names(piped));
        List<StreamEvent> modelEvents = new ArrayList<>();
        piped.stream().filter(e -> e.runType().equals("chat_model")).forEach(modelEvents::add);
        ctx.expect(!modelEvents.isEmpty(), "the model's events inside the pipeline", () -> names(piped));
        for (StreamEvent e : modelEvents) {
            ctx.expectEqual(List.of(chainStart.runId()), e.parentIds(), "parent_ids of the model's " + e.event()
                    + " inside a pipeline (the pipeline's run id)");
        }
    }

    /**
     * EVT-10: events serialize to the JSON shape of SPEC section 4 and read back equal.
     * If this fails, check: event data must be messages, chunks or strings that ChatJson can write and read.
     *
     * @param ctx the rule's context
     * @throws Exception if the JSON cannot be parsed
     */
    @Test
    @ConformanceRule(Rule.EVT_10)
    public final void required_EVT_10_eventsRoundTripThroughJson(RuleContext ctx) throws Exception {
        Set<String> keys = Set.of("event", "name", "run_id", "parent_ids", "tags", "metadata", "data");
        for (StreamEvent e : ctx.events(ctx.model(), multiTokenPrompt(), RunConfig.builder().tags(CONFIG_TAG_A).build())) {
            String json = ChatJson.toJson(e);
            Set<String> seen = new LinkedHashSet<>();
            ChatJson.mapper().readTree(json).fieldNames().forEachRemaining(seen::add);
            ctx.expectEqual(keys, seen, "the JSON keys of " + e.event());
            StreamEvent back = ChatJson.readEvent(json);
            ctx.expectEqual(e, back, "the event read back from " + json);
        }
    }

    // ---------------------------------------------------------------- callbacks and metadata

    /**
     * CB-1: callbacks: start once, one new-chunk callback per chunk, then exactly one of end / error; also when the
     * stream is closed from another thread while a listener handles a chunk: no callback overtakes that one, and
     * nothing comes after the end or error.
     * If this fails, check: report the run to every listener of the config, in order, one callback at a time, also
     * when the stream is closed from another thread.
     *
     * @param ctx the rule's context
     * @throws InterruptedException if interrupted while waiting for the consumer's thread
     */
    @Test
    @ConformanceRule(Rule.CB_1)
    public final void required_CB_1_callbackSequence(RuleContext ctx) throws InterruptedException {
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), multiTokenPrompt(), RunConfig.builder().listener(recorder).build());
        List<String> expected = new ArrayList<>();
        expected.add("start chat_model");
        chunks.forEach(c -> expected.add("chunk chat_model"));
        expected.add("end chat_model");
        ctx.expectEqual(expected, recorder.calls(), "the callbacks of a stream of " + chunks.size() + " chunk(s)");
        Recorder invokeRecorder = ctx.recorder();
        ctx.invoke(ctx.model(), multiTokenPrompt(), RunConfig.builder().listener(invokeRecorder).build());
        ctx.expectEqual(List.of("start chat_model", "end chat_model"), invokeRecorder.calls(), "the callbacks of invoke");
        expectOrderedCallbacksWhenClosedFromAnotherThread(ctx);
    }

    /**
     * Part of CB-1: the stream runs on a thread of its own; while a listener handles its first chunk, the rule's
     * thread closes the stream. The listener records each callback as it returns, so an error reported while the
     * chunk's callback still runs shows up before that chunk. The run may end either way (an error for the close,
     * or an end if it had already produced everything), but once, last, and in order.
     */
    private void expectOrderedCallbacksWhenClosedFromAnotherThread(RuleContext ctx) throws InterruptedException {
        CountDownLatch inFirstChunk = new CountDownLatch(1);
        CountDownLatch closeReturned = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
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
                        closeReturned.await(PROMPT_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
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
        ctx.trace().input("stream, closed from another thread during its first chunk callback", multiTokenPrompt().raw());
        RunStream<AIMessageChunk> stream = ctx.model().stream(multiTokenPrompt(),
                RunConfig.builder().listener(holdingTheFirstChunk).build());
        Thread consumer = new Thread(() -> {
            try {
                stream.forEach(chunk -> { });
            } catch (RuntimeException e) {
                // ending by a failure after the close is allowed; the callbacks are what this checks
            }
        }, "chat-tck-conformance-consumer");
        consumer.setDaemon(true);
        consumer.start();
        ctx.expect(inFirstChunk.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS), "a first chunk callback",
                () -> calls);
        stream.close();
        closeReturned.countDown();
        consumer.join(ctx.timeout().toMillis());
        ctx.expect(!consumer.isAlive(), "the consumer's thread to return after the stream was closed", () -> calls);
        ctx.expect(ended.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS),
                "an end or error callback for the closed stream", () -> calls);
        List<String> seen = List.copyOf(calls);
        ctx.expect(String.join(" ", seen).matches("start( chunk)+( end| error)"), "the callbacks of a stream "
                + "closed from another thread while its first chunk callback ran to be start, chunks, then one end or "
                + "error, each after the one before had returned", () -> seen);
    }

    /**
     * CB-2: a throwing listener does not break the call, whatever it throws: an unchecked exception, a checked
     * exception thrown sneakily (as Kotlin code or Lombok's {@code @SneakyThrows} do), or an {@link Error} that is not
     * a {@link VirtualMachineError}.
     * If this fails, check: catch and log whatever a listener throws (checked exceptions and Errors too, not only
     * RuntimeException); never let it reach the provider or the caller.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.CB_2)
    public final void required_CB_2_throwingListenerDoesNotBreakTheCall(RuleContext ctx) {
        List<java.util.function.Function<String, Throwable>> failures = List.of(IllegalStateException::new,
                ListenerCheckedFailure::new, ListenerError::new);
        for (java.util.function.Function<String, Throwable> failure : failures) {
            String kind = failure.apply("").getClass().getSimpleName();
            Recorder recorder = ctx.recorder();
            RunConfig config = RunConfig.builder().listener(throwingListener(failure)).listener(recorder).build();
            List<AIMessageChunk> chunks;
            try {
                chunks = ctx.stream(ctx.model(), multiTokenPrompt(), config);
                ctx.invoke(ctx.model(), multiTokenPrompt(), config);
            } catch (Throwable e) {
                if (!thrownByAListener(e)) {
                    throw e;
                }
                throw new AssertionFailedError("expected the call to go on despite a listener throwing " + kind
                        + "\n  but saw: " + e, e);
            }
            ctx.expect(!chunks.isEmpty(), "the stream to deliver its chunks", () -> chunks);
            ctx.expect(recorder.count("end chat_model") == 2, "the next listener to see both runs end despite a "
                    + "listener throwing " + kind, recorder::calls);
        }
    }

    private static final String LISTENER_FAILURE = "conformance: listener fails on ";

    /** A listener that throws, from start, chunk and end callbacks, what {@code failure} makes. */
    private static RunListener throwingListener(java.util.function.Function<String, Throwable> failure) {
        return new RunListener() {
            @Override
            public void onStart(RunInfo run, Object input) {
                throw sneaky(failure.apply(LISTENER_FAILURE + "start"));
            }

            @Override
            public void onChunk(RunInfo run, Object chunk) {
                throw sneaky(failure.apply(LISTENER_FAILURE + "chunk"));
            }

            @Override
            public void onEnd(RunInfo run, Object output) {
                throw sneaky(failure.apply(LISTENER_FAILURE + "end"));
            }
        };
    }

    private static boolean thrownByAListener(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(LISTENER_FAILURE)) {
                return true;
            }
        }
        return false;
    }

    /** Throws a checked exception no signature declares, as Kotlin code can. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A checked exception of a listener (CB-2). */
    private static final class ListenerCheckedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ListenerCheckedFailure(String message) {
            super(message);
        }
    }

    /** An Error of a listener that is no VirtualMachineError: the call must survive it (CB-2). */
    private static final class ListenerError extends Error {
        private static final long serialVersionUID = 1L;

        ListenerError(String message) {
            super(message);
        }
    }

    /**
     * META-1: ls parameters have the key set and types of SPEC 1.4; {@code ls_stop} present iff stop given.
     * If this fails, check: lsParams: non-blank ls_provider and ls_model_name, ls_model_type chat, numbers for
     * temperature and max tokens.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.META_1)
    public final void required_META_1_lsParameters(RuleContext ctx) {
        ChatModel model = ctx.model();
        checkLsParameters(ctx, model.lsParams(CallOptions.NONE).toMetadata(), List.of(), "lsParams without stop");
        checkLsParameters(ctx, model.lsParams(new CallOptions(List.of("\n\nEND"), Map.of())).toMetadata(),
                List.of("\n\nEND"), "lsParams with stop");
        StreamEvent start = ctx.events(model, multiTokenPrompt(), RunConfig.defaults()).get(0);
        checkLsParameters(ctx, start.metadata(), List.of(), "the start event's metadata without stop");
        StreamEvent stopped = ctx.events(model, multiTokenPrompt(), RunConfig.builder().stop("\n\nEND").build()).get(0);
        checkLsParameters(ctx, stopped.metadata(), List.of("\n\nEND"), "the start event's metadata with stop");
    }

    /**
     * META-2: a stop sequence given in the config is honoured and appears in {@code ls_stop}.
     * If this fails, check: pass RunConfig.stop to the provider (CallOptions.stop) and cut the answer there.
     *
     * @param ctx the rule's context
     */
    @Test
    @ConformanceRule(Rule.META_2)
    public final void optional_META_2_stopSequenceIsHonoured(RuleContext ctx) {
        ChatInput prompt = ctx.required(stopSequencePrompt(), "stopSequencePrompt()");
        String stop = ctx.required(stopSequence(), "stopSequence()");
        AIMessage unstopped = ctx.invoke(ctx.model(), prompt, RunConfig.defaults());
        ctx.expect(unstopped.content().contains(stop), "the stop-sequence prompt's answer to contain '" + stop
                + "' without stop (check the subject's hooks)", () -> unstopped);
        RunConfig config = RunConfig.builder().stop(stop).build();
        AIMessage stopped = ctx.invoke(ctx.model(), prompt, config);
        ctx.expect(!stopped.content().contains(stop), "the answer to stop before '" + stop + "'", () -> stopped);
        StreamEvent start = ctx.events(ctx.model(), prompt, config).get(0);
        ctx.expectEqual(List.of(stop), start.metadata().get("ls_stop"), "ls_stop in the event metadata");
    }

    /**
     * CONC-1: N concurrent streams on one model each get their own complete answer; events never mix run ids.
     * If this fails, check: per-call state must not live in model fields; the model must be thread-safe.
     *
     * @param ctx the rule's context
     * @throws Exception if a worker fails
     */
    @Test
    @ConformanceRule(Rule.CONC_1)
    public final void required_CONC_1_concurrentStreamsStayApart(RuleContext ctx) throws Exception {
        ChatModel model = ctx.model();
        int n = 4;
        String sequential = capabilities().has(Capability.DETERMINISTIC)
                ? Answers.aggregate(ctx.stream(model, multiTokenPrompt(), RunConfig.defaults())).content() : null;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<StreamEvent>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return ctx.events(model, multiTokenPrompt(), RunConfig.defaults());
                }));
            }
            go.countDown();
            Set<UUID> runIds = new LinkedHashSet<>();
            for (Future<List<StreamEvent>> f : futures) {
                List<StreamEvent> events = f.get(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS);
                Set<UUID> ids = new LinkedHashSet<>();
                events.forEach(e -> ids.add(e.runId()));
                ctx.expect(ids.size() == 1, "the events of one concurrent stream to share one run id", () -> ids);
                StreamEvent end = last(events, StreamEvent.ON_CHAT_MODEL_END);
                ctx.expect(end != null, "each concurrent stream to end", () -> names(events));
                ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")),
                        Answers.whole(Answers.aggregate(chunksOf(events))),
                        "a concurrent stream's end output vs the aggregate of its own chunks");
                if (sequential != null) {
                    ctx.expectEqual(sequential, Answers.aggregate(chunksOf(events)).content(),
                            "a concurrent stream's text vs the same prompt streamed alone (deterministic model)");
                }
                runIds.addAll(ids);
            }
            ctx.expect(runIds.size() == n, n + " distinct run ids", () -> runIds);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    private String promptText() {
        Object raw = multiTokenPrompt().raw();
        return raw instanceof String ? (String) raw : multiTokenPrompt().lastHumanText();
    }

    private static void expectThrows(RuleContext ctx, Class<? extends Throwable> type, String call, Executable action) {
        Throwable thrown = null;
        try {
            action.execute();
        } catch (Throwable t) {
            thrown = t;
        }
        Throwable seen = thrown;
        ctx.expect(type.isInstance(seen), call + " to throw " + type.getSimpleName(), () -> seen == null ? "no exception" : seen);
        ctx.expect(seen.getMessage() != null && !seen.getMessage().isBlank(), call + " to throw with a message naming the bad value",
                () -> seen);
        ctx.trace().note(call + " threw " + seen);
    }

    private static void checkLsParameters(RuleContext ctx, Map<String, Object> metadata, List<String> stop, String where) {
        Object provider = metadata.get("ls_provider");
        Object modelName = metadata.get("ls_model_name");
        ctx.expect(provider instanceof String && !((String) provider).isBlank(), "a non-blank string ls_provider in " + where,
                () -> metadata);
        ctx.expect(modelName instanceof String && !((String) modelName).isBlank(), "a non-blank string ls_model_name in "
                + where, () -> metadata);
        ctx.expectEqual("chat", metadata.get("ls_model_type"), "ls_model_type in " + where);
        Object temperature = metadata.get("ls_temperature");
        ctx.expect(temperature == null || temperature instanceof Number, "ls_temperature absent or a number in " + where,
                () -> metadata);
        Object maxTokens = metadata.get("ls_max_tokens");
        ctx.expect(maxTokens == null || maxTokens instanceof Integer || maxTokens instanceof Long,
                "ls_max_tokens absent or an integer in " + where, () -> metadata);
        if (stop.isEmpty()) {
            ctx.expect(!metadata.containsKey("ls_stop"), "no ls_stop without stop sequences in " + where, () -> metadata);
        } else {
            ctx.expectEqual(stop, metadata.get("ls_stop"), "ls_stop in " + where);
        }
    }

    private static List<AIMessageChunk> chunksOf(List<StreamEvent> events) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM)) {
                chunks.add((AIMessageChunk) e.data().get("chunk"));
            }
        }
        return chunks;
    }

    private static List<AIMessageChunk> withoutIds(List<AIMessageChunk> chunks) {
        List<AIMessageChunk> out = new ArrayList<>();
        chunks.forEach(c -> out.add(Answers.withoutId(c)));
        return out;
    }

    private static StreamEvent last(List<StreamEvent> events, String name) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).event().equals(name)) {
                return events.get(i);
            }
        }
        return null;
    }

    private static long count(List<StreamEvent> events, String name) {
        return events.stream().filter(e -> e.event().equals(name)).count();
    }

    private static List<String> names(List<StreamEvent> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.event()));
        return out;
    }

    /** Requests one item at a time (or cancels after {@code cancelAfter} items), counting demand violations. */
    private static final class CollectingSubscriber implements Flow.Subscriber<AIMessageChunk> {
        final List<AIMessageChunk> items = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        final CountDownLatch firstItem = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicLong overDelivered = new AtomicLong();
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private final long cancelAfter;
        private Flow.Subscription subscription;

        CollectingSubscriber(long cancelAfter) {
            this.cancelAfter = cancelAfter;
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
