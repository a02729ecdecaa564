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
 * The catalogue of conformance rules (SPEC section 5), as data: id, level, the capabilities a rule needs, what it
 * asserts, and where to look when it fails. The scorecard and the docs are generated from it; every rule has one
 * test method in {@link ChatModelConformanceTests} and one broken model in the kit's own tests.
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
    /** batch keeps size and order. */
    BAT_1(REQUIRED, "batch keeps size and order; an empty batch returns empty without calling the provider",
            "batch runs each input once and puts each output in its input's slot"),
    /** batch honours maxConcurrency. */
    BAT_2(REQUIRED, "batch never runs more than maxConcurrency calls at once (observed through run callbacks)",
            "the batch executor bounds concurrent calls by RunConfig.maxConcurrency", CONCURRENT_CALLS),
    /** batchReturningExceptions keeps failures in their slots. */
    BAT_3(OPTIONAL, "batchReturningExceptions puts the exception in its slot, the rest succeed",
            "a failing input must not cancel or fail the other inputs", FAILURE_TRIGGER),
    /** stream yields chunks. */
    STR_1(REQUIRED, "stream yields at least one chunk, none null, all of chunk type",
            "streamChunks returns chunks (or null to use the fallback); no null chunk"),
    /** chunks add up to the end output. */
    STR_2(REQUIRED, "the aggregate of the chunks equals the run's final output (end callback and end event)",
            "the end output must be the aggregate of exactly the chunks yielded: no chunk added, dropped or changed"),
    /** fallback is one chunk; token streaming is several. */
    STR_3(REQUIRED, "fallback: exactly one chunk carrying the whole message; token streaming: >= 2 chunks for a multi-token answer",
            "a non-streaming provider must not split its answer into fake tokens; a streaming one must not buffer it into one chunk"),
    /** stream and invoke agree. */
    STR_4(REQUIRED, "the aggregate of stream(x) equals invoke(x) (content, tool calls, usage)",
            "streamChunks and generate must produce the same answer for the same input", DETERMINISTIC),
    /** chunks arrive as they are produced. */
    STR_5(REQUIRED, "incremental delivery: the first chunk arrives before the run ends and well before the last chunk",
            "chunks must be handed over as the provider produces them, not collected first", TOKEN_STREAMING, SLOW_STREAM),
    /** close stops the stream. */
    STR_6(REQUIRED, "closing the stream after the first chunk stops delivery: no chunk, callback or event after close; close returns promptly",
            "close must stop the provider (cancel the request, stop the producer thread) and release it"),
    /** a provider id beats a run id. */
    STR_7(REQUIRED, "ids follow SPEC 1.3: every chunk carries the provider's id or run-<runId>, all provider ids of a "
            + "stream are equal, and the final message carries the provider's id if any chunk had one, else run-<runId>",
            "stamp run-<runId> only on chunks without a provider id, and give the final message the first provider id "
                    + "of the stream (BaseChatModel does both)"),
    /** a stream is single-use. */
    STR_8(REQUIRED, "a stream is single-use: a second iteration throws IllegalStateException",
            "the stream must refuse a second iterator instead of replaying or silently ending"),
    /** failures arrive after the chunks. */
    STR_9(OPTIONAL, "a provider failure surfaces from the iterator after the chunks already delivered; error callback once, no end callback",
            "provider exceptions must reach the caller (unchanged or as cause), never be swallowed", FAILURE_TRIGGER),
    /** tool call chunks are consistent. */
    STR_10(OPTIONAL, "tool call chunks of one call share index, id and name; args fragments concatenate to the final call's args",
            "map the provider's tool-call deltas to ToolCallChunks with a stable index", TOOL_CALLING),
    /** usage adds up. */
    STR_11(OPTIONAL, "aggregated usage has total = input + output; at most one chunk carries non-zero input tokens",
            "report input tokens once (first or last chunk), output tokens as deltas or once", USAGE_METADATA),
    /** the publisher view. */
    STR_12(REQUIRED, "the Flow.Publisher view delivers the same chunks and honours demand and cancellation",
            "RunStream.toPublisher: one onNext per requested item, none after cancel"),
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
    EVT_7(OPTIONAL, "on failure: the events so far, then the iterator throws; no end event",
            "a failing run must not emit on_chat_model_end, and the error must not be swallowed", FAILURE_TRIGGER),
    /** filters. */
    EVT_8(REQUIRED, "include/exclude filters by name, type and tag behave as SPEC section 4 says",
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
    /** ls parameters. */
    META_1(REQUIRED, "ls parameters have the key set and types of SPEC 1.4; ls_stop present iff stop given",
            "lsParams: non-blank ls_provider and ls_model_name, ls_model_type chat, numbers for temperature and max tokens"),
    /** stop sequences. */
    META_2(OPTIONAL, "a stop sequence given in the config is honoured and appears in ls_stop",
            "pass RunConfig.stop to the provider (CallOptions.stop) and cut the answer there", STOP_SEQUENCES),
    /** concurrency. */
    CONC_1(REQUIRED, "N concurrent streams on one model each get their own complete answer; events never mix run ids",
            "per-call state must not live in model fields; the model must be thread-safe", CONCURRENT_CALLS);

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
