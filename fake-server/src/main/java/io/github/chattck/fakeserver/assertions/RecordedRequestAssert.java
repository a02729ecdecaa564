package io.github.chattck.fakeserver.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.RecordedRequest;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * AssertJ assertions on one {@link RecordedRequest}. Assertions on the ending wait for it (5 s by default,
 * {@link #within(Duration)} to change): a request may still be in flight when the client's call returns.
 */
public final class RecordedRequestAssert extends AbstractAssert<RecordedRequestAssert, RecordedRequest> {
    private Duration wait = Duration.ofSeconds(5);

    RecordedRequestAssert(RecordedRequest actual) {
        super(actual, RecordedRequestAssert.class);
    }

    /**
     * How long the ending assertions wait for the request to end.
     *
     * @param timeout the bound
     * @return this
     */
    public RecordedRequestAssert within(Duration timeout) {
        this.wait = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Checks the dialect.
     *
     * @param expected the dialect
     * @return this
     */
    public RecordedRequestAssert hasDialect(Dialect expected) {
        isNotNull();
        if (actual.dialect() != expected) {
            failWithMessage("Expecting %s to be in the %s dialect but it was %s", actual, expected, actual.dialect());
        }
        return this;
    }

    /**
     * Checks the path (relative to the scope).
     *
     * @param expected e.g. {@code /v1/chat/completions}
     * @return this
     */
    public RecordedRequestAssert hasPath(String expected) {
        isNotNull();
        if (!actual.path().equals(expected)) {
            failWithMessage("Expecting %s to have the path %s but it was %s", actual, expected, actual.path());
        }
        return this;
    }

    /**
     * Checks the model asked for.
     *
     * @param expected the model
     * @return this
     */
    public RecordedRequestAssert hasModel(String expected) {
        isNotNull();
        if (!Objects.equals(actual.model(), expected)) {
            failWithMessage("Expecting %s to ask for the model \"%s\" but it asked for %s", actual, expected,
                    actual.model() == null ? "none" : "\"" + actual.model() + "\"");
        }
        return this;
    }

    /**
     * Checks the client asked for a stream.
     *
     * @return this
     */
    public RecordedRequestAssert isStreaming() {
        isNotNull();
        if (!actual.streaming()) {
            failWithMessage("Expecting %s to ask for a stream but it did not", actual);
        }
        return this;
    }

    /**
     * Checks the client did not ask for a stream.
     *
     * @return this
     */
    public RecordedRequestAssert isNotStreaming() {
        isNotNull();
        if (actual.streaming()) {
            failWithMessage("Expecting %s not to ask for a stream but it did", actual);
        }
        return this;
    }

    /**
     * Checks the last user message.
     *
     * @param expected the text
     * @return this
     */
    public RecordedRequestAssert hasLastUserMessage(String expected) {
        isNotNull();
        if (!Objects.equals(actual.lastUserMessage(), expected)) {
            failWithMessage("Expecting %s to end with the user message \"%s\" but it was %s", actual, expected,
                    actual.lastUserMessage() == null ? "absent" : "\"" + actual.lastUserMessage() + "\"");
        }
        return this;
    }

    /**
     * Checks the client offered these tools (among others).
     *
     * @param names the tool names
     * @return this
     */
    public RecordedRequestAssert offersTools(String... names) {
        isNotNull();
        if (!actual.toolsOffered().containsAll(List.of(names))) {
            failWithMessage("Expecting %s to offer the tools %s but it offered %s", actual, List.of(names), actual.toolsOffered());
        }
        return this;
    }

    /**
     * Checks the conversation carries the result of this tool call, with this content.
     *
     * @param toolCallId the id of the call the result answers
     * @param content    the result's text
     * @return this
     */
    public RecordedRequestAssert hasToolResult(String toolCallId, String content) {
        isNotNull();
        List<ToolMessage> results = actual.toolResults();
        if (results.stream().noneMatch(r -> r.toolCallId().equals(toolCallId) && r.content().equals(content))) {
            failWithMessage("Expecting %s to carry the tool result \"%s\" for the call %s but its tool results were %s",
                    actual, content, toolCallId, results);
        }
        return this;
    }

    /**
     * Checks a header's value (credentials are redacted: check their presence with {@link #hasHeader(String)}).
     *
     * @param name  the name, any case
     * @param value the expected first value
     * @return this
     */
    public RecordedRequestAssert hasHeader(String name, String value) {
        isNotNull();
        if (!Objects.equals(actual.header(name), value)) {
            failWithMessage("Expecting %s to have the header %s: %s but it was %s", actual, name, value, actual.header(name));
        }
        return this;
    }

    /**
     * Checks a header is present.
     *
     * @param name the name, any case
     * @return this
     */
    public RecordedRequestAssert hasHeader(String name) {
        isNotNull();
        if (actual.header(name) == null) {
            failWithMessage("Expecting %s to have the header %s but its headers were %s", actual, name, actual.headers().keySet());
        }
        return this;
    }

    /**
     * Checks a value in the JSON body.
     *
     * @param pointer a JSON pointer, e.g. {@code /stream_options/include_usage}
     * @param expected the value (a string, number, boolean, or null for JSON null)
     * @return this
     */
    public RecordedRequestAssert hasJsonAt(String pointer, Object expected) {
        isNotNull();
        JsonNode json = actual.json();
        JsonNode value = json == null ? null : json.at(pointer);
        JsonNode want = Json.plainMapper().valueToTree(expected);
        if (value == null || value.isMissingNode() || !equalJson(value, want)) {
            failWithMessage("Expecting %s to have %s at %s in its body but it had %s", actual, want, pointer,
                    value == null || value.isMissingNode() ? "nothing" : value);
        }
        return this;
    }

    private static boolean equalJson(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }

    /**
     * Checks the answer's HTTP status.
     *
     * @param expected the status
     * @return this
     */
    public RecordedRequestAssert hasStatus(int expected) {
        awaitEnding();
        if (actual.status() != expected) {
            failWithMessage("Expecting %s to be answered with status %d but it was %d", actual, expected, actual.status());
        }
        return this;
    }

    /**
     * Checks how the request ended, waiting for it to end.
     *
     * @param expected the ending
     * @return this
     */
    public RecordedRequestAssert endedAs(Ending expected) {
        Ending ending = awaitEnding();
        if (ending != expected) {
            failWithMessage("Expecting %s to end %s but it %s", actual, expected,
                    ending == null ? "was still in flight after " + wait : "ended " + ending);
        }
        return this;
    }

    /**
     * Checks the client went away before the answer was complete ({@link Ending#ABANDONED_BY_CLIENT}).
     *
     * @return this
     */
    public RecordedRequestAssert wasAbandonedByClient() {
        return endedAs(Ending.ABANDONED_BY_CLIENT);
    }

    /**
     * Checks how many of the turn's frames were written before the end, waiting for it to end.
     *
     * @param expected the count
     * @return this
     */
    public RecordedRequestAssert afterFrames(int expected) {
        awaitEnding();
        if (actual.framesWritten() != expected) {
            failWithMessage("Expecting %s to have ended after %d frame(s) but %d were written", actual, expected,
                    actual.framesWritten());
        }
        return this;
    }

    /**
     * Checks the server refused the request itself with a message containing {@code text}.
     *
     * @param text part of the problem
     * @return this
     */
    public RecordedRequestAssert hasProblemContaining(String text) {
        isNotNull();
        if (actual.problem() == null || !actual.problem().contains(text)) {
            failWithMessage("Expecting %s to have been refused with a problem containing \"%s\" but the problem was %s",
                    actual, text, actual.problem() == null ? "none" : "\"" + actual.problem() + "\"");
        }
        return this;
    }

    private Ending awaitEnding() {
        isNotNull();
        try {
            return actual.awaitEnding(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failWithMessage("Interrupted while waiting for %s to end", actual);
            return null;
        }
    }
}
