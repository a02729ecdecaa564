package io.github.chattck.compat.springai.kit;

import io.github.chattck.compat.CompatClient;
import io.github.chattck.compat.Finding;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.springai.SpringAiChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/** Spring AI's Ollama model (RestClient and WebClient on Reactor Netty), through chat-tck-spring-ai, over the wire. */
@CompatClient(value = "Spring AI 2.0.1 Ollama", configured = "OllamaChatModel (no retries)", findings = {
        @Finding(rule = Rule.WIRE_6, what = "a tool result (role: tool) goes out with neither tool_call_id nor tool_name"
                + " (OllamaApi.Message has a toolName it leaves empty), so the results of parallel calls cannot be told"
                + " apart",
                see = "WIRE-6 in compat/spring-ai/target/chat-tck/SpringAiOllamaConformance.md: the tool call id of the"
                        + " tool result as sent is \"\""),
        @Finding(rule = Rule.WIRE_8, what = "an error line in the middle of an Ollama stream ({\"error\": \"...\"}) is not"
                + " read as an error: the stream fails with a NullPointerException (ChatResponse.message() is null) and"
                + " the server's message is lost",
                see = "WIRE-8 in compat/spring-ai/target/chat-tck/SpringAiOllamaConformance.md: \"java.lang"
                        + ".NullPointerException: Cannot invoke OllamaApi$Message.thinking()\"")})
public class SpringAiOllamaConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.OLLAMA_CHAT, endpoint -> SpringAiChatModel.of(OllamaChatModel.builder()
                .ollamaApi(OllamaApi.builder().baseUrl(endpoint.baseUrl()).build())
                .options(OllamaChatOptions.builder().model("llama3.2").build())
                .retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0))).build()));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
