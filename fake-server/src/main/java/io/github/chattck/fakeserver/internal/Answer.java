package io.github.chattck.fakeserver.internal;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.UsageMetadata;

import java.util.List;

/**
 * One scripted answer in neutral terms, ready for a dialect to write.
 *
 * @param id           the response id (the turn's id, else one the server made)
 * @param model        the model name to report
 * @param createdEpochSeconds when it was made
 * @param chunks       the turn's chunks: one frame each
 * @param message      the whole answer (text, tool calls, usage, response metadata)
 * @param finishReason the finish reason in OpenAI's words ({@code stop}, {@code length}, {@code tool_calls},
 *                     {@code content_filter}), mapped by each dialect
 * @param includeUsage whether the OpenAI client asked for the usage frame
 */
public record Answer(String id, String model, long createdEpochSeconds, List<AIMessageChunk> chunks, AIMessage message,
                     String finishReason, boolean includeUsage) {

    /**
     * The usage to report: as scripted, else zeros (the server never invents token counts).
     *
     * @return the usage
     */
    public UsageMetadata usage() {
        return message.usageMetadata() != null ? message.usageMetadata() : UsageMetadata.of(0, 0);
    }

    /**
     * A response-metadata entry as a string, for dialect-specific overrides ({@code stop_reason},
     * {@code done_reason}, {@code system_fingerprint}).
     *
     * @param key the key
     * @return the value, or null
     */
    public String metadata(String key) {
        Object value = message.responseMetadata().get(key);
        return value == null ? null : value.toString();
    }
}
