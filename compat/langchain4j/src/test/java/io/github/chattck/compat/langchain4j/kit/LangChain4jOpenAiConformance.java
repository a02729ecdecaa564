package io.github.chattck.compat.langchain4j.kit;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.chattck.compat.CompatClient;
import io.github.chattck.compat.Finding;
import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.langchain4j.LangChain4jChatModel;

/** LangChain4j's OpenAI models, through chat-tck-langchain4j, over the wire. */
@CompatClient(value = "LangChain4j 1.19.0 OpenAI", configured = "OpenAiChatModel (maxRetries 0) + OpenAiStreamingChatModel",
        findings = @Finding(rule = Rule.WIRE_8, what = "OpenAiStreamingChatModel skips a mid-stream error frame"
                + " (data: {\"error\": ...}) and, as it does not wait for data: [DONE], completes the answer with the text"
                + " before the error: the caller gets a shorter answer and no error",
                see = "WIRE-8 in compat/langchain4j/target/chat-tck/LangChain4jOpenAiConformance.md: \"it ended normally"
                        + " after 4 chunk(s), 'A robot named'\""))
public class LangChain4jOpenAiConformance extends ChatModelConformanceTests {
    @Override
    protected WireTarget wireTarget() {
        return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, endpoint -> LangChain4jChatModel.of(
                OpenAiChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
                        .modelName("gpt-4o-mini").maxRetries(0).build(),
                OpenAiStreamingChatModel.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey())
                        .modelName("gpt-4o-mini").build()));
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
