package io.github.chattck.core;

import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.List;

/**
 * A chat model behind the standard interface, with shortcuts for the two input forms (a string, a list of
 * messages). Providers extend {@link BaseChatModel}, which implements all of it.
 */
public interface ChatModel extends Chainable<ChatInput, AIMessage, AIMessageChunk> {

    /**
     * The model's description for tracing, for a call with these options (SPEC 1.4).
     *
     * @param options the call's options (its stop sequences become {@code ls_stop})
     * @return the ls parameters
     */
    LsParams lsParams(CallOptions options);

    /**
     * The model's own tags, added after the config's tags in every event.
     *
     * @return the tags
     */
    List<String> tags();

    /**
     * This model with tools bound (LangChain's {@code bindTools}): every call of the returned model carries
     * {@code tools} in its {@link CallOptions#tools()}, unless the call's config names tools of its own, which then
     * replace them. The returned model keeps this model's name, tags, ls parameters and way of streaming; binding it
     * again replaces the tools and the choice. Providers may override this to reject what their API cannot do.
     *
     * @param tools the tools, distinct names
     * @return the bound model
     * @throws IllegalArgumentException if two tools share a name
     */
    default ChatModel bindTools(List<ToolDefinition> tools) {
        return new ToolBoundChatModel(this, tools, null);
    }

    /**
     * This model with tools and a tool choice bound: as {@link #bindTools(List)}, and every call carries
     * {@code choice} in its {@link CallOptions#toolChoice()}, unless the call's config sets a choice of its own.
     *
     * @param tools  the tools, distinct names
     * @param choice whether and which tool the model must call, not null
     * @return the bound model
     * @throws IllegalArgumentException if two tools share a name, or the choice needs a tool that is not among them
     */
    default ChatModel bindTools(List<ToolDefinition> tools, ToolChoice choice) {
        return new ToolBoundChatModel(this, tools, Checks.notNull(choice, "choice"));
    }

    /**
     * Invokes with one human message.
     *
     * @param text the message, not null
     * @return the answer
     */
    default AIMessage invoke(String text) {
        return invoke(ChatInput.of(text));
    }

    /**
     * Invokes with one human message.
     *
     * @param text   the message, not null
     * @param config the config
     * @return the answer
     */
    default AIMessage invoke(String text, RunConfig config) {
        return invoke(ChatInput.of(text), config);
    }

    /**
     * Invokes with a conversation.
     *
     * @param messages the messages, not empty
     * @return the answer
     */
    default AIMessage invoke(List<? extends Message> messages) {
        return invoke(ChatInput.of(messages));
    }

    /**
     * Invokes with a conversation.
     *
     * @param messages the messages, not empty
     * @param config   the config
     * @return the answer
     */
    default AIMessage invoke(List<? extends Message> messages, RunConfig config) {
        return invoke(ChatInput.of(messages), config);
    }

    /**
     * Streams the answer to one human message.
     *
     * @param text the message, not null
     * @return the chunks
     */
    default RunStream<AIMessageChunk> stream(String text) {
        return stream(ChatInput.of(text));
    }

    /**
     * Streams the answer to one human message.
     *
     * @param text   the message, not null
     * @param config the config
     * @return the chunks
     */
    default RunStream<AIMessageChunk> stream(String text, RunConfig config) {
        return stream(ChatInput.of(text), config);
    }

    /**
     * Streams the answer to a conversation.
     *
     * @param messages the messages, not empty
     * @return the chunks
     */
    default RunStream<AIMessageChunk> stream(List<? extends Message> messages) {
        return stream(ChatInput.of(messages));
    }

    /**
     * Streams the answer to a conversation.
     *
     * @param messages the messages, not empty
     * @param config   the config
     * @return the chunks
     */
    default RunStream<AIMessageChunk> stream(List<? extends Message> messages, RunConfig config) {
        return stream(ChatInput.of(messages), config);
    }

    /**
     * Streams the events of answering one human message.
     *
     * @param text the message, not null
     * @return the events
     */
    default RunStream<StreamEvent> streamEvents(String text) {
        return streamEvents(ChatInput.of(text));
    }

    /**
     * Streams the events of answering one human message.
     *
     * @param text   the message, not null
     * @param config the config
     * @return the events
     */
    default RunStream<StreamEvent> streamEvents(String text, RunConfig config) {
        return streamEvents(ChatInput.of(text), config);
    }

    /**
     * Streams the filtered events of answering one human message.
     *
     * @param text   the message, not null
     * @param config the config
     * @param filter which events to keep
     * @return the events
     */
    default RunStream<StreamEvent> streamEvents(String text, RunConfig config, EventFilter filter) {
        return streamEvents(ChatInput.of(text), config, filter);
    }
}
