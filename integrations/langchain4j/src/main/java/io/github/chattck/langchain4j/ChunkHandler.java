package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ToolCallChunk;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Turns LangChain4j's streaming callbacks into chunks, one per callback, as they come. LangChain4j lets a handler
 * cancel only from inside a callback, through the {@link StreamingHandle} of its context: the handle of the latest
 * callback is kept, so that a close of the chat-tck stream cancels the request at once, and a close that comes
 * before the first callback cancels at that callback. Callbacks come from one LangChain4j thread at a time.
 */
final class ChunkHandler implements StreamingChatResponseHandler {
    private final ChunkSink sink;
    private final StringBuilder streamedText = new StringBuilder();
    /** Tool calls, by index, whose arguments were already given by a partial or complete callback. */
    private final BitSet streamedCalls = new BitSet();
    private volatile StreamingHandle handle;

    ChunkHandler(ChunkSink sink) {
        this.sink = sink;
        sink.onCancel(this::cancel);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        if (accepts(context.streamingHandle())) {
            text(partialResponse.text());
        }
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        // a provider that still calls the callback without context: nothing to cancel with
        if (!sink.isCancelled()) {
            text(partialResponse);
        }
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        // chat-tck messages have no reasoning text; keeping the handle still makes a close cancel promptly
        accepts(context.streamingHandle());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        if (accepts(context.streamingHandle())) {
            onPartialToolCall(partialToolCall);
        }
    }

    @Override
    public void onPartialToolCall(PartialToolCall call) {
        if (sink.isCancelled()) {
            return;
        }
        streamedCalls.set(call.index());
        emit(toolChunk(call.index(), call.id(), call.name(), call.partialArguments()));
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
        // a provider that streams no argument fragments (Bedrock, Gemini, Ollama ...) gives the whole call here
        if (!sink.isCancelled() && !streamedCalls.get(call.index())) {
            streamedCalls.set(call.index());
            ToolExecutionRequest r = call.toolExecutionRequest();
            emit(toolChunk(call.index(), r.id(), r.name(), r.arguments()));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (sink.isCancelled()) {
            return;
        }
        // what the callbacks did not stream (a provider that sends the text or a tool call only here) comes first
        List<ToolCallChunk> missingCalls = new ArrayList<>();
        List<ToolExecutionRequest> requests = response.aiMessage().toolExecutionRequests();
        for (int i = 0; i < requests.size(); i++) {
            if (!streamedCalls.get(i)) {
                ToolExecutionRequest r = requests.get(i);
                missingCalls.add(new ToolCallChunk(i, r.id(), r.name(), r.arguments()));
            }
        }
        String text = response.aiMessage().text();
        String missingText = text != null && text.length() > streamedText.length()
                && text.startsWith(streamedText.toString()) ? text.substring(streamedText.length()) : "";
        if ((!missingText.isEmpty() || !missingCalls.isEmpty())
                && !emit(new AIMessageChunk(missingText, missingCalls, null, null, null))) {
            return;
        }
        // the late id of SPEC 1.3: the response id comes only now, on a content-free chunk with usage and metadata
        Map<String, Object> metadata = LangChain4jMessages.metadata(response);
        var usage = LangChain4jMessages.usage(response.tokenUsage());
        if ((response.id() != null || usage != null || !metadata.isEmpty())
                && !emit(new AIMessageChunk("", null, usage, metadata, response.id()))) {
            return;
        }
        sink.complete();
    }

    @Override
    public void onError(Throwable error) {
        sink.error(error);
    }

    private void text(String text) {
        if (text != null && !text.isEmpty()) {
            streamedText.append(text);
            emit(AIMessageChunk.of(text));
        }
    }

    private static AIMessageChunk toolChunk(int index, String id, String name, String args) {
        return new AIMessageChunk("", List.of(new ToolCallChunk(index, id, name, args)), null, null, null);
    }

    /** Keeps the callback's handle; false (and the request cancelled) if the consumer has closed the stream. */
    private boolean accepts(StreamingHandle current) {
        handle = current;
        if (sink.isCancelled()) {
            cancel();
            return false;
        }
        return true;
    }

    private boolean emit(AIMessageChunk chunk) {
        if (sink.next(chunk)) {
            return true;
        }
        cancel();
        return false;
    }

    private void cancel() {
        StreamingHandle h = handle;
        if (h != null && !h.isCancelled()) {
            h.cancel();
        }
    }
}
