package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

/**
 * Instructions to the model, usually first in the conversation.
 *
 * @param content the instructions, not null
 */
public record SystemMessage(String content) implements Message {
    /**
     * Creates a system message.
     *
     * @param content the instructions, not null
     */
    public SystemMessage {
        Checks.notNull(content, "content");
    }

    @Override
    public String type() {
        return "system";
    }
}
