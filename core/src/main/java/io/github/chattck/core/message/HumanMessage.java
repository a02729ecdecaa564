package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

/**
 * A message from the user.
 *
 * @param content the text, not null
 */
public record HumanMessage(String content) implements Message {
    /**
     * Creates a human message.
     *
     * @param content the text, not null
     */
    public HumanMessage {
        Checks.notNull(content, "content");
    }

    @Override
    public String type() {
        return "human";
    }
}
