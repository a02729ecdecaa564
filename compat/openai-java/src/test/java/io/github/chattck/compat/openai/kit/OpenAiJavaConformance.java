package io.github.chattck.compat.openai.kit;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.github.chattck.compat.CompatClient;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;

/** The official openai-java SDK through a thin chat-tck provider ({@link OpenAiJavaChatModel}), over the wire. */
@CompatClient(value = "openai-java 4.101.0", configured = "OpenAIOkHttpClient (default retries) + OpenAiJavaChatModel")
public class OpenAiJavaConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, endpoint -> new OpenAiJavaChatModel(
                OpenAIOkHttpClient.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey()).build(),
                "gpt-4o-mini"));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
