package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

/**
 * The result of a tool call, sent back to the model.
 *
 * @param content    the tool's output, not null
 * @param toolCallId the id of the {@link ToolCall} this answers, not null
 */
public record ToolMessage(String content, String toolCallId) implements Message {
    /**
     * Creates a tool message.
     *
     * @param content    the tool's output, not null
     * @param toolCallId the id of the tool call this answers, not null
     */
    public ToolMessage {
        Checks.notNull(content, "content");
        Checks.notNull(toolCallId, "toolCallId");
    }

    @Override
    public String type() {
        return "tool";
    }
}
