package io.github.chattck.fakes;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The provider-neutral fake behind every fake of this module: a script of {@link Turn}s played back through the
 * standard interface, deterministically, with faults and delays on demand, recording every call.
 *
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.builder()
 *         .turn(Turn.text("Hello world").chunkedBy(Chunking.words()).perChunkDelay(Duration.ofMillis(5)))
 *         .turn(Turn.text("This answer breaks").failAfterChunk(2, () -> new IOException("connection reset")))
 *         .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")))
 *         .build();
 * }</pre>
 * Which turn answers a call: the first matching {@code when(...)} rule (by last human message, by the tools the call
 * offers, by any predicate), else the responder, else the sequence
 * ({@link Sequencing#QUEUE} by default). Streaming is pull-based (no thread, nothing produced ahead of the
 * consumer); a model built with {@code streaming(false)} implements generate only, so {@code stream()} takes the
 * single-chunk fallback. Thread-safe: concurrent calls each take a distinct turn.
 */
public final class ScriptedChatModel extends BaseChatModel {
    private final String name;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final Integer maxTokens;
    private final List<String> tags;
    private final Map<String, Object> metadata;
    private final boolean streaming;
    private final FakeClock clock;
    private final Chunking defaultChunking;
    private final Duration defaultFirstChunkDelay;
    private final Duration defaultPerChunkDelay;
    private final List<Scripted> turns;
    private final Sequencing sequencing;
    private final List<Rule> rules;
    private final Function<RecordedCall, Turn> responder;
    private final int failFirstCalls;
    private final Supplier<? extends Exception> failFirstError;
    private final boolean recordCalls;
    private final boolean honourStop;
    private final AtomicInteger callCount = new AtomicInteger();
    private final AtomicInteger nextTurn = new AtomicInteger();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();

    private ScriptedChatModel(Builder b) {
        this.name = b.name;
        this.provider = b.provider;
        this.modelName = b.modelName != null ? b.modelName : b.name;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.tags = List.copyOf(b.tags);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.streaming = b.streaming;
        this.clock = b.clock;
        this.defaultChunking = b.chunking;
        this.defaultFirstChunkDelay = b.firstChunkDelay;
        this.defaultPerChunkDelay = b.perChunkDelay;
        List<Scripted> compiled = new ArrayList<>();
        for (int i = 0; i < b.turns.size(); i++) {
            compiled.add(compile(b.turns.get(i), "turn " + (i + 1)));
        }
        this.turns = List.copyOf(compiled);
        this.sequencing = b.sequencing;
        List<Rule> compiledRules = new ArrayList<>();
        for (Rule r : b.rules) {
            compiledRules.add(new Rule(r.description, r.predicate, r.turn, compile(r.turn, "the turn for " + r.description)));
        }
        this.rules = List.copyOf(compiledRules);
        this.responder = b.responder;
        this.failFirstCalls = b.failFirstCalls;
        this.failFirstError = b.failFirstError;
        this.recordCalls = b.recordCalls;
        this.honourStop = b.honourStop;
        Checks.argument(!turns.isEmpty() || !rules.isEmpty() || responder != null,
                "the script of '%s' is empty: add at least one turn, when(...) rule or responder", name);
    }

    /**
     * A builder: queue sequencing, word chunking, no delays, the system clock, recording on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> tags() {
        return tags;
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    protected String providerName() {
        return provider;
    }

    @Override
    protected String modelName() {
        return modelName;
    }

    @Override
    protected Double temperature() {
        return temperature;
    }

    @Override
    protected Integer maxTokens() {
        return maxTokens;
    }

    @Override
    public boolean isStreamingDisabled() {
        return !streaming;
    }

    /**
     * Every call received so far, in order of arrival (empty when recording is off).
     *
     * @return a snapshot
     */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * How many calls this model received (counted even when recording is off).
     *
     * @return the count
     */
    public int callCount() {
        return callCount.get();
    }

    /**
     * The most recent call.
     *
     * @return the call
     * @throws IllegalStateException if there was none, or recording is off
     */
    public RecordedCall lastCall() {
        Checks.argument(recordCalls, "recording is off for '%s'", name);
        if (calls.isEmpty()) {
            throw new IllegalStateException("'" + name + "' has not been called");
        }
        return calls.get(calls.size() - 1);
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
        RecordedCall call = record(messages, options, false);
        Scripted turn = select(call, options);
        turn.turn.dispatchCustomEvents(options.run());
        clock.sleep(turn.turn.firstChunkDelayOr(defaultFirstChunkDelay));
        Fault fault = turn.turn.fault();
        if (fault != null) {
            if (fault.hangs()) {
                new CountDownLatch(1).await(); // until the call is cancelled by interrupt (timeout)
            }
            throw fault.newError();
        }
        return turn.message;
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
        if (!streaming) {
            return null;
        }
        RecordedCall call = record(messages, options, true);
        return new ScriptedSource(select(call, options), call);
    }

    private RecordedCall record(List<Message> messages, CallOptions options, boolean streamed) {
        RecordedCall call = new RecordedCall(callCount.incrementAndGet(), messages, options, streamed, clock.nanoTime());
        if (recordCalls) {
            calls.add(call);
        }
        return call;
    }

    private Scripted select(RecordedCall call, CallOptions options) throws Exception {
        if (call.number() <= failFirstCalls) {
            throw Checks.notNull(failFirstError.get(), "the exception of failFirstCalls");
        }
        Scripted chosen = null;
        for (Rule rule : rules) {
            if (rule.predicate.test(call)) {
                chosen = rule.compiled;
                break;
            }
        }
        if (chosen == null && responder != null) {
            Turn turn = responder.apply(call);
            chosen = compile(Checks.notNull(turn, "the responder's turn for " + call), "the responder's turn");
        }
        if (chosen == null) {
            chosen = fromSequence(call);
        }
        return options.stop().isEmpty() || !honourStop ? chosen
                : compile(chosen.turn.stoppedAt(options.stop()), "the stopped turn");
    }

    private Scripted fromSequence(RecordedCall call) {
        if (turns.isEmpty()) {
            throw new IllegalStateException("'" + name + "': no when(...) rule matches " + call
                    + " and the script has no turns to fall back on");
        }
        int i = nextTurn.getAndIncrement();
        int index = sequencing.turnIndex(i, turns.size());
        if (index < 0) {
            throw new IllegalStateException("'" + name + "': " + call + " has no scripted turn left; the "
                    + "script holds " + turns.size() + " turn(s) in QUEUE mode and each call takes the next."
                    + " Script more turns, or use cycle() or repeatLast()");
        }
        return turns.get(index);
    }

    private Scripted compile(Turn turn, String where) {
        List<AIMessageChunk> chunks;
        try {
            chunks = turn.chunks(defaultChunking);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " of '" + name + "': " + e.getMessage(), e);
        }
        Fault fault = turn.fault();
        Checks.argument(fault == null || fault.afterChunks() <= chunks.size(),
                "%s of '%s': the fault %s is past the end: the turn streams %d chunk(s)", where, name, fault,
                chunks.size());
        return new Scripted(turn, chunks, turn.message());
    }

    /** A turn with its chunks and message computed once, so a zero-delay stream allocates nothing per chunk. */
    private static final class Scripted {
        final Turn turn;
        final List<AIMessageChunk> chunks;
        final AIMessage message;

        Scripted(Turn turn, List<AIMessageChunk> chunks, AIMessage message) {
            this.turn = turn;
            this.chunks = chunks;
            this.message = message;
        }
    }

    private static final class Rule {
        final String description;
        final Predicate<RecordedCall> predicate;
        final Turn turn;
        final Scripted compiled;

        Rule(String description, Predicate<RecordedCall> predicate, Turn turn, Scripted compiled) {
            this.description = description;
            this.predicate = predicate;
            this.turn = turn;
            this.compiled = compiled;
        }
    }

    /** Plays one turn's chunks on the consumer's pull, applying delays and the fault. */
    private final class ScriptedSource implements ChunkSource {
        private final Scripted scripted;
        private final RecordedCall call;
        private final List<AIMessageChunk> chunks;
        private final Fault fault;
        /** The number of chunks after which the fault strikes, or -1 without a fault. */
        private final int faultAt;
        private final Duration firstDelay;
        private final Duration perChunkDelay;
        /** Whether any delay is set: the zero-delay hot path then skips the clock. */
        private final boolean delayed;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int delivered;
        private boolean eventsDispatched;

        ScriptedSource(Scripted scripted, RecordedCall call) {
            this.scripted = scripted;
            this.call = call;
            this.chunks = scripted.chunks;
            this.fault = scripted.turn.fault();
            this.faultAt = fault == null ? -1 : Math.min(fault.afterChunks(), chunks.size());
            this.firstDelay = scripted.turn.firstChunkDelayOr(defaultFirstChunkDelay);
            this.perChunkDelay = scripted.turn.perChunkDelayOr(defaultPerChunkDelay);
            this.delayed = !firstDelay.isZero() || !perChunkDelay.isZero();
        }

        @Override
        public AIMessageChunk next() throws Exception {
            if (!eventsDispatched) {
                eventsDispatched = true;
                scripted.turn.dispatchCustomEvents(call.run());
            }
            if (delivered == faultAt) {
                if (fault.hangs()) {
                    closed.await(); // until the consumer closes the stream, or the thread is interrupted
                    return null;
                }
                throw fault.newError();
            }
            if (delivered == chunks.size()) {
                return null;
            }
            if (delayed) {
                Duration delay = delivered == 0 ? firstDelay : perChunkDelay;
                if (!delay.isZero()) {
                    clock.sleep(delay);
                }
            }
            if (recordCalls) {
                call.chunkDue(clock.nanoTime()); // skipped when not recording: the zero-delay hot path stays lean
            }
            return chunks.get(delivered++);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** Builds a {@link ScriptedChatModel}; not thread-safe. */
    public static final class Builder {
        private String name = "ScriptedChatModel";
        private String provider = "fake";
        private String modelName;
        private Double temperature;
        private Integer maxTokens;
        private final List<String> tags = new ArrayList<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private boolean streaming = true;
        private FakeClock clock = FakeClock.system();
        private Chunking chunking = Chunking.words();
        private Duration firstChunkDelay = Duration.ZERO;
        private Duration perChunkDelay = Duration.ZERO;
        private final List<Turn> turns = new ArrayList<>();
        private Sequencing sequencing = Sequencing.QUEUE;
        private final List<Rule> rules = new ArrayList<>();
        private Function<RecordedCall, Turn> responder;
        private int failFirstCalls;
        private Supplier<? extends Exception> failFirstError;
        private boolean recordCalls = true;
        private boolean honourStop = true;

        private Builder() {
        }

        /**
         * The model's name (runs, events, {@code ls_model_name} unless set).
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder name(String value) {
            this.name = nonBlank(value, "name");
            return this;
        }

        /**
         * The provider for {@code ls_provider}; default {@code "fake"}.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder provider(String value) {
            this.provider = nonBlank(value, "provider");
            return this;
        }

        /**
         * The model name for {@code ls_model_name}; default the model's name.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder modelName(String value) {
            this.modelName = nonBlank(value, "modelName");
            return this;
        }

        /**
         * The temperature for {@code ls_temperature}; default none.
         *
         * @param value the temperature, null for none
         * @return this builder
         */
        public Builder temperature(Double value) {
            this.temperature = value;
            return this;
        }

        /**
         * The output token limit for {@code ls_max_tokens}; default none.
         *
         * @param value {@code >= 0}, or null for none
         * @return this builder
         */
        public Builder maxTokens(Integer value) {
            Checks.argument(value == null || value >= 0, "maxTokens must be >= 0 but was %s", value);
            this.maxTokens = value;
            return this;
        }

        /**
         * Adds the model's own tags.
         *
         * @param values the tags
         * @return this builder
         */
        public Builder tags(String... values) {
            tags.addAll(Checks.noNullElements(List.of(Checks.notNull(values, "tags")), "tags"));
            return this;
        }

        /**
         * Puts one entry of the model's own metadata.
         *
         * @param key   the key
         * @param value a JSON-like value
         * @return this builder
         */
        public Builder metadata(String key, Object value) {
            metadata.put(Checks.notNull(key, "metadata key"), value);
            return this;
        }

        /**
         * Whether the model streams token by token (default) or implements generate only, so that
         * {@code stream()} yields the single-chunk fallback.
         *
         * @param value false for a generate-only model
         * @return this builder
         */
        public Builder streaming(boolean value) {
            this.streaming = value;
            return this;
        }

        /**
         * The clock of the delays; default the system clock. Use a {@link VirtualClock} in unit tests.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(FakeClock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        /**
         * The chunking of turns that set none; default {@link Chunking#words()}.
         *
         * @param value the chunking
         * @return this builder
         */
        public Builder chunking(Chunking value) {
            this.chunking = Checks.notNull(value, "chunking");
            return this;
        }

        /**
         * The delay before the first chunk of turns that set none; default zero.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder firstChunkDelay(Duration value) {
            this.firstChunkDelay = Turn.checkDelay(value, "firstChunkDelay");
            return this;
        }

        /**
         * The delay before each later chunk of turns that set none; default zero.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder perChunkDelay(Duration value) {
            this.perChunkDelay = Turn.checkDelay(value, "perChunkDelay");
            return this;
        }

        /**
         * Appends a turn to the sequence.
         *
         * @param turn the turn
         * @return this builder
         */
        public Builder turn(Turn turn) {
            turns.add(Checks.notNull(turn, "turn"));
            return this;
        }

        /**
         * Appends turns to the sequence.
         *
         * @param values the turns
         * @return this builder
         */
        public Builder turns(Turn... values) {
            for (Turn t : Checks.notNull(values, "turns")) {
                turn(t);
            }
            return this;
        }

        /**
         * Appends one text turn per reply.
         *
         * @param texts the replies
         * @return this builder
         */
        public Builder replies(String... texts) {
            for (String t : Checks.notNull(texts, "replies")) {
                turn(Turn.text(Checks.notNull(t, "reply")));
            }
            return this;
        }

        /**
         * Calls past the last turn fail, naming the call (the default).
         *
         * @return this builder
         */
        public Builder queue() {
            this.sequencing = Sequencing.QUEUE;
            return this;
        }

        /**
         * Calls past the last turn start over at the first.
         *
         * @return this builder
         */
        public Builder cycle() {
            this.sequencing = Sequencing.CYCLE;
            return this;
        }

        /**
         * Calls past the last turn get the last turn again.
         *
         * @return this builder
         */
        public Builder repeatLast() {
            this.sequencing = Sequencing.REPEAT_LAST;
            return this;
        }

        /**
         * Answers with {@code turn} every call whose last human message equals {@code lastHumanMessage}, before the
         * sequence is consulted (and without taking a turn from it).
         *
         * @param lastHumanMessage the exact text
         * @param turn             the answer
         * @return this builder
         */
        public Builder when(String lastHumanMessage, Turn turn) {
            Checks.notNull(lastHumanMessage, "lastHumanMessage");
            rules.add(new Rule("last human message \"" + lastHumanMessage + "\"",
                    call -> lastHumanMessage.equals(call.lastHumanMessage()), Checks.notNull(turn, "turn"), null));
            return this;
        }

        /**
         * Answers with {@code turn} every call matching {@code predicate}, before the sequence is consulted.
         *
         * @param predicate on the call (messages, options, run)
         * @param turn      the answer
         * @return this builder
         */
        public Builder when(Predicate<RecordedCall> predicate, Turn turn) {
            rules.add(new Rule("a predicate", Checks.notNull(predicate, "predicate"), Checks.notNull(turn, "turn"), null));
            return this;
        }

        /**
         * Answers with {@code turn} every call that offers the model a tool of this name (through the config or
         * {@code bindTools}), before the sequence is consulted.
         *
         * @param toolName the tool's name
         * @param turn     the answer, typically a {@link Turn#toolCall} of that tool
         * @return this builder
         */
        public Builder whenToolOffered(String toolName, Turn turn) {
            return whenToolsOffered(List.of(Checks.notNull(toolName, "toolName")), turn);
        }

        /**
         * Answers with {@code turn} every call that offers the model all these tools (among others), before the
         * sequence is consulted.
         *
         * @param toolNames the tools' names, at least one
         * @param turn      the answer
         * @return this builder
         */
        public Builder whenToolsOffered(java.util.Collection<String> toolNames, Turn turn) {
            List<String> names = Checks.noNullElements(new ArrayList<>(Checks.notNull(toolNames, "toolNames")), "toolNames");
            Checks.argument(!names.isEmpty(), "whenToolsOffered needs at least one tool name");
            rules.add(new Rule("tools offered " + names, call -> call.toolNames().containsAll(names),
                    Checks.notNull(turn, "turn"), null));
            return this;
        }

        /**
         * Computes the answer from the call (e.g. echo it), for calls no {@code when} rule matches; the sequence
         * is then not used.
         *
         * @param value the responder
         * @return this builder
         */
        public Builder respondWith(Function<RecordedCall, Turn> value) {
            this.responder = Checks.notNull(value, "responder");
            return this;
        }

        /**
         * Fails the first {@code n} calls before their first chunk, then answers normally (the failed calls take
         * no turn), for retry tests.
         *
         * @param n     {@code >= 0}
         * @param error makes each exception
         * @return this builder
         */
        public Builder failFirstCalls(int n, Supplier<? extends Exception> error) {
            Checks.argument(n >= 0, "failFirstCalls must be >= 0 but was %d", n);
            this.failFirstCalls = n;
            this.failFirstError = Checks.notNull(error, "error");
            return this;
        }

        /**
         * Whether to keep every call for {@link ScriptedChatModel#calls()} (default true). Turn it off for
         * long-running loops such as benchmarks, where the record would grow without bound.
         *
         * @param value false to keep only the count
         * @return this builder
         */
        public Builder recordCalls(boolean value) {
            this.recordCalls = value;
            return this;
        }

        /**
         * Whether stop sequences in the run config cut the answer before the first one (default true, as a real
         * provider does). Off, the answer is played whole; the stop sequences still reach {@code ls_stop} and the
         * recorded call.
         *
         * @param value false to ignore stop sequences
         * @return this builder
         */
        public Builder honourStop(boolean value) {
            this.honourStop = value;
            return this;
        }

        /**
         * Builds the model, checking the script.
         *
         * @return the model
         * @throws IllegalArgumentException if the script is empty, or a turn's chunks or fault do not fit it
         */
        public ScriptedChatModel build() {
            return new ScriptedChatModel(this);
        }

        private static String nonBlank(String value, String what) {
            Checks.argument(value != null && !value.isBlank(), "%s must be non-blank but was %s", what,
                    value == null ? "null" : "'" + value + "'");
            return value;
        }
    }

    @Override
    public String toString() {
        return "ScriptedChatModel{name='" + name + "', turns=" + turns.size() + ", sequencing=" + sequencing
                + ", streaming=" + streaming + ", calls=" + callCount.get() + "}";
    }
}
