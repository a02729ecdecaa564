package io.github.chattck.compat.springai;

import io.github.chattck.fakeserver.FakeLlmScope;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Spring AI 2.0's Ollama model: its own client on Spring's RestClient (calls) and WebClient over Reactor Netty
 * (streams). Its documented errors: {@code NonTransientAiException} for a 4xx, {@code TransientAiException} for a 5xx
 * (retried by its RetryTemplate, here set to no retries).
 */
class OllamaChatModelTest extends SpringAiContract {
    @Override
    ChatModel model(FakeLlmScope llm) {
        return OllamaChatModel.builder().ollamaApi(OllamaApi.builder().baseUrl(llm.baseUrl()).build())
                .options(OllamaChatOptions.builder().model("llama3.2").build())
                .retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0))).build();
    }

    @Override
    String stopReason() {
        return "stop";
    }

    @Override
    Class<? extends Throwable> rateLimitException() {
        return NonTransientAiException.class;
    }

    @Override
    Class<? extends Throwable> serverErrorException() {
        return TransientAiException.class;
    }
}
