package io.github.chattck.compat.langchain4j;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.github.chattck.fakeserver.FakeLlmScope;

/** LangChain4j's Anthropic models against the Messages dialect (their base URL includes {@code /v1}). */
class AnthropicModelsTest extends LangChain4jContract {
    @Override
    ChatModel chatModel(FakeLlmScope llm) {
        return AnthropicChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-ant-test").modelName("claude-sonnet-4-5")
                .maxTokens(256).maxRetries(0).build();
    }

    @Override
    StreamingChatModel streamingModel(FakeLlmScope llm) {
        return AnthropicStreamingChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-ant-test")
                .modelName("claude-sonnet-4-5").maxTokens(256).build();
    }
}
