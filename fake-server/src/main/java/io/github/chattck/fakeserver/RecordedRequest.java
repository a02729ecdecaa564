package io.github.chattck.fakeserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request the fake server received, as the journal keeps it: method, path, headers (credentials redacted),
 * the body and its JSON, what the dialect made of it (model, streaming, messages, tools offered), the turn that
 * answered it, and how it ended. What script rules match on, too.
 * <p>
 * The ending is set when the answer is over: {@link #ending()} is null while the request is in flight, and
 * {@link #awaitEnding(Duration)} waits for it (a client that goes away is seen within milliseconds).
 */
public final class RecordedRequest {
    private final int number;
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final String body;
    private final JsonNode json;
    private final Dialect dialect;
    private final boolean streaming;
    private final String model;
    private final List<Message> messages;
    private final List<String> toolsOffered;
    private final List<String> stopSequences;
    private final long receivedNanos = System.nanoTime();
    /**
     * The send times of the frames written, in its first {@link #framesWritten} slots. Only the connection's thread
     * writes; it stores a reading, then publishes it with the volatile count (and a grown array with this volatile
     * field), so a reader that reads the count first sees that many readings. An array, not a list of boxed readings
     * copied on every write: a long answer writes a thousand frames, and that copy cost more than rendering them.
     */
    private volatile long[] frameSentNanos = new long[16];
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long finishingNanos;
    private volatile long endedNanos;
    private volatile WireTurn turn;
    private volatile String problem;
    private volatile Ending ending;
    private volatile int framesWritten;
    private volatile int status;

    RecordedRequest(int number, String method, String path, Map<String, List<String>> headers, String body,
                    JsonNode json, Dialect dialect, boolean streaming, String model, List<Message> messages,
                    List<String> toolsOffered, List<String> stopSequences) {
        this.number = number;
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.json = json;
        this.dialect = dialect;
        this.streaming = streaming;
        this.model = model;
        this.messages = List.copyOf(messages);
        this.toolsOffered = List.copyOf(toolsOffered);
        this.stopSequences = List.copyOf(stopSequences);
    }

    /**
     * The request's number in its scope's journal, from 1.
     *
     * @return the number
     */
    public int number() {
        return number;
    }

    /**
     * The HTTP method.
     *
     * @return e.g. {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The path relative to the scope's base URL, without the query.
     *
     * @return e.g. {@code /v1/chat/completions}
     */
    public String path() {
        return path;
    }

    /**
     * The headers as received, names in lower case, credentials ({@code authorization}, {@code x-api-key},
     * {@code api-key}, ...) redacted to {@code [redacted]} (an authorization keeps its scheme:
     * {@code Bearer [redacted]}).
     *
     * @return the headers
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The first value of a header.
     *
     * @param name the name, any case
     * @return the value, or null if absent
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The body as text (UTF-8).
     *
     * @return the body, empty if none
     */
    public String body() {
        return body;
    }

    /**
     * The body parsed as JSON.
     *
     * @return the JSON, or null if the body was not JSON
     */
    public JsonNode json() {
        return json;
    }

    /**
     * The dialect the path chose.
     *
     * @return the dialect, or null for a path no dialect answers
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Whether the client asked for a stream ({@code "stream": true}; Ollama streams unless {@code false}).
     *
     * @return true for a streaming request
     */
    public boolean streaming() {
        return streaming;
    }

    /**
     * The model the client asked for.
     *
     * @return the model, or null
     */
    public String model() {
        return model;
    }

    /**
     * The conversation the client sent, in chat-tck's message types: system (and developer / instructions),
     * human, AI (with tool calls), tool results. Text parts of a message are joined.
     *
     * @return the messages
     */
    public List<Message> messages() {
        return messages;
    }

    /**
     * The text of the last user message.
     *
     * @return the text, or null if there is none
     */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof HumanMessage) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    /**
     * The tool results in the conversation (OpenAI {@code role: tool} and {@code function_call_output},
     * Anthropic {@code tool_result} blocks, Ollama {@code role: tool}).
     *
     * @return the results, in order
     */
    public List<ToolMessage> toolResults() {
        List<ToolMessage> results = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof ToolMessage) {
                results.add((ToolMessage) m);
            }
        }
        return results;
    }

    /**
     * The names of the tools the client offered.
     *
     * @return the names, in order
     */
    public List<String> toolsOffered() {
        return toolsOffered;
    }

    /**
     * The stop sequences the client sent (OpenAI Chat Completions {@code stop}, Anthropic {@code stop_sequences},
     * Ollama {@code options.stop}; the Responses API has none).
     *
     * @return the sequences, in order
     */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /**
     * The turn that answered, once chosen.
     *
     * @return the turn, or null (an unparseable request, a script that ran out, a failed first call)
     */
    public WireTurn turn() {
        return turn;
    }

    /**
     * What was wrong when the server itself had to refuse the request (an unparseable body, an unknown path, a
     * script that ran out): the message of its error body.
     *
     * @return the problem, or null when the script answered
     */
    public String problem() {
        return problem;
    }

    /**
     * How the request ended.
     *
     * @return the ending, or null while it is in flight
     */
    public Ending ending() {
        return ending;
    }

    /**
     * Waits for the request to end.
     *
     * @param timeout how long to wait at most
     * @return the ending, or null if it was still in flight after {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public Ending awaitEnding(Duration timeout) throws InterruptedException {
        ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return ending;
    }

    /**
     * How many of the turn's frames (chunk deltas) were written before the end; for a non-streaming answer 1 once
     * the body was written.
     *
     * @return the count
     */
    public int framesWritten() {
        return framesWritten;
    }

    /**
     * When the request was received (its body read), as a {@link System#nanoTime()} reading of this JVM: comparable
     * with the client's own readings when client and server share the JVM (a test, the conformance kit).
     *
     * @return the reading
     */
    public long receivedNanos() {
        return receivedNanos;
    }

    /**
     * When each frame of {@link #framesWritten()} was sent: the {@link System#nanoTime()} reading just before its
     * bytes were written, so a client that reads a frame always reads it after this time. Frames that the script sends
     * without a delay between them may leave in one socket write, a little after their readings.
     *
     * @return one reading per frame written, in order (a snapshot)
     */
    public List<Long> frameSentNanos() {
        int n = framesWritten; // first the count, then the array: it holds at least that many readings
        long[] sent = frameSentNanos;
        List<Long> snapshot = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            snapshot.add(sent[i]);
        }
        return List.copyOf(snapshot);
    }

    /**
     * When the answer was over for the server, as a {@link System#nanoTime()} reading: for an answer the server
     * finished (completed, an error status, a mid-stream error), just before its last bytes were written, so a client
     * that reads them and sends another request is received after this time; otherwise (cut, abandoned, stopped) when
     * that ending happened.
     *
     * @return the reading, or 0 while the request is in flight
     */
    public long endedNanos() {
        return endedNanos;
    }

    /**
     * The HTTP status answered, 0 if none was sent (a cut or stall before the first byte).
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    void answeredBy(WireTurn answer) {
        this.turn = answer;
    }

    void problem(String text) {
        this.problem = text;
    }

    void statusSent(int code) {
        this.status = code;
    }

    void frameWritten(long sentNanos) {
        int n = framesWritten; // only the connection's thread writes
        long[] sent = frameSentNanos;
        if (n == sent.length) {
            sent = Arrays.copyOf(sent, n * 2);
            frameSentNanos = sent;
        }
        sent[n] = sentNanos;
        framesWritten = n + 1;
    }

    /** The server is about to write the answer's last bytes. */
    void finishing() {
        if (finishingNanos == 0) {
            finishingNanos = System.nanoTime();
        }
    }

    synchronized boolean end(Ending how) {
        if (ending != null) {
            return false;
        }
        long finished = finishingNanos;
        endedNanos = finished != 0 && how != Ending.ABANDONED_BY_CLIENT && how != Ending.STOPPED_BY_SERVER
                ? finished : System.nanoTime();
        ending = how;
        ended.countDown();
        return true;
    }

    /**
     * The request in one line, without how it ended: number, method, path, model, last user message.
     *
     * @return the description
     */
    String describe() {
        String last = lastUserMessage();
        return "request #" + number + " (" + method + " " + path + (streaming ? ", stream" : "")
                + (model == null ? "" : ", model " + model) + ", last user message: "
                + (last == null ? "none" : "\"" + last + "\"") + ")";
    }

    @Override
    public String toString() {
        return describe() + (ending == null ? " in flight" : " ended " + ending + " after " + framesWritten + " frame(s)"
                + (status == 0 ? "" : ", status " + status)) + (problem == null ? "" : "; problem: " + problem);
    }
}
