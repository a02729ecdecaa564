package io.github.chattck.compat.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireFault;
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

/** The official openai-java SDK (OkHttp) against the fake server: Chat Completions and Responses. */
class OpenAiJavaTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    private static final Turn HELLO = Turn.text("Hello big world").chunks("Hello", " big", " world").usage(12, 3);

    private static OpenAIClient client(FakeLlmScope llm, int maxRetries) {
        return OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("sk-test").maxRetries(maxRetries).build();
    }

    private static ChatCompletionCreateParams.Builder ask(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text);
    }

    @Test
    void streamedTextArrivesChunkForChunkWithFinishReasonAndUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        List<String> deltas = new ArrayList<>();
        List<String> finishReasons = new ArrayList<>();
        List<Long> promptTokens = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client(llm, 0).chat().completions().createStreaming(
                ask("Say hello").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> {
                    choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(deltas::add);
                    choice.finishReason().ifPresent(f -> finishReasons.add(f.asString()));
                });
                chunk.usage().ifPresent(u -> promptTokens.add(u.promptTokens()));
            });
        }
        assertThat(deltas).containsExactly("Hello", " big", " world");
        assertThat(finishReasons).containsExactly("stop");
        assertThat(promptTokens).containsExactly(12L);
        assertThat(llm).lastRequest().isStreaming().hasModel("gpt-4o-mini").hasLastUserMessage("Say hello")
                .hasJsonAt("/stream_options/include_usage", true).hasHeader("authorization", "Bearer [redacted]")
                .endedAs(Ending.COMPLETED);
    }

    @Test
    void wholeAnswerCarriesUsageFinishReasonAndId(FakeLlmScope llm) {
        llm.turns(HELLO.id("chatcmpl-scripted"));
        ChatCompletion completion = client(llm, 0).chat().completions().create(ask("Say hello").build());
        assertThat(completion.id()).isEqualTo("chatcmpl-scripted");
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello big world");
        assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("stop");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        completion.validate(); // every required field present and well typed
    }

    @Test
    void toolCallRoundTrip(FakeLlmScope llm) {
        llm.turns(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4), Turn.text("Sunny in Paris"));
        OpenAIClient client = client(llm, 0);
        ChatCompletionCreateParams.Builder first = ask("Weather in Paris?").addFunctionTool(FunctionDefinition.builder()
                .name("get_weather").parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object")).build()).build());
        // stream the call, as an agent would, and put it back together from its fragments
        StringBuilder args = new StringBuilder();
        String[] idAndName = new String[2];
        List<String> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(first.build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(choice -> {
                choice.delta().toolCalls().ifPresent(calls -> calls.forEach(call -> {
                    call.id().ifPresent(id -> idAndName[0] = id);
                    call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name).ifPresent(n -> idAndName[1] = n);
                    call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).ifPresent(args::append);
                }));
                choice.finishReason().ifPresent(f -> finish.add(f.asString()));
            });
        }
        assertThat(idAndName).containsExactly("call_1", "get_weather");
        assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(finish).containsExactly("tool_calls");

        ChatCompletion answer = client.chat().completions().create(first
                .addMessage(com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(idAndName[0])
                                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name(idAndName[1]).arguments(args.toString()).build()).build()).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(idAndName[0]).content("sunny, 24C").build())
                .build());
        assertThat(answer.choices().get(0).message().content()).hasValue("Sunny in Paris");
        assertThat(llm).receivedRequests(2).request(1).offersTools("get_weather");
        assertThat(llm).request(2).hasToolResult("call_1", "sunny, 24C").hasLastUserMessage("Weather in Paris?");
    }

    @Test
    void a429IsARateLimitExceptionAndA500AnInternalServerException(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.status(429)).turn(WireTurn.status(500)).build());
        OpenAIClient client = client(llm, 0);
        assertThatThrownBy(() -> client.chat().completions().create(ask("x").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                    assertThat(e.getMessage()).contains("Rate limit reached");
                });
        assertThatThrownBy(() -> client.chat().completions().create(ask("x").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void theSdkRetriesFailedFirstCallsAsTheServerSaysWhen(FakeLlmScope llm) {
        llm.script(Script.builder().failFirstCalls(2, WireFault.status(503).retryAfter(Duration.ofMillis(10)))
                .turn(HELLO).build());
        ChatCompletion completion = client(llm, 2).chat().completions().create(ask("x").build());
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello big world");
        assertThat(llm).receivedRequests(3).request(1).hasStatus(503);
        assertThat(llm).request(2).hasHeader("x-stainless-retry-count", "1");
    }

    @Test
    void aCutStreamFails(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.of(HELLO).cutAfterFrames(2)).build());
        List<String> deltas = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client(llm, 0).chat().completions().createStreaming(ask("x").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().filter(s -> !s.isEmpty()).ifPresent(deltas::add)));
            }
        }).isInstanceOf(RuntimeException.class);
        assertThat(deltas).containsExactly("Hello", " big");
        assertThat(llm).lastRequest().endedAs(Ending.CUT_BY_SCRIPT).afterFrames(2);
    }

    @Test
    void aMidStreamErrorIsAnSseException(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.of(HELLO).errorEventAfterFrames(1, "The model is overloaded")).build());
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client(llm, 0).chat().completions().createStreaming(ask("x").build())) {
                stream.stream().forEach(c -> { });
            }
        }).isInstanceOf(SseException.class).hasMessageContaining("The model is overloaded");
    }

    @Test
    void closingTheStreamEarlyShowsAsAbandoned(FakeLlmScope llm) {
        llm.turns(HELLO.perChunkDelay(Duration.ofSeconds(10)));
        try (StreamResponse<ChatCompletionChunk> stream = client(llm, 0).chat().completions().createStreaming(ask("x").build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            chunks.next(); // the role frame
            assertThat(chunks.next().choices().get(0).delta().content()).hasValue("Hello");
        }
        assertThat(llm).lastRequest().wasAbandonedByClient().afterFrames(1);
    }

    @Test
    void responsesStreamTextDeltasAndCompletedUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        List<String> deltas = new ArrayList<>();
        List<Response> completed = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client(llm, 0).responses().createStreaming(
                ResponseCreateParams.builder().model("gpt-4.1").input("Say hello").build())) {
            stream.stream().forEach(e -> {
                e.outputTextDelta().ifPresent(d -> deltas.add(d.delta()));
                e.completed().ifPresent(c -> completed.add(c.response()));
            });
        }
        assertThat(deltas).containsExactly("Hello", " big", " world");
        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.usage().orElseThrow().inputTokens()).isEqualTo(12);
            assertThat(r.status().orElseThrow().asString()).isEqualTo("completed");
            r.validate();
        });
        assertThat(llm).lastRequest().hasPath("/v1/responses").hasLastUserMessage("Say hello");
    }

    @Test
    void responsesWholeAnswerWithAFunctionCall(FakeLlmScope llm) {
        llm.turns(Turn.toolCall("get_weather", Map.of("city", "Paris")).usage(5, 1));
        Response response = client(llm, 0).responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("Weather?").build());
        response.validate();
        assertThat(response.output()).singleElement().satisfies(item -> {
            assertThat(item.functionCall()).isPresent();
            assertThat(item.asFunctionCall().callId()).isEqualTo("call_1");
            assertThat(item.asFunctionCall().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
    }
}
