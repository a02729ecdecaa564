package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChatModelException;
import io.github.chattck.core.LsParams;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.fakes.ScriptedChatModel;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A chat-tck model, usually a {@link ScriptedChatModel}, as a LangChain4j {@code ChatModel} and
 * {@code StreamingChatModel}, so that an application written against LangChain4j (an AI service, a chain of its
 * own) is tested offline against scripted answers, faults and delays. Every request is recorded as LangChain4j
 * received it ({@link #requests()}); the scripted model records the same calls in chat-tck's types.
 *
 * <pre>{@code
 * ScriptedChatModel script = ScriptedChatModel.builder()
 *         .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")))
 *         .turn(Turn.text("It is sunny in Paris."))
 *         .build();
 * LangChain4jFake model = LangChain4jFake.of(script);
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Weather()).build();
 * }</pre>
 * Streaming runs on a thread of its own (as a real client's callbacks do) and plays the script's chunks as
 * LangChain4j's providers do: {@code onPartialResponse} per text chunk, {@code onPartialToolCall} per argument
 * fragment (index, id and name on each), {@code onCompleteToolCall} when a call's fragments end, then
 * {@code onCompleteResponse} with the id, usage, finish reason and model name, or {@code onError} with the
 * script's exception unchanged. The {@link StreamingHandle} of each callback's context cancels the script's
 * stream. As LangChain4j's providers do, an exception thrown by the handler is passed to its {@code onError} and
 * the stream goes on.
 */
public final class LangChain4jFake implements dev.langchain4j.model.chat.ChatModel, StreamingChatModel {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DEFAULT_EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chat-tck-langchain4j-fake-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final ChatModel model;
    private final Executor executor;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    private LangChain4jFake(ChatModel model, Executor executor) {
        this.model = Checks.notNull(model, "model");
        this.executor = Checks.notNull(executor, "executor");
    }

    /**
     * Exposes a chat-tck model to LangChain4j; streams run on daemon threads of a shared pool.
     *
     * @param model the model that answers, usually a {@link ScriptedChatModel}
     * @return the LangChain4j model
     */
    public static LangChain4jFake of(ChatModel model) {
        return new LangChain4jFake(model, DEFAULT_EXECUTOR);
    }

    /**
     * Exposes a chat-tck model to LangChain4j, delivering streams on {@code executor} ({@code Runnable::run} makes
     * {@code chat(request, handler)} return only after the last callback).
     *
     * @param model    the model that answers
     * @param executor where each stream's callbacks run
     * @return the LangChain4j model
     */
    public static LangChain4jFake of(ChatModel model, Executor executor) {
        return new LangChain4jFake(model, executor);
    }

    /**
     * The chat-tck model behind this one (for its own assertions, e.g. on a {@link ScriptedChatModel}).
     *
     * @return the model
     */
    public ChatModel model() {
        return model;
    }

    /**
     * Every request received so far, blocking and streaming, in order of arrival, as LangChain4j built them.
     *
     * @return a snapshot
     */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * The most recent request.
     *
     * @return the request
     * @throws IllegalStateException if none was received
     */
    public ChatRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the LangChain4j fake over " + model.name() + " has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        List<Message> messages = LangChain4jMessages.fromLangChain4j(request.messages());
        UUID runId = UUID.randomUUID();
        // the script's exception unchanged if unchecked; a checked one is the cause of a ChatModelException
        return LangChain4jMessages.toResponse(model.invoke(messages, LangChain4jMessages.toRunConfig(request, runId)),
                runId);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        requests.add(request);
        List<Message> messages = LangChain4jMessages.fromLangChain4j(request.messages());
        UUID runId = UUID.randomUUID();
        RunConfig config = LangChain4jMessages.toRunConfig(request, runId);
        executor.execute(() -> deliver(messages, config, runId, handler));
    }

    private void deliver(List<Message> messages, RunConfig config, UUID runId, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        ToolCalls calls = new ToolCalls(handler, handle);
        ChunkAggregator answer = new ChunkAggregator();
        try (RunStream<AIMessageChunk> stream = model.stream(messages, config)) {
            handle.stream = stream;
            for (AIMessageChunk chunk : stream) {
                if (handle.isCancelled()) {
                    return;
                }
                answer.add(chunk);
                if (!chunk.content().isEmpty()) {
                    calls.completeOpen(); // text after a tool call ends it, as in a provider's stream
                    call(handler, h -> h.onPartialResponse(new PartialResponse(chunk.content()),
                            new PartialResponseContext(handle)));
                }
                for (ToolCallChunk fragment : chunk.toolCallChunks()) {
                    calls.fragment(fragment);
                }
            }
            if (handle.isCancelled()) {
                return;
            }
            calls.completeOpen();
            ChatResponse response = LangChain4jMessages.toResponse(answer.toMessage(), runId);
            call(handler, h -> h.onCompleteResponse(response));
        } catch (Throwable t) {
            if (!handle.isCancelled()) {
                Throwable original = t instanceof ChatModelException && t.getCause() != null ? t.getCause() : t;
                handler.onError(original);
            }
        }
    }

    /** Calls the handler as LangChain4j's providers do: what it throws goes to its onError, and the stream goes on. */
    private static void call(StreamingChatResponseHandler handler, Consumer<StreamingChatResponseHandler> callback) {
        try {
            callback.accept(handler);
        } catch (RuntimeException e) {
            try {
                handler.onError(e);
            } catch (RuntimeException ignored) {
                System.getLogger(LangChain4jFake.class.getName()).log(System.Logger.Level.WARNING,
                        "the handler's onError threw; ignored, as LangChain4j does", ignored);
            }
        }
    }

    /** The partial and complete tool-call callbacks of one stream. */
    private static final class ToolCalls {
        private final StreamingChatResponseHandler handler;
        private final Handle handle;
        /** Calls by index: id, name and the arguments so far; an open one has not had onCompleteToolCall yet. */
        private final TreeMap<Integer, String[]> open = new TreeMap<>();

        ToolCalls(StreamingChatResponseHandler handler, Handle handle) {
            this.handler = handler;
            this.handle = handle;
        }

        void fragment(ToolCallChunk fragment) {
            if (!open.containsKey(fragment.index())) {
                completeOpen(); // a new index ends the calls before it
                open.put(fragment.index(), new String[] {null, null, ""});
            }
            String[] call = open.get(fragment.index());
            call[0] = call[0] == null || call[0].isEmpty() ? fragment.id() : call[0];
            call[1] = call[1] == null || call[1].isEmpty() ? fragment.name() : call[1];
            call[2] = call[2] + fragment.args();
            // LangChain4j names the tool on every fragment, and has no fragment without arguments text
            if (!fragment.args().isEmpty() && call[1] != null && !call[1].isEmpty()) {
                PartialToolCall partial = PartialToolCall.builder().index(fragment.index()).id(call[0]).name(call[1])
                        .partialArguments(fragment.args()).build();
                call(handler, h -> h.onPartialToolCall(partial, new PartialToolCallContext(handle)));
            }
        }

        void completeOpen() {
            while (!open.isEmpty() && !handle.isCancelled()) {
                var entry = open.pollFirstEntry();
                String[] call = entry.getValue();
                ToolExecutionRequest request = ToolExecutionRequest.builder().id(call[0]).name(call[1])
                        .arguments(call[2]).build();
                call(handler, h -> h.onCompleteToolCall(new CompleteToolCall(entry.getKey(), request)));
            }
        }
    }

    /** Cancels the script's stream; what LangChain4j hands to each callback. */
    private static final class Handle implements StreamingHandle {
        private volatile boolean cancelled;
        private volatile RunStream<AIMessageChunk> stream;

        @Override
        public void cancel() {
            cancelled = true;
            RunStream<AIMessageChunk> s = stream;
            if (s != null) {
                s.close();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    // Both LangChain4j interfaces declare these defaults: one answer for both.

    /** The model's name, temperature and output limit, as the chat-tck model describes itself (its ls parameters). */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        LsParams ls = model.lsParams(CallOptions.NONE);
        return ChatRequestParameters.builder().modelName(ls.modelName()).temperature(ls.temperature())
                .maxOutputTokens(ls.maxTokens()).build();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "LangChain4jFake{model=" + model.name() + ", requests=" + requests.size() + "}";
    }
}
