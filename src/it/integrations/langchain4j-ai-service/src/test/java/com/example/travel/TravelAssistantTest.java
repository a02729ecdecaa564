package com.example.travel;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import io.github.chattck.langchain4j.LangChain4jFake;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The AI service against scripted answers: no API key, no network, the same result every run. */
class TravelAssistantTest {

    @Test
    void theAssistantChecksTheWeatherBeforeAdvising() {
        // the first call offers the tool and gets the tool call; the second has the tool's result
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.toolCall("weather", Map.of("city", "Paris")).usage(40, 8))
                .turn(Turn.text("Take an umbrella: rain in Paris, 14 C.").usage(60, 12))
                .build();
        LangChain4jFake langChain4j = LangChain4jFake.of(model);
        WeatherTools tools = new WeatherTools();

        String advice = TravelAssistant.create(langChain4j, tools).advise("What should I wear in Paris today?");

        assertThat(advice).isEqualTo("Take an umbrella: rain in Paris, 14 C.");
        assertThat(tools.asked()).containsExactly("Paris");
        assertThat(model.calls()).hasSize(2);
        assertThat(model.calls().get(0).toolNames()).as("the AI service offered its tool").containsExactly("weather");
        // the second request, in LangChain4j's own types: the tool call, then its result with the same id and name
        var history = langChain4j.requests().get(1).messages();
        AiMessage call = (AiMessage) history.get(history.size() - 2);
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) history.get(history.size() - 1);
        assertThat(result.id()).isEqualTo(call.toolExecutionRequests().get(0).id());
        assertThat(result.toolName()).isEqualTo("weather");
        assertThat(result.text()).isEqualTo("rain, 14 C");
    }

    @Test
    void theStreamingAssistantStreamsTheAdviceAfterTheTool() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.toolCall("weather", Map.of("city", "Rome")).toolArgsChunkSize(4))
                .turn(Turn.text("Sunglasses: sunny in Rome."))
                .build();
        WeatherTools tools = new WeatherTools();
        List<String> tokens = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        TravelAssistant.createStreaming(LangChain4jFake.of(model), tools).advise("And in Rome?")
                .onPartialResponse(tokens::add)
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();

        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Sunglasses: sunny in Rome.");
        assertThat(String.join("", tokens)).isEqualTo("Sunglasses: sunny in Rome.");
        assertThat(tokens).hasSizeGreaterThan(1);
        assertThat(tools.asked()).containsExactly("Rome");
    }

    @Test
    void aBrokenConnectionReachesTheApp() {
        IOException reset = new IOException("connection reset by peer");
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("Take an umbrella").failAfterChunk(1, () -> reset)).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        TravelAssistant.createStreaming(LangChain4jFake.of(model), new WeatherTools()).advise("Paris?")
                .onPartialResponse(token -> { })
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();

        assertThat(done).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class).havingRootCause()
                .isSameAs(reset);
    }
}
