package com.example.trips;

import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import io.github.chattck.springai.SpringAiFake;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole app, with the scripted fake as its ChatModel: no API key, no network, the same result every run. */
@SpringBootTest
class TripPlannerTest {

    @TestConfiguration
    static class ScriptedModel {
        @Bean
        ScriptedChatModel script() {
            return ScriptedChatModel.builder()
                    // once the tool has answered, the advice
                    .when(call -> call.messages().get(call.messages().size() - 1) instanceof ToolMessage result,
                            Turn.text("Take an umbrella: it rains in Paris.").perChunkDelay(Duration.ofMillis(2)))
                    // first, the weather
                    .when(call -> call.lastHumanMessage().contains("Paris"), Turn.toolCall("weather", Map.of("city", "Paris")))
                    .build();
        }

        @Bean
        SpringAiFake chatModel(ScriptedChatModel script) {
            return SpringAiFake.of(script);
        }
    }

    @Autowired
    TripPlanner planner;
    @Autowired
    SpringAiFake model;
    @Autowired
    WeatherTools weather;

    @Test
    void thePlannerChecksTheWeatherBeforeAdvising() {
        int before = model.prompts().size();

        String advice = planner.plan("What should I wear in Paris today?");

        assertThat(advice).isEqualTo("Take an umbrella: it rains in Paris.");
        assertThat(weather.asked()).contains("Paris");
        var prompts = model.prompts().subList(before, model.prompts().size());
        assertThat(prompts).hasSize(2);
        // the second prompt, in Spring AI's own types: the tool call, then its result with the same id and name
        var history = prompts.get(1).getInstructions();
        AssistantMessage call = (AssistantMessage) history.get(history.size() - 2);
        ToolResponseMessage result = (ToolResponseMessage) history.get(history.size() - 1);
        assertThat(result.getResponses()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(call.getToolCalls().get(0).id());
            assertThat(r.name()).isEqualTo("weather");
            assertThat(r.responseData()).contains("rain, 14 C");
        });
    }

    @Test
    void theStreamingPlannerStreamsTheAdvice() {
        List<String> tokens = planner.planStreaming("Anything to pack for Paris?").collectList().block(Duration.ofSeconds(10));

        assertThat(String.join("", tokens)).isEqualTo("Take an umbrella: it rains in Paris.");
        assertThat(tokens).hasSizeGreaterThan(1);
    }
}
