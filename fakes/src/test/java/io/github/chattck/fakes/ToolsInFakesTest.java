package io.github.chattck.fakes;

import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.chattck.fakes.assertions.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fakes see the tools a call offers: they record them, match turns on them, and assert on them. */
class ToolsInFakesTest {
    private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
    private static final ToolDefinition TIME = ToolDefinition.of("get_time", "The time");

    @Test
    void aCallRecordsTheToolsItOfferedAndTheChoice() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("a", "b").build();
        model.bindTools(List.of(WEATHER, TIME), ToolChoice.tool("get_time")).invoke("hi");
        model.stream("no tools").toList();

        RecordedCall first = model.calls().get(0);
        assertThat(first.tools()).containsExactly(WEATHER, TIME);
        assertThat(first.toolNames()).containsExactly("get_weather", "get_time");
        assertThat(first.toolChoice()).isEqualTo(ToolChoice.tool("get_time"));
        assertThat(first.toString()).contains("tools offered: [get_weather, get_time]").contains("tool choice: tool:get_time");
        assertThat(model.calls().get(1).tools()).isEmpty();
        assertThat(model.calls().get(1).toolChoice()).isNull();
    }

    @Test
    void aTurnCanBeChosenByTheToolsOffered() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .whenToolOffered("get_weather", Turn.toolCall("get_weather", Map.of("city", "Paris")))
                .whenToolsOffered(List.of("get_time", "get_date"), Turn.text("both"))
                .replies("plain").repeatLast()
                .build();

        AIMessage withTool = model.bindTools(List.of(TIME, WEATHER)).invoke("weather?");
        assertThat(withTool.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
        assertThat(model.invoke("weather?").content()).isEqualTo("plain");
        assertThat(model.invoke("time?", RunConfig.builder().tools(TIME).build()).content())
                .as("only one of the two tools is offered").isEqualTo("plain");
        assertThat(model.invoke("time?", RunConfig.builder().tools(TIME, ToolDefinition.of("get_date", "")).build()).content())
                .isEqualTo("both");
        assertThatThrownBy(() -> ScriptedChatModel.builder().whenToolsOffered(List.of(), Turn.text("x")))
                .hasMessageContaining("at least one tool name");
    }

    @Test
    void aToolLoopPlaysAgainstTheFake() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")))
                .turn(Turn.text("It is 22 C in Paris."))
                .build();
        ChatModel agent = model.bindTools(List.of(WEATHER));

        AIMessage call = agent.invoke("Weather in Paris?");
        ToolCall toolCall = call.toolCalls().get(0);
        AIMessage answer = agent.invoke(List.of(new HumanMessage("Weather in Paris?"), call,
                ToolMessage.answering(toolCall, "22 C")));

        assertThat(answer.content()).isEqualTo("It is 22 C in Paris.");
        assertThat(model.lastCall().messages().get(2)).isEqualTo(new ToolMessage("22 C", toolCall.id(), "get_weather"));
        assertThat(model).wasCalledTimes(2).lastCallOfferedTools("get_weather").lastCallHadToolChoice(null);
    }

    @Test
    void assertionsOnToolsSayWhatWasOffered() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("a").build();
        model.bindTools(List.of(WEATHER), ToolChoice.required()).invoke("hi");

        assertThat(model).lastCallOfferedTools("get_weather").lastCallHadToolChoice(ToolChoice.required());
        assertThatThrownBy(() -> assertThat(model).lastCallOfferedTools("get_time"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to offer the tools [get_time] but it offered [get_weather]");
        assertThatThrownBy(() -> assertThat(model).lastCallOfferedTools())
                .hasMessageContaining("to offer the tools [] but it offered [get_weather]");
        assertThatThrownBy(() -> assertThat(model).lastCallHadToolChoice(ToolChoice.auto()))
                .hasMessageContaining("to have the tool choice auto but it had required");
        assertThatThrownBy(() -> assertThat(model).lastCallHadToolChoice(null))
                .hasMessageContaining("to have the tool choice (unset) but it had required");
    }
}
