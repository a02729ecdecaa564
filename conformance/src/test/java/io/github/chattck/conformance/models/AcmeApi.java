package io.github.chattck.conformance.models;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat provider's API as an integration sees it, in process: a streaming request holds one of a few pooled
 * connections and is read event by event (an SSE reader), a subscription pushes the same events from the client's
 * executor (an HTTP client callback), a completion returns the whole answer. The answer depends on the prompt's
 * words: "fail" breaks off after two tokens, "slow" streams slowly, "tool" calls two tools in parallel, "STOP" holds
 * the stop sequence; anything else gets the story. The test models, correct and broken, are integrations of it.
 */
public final class AcmeApi {
    /** The prompts the subjects use. */
    public static final String STORY_PROMPT = "Tell me a short story about a robot.";
    public static final String FAIL_PROMPT = "Please fail after two tokens.";
    public static final String SLOW_PROMPT = "Please answer slowly.";
    public static final String TOOL_PROMPT = "What is the weather and the time in Paris? Use the tools.";
    public static final String STOP_PROMPT = "Count until STOP.";

    /** The connection pool's size: a connection that is never returned blocks the next request after this many. */
    public static final int POOL_SIZE = 4;

    /** One event of a streamed answer. */
    public sealed interface Event permits Token, ToolDelta, Finish {
    }

    /**
     * A piece of text.
     *
     * @param text the text
     * @param id   the message id, when the API sends it on every event; else null
     */
    public record Token(String text, String id) implements Event {
    }

    /**
     * A piece of a tool call (id and name on its first piece).
     *
     * @param index the call's index
     * @param id    the call's id, or null
     * @param name  the tool, or null
     * @param args  an arguments fragment
     * @param msgId the message id, or null
     */
    public record ToolDelta(int index, String id, String name, String args, String msgId) implements Event {
    }

    /**
     * The end: usage, finish reason, and the message id.
     *
     * @param inputTokens  input tokens
     * @param outputTokens output tokens
     * @param reason       the finish reason
     * @param id           the message id
     */
    public record Finish(long inputTokens, long outputTokens, String reason, String id) implements Event {
    }

    /**
     * A tool call of the complete answer.
     *
     * @param id   the call's id
     * @param name the tool
     * @param args the arguments as JSON text
     */
    public record Call(String id, String name, String args) {
    }

    /**
     * The complete answer.
     *
     * @param text   the text
     * @param calls  the tool calls
     * @param finish usage, finish reason, id
     */
    public record Reply(String text, List<Call> calls, Finish finish) {
    }

    /** How the API answers; each knob is one way real providers differ. */
    public static final class Script {
        String story = "Once upon a time, a small robot learned to write stories.";
        List<String> stories = List.of();
        Duration firstTokenDelay = Duration.ZERO;
        Duration tokenDelay = Duration.ZERO;
        Duration slowTokenDelay = Duration.ofMillis(25);
        Duration slowFirstTokenDelay = Duration.ZERO;
        Duration completionDelay = Duration.ZERO;
        boolean idOnEveryEvent = true;
        boolean interleavedToolArgs;
        boolean randomIds;

        /**
         * The default script: the story, no latency, the id on every event.
         *
         * @return a script
         */
        public static Script story() {
            return new Script();
        }

        /**
         * Answers everything but the special prompts with this text.
         *
         * @param text the answer
         * @return this
         */
        public Script answer(String text) {
            this.story = text;
            return this;
        }

        /**
         * Answers with one of these at random, and random message ids: a model whose answers vary.
         *
         * @param texts the answers
         * @return this
         */
        public Script randomly(String... texts) {
            this.stories = List.of(texts);
            this.randomIds = true;
            return this;
        }

        /**
         * Latency: before the first event of every answer, between events, of a completion.
         *
         * @param first      before the first event
         * @param perToken   between events
         * @param completion of a whole completion
         * @return this
         */
        public Script latency(Duration first, Duration perToken, Duration completion) {
            this.firstTokenDelay = first;
            this.tokenDelay = perToken;
            this.completionDelay = completion;
            return this;
        }

        /**
         * The delay between the slow prompt's events.
         *
         * @param perToken the delay
         * @return this
         */
        public Script slowTokens(Duration perToken) {
            this.slowTokenDelay = perToken;
            return this;
        }

