package io.github.chattck.fakeserver;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.Sequencing;
import io.github.chattck.fakes.Turn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a scope of the fake server answers: a sequence of turns, rules that answer matching requests first, and
 * the defaults of turns that set none (chunking, delays). The same {@link Turn}s as {@code ScriptedChatModel},
 * with the same sequencing: queue (default: a request past the last turn gets the dialect's error naming the
 * request and its last user message), cycle, repeat-last. Immutable and reusable: each scope that plays it keeps
 * its own position.
 *
 * <pre>{@code
 * Script script = Script.builder()
 *         .turn(Turn.text("Hello world").chunks("Hello", " world").usage(5, 2))
 *         .turn(WireTurn.status(429))
 *         .when("ping", Turn.text("pong"))
 *         .build();
 * }</pre>
 * Which turn answers: a failed first call ({@link Builder#failFirstCalls}), else the first matching rule, else the
 * responder, else the sequence. Rules and failed calls do not take a turn from the sequence.
 */
public final class Script {
    private static final Script EMPTY = new Script(new Builder(), true);

    private final List<WireTurn> turns;
    private final Sequencing sequencing;
    private final List<Rule> rules;
    private final Function<RecordedRequest, WireTurn> responder;
    private final int failFirstCalls;
    private final WireFault failFirstFault;
    private final Chunking chunking;
    private final Duration firstChunkDelay;
    private final Duration perChunkDelay;

    private Script(Builder b, boolean allowEmpty) {
        this.turns = List.copyOf(b.turns);
        this.sequencing = b.sequencing;
        this.rules = List.copyOf(b.rules);
        this.responder = b.responder;
        this.failFirstCalls = b.failFirstCalls;
        this.failFirstFault = b.failFirstFault;
        this.chunking = b.chunking;
        this.firstChunkDelay = b.firstChunkDelay;
        this.perChunkDelay = b.perChunkDelay;
        Checks.argument(allowEmpty || !turns.isEmpty() || !rules.isEmpty() || responder != null,
                "the script is empty: add at least one turn, when(...) rule or responder");
        for (int i = 0; i < turns.size(); i++) {
            check(turns.get(i), "turn " + (i + 1));
        }
        for (Rule rule : rules) {
            check(rule.turn, "the turn for " + rule.description);
        }
    }

    /**
     * A builder: queue sequencing, word chunking, no delays.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A script that answers each request with the next of these turns (queue).
     *
     * @param turns the turns
     * @return the script
     */
    public static Script of(Turn... turns) {
        return builder().turns(turns).build();
    }

    /**
     * The script with nothing in it: every request gets the dialect's error saying so. A new scope starts with it.
     *
     * @return the empty script
     */
    public static Script empty() {
        return EMPTY;
    }

    /**
     * Reads a script written in JSON (the command line's format, documented in docs/fake-server.md and in
     * {@link ScriptJson}).
     *
     * @param json the JSON text
     * @return the script
     * @throws IllegalArgumentException naming the bad field if the JSON is not a valid script
     */
    public static Script fromJson(String json) {
        return ScriptJson.parse(json);
    }

    /**
     * Reads a script file written in JSON.
     *
     * @param file the file (UTF-8)
     * @return the script
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and the bad field if it is not a valid script
     */
    public static Script fromJson(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return ScriptJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private void check(WireTurn turn, String where) {
        int chunks;
        try {
            chunks = turn.turn().chunks(chunking).size();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        WireFault fault = turn.fault();
        int after = fault != null ? fault.afterFrames() : turn.turn().fault() != null ? turn.turn().fault().afterChunks() : 0;
        Checks.argument(after <= chunks, "%s: the fault %s is past the end: the turn streams %d frame(s)", where,
                fault != null ? fault : turn.turn().fault(), chunks);
    }

    List<WireTurn> turns() {
        return turns;
    }

    Sequencing sequencing() {
        return sequencing;
    }

    List<Rule> rules() {
        return rules;
    }

    Function<RecordedRequest, WireTurn> responder() {
        return responder;
    }

    int failFirstCalls() {
        return failFirstCalls;
    }

    WireFault failFirstFault() {
        return failFirstFault;
    }

    Chunking chunking() {
        return chunking;
    }

    Duration firstChunkDelay() {
        return firstChunkDelay;
    }

    Duration perChunkDelay() {
        return perChunkDelay;
    }

    boolean isEmpty() {
        return turns.isEmpty() && rules.isEmpty() && responder == null;
    }

    @Override
    public String toString() {
        return "Script{turns=" + turns.size() + ", rules=" + rules.size() + ", sequencing=" + sequencing
                + (failFirstCalls > 0 ? ", failFirstCalls=" + failFirstCalls : "") + "}";
    }

    /** A rule: requests matching the predicate get the turn. */
    static final class Rule {
        final String description;
        final Predicate<RecordedRequest> predicate;
        final WireTurn turn;

        Rule(String description, Predicate<RecordedRequest> predicate, WireTurn turn) {
            this.description = description;
            this.predicate = predicate;
            this.turn = turn;
        }
    }

    /** Builds a {@link Script}; not thread-safe. */
    public static final class Builder {
        private final List<WireTurn> turns = new ArrayList<>();
        private Sequencing sequencing = Sequencing.QUEUE;
        private final List<Rule> rules = new ArrayList<>();
        private Function<RecordedRequest, WireTurn> responder;
        private int failFirstCalls;
        private WireFault failFirstFault;
        private Chunking chunking = Chunking.words();
        private Duration firstChunkDelay = Duration.ZERO;
        private Duration perChunkDelay = Duration.ZERO;

        private Builder() {
        }

        /**
         * Appends a turn to the sequence.
         *
         * @param turn the turn
         * @return this builder
         */
        public Builder turn(Turn turn) {
            return turn(WireTurn.of(turn));
        }

        /**
         * Appends a turn with its wire fault to the sequence.
         *
         * @param turn the turn
         * @return this builder
         */
        public Builder turn(WireTurn turn) {
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
                turn(Turn.text(t));
            }
            return this;
        }

        /**
         * Requests past the last turn get the dialect's error naming the request (the default).
         *
         * @return this builder
         */
        public Builder queue() {
            this.sequencing = Sequencing.QUEUE;
            return this;
        }

        /**
         * Requests past the last turn start over at the first.
         *
         * @return this builder
         */
        public Builder cycle() {
            this.sequencing = Sequencing.CYCLE;
            return this;
        }

        /**
         * Requests past the last turn get the last turn again.
         *
         * @return this builder
         */
        public Builder repeatLast() {
            this.sequencing = Sequencing.REPEAT_LAST;
            return this;
        }

        /**
         * Answers every request whose last user message equals {@code lastUserMessage} with {@code turn}, before
         * the sequence (without taking a turn from it).
         *
         * @param lastUserMessage the exact text
         * @param turn            the answer
         * @return this builder
         */
        public Builder when(String lastUserMessage, Turn turn) {
            Checks.notNull(lastUserMessage, "lastUserMessage");
            return rule("last user message \"" + lastUserMessage + "\"",
                    r -> lastUserMessage.equals(r.lastUserMessage()), WireTurn.of(turn));
        }

        /**
         * Answers every request for this model with {@code turn}, before the sequence.
         *
         * @param model the exact model name the client asks for
         * @param turn  the answer
         * @return this builder
         */
        public Builder whenModel(String model, Turn turn) {
            Checks.notNull(model, "model");
            return rule("model \"" + model + "\"", r -> model.equals(r.model()), WireTurn.of(turn));
        }

        /**
         * Answers every request that offers a tool of this name with {@code turn}, before the sequence.
         *
         * @param toolName the tool's name
         * @param turn     the answer
         * @return this builder
         */
        public Builder whenToolOffered(String toolName, Turn turn) {
            Checks.notNull(toolName, "toolName");
            return rule("tool \"" + toolName + "\" offered", r -> r.toolsOffered().contains(toolName), WireTurn.of(turn));
        }

        /**
         * Answers every request matching {@code predicate} with {@code turn}, before the sequence.
         *
         * @param predicate on the recorded request (its JSON, messages, model, tools, headers)
         * @param turn      the answer
         * @return this builder
         */
        public Builder when(Predicate<RecordedRequest> predicate, Turn turn) {
            return when(predicate, WireTurn.of(turn));
        }

        /**
         * Answers every request matching {@code predicate} with {@code turn} and its wire fault, before the
         * sequence.
         *
         * @param predicate on the recorded request
         * @param turn      the answer
         * @return this builder
         */
        public Builder when(Predicate<RecordedRequest> predicate, WireTurn turn) {
            return rule("a predicate", Checks.notNull(predicate, "predicate"), turn);
        }

        private Builder rule(String description, Predicate<RecordedRequest> predicate, WireTurn turn) {
            rules.add(new Rule(description, predicate, Checks.notNull(turn, "turn")));
            return this;
        }

        /**
         * Computes the answer from the request (e.g. echo it), for requests no rule matches; the sequence is then
         * not used.
         *
         * @param value the responder
         * @return this builder
         */
        public Builder respondWith(Function<RecordedRequest, Turn> value) {
            Checks.notNull(value, "responder");
            this.responder = r -> WireTurn.of(Checks.notNull(value.apply(r), "the responder's turn for " + r));
            return this;
        }

        /**
         * Fails the first {@code n} requests with {@code fault} (a status, or any other wire fault over an empty
         * answer), then answers normally; the failed requests take no turn. For retry tests.
         *
         * @param n     {@code >= 0}
         * @param fault e.g. {@code WireFault.status(503)}
         * @return this builder
         */
        public Builder failFirstCalls(int n, WireFault fault) {
            Checks.argument(n >= 0, "failFirstCalls must be >= 0 but was %d", n);
            this.failFirstCalls = n;
            this.failFirstFault = Checks.notNull(fault, "fault");
            return this;
        }

        /**
         * The chunking of turns that set none; default {@link Chunking#words()}, as {@code ScriptedChatModel}.
         *
         * @param value the chunking
         * @return this builder
         */
        public Builder chunking(Chunking value) {
            this.chunking = Checks.notNull(value, "chunking");
            return this;
        }

        /**
         * The delay before the first byte of the answer, for turns that set none; default zero. Real time.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder firstChunkDelay(Duration value) {
            this.firstChunkDelay = checkDelay(value, "firstChunkDelay");
            return this;
        }

        /**
         * The delay before each frame after the first, for turns that set none; default zero. Real time.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder perChunkDelay(Duration value) {
            this.perChunkDelay = checkDelay(value, "perChunkDelay");
            return this;
        }

        private static Duration checkDelay(Duration value, String name) {
            Checks.argument(value != null && !value.isNegative(), "%s must not be negative but was %s", name, value);
            return value;
        }

        /**
         * Builds the script, checking every turn (explicit chunks add up, faults fit the turn).
         *
         * @return the script
         * @throws IllegalArgumentException if the script is empty or a turn does not fit
         */
        public Script build() {
            return new Script(this, false);
        }
    }
}
