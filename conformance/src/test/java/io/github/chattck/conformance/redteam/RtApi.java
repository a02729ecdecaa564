package io.github.chattck.conformance.redteam;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.core.tool.ToolArguments;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process provider API as an integration sees it: a small pool of connections, a streaming response read event
 * by event (an SSE reader: waits between events end at once when the connection is closed), and a completion that
 * returns the whole answer. The answer depends on the prompt (see the constants); every response gets a fresh id.
 */
final class RtApi {
    static final String STORY = "Tell me a short story about a robot.";
    static final String FAIL = "Please fail halfway.";
    static final String SLOW = "Please answer slowly.";
    static final String TOOL = "What is the weather and the time in Paris?";
    static final String STOP_PROMPT = "Count until STOP.";
    static final String STOP = "STOP";
    static final int POOL_SIZE = 3;
    static final String MODEL = "rt-1-2026";

    static final List<String> STORY_TOKENS = List.of("Once", " upon", " a", " time", ",", " a", " robot",
            " \uD83E\uDD16", " dreamed", ".");
    static final List<String> SLOW_TOKENS = List.of("Slowly", " the", " answer", " arrives", ",", " word", " by",
            " word.");
    static final List<String> COUNT_TOKENS = List.of("one", " two", " three", " STOP", " four");

    static final List<List<String>> RANDOM_STORIES = List.of(STORY_TOKENS,
            List.of("A", " robot", " hummed", " softly", "."),
            List.of("The", " tin", " robot", " \uD83E\uDD16", " painted", " stars", " all", " night", "."));

    /** One event of a streamed response. */
    sealed interface Ev permits Text, ToolDelta, Done, TextDone {
    }

    /** The last piece of text together with the end (the server's last event carries both, as Ollama's does). */
    record TextDone(String text, Done done) implements Ev {
    }

    /** A piece of text. */
    record Text(String text, String id) implements Ev {
    }

    /** A piece of a tool call: id and name on its first piece only. */
    record ToolDelta(int index, String callId, String name, String args, String id) implements Ev {
    }

    /** The last event: usage, finish reason, response id. */
    record Done(long in, long out, String reason, String id) implements Ev {
    }

    /** A tool call of a complete answer. */
    record Call(String id, String name, String args) {
    }

    /** A complete answer. */
    record Reply(String text, List<Call> calls, long in, long out, String reason, String id) {
    }

