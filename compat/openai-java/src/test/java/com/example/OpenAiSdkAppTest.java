package com.example;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireTurn;
import org.junit.jupiter.api.Test;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiSdkAppTest {
    @Test
    void aStreamThatBreaksOffFailsTheCall() {
        Script script = Script.builder().turn(WireTurn.of(Turn.text("This answer breaks off")).cutAfterFrames(2)).build();
        try (FakeLlmServer server = FakeLlmServer.start(script)) {             // plain Java: start() ... close()
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("test").build();
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("Tell me a story").build();

            assertThatThrownBy(() -> {
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                    stream.stream().forEach(chunk -> { });
                }
            }).isInstanceOf(RuntimeException.class);
            assertThat(server).lastRequest().hasHeader("authorization", "Bearer [redacted]").afterFrames(2);
        }
    }
}
