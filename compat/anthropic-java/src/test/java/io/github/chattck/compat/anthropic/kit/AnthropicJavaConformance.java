package io.github.chattck.compat.anthropic.kit;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import io.github.chattck.compat.CompatClient;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;

/** The official anthropic-java SDK through a thin chat-tck provider ({@link AnthropicJavaChatModel}), over the wire. */
@CompatClient(value = "anthropic-java 3.14.0", configured = "AnthropicOkHttpClient (default retries) + AnthropicJavaChatModel")
public class AnthropicJavaConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.ANTHROPIC_MESSAGES, endpoint -> new AnthropicJavaChatModel(
                AnthropicOkHttpClient.builder().baseUrl(endpoint.baseUrl()).apiKey(endpoint.apiKey()).build(),
                "claude-sonnet-4-5"));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