        /**
         * The slow prompt thinks this long before its first token (a reasoning model), on top of the usual latency.
         *
         * @param thinking the delay
         * @return this
         */
        public Script slowThinking(Duration thinking) {
            this.slowFirstTokenDelay = thinking;
            return this;
        }

        /**
         * Parallel tool calls stream their argument fragments interleaved (call 0, call 1, call 0 ...), as a provider
         * generating them in parallel may.
         *
         * @return this
         */
        public Script interleavedToolArgs() {
            this.interleavedToolArgs = true;
            return this;
        }

        /**
         * The message id arrives only with the last event (as LangChain4j's onCompleteResponse gives it).
         *
         * @return this
         */
        public Script idOnLastEvent() {
            this.idOnEveryEvent = false;
            return this;
        }
    }

    private final Script script;
    private final Semaphore pool = new Semaphore(POOL_SIZE);

    /**
     * An API answering by the script.
     *
     * @param script the script
     */
    public AcmeApi(Script script) {
        this.script = script;
    }

    /**
     * A request.
     *
     * @param prompt the last human message
     * @param stop   stop sequences
     */
    public record Request(String prompt, List<String> stop) {
    }

    /** A streaming response being read, holding a pooled connection until closed. */
    public final class Connection implements AutoCloseable {
        private final List<Event> events;
        private final Duration firstDelay;
        private final Duration delay;
        private final int failAfter;
        private final AtomicBoolean closed = new AtomicBoolean();
        private int next;

        private Connection(List<Event> events, Duration firstDelay, Duration delay, int failAfter) {
            this.events = events;
            this.firstDelay = firstDelay;
            this.delay = delay;
            this.failAfter = failAfter;
        }

