package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

/**
 * The conformance kit's front door, and its catalogue: extend it in your provider's test sources, give the kit your
 * model and {@link #capabilities()}, and every rule of the chat-tck specification runs against your model, one test
 * per rule, named after its level and id ({@code required_STR_3_...}). Read from top to bottom, the rule methods
 * below are the whole contract, one line each; their bodies live in package-private classes by area (invoke, batch,
 * stream, stream lifecycle, events, callbacks, metadata, concurrency, wire), as the Reactive Streams TCK keeps its
 * rules.
 * <p>
 * Two ways to give the kit your model, in the same one class:
 * <ul>
 *   <li><b>Over the wire</b> (recommended for a provider with an HTTP client): override {@link #wireTarget()} with
 *   the dialect your client speaks and a factory from a fake-server {@link Endpoint} to your model. The kit starts a
 *   fake LLM server for the class (loopback, a free port, a fresh scope per rule), scripts every scenario itself
 *   (slow streams, failing calls, tool calls with fragmented arguments, usage, stop sequences, HTTP errors, cut
 *   streams), and runs every rule offline and deterministically, the WIRE rules of SPEC section 7 included: they see
 *   your transport through the server's journal (a request still running after close, arguments buffered, a 429
 *   turned into an empty answer ...). No prompt hooks, and no {@link #createModel()}. Declare what your client can
 *   do (token streaming, tools, usage, stop sequences, concurrent calls); deterministic answers, a failure trigger
 *   and a slow stream the server provides.</li>
 *   <li><b>Directly</b>: override {@link #createModel()}, and the prompt hooks of the optional capabilities you
 *   declare. The WIRE rules are then skipped, naming {@link #wireTarget()}.</li>
 * </ul>
 * Rules whose capability you do not declare are skipped with a reason; rules you cannot pass yet are excluded with a
 * reason through {@link #exclusions()}, never by overriding (the rule methods are final). A rule that does not apply
 * to what your model did (a one-token answer where several tokens are needed) is reported as not applicable, with
 * the reason. Waits scale with your model's measured call time, and a call counts as hung only when it stays silent
 * for {@code chattck.timeout}. The scorecard lands in {@code target/chat-tck/}.
 *
 * <pre>{@code
 * class AcmeChatModelConformanceTest extends ChatModelConformanceTests {
 *     protected WireTarget wireTarget() {
 *         return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, endpoint -> new AcmeChatModel(
 *                 AcmeConfig.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey()).build()));
 *     }
 *     protected Capabilities capabilities() {
 *         return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().build();
 *     }
 * }
 * }</pre>
 * Every rule method takes the {@link RuleContext} that {@link ConformanceExtension} resolves.
 */
