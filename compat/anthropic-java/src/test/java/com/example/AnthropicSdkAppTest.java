package com.example;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Iterator;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;

class AnthropicSdkAppTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    @Test
    void closingTheStreamEarlyIsSeenByTheServer(FakeLlmScope llm) {
        llm.turns(Turn.text("A long story").perChunkDelay(Duration.ofSeconds(5)));
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(llm.baseUrl()).apiKey("test").build();
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(512).addUserMessage("Tell me a story").build();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
            while (!events.next().isContentBlockDelta()) {
                // message_start, content_block_start
            }
        }   // the app stops reading after the first words

        assertThat(llm).lastRequest().wasAbandonedByClient().afterFrames(1);
    }
}
