package io.github.chattck.springai;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A Spring AI chat model as a chat-tck model, so that it runs under the conformance kit, or anywhere the standard
 * interface is wanted. {@code invoke} calls {@code call(Prompt)}; {@code stream} subscribes to
 * {@code stream(Prompt)} with bounded demand (never everything at once) and yields each {@code ChatResponse} of
 * the {@code Flux} as a chunk as it comes. Closing the stream cancels the subscription, so the provider's request;
 * the {@code Flux}'s error reaches the caller unchanged.
 * <p>
 * What Spring AI's types decide: a streamed {@code ChatResponse} holds complete tool calls only (its
 * {@code MessageAggregator} appends them whole), so each becomes one tool-call chunk with all its arguments, under
 * the next index; a streamed usage is the total so far (the aggregator keeps the latest non-zero count), so each
 * chunk carries what it adds to the usage before it. A model whose {@code stream} is not supported (Spring AI's
 * default throws {@link UnsupportedOperationException}) streams the single-chunk fallback.
 *
 * <pre>{@code
 * ChatModel model = SpringAiChatModel.of(openAiChatModel);
 * }</pre>
 */
public final class SpringAiChatModel extends BaseChatModel {
    private final org.springframework.ai.chat.model.ChatModel model;
    private final String name;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final Integer maxTokens;

    private SpringAiChatModel(Builder b) {
        this.model = Checks.notNull(b.model, "model");
        ChatOptions defaults = model.getOptions();
        String simpleName = model.getClass().getSimpleName(); // empty for an anonymous class
        this.name = b.name != null ? b.name : simpleName.isEmpty() ? "SpringAiChatModel" : simpleName;
        this.provider = b.provider != null ? b.provider : providerName(simpleName);
        this.modelName = b.modelName != null ? b.modelName
                : defaults != null && defaults.getModel() != null && !defaults.getModel().isBlank() ? defaults.getModel()
                : name;
        this.temperature = defaults == null ? null : defaults.getTemperature();
        this.maxTokens = defaults == null ? null : defaults.getMaxTokens();
    }

    /**
     * Wraps a Spring AI chat model.
     *
     * @param model the model
     * @return the chat-tck model
     */
    public static SpringAiChatModel of(org.springframework.ai.chat.model.ChatModel model) {
        return builder().model(model).build();
    }

    /**
     * A builder, to set the name and ls parameters where the Spring AI model does not tell them.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) {
        return SpringAiMessages.fromResponse(model.call(SpringAiMessages.toPrompt(messages, options, model.getOptions())));
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        Prompt prompt = SpringAiMessages.toPrompt(messages, options, model.getOptions());
        Flux<ChatResponse> responses;
        try {
            responses = model.stream(prompt);
        } catch (UnsupportedOperationException e) {
            return null; // Spring AI's default: this model does not stream
        }
        return ReactiveChunkSources.fromPublisher(responses.map(new ChunkMapper(runMessageId(options))));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected String providerName() {
        return provider;
    }

    @Override
    protected String modelName() {
        return modelName;
    }

    @Override
    protected Double temperature() {
        return temperature;
    }

    @Override
    protected Integer maxTokens() {
        return maxTokens;
    }

    /** LangChain's spelling of the provider a Spring AI class is named after: {@code OpenAiChatModel} is {@code openai}. */
    private static String providerName(String simpleName) {
        String provider = simpleName.endsWith("ChatModel")
                ? simpleName.substring(0, simpleName.length() - "ChatModel".length()) : "";
        return provider.isEmpty() ? "springai" : provider.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SpringAiChatModel{model=" + model + "}";
    }

    /**
     * One stream's {@code ChatResponse}s as chunks: tool calls take the next index, usage becomes increments, and a
     * chunk without the provider's id gets the run's (which the base class would otherwise stamp on a copy).
     */
    private static final class ChunkMapper implements Function<ChatResponse, AIMessageChunk> {
        private final String runMessageId;
        private int nextToolIndex;
        private long input;
        private long output;
        private long total;
        /** Cache counts so far; null until the provider reports one (a reported zero is kept, as invoke keeps it). */
        private Long cacheRead;
        private Long cacheWrite;

