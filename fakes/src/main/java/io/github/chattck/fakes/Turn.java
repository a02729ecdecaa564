package io.github.chattck.fakes;

import io.github.chattck.core.RunInfo;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One scripted answer: text, tool calls, usage, response metadata, how it streams (chunking, delays) and
 * optionally a {@link Fault}. Immutable: every {@code with...} method returns a new turn, so a turn reads as a
 * sentence: {@code Turn.text("Hello world").chunkedBy(Chunking.words()).perChunkDelay(Duration.ofMillis(5))}.
 * <p>
 * Streamed, a turn is its text chunks, then one chunk per tool-call fragment, with usage and response metadata
 * on the last chunk (so at most one chunk carries input tokens). Settings left unset (chunking, delays) take the
 * model's defaults.
 */
public final class Turn {
    private final String text;
    private final List<ToolCall> toolCalls;
    private final int toolArgsChunkSize;
    private final UsageMetadata usage;
    private final Map<String, Object> responseMetadata;
    private final String id;
    private final Chunking chunking;
    private final Duration firstChunkDelay;
    private final Duration perChunkDelay;
    private final Fault fault;
    private final List<CustomEvent> customEvents;

    private Turn(String text, List<ToolCall> toolCalls, int toolArgsChunkSize, UsageMetadata usage,
                 Map<String, Object> responseMetadata, String id, Chunking chunking, Duration firstChunkDelay,
                 Duration perChunkDelay, Fault fault, List<CustomEvent> customEvents) {
        this.text = text;
        this.toolCalls = toolCalls;
        this.toolArgsChunkSize = toolArgsChunkSize;
        this.usage = usage;
        this.responseMetadata = responseMetadata;
        this.id = id;
        this.chunking = chunking;
        this.firstChunkDelay = firstChunkDelay;
        this.perChunkDelay = perChunkDelay;
        this.fault = fault;
        this.customEvents = customEvents;
        if (chunking != null) {
            chunking.split(text); // explicit chunks must add up to the text: fail where the turn is written
        }
    }

    /**
     * A turn that answers with text.
     *
     * @param text the answer, not null
     * @return the turn
     */
    public static Turn text(String text) {
        return new Turn(Checks.notNull(text, "text"), List.of(), 0, null, Map.of(), null, null, null, null, null,
                List.of());
    }

    /**
     * A turn that answers with one tool call and no text; its id is {@code call_1}.
     *
     * @param name the tool's name
     * @param args the arguments
     * @return the turn
     */
    public static Turn toolCall(String name, Map<String, ?> args) {
        return text("").withToolCall(name, args);
    }

    /**
     * This turn with one more tool call, whose id is {@code call_<n>} (n counting this turn's calls from 1),
     * so ids are deterministic.
     *
     * @param name the tool's name, not null
     * @param args the arguments (a JSON object), null for none
     * @return a new turn
     */
    @SuppressWarnings("unchecked")
    public Turn withToolCall(String name, Map<String, ?> args) {
        List<ToolCall> calls = new ArrayList<>(toolCalls);
        calls.add(new ToolCall("call_" + (calls.size() + 1), Checks.notNull(name, "tool name"), (Map<String, Object>) args));
        return new Turn(text, List.copyOf(calls), toolArgsChunkSize, usage, responseMetadata, id, chunking,
                firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * This turn dispatching a custom event into the call's run before its first chunk (as LangChain's
     * {@code FakeListChatModel} does with {@code emitCustomEvent}), so that an app's handling of custom events can be
     * tested: {@code streamEvents} shows it as {@code on_custom_event}, listeners get {@code onCustomEvent}.
     *
     * @param name    the event's name, non-blank
     * @param payload its data, a JSON object
     * @return a new turn
     */
    public Turn dispatching(String name, Map<String, ?> payload) {
        Checks.argument(name != null && !name.isBlank(), "a custom event needs a non-blank name but got %s",
                name == null ? "null" : "'" + name + "'");
        List<CustomEvent> events = new ArrayList<>(customEvents);
        events.add(new CustomEvent(name, Json.freeze(Checks.notNull(payload, "payload"))));
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, id, chunking, firstChunkDelay,
                perChunkDelay, fault, List.copyOf(events));
    }

    /**
     * Dispatches this turn's custom events into the run of a call.
     *
     * @param run the call's run
     */
    void dispatchCustomEvents(RunInfo run) {
        for (CustomEvent e : customEvents) {
            run.dispatchCustomEvent(e.name, e.payload);
        }
    }

