package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

/**
 * The result of a tool call, sent back to the model.
 *
 * @param content    the tool's output, not null
 * @param toolCallId the id of the {@link ToolCall} this answers, not null
 * @param toolName   the name of the tool that produced it, or null (several APIs want it with the result, e.g.
 *                   Gemini; LangChain's {@code ToolMessage.name})
 */
public record ToolMessage(String content, String toolCallId, String toolName) implements Message {
    /**
     * Creates a tool message.
     *
     * @param content    the tool's output, not null
     * @param toolCallId the id of the tool call this answers, not null
     * @param toolName   the tool's name, null or non-blank
     */
    public ToolMessage {
        Checks.notNull(content, "content");
        Checks.notNull(toolCallId, "toolCallId");
        Checks.argument(toolName == null || !toolName.isBlank(), "toolName must be null or non-blank but was '%s'", toolName);
    }

    /**
     * Creates a tool message without the tool's name.
     *
     * @param content    the tool's output, not null
     * @param toolCallId the id of the tool call this answers, not null
     */
    public ToolMessage(String content, String toolCallId) {
        this(content, toolCallId, null);
    }

    /**
     * The answer to a tool call: its id and its tool's name, with the tool's output.
     *
     * @param call    the call answered, which must have an id
     * @param content the tool's output, not null
     * @return the message
     * @throws IllegalArgumentException if the call has no id (the model could not tell which call this answers)
     */
    public static ToolMessage answering(ToolCall call, String content) {
        Checks.notNull(call, "call");
        Checks.argument(call.id() != null, "the tool call to '%s' has no id, so a ToolMessage cannot name the call it "
                + "answers; the provider must give tool calls ids", call.name());
        return new ToolMessage(content, call.id(), call.name());
    }

    @Override
    public String type() {
        return "tool";
    }
}
