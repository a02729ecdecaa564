package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The input of a chat model: a plain string (one human message) or a list of messages. It keeps what the
 * caller passed, so that the start event can show exactly that ({@link #raw()}).
 */
public final class ChatInput {
    private final Object raw;
    private final List<Message> messages;

    private ChatInput(Object raw, List<Message> messages) {
        this.raw = raw;
        this.messages = messages;
    }

    /**
     * One human message.
     *
     * @param text the text, not null
     * @return the input
     * @throws NullPointerException if {@code text} is null
     */
    public static ChatInput of(String text) {
        Checks.notNull(text, "input");
        return new ChatInput(text, List.of(new HumanMessage(text)));
    }

    /**
     * A conversation.
     *
     * @param messages the messages, not null, not empty, no null element
     * @return the input
     * @throws NullPointerException     if the list or an element is null
     * @throws IllegalArgumentException if the list is empty
     */
    public static ChatInput of(List<? extends Message> messages) {
        Checks.notNull(messages, "input");
        Checks.argument(!messages.isEmpty(), "input must contain at least one message but was an empty list");
        List<Message> copy = Checks.noNullElements(messages, "input");
        return new ChatInput(copy, copy);
    }

    /**
     * A conversation.
     *
     * @param messages the messages
     * @return the input
     */
    public static ChatInput of(Message... messages) {
        return of(Arrays.asList(Checks.notNull(messages, "input"))); // of(List) names a null element
    }

    /**
     * The input as messages.
     *
     * @return the messages, never empty
     */
    public List<Message> messages() {
        return messages;
    }

    /**
     * The input exactly as passed: a {@code String} or an unmodifiable {@code List<Message>}.
     *
     * @return the raw input
     */
    public Object raw() {
        return raw;
    }

    /**
     * The text of the last human message, or null if there is none; handy for scripted fakes and logs.
     *
     * @return the text or null
     */
    public String lastHumanText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof HumanMessage) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatInput && Objects.equals(raw, ((ChatInput) o).raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "ChatInput" + (raw instanceof String ? "(\"" + raw + "\")" : raw.toString());
    }
}