    /** A custom event a turn dispatches. */
    private static final class CustomEvent {
        final String name;
        final Map<String, Object> payload;

        CustomEvent(String name, Map<String, Object> payload) {
            this.name = name;
            this.payload = payload;
        }
    }

    /**
     * Streams each tool call's JSON arguments in fragments of {@code size} characters (0, the default: one
     * fragment with the whole arguments).
     *
     * @param size {@code >= 0}
     * @return a new turn
     */
    public Turn toolArgsChunkSize(int size) {
        Checks.argument(size >= 0, "tool args chunk size must be >= 0 but was %d", size);
        return new Turn(text, toolCalls, size, usage, responseMetadata, id, chunking, firstChunkDelay,
                perChunkDelay, fault, customEvents);
    }

    /**
     * This turn with token usage, reported on the last chunk.
     *
     * @param inputTokens  prompt tokens
     * @param outputTokens generated tokens
     * @return a new turn
     */
    public Turn usage(long inputTokens, long outputTokens) {
        return usage(UsageMetadata.of(inputTokens, outputTokens));
    }

    /**
     * This turn with token usage, reported on the last chunk.
     *
     * @param usageMetadata the usage, null for none
     * @return a new turn
     */
    public Turn usage(UsageMetadata usageMetadata) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usageMetadata, responseMetadata, id, chunking,
                firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * This turn with one more response metadata entry (e.g. {@code finish_reason}, {@code model_name}),
     * reported on the last chunk.
     *
     * @param key   the key
     * @param value a JSON-like value
     * @return a new turn
     */
    public Turn responseMetadata(String key, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>(responseMetadata);
        metadata.put(Checks.notNull(key, "key"), value);
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, Collections.unmodifiableMap(metadata), id,
                chunking, firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * This turn with a provider message id (by default the fakes set none, so the run's id is used).
     *
     * @param messageId the id
     * @return a new turn
     */
    public Turn id(String messageId) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, messageId, chunking,
                firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * This turn streamed with another chunking.
     *
     * @param strategy the chunking
     * @return a new turn
     * @throws IllegalArgumentException if explicit chunks do not add up to the text
     */
    public Turn chunkedBy(Chunking strategy) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, id,
                Checks.notNull(strategy, "chunking"), firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * This turn streamed as exactly these chunks, never re-split.
     *
     * @param chunks the chunks, concatenating to the text
     * @return a new turn
     * @throws IllegalArgumentException if they do not add up to the text
     */
    public Turn chunks(String... chunks) {
        return chunkedBy(Chunking.explicit(List.of(Checks.notNull(chunks, "chunks"))));
    }

    /**
     * Waits this long before the first chunk (and before answering {@code invoke}).
     *
     * @param delay not negative
     * @return a new turn
     */
    public Turn firstChunkDelay(Duration delay) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, id, chunking,
                checkDelay(delay, "firstChunkDelay"), perChunkDelay, fault, customEvents);
    }

