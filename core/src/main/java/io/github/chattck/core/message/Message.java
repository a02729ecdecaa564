package io.github.chattck.core.message;

/**
 * A message of a conversation: what a chat model takes as input. The four kinds are records, so
 * messages compare by value and can be matched with {@code instanceof} patterns.
 */
public sealed interface Message permits SystemMessage, HumanMessage, AIMessage, ToolMessage {

    /**
     * The message type as LangChain names it: {@code "system"}, {@code "human"}, {@code "ai"} or {@code "tool"}.
     *
     * @return the type name
     */
    String type();

    /**
     * The text of the message, never null (may be empty).
     *
     * @return the text
     */
    String content();
}
