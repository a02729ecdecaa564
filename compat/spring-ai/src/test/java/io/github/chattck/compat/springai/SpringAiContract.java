package io.github.chattck.compat.springai;

import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireTurn;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every Spring AI chat model must do against the fake server, through {@link ChatClient}. */
abstract class SpringAiContract {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

    static final Turn HELLO = Turn.text("Hello big world").chunks("Hello", " big", " world").usage(12, 3);

    abstract ChatModel model(FakeLlmScope llm);

    /** The finish reason as this model reports a plain stop. */
    abstract String stopReason();

    /** The exception a 429 surfaces as. */
    abstract Class<? extends Throwable> rateLimitException();

    /** The exception a 500 surfaces as. */
    abstract Class<? extends Throwable> serverErrorException();

    private static String text(ChatResponse r) {
        return r.getResult() == null || r.getResult().getOutput().getText() == null ? "" : r.getResult().getOutput().getText();
    }

    @Test
    void streamedTextArrivesChunkForChunkWithFinishReasonAndUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        List<ChatResponse> responses = ChatClient.create(model(llm)).prompt().user("Say hello").stream().chatResponse()
                .collectList().block(Duration.ofSeconds(10));
        assertThat(responses.stream().map(SpringAiContract::text).filter(t -> !t.isEmpty()).collect(Collectors.toList()))
                .containsExactly("Hello", " big", " world");
        assertThat(responses.stream().filter(r -> r.getResult() != null).map(r -> r.getResult().getMetadata().getFinishReason())
                .filter(Objects::nonNull).filter(f -> !f.isEmpty() && !f.equals("_UNKNOWN")).collect(Collectors.toList()))
                .containsExactly(stopReason());
        ChatResponse last = responses.get(responses.size() - 1);
        assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(12);
        assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
        assertThat(llm).lastRequest().isStreaming().hasLastUserMessage("Say hello").endedAs(Ending.COMPLETED);
    }

    @Test
    void wholeAnswerCarriesFinishReasonAndUsage(FakeLlmScope llm) {
        llm.turns(HELLO);
        ChatResponse response = ChatClient.create(model(llm)).prompt().user("Say hello").call().chatResponse();
        assertThat(text(response)).isEqualTo("Hello big world");
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo(stopReason());
        assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(12);
        assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
    }

    @Test
    void toolCallRoundTripRunsTheAppsTool(FakeLlmScope llm) {
        llm.turns(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4), Turn.text("Sunny in Paris"));
        WeatherTools tools = new WeatherTools();
        String answer = ChatClient.create(model(llm)).prompt().user("Weather in Paris?").tools(tools).call().content();
        assertThat(answer).isEqualTo("Sunny in Paris");
        assertThat(tools.cities).containsExactly("Paris");
        assertThat(llm).receivedRequests(2).request(1).offersTools("get_weather");
        assertThat(llm.request(2).toolResults()).singleElement().satisfies(r -> assertThat(r.content()).contains("sunny, 24C"));
        assertThat(llm).request(2).hasLastUserMessage("Weather in Paris?");
    }

    @Test
    void streamedToolCallRoundTripRunsTheAppsTool(FakeLlmScope llm) {
        llm.turns(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4), Turn.text("Sunny in Paris"));
        WeatherTools tools = new WeatherTools();
        String answer = ChatClient.create(model(llm)).prompt().user("Weather in Paris?").tools(tools).stream().content()
                .collect(Collectors.joining()).block(Duration.ofSeconds(10));
        assertThat(answer).isEqualTo("Sunny in Paris");
        assertThat(tools.cities).containsExactly("Paris");
        assertThat(llm).receivedRequests(2).request(2).isStreaming();
    }

    @Test
    void a429AndA500SurfaceAsTheDocumentedExceptions(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.status(429)).turn(WireTurn.status(500)).build());
        ChatClient client = ChatClient.create(model(llm));
        assertThatThrownBy(() -> client.prompt().user("x").call().content()).isInstanceOf(rateLimitException());
        assertThatThrownBy(() -> client.prompt().user("x").call().content()).isInstanceOf(serverErrorException());
        assertThat(llm).receivedRequests(2);
    }

    @Test
    void aCutStreamFails(FakeLlmScope llm) {
        llm.script(Script.builder().turn(WireTurn.of(HELLO).cutAfterFrames(2)).build());
        assertThatThrownBy(() -> ChatClient.create(model(llm)).prompt().user("x").stream().content().collectList()
                .block(Duration.ofSeconds(10))).isInstanceOf(RuntimeException.class);
        assertThat(llm).lastRequest().endedAs(Ending.CUT_BY_SCRIPT).afterFrames(2);
    }

    private static boolean hasText(ChatResponse r) {
        return !text(r).isEmpty();
    }

    @Test
    void cancellingTheModelsStreamEarlyShowsAsAbandoned(FakeLlmScope llm) {
        llm.turns(HELLO.perChunkDelay(Duration.ofSeconds(10)));
        ChatResponse first = model(llm).stream(new Prompt("x")).filter(SpringAiContract::hasText).next().block(Duration.ofSeconds(20));
        assertThat(text(first)).isEqualTo("Hello");
        assertThat(llm).lastRequest().wasAbandonedByClient().afterFrames(1);
    }

    /**
     * A finding, not a server choice: cancelling a {@link ChatClient} stream (Spring AI 2.0.1) does not always close
     * the connection at once, with either model: in probes the close came at once in some runs and only when the
     * next frame arrived in others (then 6 s, 20 s later: as long as the gap), while the model's own Flux
     * ({@link #cancellingTheModelsStreamEarlyShowsAsAbandoned}) and a bare WebClient closed it at once every time.
     * So the server may write one more frame before it sees the client go, and against a stalled stream a cancelled
     * ChatClient stream can hold its connection as long as the stall. The test keeps the gap short and allows that
     * one frame.
     */
    @Test
    void cancellingAChatClientStreamShowsAsAbandonedWithinOneMoreFrame(FakeLlmScope llm) {
        llm.turns(HELLO.perChunkDelay(Duration.ofMillis(1500)));
        String first = ChatClient.create(model(llm)).prompt().user("x").stream().content().filter(t -> !t.isEmpty())
                .next().block(Duration.ofSeconds(20));
        assertThat(first).isEqualTo("Hello");
        assertThat(llm).lastRequest().wasAbandonedByClient();
        assertThat(llm.lastRequest().framesWritten()).isBetween(1, 2);
    }
}
