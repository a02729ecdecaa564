package io.github.chattck.compat.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.github.chattck.fakeserver.FakeLlmScope;

import java.util.List;

/** LangChain4j's Ollama models (1.18.1, on langchain4j-core 1.19.0) against the Ollama dialect. */
class OllamaModelsTest extends LangChain4jContract {
    @Override
    ChatModel chatModel(FakeLlmScope llm) {
        return OllamaChatModel.builder().baseUrl(llm.baseUrl()).modelName("llama3.2").maxRetries(0).build();
    }

    @Override
    StreamingChatModel streamingModel(FakeLlmScope llm) {
        return OllamaStreamingChatModel.builder().baseUrl(llm.baseUrl()).modelName("llama3.2").build();
    }

    /**
     * A finding, not a server choice: langchain4j-ollama 1.18.1 sends the call's id back on the assistant message
     * but the tool result ({@code role: tool}) carries neither {@code tool_call_id} nor {@code tool_name} (both in
     * Ollama's {@code api.Message}), so results of parallel calls cannot be told apart. The journal shows it as an
     * empty id.
     */
    @Override
    String expectedToolResultId() {
        return "";
    }

    /** Ollama's API has no argument fragments: the call arrives whole. */
    @Override
    List<String> expectedArgumentFragments() {
        return List.of();
    }
}
