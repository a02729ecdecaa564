package com.example;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class WeatherAssistantTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();   // one server, a fresh scope per test

    @Test
    void streamsTheAnswerAsTheModelWritesIt(FakeLlmScope llm) throws Exception {
        llm.turns(Turn.text("Sunny, 24 degrees").chunks("Sunny", ", 24", " degrees").usage(9, 3));
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
                .baseUrl(llm.openAiBaseUrl()).apiKey("test").modelName("gpt-4o-mini").build();

        List<String> tokens = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("Weather in Paris?", new StreamingChatResponseHandler() {
            @Override public void onPartialResponse(String token) { tokens.add(token); }
            @Override public void onCompleteResponse(ChatResponse response) { done.complete(response); }
            @Override public void onError(Throwable error) { done.completeExceptionally(error); }
        });

        assertThat(done.get(10, TimeUnit.SECONDS).tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(tokens).containsExactly("Sunny", ", 24", " degrees");
        assertThat(llm).lastRequest().hasLastUserMessage("Weather in Paris?").endedAs(Ending.COMPLETED);
    }
}
