package io.github.chattck.compat.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.chattck.fakeserver.FakeLlmScope;

/** LangChain4j's OpenAI models (its own client on the JDK HttpClient) against the Chat Completions dialect. */
class OpenAiModelsTest extends LangChain4jContract {
    @Override
    ChatModel chatModel(FakeLlmScope llm) {
        return OpenAiChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-test").modelName("gpt-4o-mini").maxRetries(0).build();
    }

    @Override
    StreamingChatModel streamingModel(FakeLlmScope llm) {
        return OpenAiStreamingChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-test").modelName("gpt-4o-mini").build();
    }
}
