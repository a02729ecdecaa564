package io.github.chattck.compat.langchain4j.kit;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import io.github.chattck.compat.CompatClient;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.langchain4j.LangChain4jChatModel;

/** LangChain4j's Anthropic models, through chat-tck-langchain4j, over the wire (their base URL includes /v1). */
@CompatClient(value = "LangChain4j 1.19.0 Anthropic",
        configured = "AnthropicChatModel (maxRetries 0, maxTokens 256) + AnthropicStreamingChatModel")
public class LangChain4jAnthropicConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.ANTHROPIC_MESSAGES, endpoint -> LangChain4jChatModel.of(
                AnthropicChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
                        .modelName("claude-sonnet-4-5").maxTokens(256).maxRetries(0).build(),
                AnthropicStreamingChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
                        .modelName("claude-sonnet-4-5").maxTokens(256).build()));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
