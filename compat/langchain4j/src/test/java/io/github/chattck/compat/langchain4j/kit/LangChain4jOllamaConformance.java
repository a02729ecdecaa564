package io.github.chattck.compat.langchain4j.kit;

import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.github.chattck.compat.CompatClient;
import io.github.chattck.compat.Finding;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.langchain4j.LangChain4jChatModel;

/** LangChain4j's Ollama models (langchain4j-ollama 1.18.1 on core 1.19.0), through chat-tck-langchain4j, over the wire. */
@CompatClient(value = "LangChain4j 1.18.1 Ollama", configured = "OllamaChatModel (maxRetries 0) + OllamaStreamingChatModel",
        findings = @Finding(rule = Rule.WIRE_6, what = "a tool result (role: tool) goes out with neither tool_call_id nor"
                + " tool_name, so the results of parallel calls cannot be told apart",
                see = "WIRE-6 in compat/langchain4j/target/chat-tck/LangChain4jOllamaConformance.md: the tool call id of"
                        + " the tool result as sent is \"\""))
public class LangChain4jOllamaConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.OLLAMA_CHAT, endpoint -> LangChain4jChatModel.of(
                OllamaChatModel.builder().baseUrl(endpoint.baseUrl()).modelName("llama3.2").maxRetries(0).build(),
                OllamaStreamingChatModel.builder().baseUrl(endpoint.baseUrl()).modelName("llama3.2").build()));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