@ExtendWith(ConformanceExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChatModelConformanceTests {
    private Subject subject;
    private boolean wireResolved;
    private WireBench wire;

    /** For subclasses. */
    protected ChatModelConformanceTests() {
    }

    /**
     * A fresh model, when the kit is given the model directly rather than through {@link #wireTarget()}. Called at
     * least once per rule, sometimes more (rules that compare two calls use two fresh models), so return a new,
     * equivalent instance each time. Not called when {@link #wireTarget()} returns a target.
     *
     * @return the model under test
     * @throws UnsupportedOperationException by default: override this or {@link #wireTarget()}
     */
    protected ChatModel createModel() {
        throw new UnsupportedOperationException(getClass().getName() + " overrides neither createModel() nor"
                + " wireTarget(): override one of them to give the kit your model");
    }

    /**
     * How the kit reaches your provider's transport: the dialect your client speaks and a factory from a fake-server
     * {@link Endpoint} to your model (SPEC section 7). When this returns a target, the kit starts a fake LLM server
     * for the test class, points a fresh model at a fresh scope of it for every rule, scripts every scenario itself,
     * and runs every rule over the wire, the WIRE rules included; {@link #createModel()} and the prompt hooks are not
     * used, and the capabilities the server provides ({@code deterministic}, {@code failureTrigger},
     * {@code slowStream}) are added to yours.
     *
     * <pre>{@code
     * protected WireTarget wireTarget() {
     *     return WireTarget.of(Dialect.ANTHROPIC_MESSAGES, endpoint -> LangChain4jChatModel.of(
     *             AnthropicChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
     *                     .modelName("claude-sonnet-4-5").build(),
     *             AnthropicStreamingChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
     *                     .modelName("claude-sonnet-4-5").build()));
     * }
     * }</pre>
     *
     * @return the target, or null (default) to test the model of {@link #createModel()} without the WIRE rules
     */
    protected WireTarget wireTarget() {
        return null;
    }

    /**
     * The model's capability profile.
     *
     * @return the capabilities
     */
    protected abstract Capabilities capabilities();

    /**
     * A prompt with a multi-token answer (several words), used by most rules. A model that answers it in one token
     * gets STR-3 reported as not applicable.
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
     * A prompt whose stream spreads over at least ~100 ms and several chunks (capability {@code slowStream}); STR-5
     * times its chunks, STR-14 calls it with a timeout shorter than it takes.
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
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.INV_1)
    public final void required_INV_1_invokeStringAnswers(RuleContext ctx) {
        InvokeRules.invokeStringAnswers(ctx);
    }

    /**
     * INV-2: {@code invoke(messages)} accepts a system, human, ai, human history.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.INV_2)
    public final void required_INV_2_invokeMessagesAcceptsAHistory(RuleContext ctx) {
        InvokeRules.invokeMessagesAcceptsAHistory(ctx);
    }

    /**
     * INV-3: the final message has a non-null id; {@code run-<runId>} when the provider sets none.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.INV_3)
    public final void required_INV_3_finalMessageHasAnId(RuleContext ctx) {
        InvokeRules.finalMessageHasAnId(ctx);
    }

    /**
     * INV-4: bad input (null, empty list, null element) fails fast with a clear message, provider not called.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.INV_4)
    public final void required_INV_4_badInputFailsFast(RuleContext ctx) {
        InvokeRules.badInputFailsFast(ctx);
    }

    /**
     * INV-5: a failing invoke throws the provider's failure (or one with it as cause), with one error callback and no end.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.INV_5)
    public final void optional_INV_5_failingInvokeKeepsItsFailure(RuleContext ctx) throws Exception {
        InvokeRules.failingInvokeKeepsItsFailure(ctx);
    }

    // ---------------------------------------------------------------- batch

    /**
     * BAT-1: {@code batch} keeps size and order: each slot holds its own run's answer; an empty batch runs nothing.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.BAT_1)
    public final void required_BAT_1_batchKeepsSizeAndOrder(RuleContext ctx) {
        BatchRules.batchKeepsSizeAndOrder(ctx);
    }

    /**
     * BAT-2: never more than {@code maxConcurrency} runs open at once (observed through run callbacks; over the wire,
     * requests in flight at the server too).
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.BAT_2)
    public final void required_BAT_2_batchHonoursMaxConcurrency(RuleContext ctx) throws Exception {
        BatchRules.batchHonoursMaxConcurrency(ctx);
    }

    /**
     * BAT-3: {@code batchReturningExceptions} puts the provider's failure in its slot, the rest succeed.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.BAT_3)
    public final void optional_BAT_3_batchReturnsExceptionsInTheirSlots(RuleContext ctx) {
        BatchRules.batchReturnsExceptionsInTheirSlots(ctx);
    }

    // ---------------------------------------------------------------- stream: what it delivers

    /**
     * STR-1: {@code stream} yields at least one chunk, none null, all of chunk type.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_1)
    public final void required_STR_1_streamYieldsChunks(RuleContext ctx) {
        StreamRules.streamYieldsChunks(ctx);
    }

    /**
     * STR-2: the aggregate of the chunks equals the run's final output (end callback and end event).
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_2)
    public final void required_STR_2_chunksAggregateToTheFinalOutput(RuleContext ctx) {
        StreamRules.chunksAggregateToTheFinalOutput(ctx);
    }

    /**
     * STR-3: the fallback yields exactly one chunk; token streaming at least two chunks carrying text for a multi-token answer.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_3)
    public final void required_STR_3_fallbackYieldsOneChunkTokenStreamingSeveral(RuleContext ctx) {
        StreamRules.fallbackYieldsOneChunkTokenStreamingSeveral(ctx);
    }

    /**
     * STR-4: the aggregate of {@code stream(x)} equals {@code invoke(x)} (content, tool calls, usage, finish reason).
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_4)
    public final void required_STR_4_streamAggregatesToInvoke(RuleContext ctx) {
        StreamRules.streamAggregatesToInvoke(ctx);
    }

    /**
     * STR-5: text arrives over at least two chunks, the first early in the slow stream's span and before the run ends;
     * over the wire, each chunk soon after the server sent its frame.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_5)
    public final void required_STR_5_chunksArriveIncrementally(RuleContext ctx) {
        StreamRules.chunksArriveIncrementally(ctx);
    }

    /**
     * STR-7: ids follow SPEC 1.3: every chunk carries the provider's id or {@code run-<runId>}, all provider ids of a
     * stream are equal, and the final message carries the provider's id if any chunk had one, else the run's.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_7)
    public final void required_STR_7_chunksCarryTheProviderIdElseTheRunId(RuleContext ctx) {
        StreamRules.chunksCarryTheProviderIdElseTheRunId(ctx);
    }

    /**
     * STR-8: a stream is single-use: a second iteration throws {@link IllegalStateException}.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_8)
    public final void required_STR_8_streamIsSingleUse(RuleContext ctx) {
        StreamRules.streamIsSingleUse(ctx);
    }

    /**
     * STR-10: tool call chunks pair with the final tool calls by index and id; valid args are never invalid calls; parallel calls are each complete.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_10)
    public final void optional_STR_10_toolCallChunksAreConsistent(RuleContext ctx) {
        StreamRules.toolCallChunksAreConsistent(ctx);
    }

    /**
     * STR-11: usage adds up (total = input + output), input tokens on one chunk at most, streamed usage equals invoked usage.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.STR_11)
    public final void optional_STR_11_usageAddsUp(RuleContext ctx) {
        StreamRules.usageAddsUp(ctx);
    }

    /**
     * STR-12: the {@code Flow.Publisher} view delivers the same chunks and honours demand and cancellation.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_12)
    public final void required_STR_12_publisherHonoursDemandAndCancellation(RuleContext ctx) throws Exception {
        StreamRules.publisherHonoursDemandAndCancellation(ctx);
    }

    /**
     * STR-16: no chunk starts or ends inside a UTF-16 surrogate pair; answers and event JSON carry no lone surrogate.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_16)
    public final void required_STR_16_textIsWellFormed(RuleContext ctx) throws Exception {
        StreamRules.textIsWellFormed(ctx);
    }

    // ---------------------------------------------------------------- stream: its lifecycle

    /**
     * STR-6: closing after the first chunk (stream or streamEvents) stops delivery, ends the run once, and the call's threads go.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_6)
    public final void required_STR_6_closeStopsDelivery(RuleContext ctx) throws Exception {
        StreamLifecycleRules.closeStopsDeliveryAndReleases(ctx);
    }

    /**
     * STR-9: a failure surfaces after the chunks delivered, as the provider's exception or its cause; one error callback; threads released.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_9)
    public final void optional_STR_9_failureSurfacesAfterTheChunks(RuleContext ctx) throws Exception {
        StreamLifecycleRules.failureSurfacesAfterTheChunks(ctx);
    }

    /**
     * STR-13: after several early-closed streams a normal call still completes, and calls leave no thread behind.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_13)
    public final void required_STR_13_earlyClosesLeaveNothingBehind(RuleContext ctx) throws Exception {
        StreamLifecycleRules.earlyClosesLeaveNothingBehind(ctx);
    }

    /**
     * STR-14: {@code RunConfig.timeout} is honoured: a slow call with a short timeout fails with a timeout error soon after it.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_14)
    public final void required_STR_14_timeoutIsHonoured(RuleContext ctx) throws Exception {
        StreamLifecycleRules.timeoutIsHonoured(ctx);
    }

    /**
     * STR-15: {@code stream()} and {@code streamEvents()} start nothing before the first pull: no callback, no thread.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.STR_15)
    public final void required_STR_15_nothingStartsBeforeTheFirstPull(RuleContext ctx) throws Exception {
        StreamLifecycleRules.nothingStartsBeforeTheFirstPull(ctx);
    }

    // ---------------------------------------------------------------- events

    /**
     * EVT-1: exactly one {@code on_chat_model_start} first and one {@code on_chat_model_end} last.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_1)
    public final void required_EVT_1_oneStartFirstOneEndLast(RuleContext ctx) {
        EventRules.oneStartFirstOneEndLast(ctx);
    }

    /**
     * EVT-2: the {@code on_chat_model_stream} chunks equal, in order, what {@code stream()} yields.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_2)
    public final void required_EVT_2_streamEventsAreTheChunks(RuleContext ctx) {
        EventRules.streamEventsAreTheChunks(ctx);
    }

    /**
     * EVT-3: every event carries the same {@code run_id}, the config's {@code runId} when given.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_3)
    public final void required_EVT_3_oneRunIdForAllEvents(RuleContext ctx) {
        EventRules.oneRunIdForAllEvents(ctx);
    }

    /**
     * EVT-4: {@code name} is the {@code runName} if given, else the model's name.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_4)
    public final void required_EVT_4_eventNameIsRunNameOrModelName(RuleContext ctx) {
        EventRules.eventNameIsRunNameOrModelName(ctx);
    }

    /**
     * EVT-5: tags are the config's then the model's; metadata holds the config metadata and valid ls parameters.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_5)
    public final void required_EVT_5_tagsAndMetadata(RuleContext ctx) {
        EventRules.tagsAndMetadata(ctx);
    }

    /**
     * EVT-6: start {@code data.input} is the input as passed; end {@code data.output} the aggregate; no input in the root end.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_6)
    public final void required_EVT_6_eventPayloads(RuleContext ctx) {
        EventRules.eventPayloads(ctx);
    }

    /**
     * EVT-7: on failure: the events so far, then the provider's exception (or one with it as cause); no end event.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_7)
    public final void optional_EVT_7_failureEndsTheEventsWithoutEnd(RuleContext ctx) {
        EventRules.failureEndsTheEventsWithoutEnd(ctx);
    }

    /**
     * EVT-8: include/exclude filters by name, type and tag behave as SPEC section 4 says, checked within one run.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_8)
    public final void required_EVT_8_filters(RuleContext ctx) {
        EventRules.filters(ctx);
    }

    /**
     * EVT-9: {@code parent_ids} is {@code []} at the root and root-first inside a pipeline.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.EVT_9)
    public final void required_EVT_9_parentIds(RuleContext ctx) {
        EventRules.parentIds(ctx);
    }

    /**
     * EVT-10: events serialize to the JSON shape of SPEC section 4 and read back equal.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.EVT_10)
    public final void required_EVT_10_eventsRoundTripThroughJson(RuleContext ctx) throws Exception {
        EventRules.eventsRoundTripThroughJson(ctx);
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * CB-1: callbacks: start once, one new-chunk per chunk, then exactly one of end / error, also when the stream is
     * closed from another thread while a listener handles a chunk.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.CB_1)
    public final void required_CB_1_callbackSequence(RuleContext ctx) throws Exception {
        CallbackRules.callbackSequence(ctx);
    }

    /**
     * CB-2: a throwing listener does not break the call, whatever it throws (unchecked, checked, an Error).
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.CB_2)
    public final void required_CB_2_throwingListenerDoesNotBreakTheCall(RuleContext ctx) throws Exception {
        CallbackRules.throwingListenerDoesNotBreakTheCall(ctx);
    }

    /**
     * CB-3: invoke and batch runs (one config, or one per input) carry their config's run id, run name, tags, metadata
     * and parent ids.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.CB_3)
    public final void required_CB_3_invokeAndBatchRunsCarryTheConfig(RuleContext ctx) {
        CallbackRules.invokeAndBatchRunsCarryTheConfig(ctx);
    }

    // ---------------------------------------------------------------- metadata

    /**
     * META-1: ls parameters have the key set and types of SPEC 1.4; {@code ls_stop} present iff stop given.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.META_1)
    public final void required_META_1_lsParameters(RuleContext ctx) {
        MetadataRules.lsParameters(ctx);
    }

    /**
     * META-2: a stop sequence given in the config is honoured by invoke and stream, and appears in {@code ls_stop}.
     *
     * @param ctx the rule's context, given by the kit
     */
    @Test
    @ConformanceRule(Rule.META_2)
    public final void optional_META_2_stopSequenceIsHonoured(RuleContext ctx) {
        MetadataRules.stopSequenceIsHonoured(ctx);
    }

    // ---------------------------------------------------------------- concurrency

    /**
     * CONC-1: streams open at once on one model, pulled in turn, each get their own complete answer, with no other
     * stream's provider id; events never mix runs.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.CONC_1)
    public final void required_CONC_1_concurrentStreamsStayApart(RuleContext ctx) throws Exception {
        ConcurrencyRules.concurrentStreamsStayApart(ctx);
    }

    // ---------------------------------------------------------------- wire (SPEC section 7)

    /**
     * WIRE-1: closing the stream after the first chunk abandons the HTTP request: the server sees the client go away
     * within 1 s and sends no more than a few frames after close.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_1)
    public final void required_WIRE_1_closeAbandonsTheRequest(RuleContext ctx) throws Exception {
        WireRules.closeAbandonsTheRequest(ctx);
    }

    /**
     * WIRE-2: text arrives as the server sends it: the first chunk reaches the consumer before the last frame is sent.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_2)
    public final void required_WIRE_2_textArrivesAsTheServerSendsIt(RuleContext ctx) throws Exception {
        WireRules.textArrivesAsTheServerSendsIt(ctx);
    }

    /**
     * WIRE-3: tool-call arguments sent in fragments reach the consumer over several chunks, before the stream ends.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_3)
    public final void optional_WIRE_3_toolArgumentsStream(RuleContext ctx) throws Exception {
        WireRules.toolArgumentsStream(ctx);
    }

    /**
     * WIRE-4: 401, 429 and 500 each fail the call with an exception that keeps the status; never an empty answer.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_4)
    public final void required_WIRE_4_httpErrorsSurface(RuleContext ctx) throws Exception {
        WireRules.httpErrorsSurface(ctx);
    }

    /**
     * WIRE-5: a stream cut before its terminal frame fails the run; it never ends as a shorter, successful answer.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_5)
    public final void required_WIRE_5_cutStreamFails(RuleContext ctx) throws Exception {
        WireRules.cutStreamFails(ctx);
    }

    /**
     * WIRE-6: the request is well formed for the dialect: history with tool call ids in order, stop sequences, bound
     * tools, usage asked for where the dialect needs it.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_6)
    public final void required_WIRE_6_requestIsWellFormed(RuleContext ctx) throws Exception {
        WireRules.requestIsWellFormed(ctx);
    }

    /**
     * WIRE-7: the response id, the usage (once), the finish reason and the model name the server reports are kept.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_7)
    public final void required_WIRE_7_whatTheServerReportsIsKept(RuleContext ctx) throws Exception {
        WireRules.whatTheServerReportsIsKept(ctx);
    }

    /**
     * WIRE-8: a mid-stream error event fails the run with the server's message, after the chunks before it.
     *
     * @param ctx the rule's context, given by the kit
     * @throws Exception a failure of the model, reported against the rule
     */
    @Test
    @ConformanceRule(Rule.WIRE_8)
    public final void optional_WIRE_8_midStreamErrorFailsTheRun(RuleContext ctx) throws Exception {
        WireRules.midStreamErrorFailsTheRun(ctx);
    }

    /** The wire bench when the class gives a wire target, else null; the target is asked for once. */
    final synchronized WireBench wire() {
        if (!wireResolved) {
            WireTarget target = wireTarget();
            wire = target == null ? null : new WireBench(target);
            wireResolved = true;
        }
        return wire;
    }

    /** The capabilities the rules see: the declared ones, plus what the kit's fake server provides over the wire. */
    final Capabilities effectiveCapabilities() {
        Capabilities declared = capabilities();
        if (wire() == null) {
            return declared;
        }
        Capabilities.Builder b = Capabilities.builder();
        declared.asSet().forEach(b::with);
        return b.deterministic().failureTrigger().slowStream().build();
    }

    /** What one rule checks: this class's hooks, or a fresh scope of the fake server over the wire. */
    final Subject subjectFor(Rule rule) {
        WireBench bench = wire();
        return bench == null ? subject() : bench.newSubject(rule, effectiveCapabilities());
    }

    /** A model to read the name and ls parameters of, for the scorecard. */
    final ChatModel sampleModel() {
        WireBench bench = wire();
        return bench == null ? createModel() : bench.sampleModel();
    }

    /** Stops the class's fake server, if it has one. */
    final synchronized void closeWire() {
        if (wire != null) {
            wire.close();
        }
    }

    /** What the rules check: this class's hooks. */
    final synchronized Subject subject() {
        if (subject == null) {
            subject = new HookSubject(this);
        }
        return subject;
    }
}
