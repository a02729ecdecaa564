package io.github.chattck.compat.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireTurn;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official anthropic-java SDK (OkHttp) against the fake server's Messages dialect. */
class AnthropicJavaTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    private static final Turn HELLO = Turn.text("Hello big world").chunks("Hello", " big", " world").usage(12, 3);

    private static AnthropicClient client(FakeLlmScope llm) {
        return AnthropicOkHttpClient.builder().baseUrl(llm.baseUrl()).apiKey("sk-ant-test").maxRetries(0).build();
    }

    private static MessageCreateParams.Builder ask(String text) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage(text);
    }

    @Test
    void streamedTextArrivesChunkForChunkAndAccumulatesWithStopReasonAndUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        List<String> deltas = new ArrayList<>();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client(llm).messages().createStreaming(ask("Say hello").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> deltas.add(t.text()));
            });
        }
        assertThat(deltas).containsExactly("Hello", " big", " world");
        Message message = accumulator.message();
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello big world");
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        assertThat(message.usage().inputTokens()).isEqualTo(12);
        assertThat(message.usage().outputTokens()).isEqualTo(3);
        assertThat(message.id()).startsWith("msg_");
        assertThat(llm).lastRequest().isStreaming().hasHeader("authorization", "Bearer [redacted]").hasHeader("anthropic-version")
                .hasLastUserMessage("Say hello").endedAs(Ending.COMPLETED);
    }

    @Test
    void wholeAnswerCarriesUsageAndStopReason(FakeLlmScope llm) {
        llm.turns(HELLO);
        Message message = client(llm).messages().create(ask("Say hello").build());
        assertThat(message.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo("Hello big world"));
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        assertThat(message.usage().outputTokens()).isEqualTo(3);
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void toolCallRoundTrip(FakeLlmScope llm) {
        llm.turns(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4), Turn.text("Sunny in Paris"));
        AnthropicClient client = client(llm);
        MessageCreateParams.Builder first = ask("Weather in Paris?").addTool(Tool.builder().name("get_weather")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build()).build())
                .build());
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> fragments = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(first.build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().flatMap(d -> d.delta().inputJson()).ifPresent(j -> fragments.add(j.partialJson()));
            });
        }
        assertThat(fragments).containsExactly("{\"ci", "ty\":", "\"Par", "is\"}");
        Message call = accumulator.message();
        assertThat(call.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
        ToolUseBlock toolUse = call.content().get(0).asToolUse();
        assertThat(toolUse.id()).isEqualTo("call_1");
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse._input().convert(new TypeReference<Map<String, Object>>() { })).isEqualTo(Map.of("city", "Paris"));

        Message answer = client.messages().create(first.addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("sunny, 24C").build())))
                .build());
        assertThat(answer.content().get(0).asText().text()).isEqualTo("Sunny in Paris");
        assertThat(llm).receivedRequests(2).request(1).offersTools("get_weather");
        assertThat(llm).request(2).hasToolResult("call_1", "sunny, 24C").hasLastUserMessage("Weather in Paris?");
    }

    @Test
    void a429IsARateLimitExceptionAndA500AnInternalServerException(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.status(429)).turn(WireTurn.status(500)).build());
        AnthropicClient client = client(llm);
        assertThatThrownBy(() -> client.messages().create(ask("x").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly("0");
                    assertThat(e.getMessage()).contains("rate_limit_error");
                });
        assertThatThrownBy(() -> client.messages().create(ask("x").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void aCutStreamFails(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.of(HELLO).cutAfterFrames(1)).build());
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client(llm).messages().createStreaming(ask("x").build())) {
                stream.stream().forEach(e -> { });
            }
        }).isInstanceOf(RuntimeException.class);
        assertThat(llm).lastRequest().endedAs(Ending.CUT_BY_SCRIPT).afterFrames(1);
    }

    @Test
    void anErrorEventIsAnSseException(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.of(HELLO).errorEventAfterFrames(2, "Overloaded")).build());
        List<String> deltas = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client(llm).messages().createStreaming(ask("x").build())) {
                stream.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> deltas.add(t.text())));
            }
        }).isInstanceOf(SseException.class).hasMessageContaining("Overloaded");
        assertThat(deltas).containsExactly("Hello", " big");
    }

    @Test
    void closingTheStreamEarlyShowsAsAbandoned(FakeLlmScope llm) {
        llm.turns(HELLO.perChunkDelay(Duration.ofSeconds(10)));
        try (StreamResponse<RawMessageStreamEvent> stream = client(llm).messages().createStreaming(ask("x").build())) {
            Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
            while (!events.next().contentBlockDelta().isPresent()) {
                // message_start, content_block_start (ping is skipped by the SDK)
            }
        }
        assertThat(llm).lastRequest().wasAbandonedByClient().afterFrames(1);
    }
}
