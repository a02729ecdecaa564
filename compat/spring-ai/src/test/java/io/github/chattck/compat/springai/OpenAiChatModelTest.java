package io.github.chattck.compat.springai;

import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import io.github.chattck.fakeserver.FakeLlmScope;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Spring AI 2.0's OpenAI model. It is built on the official openai-java SDK (4.49 here), whose exceptions it lets
 * through: {@code com.openai.errors.RateLimitException} for a 429, {@code InternalServerException} for a 500.
 */
class OpenAiChatModelTest extends SpringAiContract {
    @Override
    ChatModel model(FakeLlmScope llm) {
        return OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-test")
                .model("gpt-4o-mini").maxRetries(0).streamUsage(true).build()).build();
    }

    @Override
    String stopReason() {
        return "STOP";
    }

    @Override
    Class<? extends Throwable> rateLimitException() {
        return RateLimitException.class;
    }

    @Override
    Class<? extends Throwable> serverErrorException() {
        return InternalServerException.class;
    }
}
