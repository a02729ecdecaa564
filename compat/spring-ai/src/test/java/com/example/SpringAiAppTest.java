package com.example;

import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireFault;
import io.github.chattck.fakeserver.WireTurn;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import java.time.Duration;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class SpringAiAppTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    @Test
    void survivesARateLimitThenAnswers(FakeLlmScope llm) {
        llm.script(Script.builder()
                .turn(WireTurn.failing(WireFault.status(429).retryAfter(Duration.ofMillis(20))))   // the SDK retries
                .turn(Turn.text("Bonjour!"))
                .build());
        ChatClient chat = ChatClient.create(OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                .baseUrl(llm.openAiBaseUrl()).apiKey("test").model("gpt-4o-mini").build()).build());

        assertThat(chat.prompt().user("Say hello in French").call().content()).isEqualTo("Bonjour!");
        assertThat(llm).receivedRequests(2).request(1).hasStatus(429);
    }
}
