package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of an answer as it streams. Chunks add up with {@link #concat(AIMessageChunk)} (pure, for two)
 * or a {@link ChunkAggregator} (for many, in linear time); {@link #toMessage()} turns the sum into an
 * {@link AIMessage}, parsing tool-call arguments once.
 *
 * @param content          a piece of the text, never null (may be empty)
 * @param toolCallChunks   tool call fragments, never null
 * @param usageMetadata    a part of the token counts, or null
 * @param responseMetadata a part of the provider details, never null
 * @param id               the message id, may be null until the run stamps it
 */
public record AIMessageChunk(String content, List<ToolCallChunk> toolCallChunks, UsageMetadata usageMetadata,
                             Map<String, Object> responseMetadata, String id) {

    /**
     * Creates a chunk; collections are copied, metadata deeply.
     *
     * @param content          a piece of text, not null
     * @param toolCallChunks   fragments, null read as none
     * @param usageMetadata    usage part, may be null
     * @param responseMetadata metadata part, null read as empty
     * @param id               the id, may be null
     */
    public AIMessageChunk {
        Checks.notNull(content, "content");
        toolCallChunks = toolCallChunks == null ? List.of() : Checks.noNullElements(toolCallChunks, "toolCallChunks");
        responseMetadata = Json.freeze(responseMetadata);
    }

    /**
     * A text-only chunk without id.
     *
     * @param content the text
     * @return the chunk
     */
    public static AIMessageChunk of(String content) {
        return new AIMessageChunk(content, null, null, null, null);
    }

    /**
     * A builder for chunks with tool call fragments, usage or metadata.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This chunk with another id. Returns {@code this} when the id is already equal, so stamping
     * chunks that carry the right id costs no allocation.
     *
     * @param newId the id
     * @return a chunk with {@code id} replaced
     */
    public AIMessageChunk withId(String newId) {
        if (newId == null ? id == null : newId.equals(id)) {
            return this;
        }
        return new AIMessageChunk(content, toolCallChunks, usageMetadata, responseMetadata, newId);
    }

    /**
     * The sum of this chunk and the next one, by the rules of {@link ChunkAggregator}.
     *
     * @param next the chunk that follows, not null
     * @return a new chunk; neither operand changes
     */
    public AIMessageChunk concat(AIMessageChunk next) {
        Checks.notNull(next, "next");
        return new ChunkAggregator().add(this).add(next).toChunk();
    }

    /**
     * This chunk read as a complete answer: fragments merged by index, arguments parsed.
     *
     * @return the message
     */
    public AIMessage toMessage() {
        return new ChunkAggregator().add(this).toMessage();
    }

    /** Builds an {@link AIMessageChunk}; not thread-safe. */
    public static final class Builder {
        private String content = "";
        private final List<ToolCallChunk> toolCallChunks = new ArrayList<>();
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
         * Adds a tool call fragment.
         *
         * @param chunk the fragment
         * @return this builder
         */
        public Builder toolCallChunk(ToolCallChunk chunk) {
            toolCallChunks.add(Checks.notNull(chunk, "toolCallChunk"));
            return this;
        }

        /**
         * Sets the usage part.
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
         * @param key   the key
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
         * @param chunkId the id, may be null
         * @return this builder
         */
        public Builder id(String chunkId) {
            this.id = chunkId;
            return this;
        }

        /**
         * Builds the chunk.
         *
         * @return the chunk
         */
        public AIMessageChunk build() {
            return new AIMessageChunk(content, toolCallChunks, usage, responseMetadata, id);
        }
    }
}
