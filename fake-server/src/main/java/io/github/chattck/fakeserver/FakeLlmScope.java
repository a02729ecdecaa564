package io.github.chattck.fakeserver;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakes.Turn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A script and its journal behind one base URL of a {@link FakeLlmServer}. The server's own scope answers at the
 * server's root ({@code http://127.0.0.1:PORT}); {@link FakeLlmServer#newScope()} adds scopes under
 * {@code /scopes/NAME}, so tests running in parallel against one server each get their own script, position and
 * journal: a client pointed at a scope's {@link #baseUrl()} only ever talks to that scope.
 * <p>
 * Thread-safe. Closing a scope removes it from the server (its URL then answers 404); closing the server's own
 * scope does nothing.
 */
public final class FakeLlmScope implements AutoCloseable {
    private final FakeLlmServer server;
    private final String name;
    private final String prefix;
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<RecordedRequest> journal = new ArrayList<>();
    private volatile Player player;

    FakeLlmScope(FakeLlmServer server, String name, String prefix, Script script) {
        this.server = server;
        this.name = name;
        this.prefix = prefix;
        this.player = new Player(script);
    }

    /**
     * The base URL of this scope: the server's {@code http://127.0.0.1:PORT}, plus {@code /scopes/NAME} for a scope
     * of its own. Give it to clients that add the API's version themselves: the Anthropic SDK, Ollama clients.
     *
     * @return the URL, without a trailing slash
     * @throws IllegalStateException if the server is not running
     */
    public String baseUrl() {
        return server.rootUrl() + prefix;
    }

    /**
     * {@link #baseUrl()} plus {@code /v1}: what OpenAI clients take as their base URL (openai-java, LangChain4j's
     * OpenAI and Anthropic models, Spring AI's OpenAI model).
     *
     * @return the URL
     */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /**
     * The scope's name ({@code ""} for the server's own scope).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Plays {@code script} from now on, from its first turn (the journal is kept).
     *
     * @param script the script
     * @return this scope
     */
    public FakeLlmScope script(Script script) {
        this.player = new Player(Checks.notNull(script, "script"));
        return this;
    }

    /**
     * Plays these turns, in order (queue), from now on.
     *
     * @param turns the turns
     * @return this scope
     */
    public FakeLlmScope turns(Turn... turns) {
        return script(Script.of(turns));
    }

    /**
     * The script being played.
     *
     * @return the script
     */
    public Script script() {
        return player.script;
    }

    /**
     * Forgets every request received and starts the script over.
     *
     * @return this scope
     */
    public FakeLlmScope reset() {
        synchronized (journal) {
            journal.clear();
            numbers.set(0);
        }
        this.player = new Player(player.script);
        return this;
    }

    /**
     * Every request received, in order of arrival (in-flight ones included: see {@link RecordedRequest#ending()}).
     *
     * @return a snapshot
     */
    public List<RecordedRequest> requests() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /**
     * How many requests this scope received.
     *
     * @return the count
     */
    public int requestCount() {
        synchronized (journal) {
            return journal.size();
        }
    }

    /**
     * The most recent request.
     *
     * @return the request
     * @throws IllegalStateException if there was none
     */
    public RecordedRequest lastRequest() {
        synchronized (journal) {
            if (journal.isEmpty()) {
                throw new IllegalStateException("the fake server" + (name.isEmpty() ? "" : " scope '" + name + "'")
                        + " has received no request");
            }
            return journal.get(journal.size() - 1);
        }
    }

    /**
     * The request with this number.
     *
     * @param number from 1
     * @return the request
     * @throws IllegalArgumentException if there is no such request
     */
    public RecordedRequest request(int number) {
        synchronized (journal) {
            Checks.argument(number >= 1 && number <= journal.size(), "no request #%d: %d request(s) received",
                    number, journal.size());
            return journal.get(number - 1);
        }
    }

    /** Removes this scope from its server; its URL then answers 404. Idempotent. */
    @Override
    public void close() {
        server.removeScope(this);
    }

    RecordedRequest record(RecordedRequestFactory factory) {
        synchronized (journal) {
            RecordedRequest r = factory.create(numbers.incrementAndGet());
            journal.add(r);
            return r;
        }
    }

    Player player() {
        return player;
    }

    /** Makes the journal entry once its number is known. */
    @FunctionalInterface
    interface RecordedRequestFactory {
        RecordedRequest create(int number);
    }

    @Override
    public String toString() {
        return "FakeLlmScope{" + (name.isEmpty() ? "root" : name) + ", " + player.script + ", requests=" + requestCount() + "}";
    }

    /** The position of one play of a script. */
    static final class Player {
        final Script script;
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger nextTurn = new AtomicInteger();

        Player(Script script) {
            this.script = script;
        }

        /**
         * The answer to a request.
         *
         * @return the turn
         * @throws NoTurnException when nothing answers, with the message for the error body
         */
        WireTurn select(RecordedRequest request) throws NoTurnException {
            if (script.isEmpty()) {
                throw new NoTurnException(request.describe() + " reached a scope with no script: give it one with script(...)"
                        + " or turns(...) before calling");
            }
            if (calls.incrementAndGet() <= script.failFirstCalls()) {
                return WireTurn.failing(script.failFirstFault());
            }
            for (Script.Rule rule : script.rules()) {
                if (rule.predicate.test(request)) {
                    return rule.turn;
                }
            }
            if (script.responder() != null) {
                return script.responder().apply(request);
            }
            List<WireTurn> turns = script.turns();
            if (turns.isEmpty()) {
                throw new NoTurnException(request.describe() + ": no rule matches it and the script has no turns to fall back on");
            }
            int index = script.sequencing().turnIndex(nextTurn.getAndIncrement(), turns.size());
            if (index < 0) {
                throw new NoTurnException(request.describe() + " has no scripted turn left: the script holds "
                        + turns.size() + " turn(s) in QUEUE mode and each request takes the next. Script more"
                        + " turns, or use cycle() or repeatLast()");
            }
            return turns.get(index);
        }
    }

    /** Nothing in the script answers a request. */
    static final class NoTurnException extends Exception {
        private static final long serialVersionUID = 1L;

        NoTurnException(String message) {
            super(message);
        }
    }
}
