package io.github.chattck.springai;

import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChatModelException;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.fakes.ScriptedChatModel;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-tck model, usually a {@link ScriptedChatModel}, as a Spring AI {@code ChatModel}, so that an application
 * written against Spring AI (a {@code ChatClient} with advisors and tools) is tested offline against scripted
 * answers, faults and delays. Every prompt is recorded as Spring AI sent it ({@link #prompts()}); the scripted
 * model records the same calls in chat-tck's types.
 *
 * <pre>{@code
 * ScriptedChatModel script = ScriptedChatModel.builder()
 *         .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")))
 *         .turn(Turn.text("It is sunny in Paris."))
 *         .build();
 * ChatClient client = ChatClient.create(SpringAiFake.of(script));
 * }</pre>
 * {@code stream(Prompt)} is a cold {@code Flux} (each subscription is a new call) that honours demand: the script is
 * played one chunk per request, on a thread of its own, and a cancel closes the script's stream. It streams as
 * Spring AI's providers do: one {@code ChatResponse} per text chunk, each tool call whole once its fragments end (a
 * Spring AI tool call has no fragments), the usage as a running total, the id on every response; a scripted fault
 * is the {@code Flux}'s error, unchanged.
 */
public final class SpringAiFake implements org.springframework.ai.chat.model.ChatModel {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DEFAULT_EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chat-tck-spring-ai-fake-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final ChatModel model;
    private final Executor executor;
    private final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    private SpringAiFake(ChatModel model, Executor executor) {
        this.model = Checks.notNull(model, "model");
        this.executor = Checks.notNull(executor, "executor");
    }

    /**
     * Exposes a chat-tck model to Spring AI; streams are played on daemon threads of a shared pool.
     *
     * @param model the model that answers, usually a {@link ScriptedChatModel}
     * @return the Spring AI model
     */
    public static SpringAiFake of(ChatModel model) {
        return new SpringAiFake(model, DEFAULT_EXECUTOR);
    }

    /**
     * Exposes a chat-tck model to Spring AI, playing streams on {@code executor}.
     *
     * @param model    the model that answers
     * @param executor where each stream's chunks are produced and signalled
     * @return the Spring AI model
     */
    public static SpringAiFake of(ChatModel model, Executor executor) {
        return new SpringAiFake(model, executor);
    }

    /**
     * The chat-tck model behind this one.
     *
     * @return the model
     */
    public ChatModel model() {
        return model;
    }

    /**
     * Every prompt received so far, called and streamed, in order of arrival, as Spring AI built them.
     *
     * @return a snapshot
     */
    public List<Prompt> prompts() {
        return List.copyOf(prompts);
    }

    /**
     * The most recent prompt.
     *
     * @return the prompt
     * @throws IllegalStateException if none was received
     */
    public Prompt lastPrompt() {
        if (prompts.isEmpty()) {
            throw new IllegalStateException("the Spring AI fake over " + model.name() + " has received no prompt");
        }
        return prompts.get(prompts.size() - 1);
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        prompts.add(prompt);
        List<Message> messages = SpringAiMessages.fromSpring(prompt.getInstructions());
        UUID runId = UUID.randomUUID();
        // the script's exception unchanged if unchecked; a checked one is the cause of a ChatModelException
        return SpringAiMessages.toResponse(model.invoke(messages, SpringAiMessages.toRunConfig(prompt, runId)), runId);
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        prompts.add(prompt);
        List<Message> messages = SpringAiMessages.fromSpring(prompt.getInstructions());
        return Flux.defer(() -> {
            UUID runId = UUID.randomUUID();
            RunConfig config = SpringAiMessages.toRunConfig(prompt, runId);
            Responses responses = new Responses(runId);
            return JdkFlowAdapter.flowPublisherToFlux(model.stream(messages, config).toPublisher(executor))
                    .concatMapIterable(responses::of, 1)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(responses.end())))
                    .onErrorMap(ChatModelException.class::isInstance, e -> e.getCause() != null ? e.getCause() : e);
        });
    }

    /**
     * The model's name, temperature and output limit, as the chat-tck model describes itself (its ls parameters).
     * Tool-calling options, as every Spring AI provider's: a {@code ChatClient} adds its tools only to those.
     */
    @Override
    public ChatOptions getOptions() {
        var ls = model.lsParams(io.github.chattck.core.CallOptions.NONE);
        return ToolCallingChatOptions.builder().model(ls.modelName()).temperature(ls.temperature())
                .maxTokens(ls.maxTokens()).build();
    }

    @Override
    public String toString() {
        return "SpringAiFake{model=" + model.name() + ", prompts=" + prompts.size() + "}";
    }

    /** One stream's chunks as Spring AI responses: text as it comes, tool calls whole, usage as a running total. */
    private static final class Responses {
        private final UUID runId;
        private final Map<Integer, String[]> openCalls = new LinkedHashMap<>();
        private final Map<String, Object> pendingMetadata = new LinkedHashMap<>();
        private UsageMetadata usageSoFar;
        private boolean usagePending;
        private String id;

        Responses(UUID runId) {
            this.runId = runId;
        }

        List<ChatResponse> of(AIMessageChunk chunk) {
            List<ChatResponse> out = new ArrayList<>(2);
            if (id == null) {
                id = chunk.id();
            }
            for (ToolCallChunk fragment : chunk.toolCallChunks()) {
                if (!openCalls.containsKey(fragment.index())) {
                    flushCalls(out); // a new call ends the ones before it
                    openCalls.put(fragment.index(), new String[] {null, null, ""});
                }
                String[] call = openCalls.get(fragment.index());
                call[0] = call[0] == null || call[0].isEmpty() ? fragment.id() : call[0];
                call[1] = call[1] == null || call[1].isEmpty() ? fragment.name() : call[1];
                call[2] = call[2] + fragment.args();
            }
            if (chunk.usageMetadata() != null) {
                usageSoFar = chunk.usageMetadata().plus(usageSoFar);
                usagePending = true;
            }
            pendingMetadata.putAll(chunk.responseMetadata());
            if (!chunk.content().isEmpty()) {
                flushCalls(out); // text after a call ends it
                out.add(response(chunk.content(), List.of()));
            }
            return out;
        }

        /** What is still open at the end: the last tool calls, usage and metadata not yet sent. */
        List<ChatResponse> end() {
            List<ChatResponse> out = new ArrayList<>(1);
            flushCalls(out);
            if (usagePending || !pendingMetadata.isEmpty()) {
                out.add(response("", List.of()));
            }
            return out;
        }

        private void flushCalls(List<ChatResponse> out) {
            if (openCalls.isEmpty()) {
                return;
            }
            List<AssistantMessage.ToolCall> calls = new ArrayList<>(openCalls.size());
            openCalls.values().forEach(c -> calls.add(new AssistantMessage.ToolCall(c[0], "function", c[1], c[2])));
            openCalls.clear();
            out.add(response("", calls));
        }

        private ChatResponse response(String content, List<AssistantMessage.ToolCall> calls) {
            ChatResponse response = SpringAiMessages.toResponse(content, calls, usagePending ? usageSoFar : null,
                    new LinkedHashMap<>(pendingMetadata), id, runId);
            usagePending = false;
            pendingMetadata.clear();
            return response;
        }
    }
}
