package io.github.chattck.compat.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireTurn;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every LangChain4j chat model must do against the fake server, in its provider's dialect: one subclass per
 * provider module makes the models.
 */
abstract class LangChain4jContract {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    static final Turn HELLO = Turn.text("Hello big world").chunks("Hello", " big", " world").usage(12, 3);
    static final Turn WEATHER_CALL = Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4).usage(20, 5);
    static final ToolSpecification GET_WEATHER = ToolSpecification.builder().name("get_weather").description("the weather")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();

    abstract ChatModel chatModel(FakeLlmScope llm);

    abstract StreamingChatModel streamingModel(FakeLlmScope llm);

    /** The tool-argument fragments this provider's client sees for {@link #WEATHER_CALL}. */
    List<String> expectedArgumentFragments() {
        return List.of("{\"ci", "ty\":", "\"Par", "is\"}");
    }

    /** The id the client sends back with the tool result. */
    String expectedToolResultId() {
        return "call_1";
    }

    static ChatRequest ask(String text) {
        return ChatRequest.builder().messages(UserMessage.from(text)).build();
    }

    /** Collects a streamed answer. */
    static final class Collector implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<PartialToolCall> partialToolCalls = new CopyOnWriteArrayList<>();
        final List<CompleteToolCall> toolCalls = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        private final int cancelAfter;

        Collector() {
            this(Integer.MAX_VALUE);
        }

        Collector(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
            if (partials.size() >= cancelAfter) {
                context.streamingHandle().cancel();
                done.complete(null);
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall call) {
            partialToolCalls.add(call);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            toolCalls.add(call);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        ChatResponse await() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void streamedTextArrivesChunkForChunkWithFinishReasonAndUsage(FakeLlmScope llm) throws Exception {
        llm.turns(HELLO);
        Collector collector = new Collector();
        streamingModel(llm).chat(ask("Say hello"), collector);
        ChatResponse response = collector.await();
        assertThat(collector.partials).containsExactly("Hello", " big", " world");
        assertThat(response.aiMessage().text()).isEqualTo("Hello big world");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(llm).lastRequest().isStreaming().hasLastUserMessage("Say hello").endedAs(Ending.COMPLETED);
    }

    @Test
    void wholeAnswerCarriesFinishReasonAndUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        ChatResponse response = chatModel(llm).chat(ask("Say hello"));
        assertThat(response.aiMessage().text()).isEqualTo("Hello big world");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(llm).lastRequest().isNotStreaming().hasLastUserMessage("Say hello");
    }

    @Test
    void toolCallRoundTrip(FakeLlmScope llm) {
        llm.turns(WEATHER_CALL, Turn.text("Sunny in Paris"));
        ChatModel model = chatModel(llm);
        UserMessage question = UserMessage.from("Weather in Paris?");
        ChatResponse call = model.chat(ChatRequest.builder().messages(question).toolSpecifications(GET_WEATHER).build());
        assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        ToolExecutionRequest request = call.aiMessage().toolExecutionRequests().get(0);
        assertThat(request.name()).isEqualTo("get_weather");
        assertThat(request.arguments()).isEqualToIgnoringWhitespace("{\"city\":\"Paris\"}");

        ChatResponse answer = model.chat(ChatRequest.builder().messages(question, call.aiMessage(),
                ToolExecutionResultMessage.from(request, "sunny, 24C")).toolSpecifications(GET_WEATHER).build());
        assertThat(answer.aiMessage().text()).isEqualTo("Sunny in Paris");
        assertThat(llm).receivedRequests(2).request(1).offersTools("get_weather");
        assertThat(llm).request(2).hasToolResult(expectedToolResultId(), "sunny, 24C").hasLastUserMessage("Weather in Paris?");
    }

    @Test
    void streamedToolCallArrivesInItsFragments(FakeLlmScope llm) throws Exception {
        llm.turns(WEATHER_CALL);
        Collector collector = new Collector();
        streamingModel(llm).chat(ChatRequest.builder().messages(UserMessage.from("Weather?")).toolSpecifications(GET_WEATHER).build(), collector);
        ChatResponse response = collector.await();
        assertThat(collector.partialToolCalls).extracting(PartialToolCall::partialArguments).containsExactlyElementsOf(expectedArgumentFragments());
        AiMessage message = response.aiMessage();
        assertThat(message.toolExecutionRequests()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("get_weather");
            assertThat(r.arguments()).isEqualToIgnoringWhitespace("{\"city\":\"Paris\"}");
        });
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
    }

    @Test
    void a429IsARateLimitExceptionAndA500AnInternalServerException(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.status(429)).turn(WireTurn.status(500)).build());
        ChatModel model = chatModel(llm);
        assertThatThrownBy(() -> model.chat(ask("x"))).isInstanceOf(RateLimitException.class);
        assertThatThrownBy(() -> model.chat(ask("x"))).isInstanceOf(InternalServerException.class);
        assertThat(llm).receivedRequests(2);
    }

    @Test
    void aStreamingErrorStatusReachesOnError(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.status(429)).build());
        Collector collector = new Collector();
        streamingModel(llm).chat(ask("x"), collector);
        assertThatThrownBy(collector::await).hasCauseInstanceOf(RateLimitException.class);
    }

    @Test
    void aCutStreamFails(FakeLlmScope llm) {
        // the delay lets the client take the two frames before the cut (see cutFramesInTheSameReadAsTheCut)
        llm.script(Script.builder().turn(WireTurn.of(HELLO.perChunkDelay(Duration.ofMillis(200))).cutAfterFrames(2)).build());
        Collector collector = new Collector();
        streamingModel(llm).chat(ask("x"), collector);
        assertThatThrownBy(collector::await).isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(collector.partials).containsExactly("Hello", " big");
        assertThat(llm).lastRequest().endedAs(Ending.CUT_BY_SCRIPT).afterFrames(2);
    }

    @Test
    void cancellingTheStreamEarlyShowsAsAbandoned(FakeLlmScope llm) throws Exception {
        llm.turns(HELLO.perChunkDelay(Duration.ofSeconds(10)));
        Collector collector = new Collector(1);
        streamingModel(llm).chat(ask("x"), collector);
        collector.await();
        assertThat(collector.partials).containsExactly("Hello");
        assertThat(llm).lastRequest().wasAbandonedByClient().afterFrames(1);
    }
}
