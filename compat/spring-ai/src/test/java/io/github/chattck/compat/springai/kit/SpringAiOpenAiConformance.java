package io.github.chattck.compat.springai.kit;

import io.github.chattck.compat.CompatClient;
import io.github.chattck.compat.Finding;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.springai.SpringAiChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/** Spring AI's OpenAI model (on openai-java), through chat-tck-spring-ai, over the wire. */
@CompatClient(value = "Spring AI 2.0.1 OpenAI", configured = "OpenAiChatModel (maxRetries 0, streamUsage true)",
        findings = @Finding(rule = Rule.WIRE_3, what = "a streamed tool call reaches the caller only once its arguments are"
                + " complete: Spring AI's streaming ChatResponse carries whole tool calls (the model aggregates the"
                + " argument fragments itself), so no adapter can stream them",
                see = "WIRE-3 in compat/spring-ai/target/chat-tck/SpringAiOpenAiConformance.md: \"1 chunk(s) carrying arguments\" for 6"
                        + " fragments sent 40 ms apart"))
public class SpringAiOpenAiConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, endpoint -> SpringAiChatModel.of(OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
                        .model("gpt-4o-mini").maxRetries(0).streamUsage(true).build()).build()));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
