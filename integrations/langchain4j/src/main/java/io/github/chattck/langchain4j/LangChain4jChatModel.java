package io.github.chattck.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.Message;

import java.util.List;
import java.util.Locale;

/**
 * A LangChain4j chat model as a chat-tck model, so that it runs under the conformance kit, or anywhere the standard
 * interface is wanted. {@code invoke} calls the LangChain4j {@code ChatModel}; {@code stream} calls the
 * {@code StreamingChatModel} and yields each callback as a chunk as it comes: text, tool-call argument fragments
 * ({@code onPartialToolCall}), then a last content-free chunk with the response id, usage, finish reason and model
 * name of {@code onCompleteResponse} (the late id of SPEC 1.3). Closing the stream cancels LangChain4j's request
 * through its {@code StreamingHandle}; LangChain4j's exceptions reach the caller unchanged.
 *
 * <pre>{@code
 * ChatModel model = LangChain4jChatModel.of(openAiChatModel, openAiStreamingChatModel);
 * }</pre>
 * Either model may be absent: without a streaming model {@code stream} yields the single-chunk fallback, without a
 * blocking one {@code invoke} aggregates the stream.
 */
public final class LangChain4jChatModel extends BaseChatModel {
    private final dev.langchain4j.model.chat.ChatModel chatModel;
    private final StreamingChatModel streamingModel;
    private final String name;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final Integer maxTokens;

    private LangChain4jChatModel(Builder b) {
        Checks.argument(b.chatModel != null || b.streamingModel != null,
                "a LangChain4j ChatModel, StreamingChatModel or both are needed, but neither was given");
        this.chatModel = b.chatModel;
        this.streamingModel = b.streamingModel;
        Object main = streamingModel != null ? streamingModel : chatModel;
        ChatRequestParameters defaults = streamingModel != null ? streamingModel.defaultRequestParameters()
                : chatModel.defaultRequestParameters();
        ModelProvider libraryProvider = streamingModel != null ? streamingModel.provider() : chatModel.provider();
        String simpleName = main.getClass().getSimpleName(); // empty for an anonymous class
        this.name = b.name != null ? b.name : simpleName.isEmpty() ? "LangChain4jChatModel" : simpleName;
        this.provider = b.provider != null ? b.provider : providerName(libraryProvider);
        this.modelName = b.modelName != null ? b.modelName
                : defaults != null && defaults.modelName() != null ? defaults.modelName() : name;
        this.temperature = defaults == null ? null : defaults.temperature();
        this.maxTokens = defaults == null ? null : defaults.maxOutputTokens();
    }

    /**
     * Wraps a blocking and a streaming LangChain4j model of the same provider.
     *
     * @param chatModel      answers {@code invoke}; may be null if {@code streamingModel} is given
     * @param streamingModel answers {@code stream}; may be null (then {@code stream} yields one chunk)
     * @return the model
     */
    public static LangChain4jChatModel of(dev.langchain4j.model.chat.ChatModel chatModel,
                                          StreamingChatModel streamingModel) {
        return builder().chatModel(chatModel).streamingModel(streamingModel).build();
    }

    /**
     * A builder, to set the name and ls parameters where the LangChain4j model does not tell them.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
        if (chatModel != null) {
            return LangChain4jMessages.fromResponse(chatModel.chat(LangChain4jMessages.toRequest(messages, options)));
        }
        ChunkAggregator answer = new ChunkAggregator();
        try (ChunkSource source = streamChunks(messages, options)) {
            AIMessageChunk chunk;
            while ((chunk = source.next()) != null) {
                answer.add(chunk);
            }
        }
        return answer.toMessage();
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        if (streamingModel == null) {
            return null;
        }
        var request = LangChain4jMessages.toRequest(messages, options);
        return ChunkSource.fromCallbacks(sink -> streamingModel.chat(request, new ChunkHandler(sink)));
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

    /** LangChain's spelling of LangChain4j's provider names ({@code OPEN_AI} is {@code openai}). */
    private static String providerName(ModelProvider provider) {
        if (provider == null || provider == ModelProvider.OTHER) {
            return "langchain4j";
        }
        return provider.name().replace("_", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "LangChain4jChatModel{chatModel=" + chatModel + ", streamingModel=" + streamingModel + "}";
    }

    /** Builds a {@link LangChain4jChatModel}; not thread-safe. */
    public static final class Builder {
        private dev.langchain4j.model.chat.ChatModel chatModel;
        private StreamingChatModel streamingModel;
        private String name;
        private String provider;
        private String modelName;

        private Builder() {
        }

        /**
         * The blocking model, for {@code invoke}.
         *
         * @param value the model, may be null
         * @return this builder
         */
        public Builder chatModel(dev.langchain4j.model.chat.ChatModel value) {
            this.chatModel = value;
            return this;
        }

        /**
         * The streaming model, for {@code stream}.
         *
         * @param value the model, may be null
         * @return this builder
         */
        public Builder streamingModel(StreamingChatModel value) {
            this.streamingModel = value;
            return this;
        }

        /**
         * The name in runs and events; default the LangChain4j model's class name.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder name(String value) {
            this.name = Checks.nonBlank(value, "name");
            return this;
        }

        /**
         * {@code ls_provider}; default LangChain4j's provider name ({@code openai}, {@code anthropic} ...), or
         * {@code langchain4j} when the model tells none.
         *
         * @param value non-blank
         * @return this builder
         */
        public Builder provider(String value) {
            this.provider = Checks.nonBlank(value, "provider");
            return this;
        }

        /**
         * {@code ls_model_name}; default the model name of the LangChain4j model's default request parameters.
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
         * @throws IllegalArgumentException if neither LangChain4j model was given
         */
        public LangChain4jChatModel build() {
            return new LangChain4jChatModel(this);
        }
    }
}