    /**
     * Waits this long before each chunk after the first.
     *
     * @param delay not negative
     * @return a new turn
     */
    public Turn perChunkDelay(Duration delay) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, id, chunking, firstChunkDelay,
                checkDelay(delay, "perChunkDelay"), fault, customEvents);
    }

    /**
     * This turn with a fault.
     *
     * @param scripted the fault
     * @return a new turn
     */
    public Turn fault(Fault scripted) {
        return new Turn(text, toolCalls, toolArgsChunkSize, usage, responseMetadata, id, chunking, firstChunkDelay,
                perChunkDelay, Checks.notNull(scripted, "fault"), customEvents);
    }

    /**
     * Fails before the first chunk.
     *
     * @param error makes the exception
     * @return a new turn
     */
    public Turn failBeforeFirstChunk(Supplier<? extends Exception> error) {
        return fault(Fault.beforeFirstChunk(error));
    }

    /**
     * Delivers {@code k} chunks, then fails.
     *
     * @param k     chunks before the failure
     * @param error makes the exception
     * @return a new turn
     */
    public Turn failAfterChunk(int k, Supplier<? extends Exception> error) {
        return fault(Fault.afterChunk(k, error));
    }

    /**
     * Delivers {@code k} chunks, then hangs until cancelled.
     *
     * @param k chunks before hanging
     * @return a new turn
     */
    public Turn hangAfterChunk(int k) {
        return fault(Fault.hangAfterChunk(k));
    }

    /**
     * The text.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The tool calls.
     *
     * @return the calls
     */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /**
     * The fault, or null.
     *
     * @return the fault or null
     */
    public Fault fault() {
        return fault;
    }

    /**
     * This turn's chunking, or the default.
     *
     * @param fallback the model's default
     * @return the chunking to use
     */
    Chunking chunkingOr(Chunking fallback) {
        return chunking != null ? chunking : fallback;
    }

    /**
     * The delay before the first chunk, or the player's default when this turn sets none (public for players
     * outside this package, such as the fake server).
     *
     * @param fallback the player's default
     * @return the delay to apply
     */
    public Duration firstChunkDelayOr(Duration fallback) {
        return firstChunkDelay != null ? firstChunkDelay : fallback;
    }

    /**
     * The delay before each chunk after the first, or the player's default when this turn sets none.
     *
     * @param fallback the player's default
     * @return the delay to apply
     */
    public Duration perChunkDelayOr(Duration fallback) {
        return perChunkDelay != null ? perChunkDelay : fallback;
    }

    /**
     * This turn cut before the earliest stop sequence found in its text, as a model honouring {@code stop} would
     * answer; the turn itself when none occurs.
     *
     * @param stop the stop sequences
     * @return the cut turn
     */
    Turn stoppedAt(List<String> stop) {
        int cut = -1;
        for (String s : stop) {
            int at = text.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut < 0) {
            return this;
        }
        // explicit chunks of the full text no longer add up to the cut text: the model's default applies
        Chunking cutChunking = chunking != null && chunking.isExplicit() ? null : chunking;
        return new Turn(text.substring(0, cut), toolCalls, toolArgsChunkSize, usage, responseMetadata, id,
                cutChunking, firstChunkDelay, perChunkDelay, fault, customEvents);
    }

    /**
     * The complete answer: text, tool calls, usage, response metadata and id as scripted.
     *
     * @return the message (id as scripted, usually null)
     */
    public AIMessage message() {
        return new AIMessage(text, toolCalls, List.of(), usage, responseMetadata, id);
    }

    /**
     * The chunks this turn streams as: its text pieces, then one chunk per tool-call fragment (index, id and
     * name on a call's first fragment), with usage and response metadata on the last chunk. Every player of a
     * turn (the scripted model, the fake server) streams exactly these.
     *
     * @param defaultChunking used when the turn sets none
     * @return the chunks, never empty
     */
    public List<AIMessageChunk> chunks(Chunking defaultChunking) {
        List<String> pieces = text.isEmpty() && !toolCalls.isEmpty() ? List.of() : chunkingOr(defaultChunking).split(text);
        List<AIMessageChunk> chunks = new ArrayList<>(pieces.size() + toolCalls.size() + 1);
        for (String piece : pieces) {
            chunks.add(new AIMessageChunk(piece, List.of(), null, Map.of(), id));
        }
        for (int index = 0; index < toolCalls.size(); index++) {
            ToolCall call = toolCalls.get(index);
            String args = call.argsJson();
            int step = toolArgsChunkSize == 0 ? Math.max(1, args.length()) : toolArgsChunkSize;
            int from = 0;
            do {
                // fragments of step code points: a character outside the BMP is never cut in two
                int to = args.offsetByCodePoints(from, Math.min(step, args.codePointCount(from, args.length())));
                String fragment = args.substring(from, to);
                chunks.add(new AIMessageChunk("", List.of(from == 0
                        ? new ToolCallChunk(index, call.id(), call.name(), fragment)
                        : ToolCallChunk.args(index, fragment)), null, Map.of(), id));
                from = to;
            } while (from < args.length());
        }
        if (chunks.isEmpty()) {
            chunks.add(new AIMessageChunk("", List.of(), null, Map.of(), id));
        }
        if (usage != null || !responseMetadata.isEmpty()) {
            AIMessageChunk last = chunks.get(chunks.size() - 1);
            chunks.set(chunks.size() - 1, new AIMessageChunk(last.content(), last.toolCallChunks(), usage,
                    responseMetadata, id));
        }
        return List.copyOf(chunks);
    }

    static Duration checkDelay(Duration delay, String name) {
        Checks.notNull(delay, name);
        Checks.argument(!delay.isNegative(), "%s must not be negative but was %s", name, delay);
        return delay;
    }

    @Override
    public String toString() {
        return "Turn{text=\"" + text + "\"" + (toolCalls.isEmpty() ? "" : ", toolCalls=" + toolCalls)
                + (fault == null ? "" : ", fault=" + fault) + "}";
    }
}