    /** The provider's own failure type. */
    static final class RtApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        RtApiException(int status, String message) {
            super("rt-api " + status + ": " + message);
            this.status = status;
        }
    }

    private final Semaphore pool = new Semaphore(POOL_SIZE);
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    Duration firstDelay = Duration.ZERO;
    Duration gap = Duration.ZERO;
    Duration slowGap = Duration.ofMillis(40);
    Duration slowFirstDelay = Duration.ZERO;
    boolean interleavedTools;
    boolean noArgumentTool;
    boolean doneOnLastText;
    boolean randomAnswers;

    long requests() {
        return requests.get();
    }

    int connectionsInUse() {
        return POOL_SIZE - pool.availablePermits();
    }

    /** The events of the answer to {@code prompt}, as the server would send them. */
    List<Ev> script(String prompt, List<String> stop) {
        String id = "rt-" + ids.incrementAndGet();
        List<Ev> out = new ArrayList<>();
        if (doneOnLastText) {
            List<Ev> plain = plainScript(prompt, stop, id);
            int last = plain.size() - 1;
            if (last > 0 && plain.get(last) instanceof Done d && plain.get(last - 1) instanceof Text t) {
                plain.set(last - 1, new TextDone(t.text(), d));
                plain.remove(last);
            }
            return plain;
        }
        return plainScript(prompt, stop, id);
    }

    private List<Ev> plainScript(String prompt, List<String> stop, String id) {
        List<Ev> out = new ArrayList<>();
        switch (prompt) {
            case SLOW -> {
                SLOW_TOKENS.forEach(t -> out.add(new Text(t, id)));
                out.add(new Done(6, SLOW_TOKENS.size(), "stop", id));
            }
            case FAIL -> {
                out.add(new Text("Half", id));
                out.add(new Text(" way", id));
            }
            case TOOL -> {
                if (interleavedTools) {
                    out.add(new ToolDelta(0, "call_w1", "get_weather", "{\"city\": ", id));
                    out.add(new ToolDelta(1, "call_t2", "get_time", "{\"tz\": \"Eu", id));
                    out.add(new ToolDelta(0, null, null, "\"Paris\"}", id));
                    out.add(new ToolDelta(1, null, null, "rope/Paris\"}", id));
                    out.add(new Done(20, 15, "tool_calls", id));
                    break;
                }
                if (noArgumentTool) { // Anthropic streams a tool without input as one empty fragment
                    out.add(new ToolDelta(0, "call_w1", "get_weather", "{\"city\": \"Paris\"}", id));
                    out.add(new ToolDelta(1, "call_t2", "get_time", "", id));
                    out.add(new Done(20, 15, "tool_calls", id));
                    break;
                }
                out.add(new ToolDelta(0, "call_w1", "get_weather", "", id));
                out.add(new ToolDelta(0, null, null, "{\"city\": ", id));
                out.add(new ToolDelta(0, null, null, "\"Paris\"}", id));
                out.add(new ToolDelta(1, "call_t2", "get_time", "{\"tz\": \"Eu", id));
                out.add(new ToolDelta(1, null, null, "rope/Paris\"}", id));
                out.add(new Done(20, 15, "tool_calls", id));
            }
            case STOP_PROMPT -> {
                int n = 0;
                for (String t : COUNT_TOKENS) {
                    if (stop.stream().anyMatch(t::contains)) {
                        break;
                    }
                    out.add(new Text(t, id));
                    n++;
                }
                out.add(new Done(4, n, "stop", id));
            }
            case STORY -> {
                List<String> tokens = randomAnswers ? RANDOM_STORIES.get(ThreadLocalRandom.current().nextInt(3)) : STORY_TOKENS;
                tokens.forEach(t -> out.add(new Text(t, id)));
                out.add(new Done(12, tokens.size(), "stop", id));
            }
            default -> {
                String[] words = ("You said: " + prompt).split("(?<= )");
                for (String w : words) {
                    out.add(new Text(w, id));
                }
                out.add(new Done(prompt.length() / 4 + 1, words.length, "stop", id));
            }
        }
        return out;
    }

    private Duration gapFor(String prompt, int index) {
        if (prompt.equals(SLOW)) {
            return index == 0 ? slowFirstDelay.plus(firstDelay) : slowGap;
        }
        return index == 0 ? firstDelay : gap;
    }

    /** Opens a streaming response; holds one pooled connection until closed. */
    Connection open(String prompt, List<String> stop) throws IOException, InterruptedException {
        requests.incrementAndGet();
        if (!pool.tryAcquire(1, TimeUnit.SECONDS)) {
            throw new IOException("rt-api connection pool exhausted: all " + POOL_SIZE + " connections in use");
        }
        return new Connection(prompt, script(prompt, stop));
    }

    /** A complete answer, on a pooled connection. */
    Reply complete(String prompt, List<String> stop) throws IOException, InterruptedException {
        try (Connection c = open(prompt, stop)) {
            StringBuilder text = new StringBuilder();
            List<StringBuilder> args = new ArrayList<>();
            List<String[]> heads = new ArrayList<>();
            for (Ev ev = c.next(); ; ev = c.next()) {
                if (ev instanceof Text t) {
                    text.append(t.text());
                } else if (ev instanceof TextDone td) {
                    text.append(td.text());
                    Done d = td.done();
                    return new Reply(text.toString(), List.of(), d.in(), d.out(), d.reason(), d.id());
                } else if (ev instanceof ToolDelta d) {
                    while (args.size() <= d.index()) {
                        args.add(new StringBuilder());
                        heads.add(new String[2]);
                    }
                    if (d.callId() != null) {
                        heads.get(d.index())[0] = d.callId();
                        heads.get(d.index())[1] = d.name();
                    }
                    args.get(d.index()).append(d.args());
                } else if (ev instanceof Done d) {
                    List<Call> calls = new ArrayList<>();
                    for (int i = 0; i < args.size(); i++) {
                        calls.add(new Call(heads.get(i)[0], heads.get(i)[1], args.get(i).toString()));
                    }
                    return new Reply(text.toString(), calls, d.in(), d.out(), d.reason(), d.id());
                }
            }
        }
    }

    /** One streaming response: events are read one at a time, waiting for each as the server sends it. */
    final class Connection implements AutoCloseable {
        private final String prompt;
        private final Iterator<Ev> events;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicBoolean released = new AtomicBoolean();
        private int index;

        Connection(String prompt, List<Ev> events) {
            this.prompt = prompt;
            this.events = events.iterator();
        }

        Ev next() throws IOException, InterruptedException {
            try {
                return next(Long.MAX_VALUE);
            } catch (TimeoutException e) {
                throw new AssertionError(e);
            }
        }

        /** The next event, or null at the end; throws the server's error for the failing prompt. */
        Ev next(long deadlineNanos) throws IOException, InterruptedException, TimeoutException {
            long wait = gapFor(prompt, index).toNanos();
            if (wait > 0) {
                long left = deadlineNanos == Long.MAX_VALUE ? wait : Math.min(wait, deadlineNanos - System.nanoTime());
                if (closed.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    throw new IOException("rt-api connection closed");
                }
                if (left < wait) {
                    throw new TimeoutException("read timed out");
                }
            }
            if (closed.getCount() == 0) {
                throw new IOException("rt-api connection closed");
            }
            index++;
            if (events.hasNext()) {
                return events.next();
            }
            if (prompt.equals(FAIL)) {
                throw new RtApiException(503, "model overloaded mid-stream");
            }
            return null;
        }

        boolean isOpen() {
            return closed.getCount() > 0;
        }

        @Override
        public void close() {
            closed.countDown();
            if (released.compareAndSet(false, true)) {
                pool.release();
            }
        }
    }

    // ------------------------------------------------------------- how a correct integration maps the API

    static AIMessageChunk chunkOf(Ev ev) {
        if (ev instanceof Text t) {
            return AIMessageChunk.builder().content(t.text()).id(t.id()).build();
        }
        if (ev instanceof ToolDelta d) {
            return AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(d.index(), d.callId(), d.name(), d.args()))
                    .id(d.id()).build();
        }
        if (ev instanceof TextDone td) {
            Done d = td.done();
            return AIMessageChunk.builder().content(td.text()).usage(UsageMetadata.of(d.in(), d.out()))
                    .responseMetadata("finish_reason", d.reason()).responseMetadata("model_name", MODEL).id(d.id()).build();
        }
        Done d = (Done) ev;
        return AIMessageChunk.builder().usage(UsageMetadata.of(d.in(), d.out())).responseMetadata("finish_reason", d.reason())
                .responseMetadata("model_name", MODEL).id(d.id()).build();
    }

    /** The chunk {@code c} with {@code replaced} as its one tool call fragment: how a delta parser rewrites one. */
    static AIMessageChunk withToolCallChunk(AIMessageChunk c, ToolCallChunk replaced) {
        return AIMessageChunk.builder().toolCallChunk(replaced).id(c.id()).build();
    }

    static AIMessage messageOf(Reply r) {
        AIMessage.Builder b = AIMessage.builder().content(r.text()).usage(UsageMetadata.of(r.in(), r.out()))
                .responseMetadata("finish_reason", r.reason()).responseMetadata("model_name", MODEL).id(r.id());
        for (Call c : r.calls()) {
            b.toolCall(new ToolCall(c.id(), c.name(), ToolArguments.parse(c.args())));
        }
        return b.build();
    }
}
