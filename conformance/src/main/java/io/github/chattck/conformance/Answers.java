package io.github.chattck.conformance;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.InvalidToolCall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Comparisons of answers that the rules share. */
final class Answers {
    private Answers() {
    }

    static AIMessage aggregate(List<AIMessageChunk> chunks) {
        ChunkAggregator aggregator = new ChunkAggregator();
        chunks.forEach(aggregator::add);
        return aggregator.toMessage();
    }

    /**
     * The parts of an answer that must agree with another call's answer (stream vs invoke, a batch slot vs the same
     * prompt alone): content, tool calls, usage, finish reason.
     *
     * @param m     the answer
     * @param other the answer it is compared with, for {@link #calls}
     */
    static List<Object> essence(AIMessage m, AIMessage other) {
        return List.of(m.content(), calls(m, other), String.valueOf(m.usageMetadata()), "finish reason " + finishReason(m));
    }

    /**
     * The tool calls (valid, then invalid by their raw text) of {@code m} as compared with another call's answer. A
     * provider that mints fresh call ids per response (OpenAI's API does, as every API does for message ids, which
     * are never compared between calls) answers the same with other ids: when no id of one answer is among the
     * other's, the calls compare by name and arguments in order; when the ids recur, they must sit on the same calls.
     */
    static List<String> calls(AIMessage m, AIMessage other) {
        Set<String> ids = new HashSet<>();
        m.toolCalls().forEach(c -> ids.add(c.id()));
        m.invalidToolCalls().forEach(c -> ids.add(c.id()));
        ids.remove(null);
        boolean freshIds = other.toolCalls().stream().noneMatch(c -> ids.contains(c.id()))
                && other.invalidToolCalls().stream().noneMatch(c -> ids.contains(c.id()));
        List<String> out = new ArrayList<>();
        m.toolCalls().forEach(c -> out.add((freshIds ? "" : c.id() + "/") + c.name() + "/" + c.args()));
        m.invalidToolCalls().forEach(c -> out.add("invalid " + (freshIds ? "" : c.id() + "/") + c.name() + "/" + c.args()));
        return out;
    }

    /** The finish reason under the key providers use ({@code finish_reason}, Anthropic's {@code stop_reason}). */
    static Object finishReason(AIMessage m) {
        Object reason = m.responseMetadata().get("finish_reason");
        return reason != null ? reason : m.responseMetadata().get("stop_reason");
    }

    /** Whether the text has at least two words: an answer a token-streaming model delivers over several chunks. */
    static boolean multiToken(String text) {
        String trimmed = text.trim();
        return !trimmed.isEmpty() && trimmed.split("\\s+").length >= 2;
    }

    /** The chunks that carry text. */
    static List<AIMessageChunk> withText(List<AIMessageChunk> chunks) {
        List<AIMessageChunk> out = new ArrayList<>();
        for (AIMessageChunk c : chunks) {
            if (!c.content().isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Everything the final output and the aggregate must share; invalid tool calls compare by their raw text (the
     * error text is the parser's wording, not the provider's answer).
     */
    static List<Object> whole(AIMessage m) {
        List<String> invalid = new ArrayList<>();
        for (InvalidToolCall c : m.invalidToolCalls()) {
            invalid.add(c.id() + "/" + c.name() + "/" + c.args());
        }
        return List.of(m.content(), m.toolCalls(), invalid, String.valueOf(m.usageMetadata()), m.responseMetadata(),
                String.valueOf(m.id()));
    }

    static AIMessageChunk withoutId(AIMessageChunk c) {
        return c.withId(null);
    }
}