        ChunkMapper(String runMessageId) {
            this.runMessageId = runMessageId;
        }

        @Override
        public AIMessageChunk apply(ChatResponse response) {
            Generation result = response.getResult();
            AssistantMessage message = result == null ? null : result.getOutput();
            String text = message == null ? null : message.getText();
            List<AssistantMessage.ToolCall> toolCalls = message == null ? List.of() : message.getToolCalls();
            ChatResponseMetadata metadata = response.getMetadata();
            String id = SpringAiMessages.id(metadata);
            // most frames carry a piece of text alone: no tool-call list to build for them
            return new AIMessageChunk(text == null ? "" : text, toolCalls.isEmpty() ? List.of() : toolCallChunks(toolCalls),
                    increment(metadata.getUsage()), SpringAiMessages.metadata(metadata, result),
                    id != null ? id : runMessageId);
        }

        private List<ToolCallChunk> toolCallChunks(List<AssistantMessage.ToolCall> toolCalls) {
            List<ToolCallChunk> calls = new ArrayList<>(toolCalls.size());
            for (AssistantMessage.ToolCall c : toolCalls) {
                calls.add(new ToolCallChunk(nextToolIndex++, c.id(), c.name(), c.arguments()));
            }
            return calls;
        }

        /** What this usage adds to the latest one seen (Spring AI's counts are running totals; zero means unknown). */
        private UsageMetadata increment(Usage usage) {
            if (usage == null) {
                return null;
            }
            long in = Math.max(input, SpringAiMessages.zeroIfNull(usage.getPromptTokens()));
            long out = Math.max(output, SpringAiMessages.zeroIfNull(usage.getCompletionTokens()));
            long tot = Math.max(total, usage.getTotalTokens() == null ? in + out : usage.getTotalTokens());
            Long read = latest(cacheRead, usage.getCacheReadInputTokens());
            Long write = latest(cacheWrite, usage.getCacheWriteInputTokens());
            boolean readAdds = read != null && (cacheRead == null || read > cacheRead);
            boolean writeAdds = write != null && (cacheWrite == null || write > cacheWrite);
            if (in == input && out == output && tot == total && !readAdds && !writeAdds) {
                return null;
            }
            UsageMetadata delta = new UsageMetadata(in - input, out - output, tot - total,
                    SpringAiMessages.cacheDetails(readAdds ? read - (cacheRead == null ? 0 : cacheRead) : null,
                            writeAdds ? write - (cacheWrite == null ? 0 : cacheWrite) : null), null);
            input = in;
            output = out;
            total = tot;
            cacheRead = read;
            cacheWrite = write;
            return delta;
        }

        private static Long latest(Long sofar, Long reported) {
            if (reported == null) {
                return sofar;
            }
            return sofar == null ? reported : Math.max(sofar, reported);
        }
    }

    /** Builds a {@link SpringAiChatModel}; not thread-safe. */
    public static final class Builder {
        private org.springframework.ai.chat.model.ChatModel model;
        private String name;
        private String provider;
        private String modelName;

        private Builder() {
        }

        /**
         * The Spring AI model.
         *
         * @param value the model, not null
         * @return this builder
         */
        public Builder model(org.springframework.ai.chat.model.ChatModel value) {
            this.model = Checks.notNull(value, "model");
            return this;
        }

        /**
         * The name in runs and events; default the Spring AI model's class name.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder name(String value) {
            this.name = Checks.nonBlank(value, "name");
            return this;
        }

        /**
         * {@code ls_provider}; default the class name without {@code ChatModel}, lower-cased ({@code openai}), or
         * {@code springai}.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder provider(String value) {
            this.provider = Checks.nonBlank(value, "provider");
            return this;
        }

        /**
         * {@code ls_model_name}; default the model of the Spring AI model's options.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder modelName(String value) {
            this.modelName = Checks.nonBlank(value, "modelName");
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         * @throws NullPointerException if no Spring AI model was given
         */
        public SpringAiChatModel build() {
            return new SpringAiChatModel(this);
        }
    }
}
