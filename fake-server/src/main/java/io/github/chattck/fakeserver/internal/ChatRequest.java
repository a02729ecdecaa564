package io.github.chattck.fakeserver.internal;

import io.github.chattck.core.message.Message;

import java.util.List;

/**
 * What a dialect makes of a request body, in neutral terms.
 *
 * @param model        the model asked for, or null
 * @param stream       whether the client asked for a stream
 * @param includeUsage whether an OpenAI client asked for the usage frame ({@code stream_options.include_usage})
 * @param messages     the conversation
 * @param toolsOffered the names of the tools offered
 * @param stop         the stop sequences the client sent (OpenAI Chat Completions {@code stop}, Anthropic
 *                     {@code stop_sequences}, Ollama {@code options.stop}), in order
 */
public record ChatRequest(String model, boolean stream, boolean includeUsage, List<Message> messages,
                          List<String> toolsOffered, List<String> stop) {
    /**
     * Copies the lists.
     *
     * @param model        the model
     * @param stream       streaming
     * @param includeUsage usage frame
     * @param messages     the messages
     * @param toolsOffered the tool names
     * @param stop         the stop sequences
     */
    public ChatRequest {
        messages = List.copyOf(messages);
        toolsOffered = List.copyOf(toolsOffered);
        stop = List.copyOf(stop);
    }
}
