package io.github.chattck.conformance;

import static io.github.chattck.conformance.Capability.CONCURRENT_CALLS;
import static io.github.chattck.conformance.Capability.DETERMINISTIC;
import static io.github.chattck.conformance.Capability.FAILURE_TRIGGER;
import static io.github.chattck.conformance.Capability.SLOW_STREAM;
import static io.github.chattck.conformance.Capability.STOP_SEQUENCES;
import static io.github.chattck.conformance.Capability.TOKEN_STREAMING;
import static io.github.chattck.conformance.Capability.TOOL_CALLING;
import static io.github.chattck.conformance.Capability.USAGE_METADATA;
import static io.github.chattck.conformance.Level.OPTIONAL;
import static io.github.chattck.conformance.Level.REQUIRED;

import java.util.EnumSet;
import java.util.Set;

/**
 * The catalogue of conformance rules (SPEC sections 5 and 7), as data: id, level, the capabilities a rule needs, what it
 * asserts, whether {@code BaseChatModel} guarantees it by construction, and where to look when it fails. The
 * scorecard and the docs are generated from it; every rule has one test method in {@link ChatModelConformanceTests}
 * and at least one broken model in the kit's own tests.
 */
public enum Rule {
    /** invoke(String) answers. */
    INV_1(REQUIRED, "invoke(String) returns a non-null AI message with text or tool calls",
            "generate returns the answer (not null, not empty)"),
    /** invoke(messages) takes a conversation. */
    INV_2(REQUIRED, "invoke(messages) accepts a system, human, ai, human history",
            "the conversion of every message type to the provider's format"),
    /** the answer has an id. */
    INV_3(REQUIRED, "the final message has a non-null id; run-<runId> when the provider sets none",
            "ids are stamped by BaseChatModel; a model implementing ChatModel directly must set them"),
    /** bad input fails fast. */
    INV_4(REQUIRED, "bad input (null, empty list, null element) fails fast with a clear message, provider not called",
            "input validation before the run starts; NullPointerException / IllegalArgumentException naming the value"),
    /** a failing invoke reports and keeps its failure. */
    INV_5(OPTIONAL, "a failing invoke throws the provider's failure (itself or as a cause) and reports exactly one error callback, no end",
            "keep the provider's exception as the cause when you wrap it (new X(message, cause)), and report it to onError once",
            FAILURE_TRIGGER),
    /** batch keeps size and order. */
    BAT_1(REQUIRED, "batch keeps size and order (each slot holds the answer of the run that received its input); an empty batch returns empty without calling the provider",
            "batch runs each input once and puts each output in its input's slot"),
    /** batch honours maxConcurrency. */
    BAT_2(REQUIRED, "batch never runs more than maxConcurrency calls at once (observed through run callbacks; over the"
            + " wire, as requests in flight at the server too)",
            "the batch executor bounds concurrent calls by RunConfig.maxConcurrency, and a call sends its request only"
                    + " when its run starts", CONCURRENT_CALLS),
    /** batchReturningExceptions keeps failures in their slots. */
    BAT_3(OPTIONAL, "batchReturningExceptions puts the provider's failure in its slot, the rest succeed",
            "a failing input must not cancel or fail the other inputs; its slot keeps the provider's exception (or has it as cause)",
            FAILURE_TRIGGER),
    /** stream yields chunks. */
    STR_1(REQUIRED, "stream yields at least one chunk, none null, all of chunk type",
            "streamChunks returns chunks (or null to use the fallback); no null chunk"),
    /** chunks add up to the end output. */
    STR_2(REQUIRED, "the aggregate of the chunks equals the run's final output (end callback and end event)",
            "the end output must be the aggregate of exactly the chunks yielded: no chunk added, dropped or changed"),
    /** fallback is one chunk; token streaming is several. */
    STR_3(REQUIRED, "fallback: exactly one chunk carrying the whole message; token streaming: >= 2 chunks carrying text for a multi-token answer",
            "a non-streaming provider must not split its answer into fake tokens; a streaming one must not buffer it into one chunk"),
    /** stream and invoke agree. */
    STR_4(REQUIRED, "the aggregate of stream(x) equals invoke(x) (content, tool calls, usage, finish reason)",
            "streamChunks and generate must produce the same answer for the same input", DETERMINISTIC),
    /** chunks arrive as they are produced. */
    STR_5(REQUIRED, "incremental delivery: text arrives over >= 2 chunks, the first early in the slow stream's span and"
            + " before the run ends (over the wire: each chunk soon after the server sent its frame)",
            "chunks must be handed over as the provider produces them, not collected or grouped first", TOKEN_STREAMING, SLOW_STREAM),
    /** close stops the stream and releases it. */
    STR_6(REQUIRED, "closing a stream after its first chunk (stream or streamEvents) stops delivery, ends the run with exactly one end or error callback, and the threads the call started are gone shortly after",
            "close must stop the provider (cancel the request, stop or interrupt the producer thread) and release it"),
    /** a provider id beats a run id. */
    STR_7(REQUIRED, "ids follow SPEC 1.3: every chunk carries the provider's id or run-<runId>, all provider ids of a "
            + "stream are equal, and the final message carries the provider's id if any chunk had one, else run-<runId>",
            "stamp run-<runId> only on chunks without a provider id, and give the final message the first provider id "
                    + "of the stream (BaseChatModel does both)"),
    /** a stream is single-use. */
    STR_8(REQUIRED, "a stream is single-use: a second iteration throws IllegalStateException",
            "the stream must refuse a second iterator instead of replaying or silently ending"),
    /** failures arrive after the chunks. */
    STR_9(OPTIONAL, "a provider failure surfaces from the iterator after the chunks already delivered, as the provider's exception or with it as cause; one error callback, no end; the call's threads are released",
            "provider exceptions must reach the caller (unchanged or as cause), never be swallowed or replaced by a bare wrapper",
            FAILURE_TRIGGER),
    /** tool call chunks are consistent. */
    STR_10(OPTIONAL, "tool call chunks pair with the final tool calls by index and id: each index shares one id and name, its args concatenate to the call's args; valid args are never invalid tool calls; parallel calls are each complete",
            "map the provider's tool-call deltas to ToolCallChunks with the delta's own index (not its position), and parse args only once complete",
            TOOL_CALLING),
    /** usage adds up. */
    STR_11(OPTIONAL, "aggregated usage has total = input + output; at most one chunk carries non-zero input tokens; streamed usage equals invoked usage when deterministic",
            "report input tokens once (first or last chunk), output tokens as deltas or once, never as running totals", USAGE_METADATA),
    /** the publisher view. */
    STR_12(REQUIRED, "the Flow.Publisher view delivers the same chunks and honours demand and cancellation",
            "RunStream.toPublisher: one onNext per requested item, none after cancel"),
    /** early closes leave nothing behind. */
    STR_13(REQUIRED, "after several early-closed streams a normal call on the same model still completes, and calls leave no thread behind",
            "return pooled connections (or permits) in close() as well as at the end, and shut down per-call executors"),
    /** the run's timeout. */
    STR_14(REQUIRED, "RunConfig.timeout is honoured: a slow call with a short timeout fails with a timeout error soon after it, with one error callback",
            "bound the whole call (opening, every chunk) by RunConfig.timeout and fail with a timeout exception (RunTimeoutException)",
            SLOW_STREAM),
    /** stream is lazy. */
    STR_15(REQUIRED, "stream() and streamEvents() start nothing before the first pull: no callback, no request, no thread",
            "open the provider's request on the first pull of the iterator, not in stream()"),
    /** text is well formed. */
    STR_16(REQUIRED, "no chunk starts or ends inside a UTF-16 surrogate pair (text or tool arguments, streamed or fallback); answers and event JSON carry no lone surrogate",
            "split text by code point (String.offsetByCodePoints), never by char index; cut answers at code point boundaries"),
    /** start first, end last. */
    EVT_1(REQUIRED, "exactly one on_chat_model_start first and one on_chat_model_end last",
            "events come from the run's callbacks: start before the first chunk, end after the last"),
    /** stream events are the chunks. */
    EVT_2(REQUIRED, "the on_chat_model_stream chunks equal, in order, what stream() yields (one for the fallback)",
            "every yielded chunk, and only those, becomes a stream event", DETERMINISTIC),
    /** one run id. */
    EVT_3(REQUIRED, "every event carries the same run_id, equal to the config's runId when given",
            "the run id comes from RunConfig.runId, else one fresh UUID per run"),
    /** event names. */
    EVT_4(REQUIRED, "name = runName if given, else the model's name",
            "RunConfig.runName overrides the model's name in events"),
    /** tags and metadata. */
    EVT_5(REQUIRED, "tags = config tags then model tags; metadata holds the config metadata and valid ls parameters",
            "merge config tags/metadata with the model's own, and add the ls parameters"),
    /** event payloads. */
    EVT_6(REQUIRED, "start data.input is exactly the input; end data.output equals the aggregate of the stream chunks; no input in the root end event",
            "the start event carries the caller's input as passed; the end event the aggregated answer"),
    /** events on failure. */
    EVT_7(OPTIONAL, "on failure: the events so far, then the iterator throws the provider's exception (or one with it as cause); no end event",
            "a failing run must not emit on_chat_model_end, and the error must not be swallowed or replaced by a bare wrapper",
            FAILURE_TRIGGER),
    /** filters. */
    EVT_8(REQUIRED, "include/exclude filters by name, type and tag behave as SPEC section 4 says (checked within one run)",
            "EventFilter: no include = all; else at least one include; then excludes remove; the root is filtered too"),
    /** parent ids. */
    EVT_9(REQUIRED, "parent_ids is [] at the root and root-first inside a pipeline",
            "child runs get RunConfig.childOf(parent); the model must honour config.parentRunIds"),
    /** JSON shape. */
    EVT_10(REQUIRED, "events serialize to the JSON shape of SPEC section 4 and read back equal",
            "event data must be messages, chunks or strings that ChatJson can write and read"),
    /** callbacks. */
    CB_1(REQUIRED, "callbacks: start once, one new-chunk per chunk, then exactly one of end / error",
            "report the run to every listener of the config, in order, one callback at a time, also when the stream is "
                    + "closed from another thread"),
    /** isolated listeners. */
    CB_2(REQUIRED, "a throwing listener does not break the call",
            "catch and log whatever a listener throws (checked exceptions and Errors too, not only RuntimeException); "
                    + "never let it reach the provider or the caller"),
    /** invoke and batch runs carry the config. */
    CB_3(REQUIRED, "invoke and batch (one config, or one config per input) report runs that carry their config's run id, run"
            + " name, tags, metadata and parent ids, as stream does",
            "build every run (invoke, batch, stream) from the caller's RunConfig: runId, runName, tags, metadata, parentRunIds"),
    /** ls parameters. */
    META_1(REQUIRED, "ls parameters have the key set and types of SPEC 1.4; ls_stop present iff stop given",
            "lsParams: non-blank ls_provider and ls_model_name, ls_model_type chat, numbers for temperature and max tokens"),
    /** stop sequences. */
    META_2(OPTIONAL, "a stop sequence given in the config is honoured by invoke and stream, and appears in ls_stop",
            "pass RunConfig.stop to the provider (CallOptions.stop) on both paths, generate and streamChunks, and cut the answer there",
            STOP_SEQUENCES),
    /** concurrency. */
    CONC_1(REQUIRED, "N streams open at once on one model, pulled in turn, each get their own complete answer, whose chunks carry"
            + " no other stream's provider id; events never mix run ids",
            "per-call state must not live in model fields (or a shared client's); the model must be thread-safe", CONCURRENT_CALLS),
    /** close reaches the transport. */
    WIRE_1(REQUIRED, "closing the stream after the first chunk abandons the HTTP request: the server sees the client go away"
            + " within 1 s and sends no more than a few frames after close",
            "close the HTTP response (or cancel the client's call) in close(), not only stop handing chunks over; never"
                    + " drain the rest of the body to reuse the connection", TOKEN_STREAMING),
    /** text arrives as the server sends it. */
    WIRE_2(REQUIRED, "text arrives as the server sends it: with a delay between frames, the first chunk reaches the"
            + " consumer before the server has sent the last frame",
            "hand each SSE / NDJSON frame over as it is read; never read the whole body (or collect the Flux) first",
            TOKEN_STREAMING),
    /** tool-call arguments stream. */
    WIRE_3(OPTIONAL, "tool-call arguments stream: sent in k >= 3 fragments, they reach the consumer over at least 2 chunks,"
            + " before the stream ends, and aggregate to the scripted arguments",
            "map each tool-call delta to a ToolCallChunk as it arrives; do not collect a call's arguments until it is"
                    + " complete", TOOL_CALLING, TOKEN_STREAMING),
    /** HTTP errors surface. */
    WIRE_4(REQUIRED, "HTTP errors surface: 401, 429 and 500 each fail the call with an exception whose message or type"
            + " keeps the status; nothing is returned as an empty answer",
            "check the response status before reading the body and throw for every non-2xx (after retries, if any),"
                    + " keeping the status in the exception's type or message"),
    /** a cut stream fails. */
    WIRE_5(REQUIRED, "a stream cut before its terminal frame fails the run (error callback, the iterator throws); it never"
            + " ends as a shorter, successful answer",
            "treat the end of the body without the dialect's terminal frame ([DONE], message_stop, done: true,"
                    + " response.completed) as an error", TOKEN_STREAMING),
    /** the request is well formed. */
    WIRE_6(REQUIRED, "the request is well formed for the dialect: a system / human / ai-with-tool-call / tool-result history"
            + " is sent in order with the tool call ids; stop sequences and bound tools are sent; streaming requests ask"
            + " for usage where the dialect needs it",
            "the conversion of every message type (tool call ids on the AI message and on the tool result),"
                    + " CallOptions.stop and CallOptions.tools into the request, and stream_options.include_usage on an"
                    + " OpenAI Chat Completions stream"),
    /** what the server reports is kept. */
    WIRE_7(REQUIRED, "what the server reports is kept: the response id becomes the message id, usage from the final frame"
            + " is reported exactly once, the finish reason and model name reach the response metadata",
            "set the message id from the response id, report usage once (not on both the finish frame and the usage"
                    + " frame), and put finish_reason and model_name into the response metadata"),
    /** a mid-stream error fails the run. */
    WIRE_8(OPTIONAL, "a mid-stream error event fails the run with the server's error message, after the chunks before it",
            "read error frames (OpenAI data: {\"error\": ...}, Anthropic and Responses event: error, an Ollama error line)"
                    + " and throw with their message; never skip them as unknown frames", TOKEN_STREAMING);