        /**
         * Reads the next event, waiting for it as the network would.
         *
         * @return the event, or null at the end
         * @throws IOException          the provider's failure
         * @throws InterruptedException if interrupted while waiting
         */
        public Event next() throws IOException, InterruptedException {
            try {
                return next(Long.MAX_VALUE);
            } catch (TimeoutException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Reads the next event, giving up at a deadline (a read timeout).
         *
         * @param deadlineNanos the {@link System#nanoTime()} to give up at
         * @return the event, or null at the end
         * @throws IOException          the provider's failure, or the connection was closed
         * @throws InterruptedException if interrupted while waiting
         * @throws TimeoutException     if the deadline passed first
         */
        public Event next(long deadlineNanos) throws IOException, InterruptedException, TimeoutException {
            if (closed.get()) {
                throw new IOException("connection closed");
            }
            if (next == events.size()) {
                return null;
            }
            sleep(next == 0 ? firstDelay : delay, deadlineNanos);
            if (next == failAfter) {
                throw new IOException("upstream connection reset");
            }
            return events.get(next++);
        }

        /** Returns the connection to the pool, once. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                pool.release();
            }
        }
    }

    /**
     * Opens a streaming request; waits for a free pooled connection.
     *
     * @param request the request
     * @return the connection, to be closed
     * @throws InterruptedException if interrupted while waiting for a connection
     */
    public Connection stream(Request request) throws InterruptedException {
        pool.acquire();
        boolean slow = request.prompt().contains("slow");
        List<Event> events = events(request);
        return new Connection(events,
                slow ? script.firstTokenDelay.plus(script.slowFirstTokenDelay).plus(script.slowTokenDelay) : script.firstTokenDelay,
                slow ? script.slowTokenDelay : script.tokenDelay,
                request.prompt().contains("fail") ? Math.min(2, events.size() - 1) : -1);
    }

    /** Receives a subscription's events on the client's executor. */
    public interface Listener {
        /**
         * An event.
         *
         * @param event the event
         * @return false to stop the subscription
         */
        boolean onEvent(Event event);

        /** The end of the answer. */
        void onComplete();

        /**
         * The provider's failure.
         *
         * @param error the failure
         */
        void onError(Throwable error);
    }

    /**
     * Streams a request to a listener from the executor (an HTTP client's callback thread).
     *
     * @param request  the request
     * @param executor the client's executor
     * @param listener the listener
     * @return what cancels the subscription (and returns its connection)
     */
    public Runnable subscribe(Request request, ExecutorService executor, Listener listener) {
        AtomicBoolean cancelled = new AtomicBoolean();
        executor.execute(() -> {
            try (Connection c = stream(request)) {
                Event e;
                while (!cancelled.get() && (e = c.next()) != null) {
                    if (!listener.onEvent(e)) {
                        return;
                    }
                }
                if (!cancelled.get()) {
                    listener.onComplete();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                listener.onError(t);
            }
        });
        return () -> cancelled.set(true);
    }

    /**
     * The whole answer at once.
     *
     * @param request       the request
     * @param deadlineNanos when to give up (a read timeout), {@code Long.MAX_VALUE} for never
     * @return the answer
     * @throws IOException          the provider's failure
     * @throws InterruptedException if interrupted
     * @throws TimeoutException     if the deadline passed first
     */
    public Reply complete(Request request, long deadlineNanos) throws IOException, InterruptedException, TimeoutException {
        pool.acquire();
        try {
            sleep(script.completionDelay, deadlineNanos);
            if (request.prompt().contains("fail")) {
                throw new IOException("upstream connection reset");
            }
            StringBuilder text = new StringBuilder();
            List<Call> calls = new ArrayList<>();
            Finish finish = null;
            for (Event e : events(request)) {
                if (e instanceof Token) {
                    text.append(((Token) e).text());
                } else if (e instanceof ToolDelta) {
                    ToolDelta d = (ToolDelta) e;
                    if (d.id() != null) {
                        calls.add(new Call(d.id(), d.name(), d.args()));
                    } else {
                        Call c = calls.get(d.index());
                        calls.set(d.index(), new Call(c.id(), c.name(), c.args() + d.args()));
                    }
                } else {
                    finish = (Finish) e;
                }
            }
            return new Reply(text.toString(), calls, finish);
        } finally {
            pool.release();
        }
    }

    private List<Event> events(Request request) {
        String prompt = request.prompt();
        String id = "acme-" + (script.randomIds ? Integer.toHexString(ThreadLocalRandom.current().nextInt()) : "msg-1");
        String eventId = script.idOnEveryEvent ? id : null;
        List<Event> out = new ArrayList<>();
        String text;
        if (prompt.contains("tool")) {
            text = "Let me check.";
        } else if (prompt.contains("STOP")) {
            text = "one two three STOP four";
        } else if (prompt.contains("slow")) {
            text = "one two three four five six";
        } else if (!script.stories.isEmpty()) {
            text = script.stories.get(ThreadLocalRandom.current().nextInt(script.stories.size()));
        } else {
            text = script.story;
        }
        for (String stop : request.stop()) {
            int at = text.indexOf(stop);
            text = at >= 0 ? text.substring(0, at) : text;
        }
        List<String> tokens = tokens(text);
        tokens.forEach(t -> out.add(new Token(t, eventId)));
        if (prompt.contains("tool")) {
            List<Event> weather = call(0, "call_weather", "get_weather", "{\"city\": \"Paris\", \"unit\": \"celsius\"}", eventId);
            List<Event> time = call(1, "call_time", "get_time", "{\"zone\": \"Europe/Paris\"}", eventId);
            if (script.interleavedToolArgs) {
                for (int i = 0; i < weather.size(); i++) {
                    out.add(weather.get(i));
                    out.add(time.get(i));
                }
            } else {
                out.addAll(weather);
                out.addAll(time);
            }
        }
        out.add(new Finish(12, tokens.size(), prompt.contains("tool") ? "tool_calls" : "stop", id));
        return out;
    }

    private static List<Event> call(int index, String id, String name, String args, String msgId) {
        int third = args.length() / 3;
        return List.of(new ToolDelta(index, id, name, args.substring(0, third), msgId),
                new ToolDelta(index, null, null, args.substring(third, 2 * third), msgId),
                new ToolDelta(index, null, null, args.substring(2 * third), msgId));
    }

    /** Words with their leading space, whole code points each: how a tokenizer hands text out. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || (text.charAt(i) == ' ' && i > start)) {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static void sleep(Duration delay, long deadlineNanos) throws InterruptedException, TimeoutException {
        if (delay.isZero()) {
            return;
        }
        long wakeUp = System.nanoTime() + delay.toNanos();
        if (deadlineNanos != Long.MAX_VALUE && wakeUp - deadlineNanos > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
            throw new TimeoutException("read timed out");
        }
        Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
    }
}
