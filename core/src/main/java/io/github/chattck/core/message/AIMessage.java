package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete answer of a chat model.
 *
 * @param content          the text, never null (may be empty, e.g. when the answer is only tool calls)
 * @param toolCalls        tool calls with parsed arguments, never null
 * @param invalidToolCalls tool calls whose arguments were not a valid JSON object, never null
 * @param usageMetadata    token counts, or null when the provider reports none
 * @param responseMetadata provider details (model name, finish reason, ...), never null
 * @param id               the message id, may be null on a message built by hand; always set on a model's answer
 */
public record AIMessage(String content, List<ToolCall> toolCalls, List<InvalidToolCall> invalidToolCalls,
                        UsageMetadata usageMetadata, Map<String, Object> responseMetadata, String id)
        implements Message {

    /**
     * Creates an AI message; collections are copied, metadata deeply.
     *
     * @param content          the text, not null
     * @param toolCalls        tool calls, null read as none
     * @param invalidToolCalls invalid tool calls, null read as none
     * @param usageMetadata    token counts, may be null
     * @param responseMetadata provider details, null read as empty
     * @param id               the id, may be null
     */
    public AIMessage {
        Checks.notNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : Checks.noNullElements(toolCalls, "toolCalls");
        invalidToolCalls = invalidToolCalls == null ? List.of() : Checks.noNullElements(invalidToolCalls, "invalidToolCalls");
        responseMetadata = Json.freeze(responseMetadata);
    }

    /**
     * A text-only answer without id.
     *
     * @param content the text
     * @return the message
     */
    public static AIMessage of(String content) {
        return new AIMessage(content, null, null, null, null, null);
    }

    /**
     * A builder, for answers with tool calls, usage or metadata.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "ai";
    }

    /**
     * This message with another id.
     *
     * @param newId the id
     * @return a copy with {@code id} replaced
     */
    public AIMessage withId(String newId) {
        return new AIMessage(content, toolCalls, invalidToolCalls, usageMetadata, responseMetadata, newId);
    }

    /**
     * This whole message as one stream chunk, as the single-chunk fallback yields it. Tool calls become
     * one {@link ToolCallChunk} each carrying the complete arguments; invalid tool calls keep their raw text.
     *
     * @return a chunk that aggregates back to an equal message
     */
    public AIMessageChunk toChunk() {
        List<ToolCallChunk> chunks = new ArrayList<>(toolCalls.size() + invalidToolCalls.size());
        int index = 0;
        for (ToolCall call : toolCalls) {
            chunks.add(new ToolCallChunk(index++, call.id(), call.name(), call.argsJson()));
        }
        for (InvalidToolCall call : invalidToolCalls) {
            chunks.add(new ToolCallChunk(index++, call.id(), call.name(), call.args()));
        }
        return new AIMessageChunk(content, chunks, usageMetadata, responseMetadata, id);
    }

    /** Builds an {@link AIMessage}; not thread-safe. */
    public static final class Builder {
        private String content = "";
        private final List<ToolCall> toolCalls = new ArrayList<>();
        private final List<InvalidToolCall> invalidToolCalls = new ArrayList<>();
        private UsageMetadata usage;
        private final Map<String, Object> responseMetadata = new LinkedHashMap<>();
        private String id;

        private Builder() {
        }

        /**
         * Sets the text.
         *
         * @param text the text, not null
         * @return this builder
         */
        public Builder content(String text) {
            this.content = Checks.notNull(text, "content");
            return this;
        }

        /**
         * Adds a tool call.
         *
         * @param call the call
         * @return this builder
         */
        public Builder toolCall(ToolCall call) {
            toolCalls.add(Checks.notNull(call, "toolCall"));
            return this;
        }

        /**
         * Adds an invalid tool call.
         *
         * @param call the call
         * @return this builder
         */
        public Builder invalidToolCall(InvalidToolCall call) {
            invalidToolCalls.add(Checks.notNull(call, "invalidToolCall"));
            return this;
        }

        /**
         * Sets the usage.
         *
         * @param usageMetadata the usage, may be null
         * @return this builder
         */
        public Builder usage(UsageMetadata usageMetadata) {
            this.usage = usageMetadata;
            return this;
        }

        /**
         * Puts one response metadata entry.
         *
         * @param key   the key, not null
         * @param value the value, JSON-like
         * @return this builder
         */
        public Builder responseMetadata(String key, Object value) {
            responseMetadata.put(Checks.notNull(key, "key"), value);
            return this;
        }

        /**
         * Sets the id.
         *
         * @param messageId the id, may be null
         * @return this builder
         */
        public Builder id(String messageId) {
            this.id = messageId;
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the message
         */
        public AIMessage build() {
            return new AIMessage(content, toolCalls, invalidToolCalls, usage, responseMetadata, id);
        }
    }
}