    /** The rules BaseChatModel makes hold by construction (see {@link #guaranteedByBaseChatModel()}). */
    private static final Set<Rule> BASE_GUARANTEED = Set.copyOf(EnumSet.of(INV_3, INV_4, BAT_1, BAT_2,
            BAT_3, STR_2, STR_8, STR_12, STR_14, STR_15, EVT_1, EVT_2, EVT_3, EVT_4, EVT_6, EVT_8, EVT_9, CB_1, CB_2, CB_3));

    private final Level level;
    private final String statement;
    private final String ifThisFailsCheck;
    private final Set<Capability> needs;

    Rule(Level level, String statement, String ifThisFailsCheck, Capability... needs) {
        this.level = level;
        this.statement = statement;
        this.ifThisFailsCheck = ifThisFailsCheck;
        this.needs = needs.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(needs[0], needs));
    }

    /**
     * Whether the rule reaches the provider's transport (SPEC section 7): it runs only when the test class gives the
     * kit a {@link WireTarget} ({@link ChatModelConformanceTests#wireTarget()}), and is skipped, naming that hook,
     * otherwise.
     *
     * @return true for the WIRE rules
     */
    public boolean needsWireTarget() {
        return name().startsWith("WIRE_");
    }

    /**
     * The id as the spec writes it.
     *
     * @return e.g. {@code STR-3}
     */
    public String id() {
        return name().replace('_', '-');
    }

    /**
     * The rule's level.
     *
     * @return required or optional
     */
    public Level level() {
        return level;
    }

    /**
     * Whether {@code BaseChatModel} makes this rule hold by construction, whatever its subclass's {@code generate}
     * and {@code streamChunks} do. For a model built on it, passing such a rule tested chat-tck's base class, not
     * the provider's code; for a model implementing {@code ChatModel} directly it tests the model's own code.
     *
     * @return true if the base class guarantees it
     */
    public boolean guaranteedByBaseChatModel() {
        return BASE_GUARANTEED.contains(this);
    }

    /**
     * What the rule asserts, in one line.
     *
     * @return the statement
     */
    public String statement() {
        return statement;
    }

    /**
     * Where to look when the rule fails.
     *
     * @return the hint
     */
    public String ifThisFailsCheck() {
        return ifThisFailsCheck;
    }

    /**
     * The capabilities the rule needs; empty for rules every model must pass.
     *
     * @return the capabilities
     */
    public Set<Capability> needs() {
        return needs;
    }

    /**
     * Finds a rule by its spec id.
     *
     * @param id e.g. {@code STR-3} or {@code STR_3}
     * @return the rule
     * @throws IllegalArgumentException naming the id if there is none
     */
    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id().equals(id) || r.name().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no conformance rule has the id '" + id + "'");
    }
}
