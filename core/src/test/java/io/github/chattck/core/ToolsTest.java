package io.github.chattck.core;

import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 1.5: tools in the call options, bindTools, tool messages with a name, argument parsing in aggregation. */
class ToolsTest {
    private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")));
    private static final ToolDefinition TIME = ToolDefinition.of("get_time", "The time");

    /** A streaming model with its own name, tags and ls parameters, recording the options of every call. */
    static final class Tagged extends TestModels.Streaming {
        Tagged() {
            super("a", "b");
        }

        @Override
        public String name() {
            return "ChatTagged";
        }

        @Override
        public List<String> tags() {
            return List.of("own");
        }

        @Override
        protected Double temperature() {
            return 0.5;
        }
    }

    @Test
    void theToolsOfTheConfigReachTheProvider() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("ok");
        model.invoke("hi", RunConfig.builder().tools(WEATHER, TIME).toolChoice(ToolChoice.tool("get_time")).build());

        CallOptions options = model.seenOptions.get(0);
        assertThat(options.tools()).containsExactly(WEATHER, TIME);
        assertThat(options.toolChoice()).isEqualTo(ToolChoice.tool("get_time"));
        assertThat(options.run()).isNotNull();
    }

    @Test
    void withoutToolsTheOptionsSayNone() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("ok");
        model.invoke("hi");
        assertThat(model.seenOptions.get(0).tools()).isEmpty();
        assertThat(model.seenOptions.get(0).toolChoice()).isNull();
        assertThat(CallOptions.NONE.tools()).isEmpty();
    }

    @Test
    void aBoundModelCarriesItsToolsOnEveryKindOfCall() {
        Tagged model = new Tagged();
        ChatModel bound = model.bindTools(List.of(WEATHER), ToolChoice.required());

        bound.invoke("hi");
        bound.stream("hi").toList();
        bound.streamEvents("hi").toList();
        bound.batch(List.of(ChatInput.of("a"), ChatInput.of("b")));

        assertThat(model.seenOptions).hasSize(5).allSatisfy(options -> {
            assertThat(options.tools()).containsExactly(WEATHER);
            assertThat(options.toolChoice()).isEqualTo(ToolChoice.required());
        });
    }

    @Test
    void aBoundModelIsTheOriginalInNameTagsLsParametersAndStreaming() {
        Tagged model = new Tagged();
        ChatModel bound = model.bindTools(List.of(WEATHER));

        assertThat(bound.name()).isEqualTo("ChatTagged");
        assertThat(bound.tags()).containsExactly("own");
        assertThat(bound.lsParams(CallOptions.NONE)).isEqualTo(model.lsParams(CallOptions.NONE));
        assertThat(bound.stream("hi").toList()).extracting(AIMessageChunk::content).containsExactly("a", "b");
        assertThat(model.streamCalls.get()).isEqualTo(1);
        List<StreamEvent> events = bound.streamEvents("hi", RunConfig.builder().tags("cfg").build()).toList();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("ChatTagged");
            assertThat(e.tags()).containsExactly("cfg", "own");
            assertThat(e.metadata()).containsEntry("ls_temperature", 0.5);
        });
        assertThat(bound.toString()).contains("[get_weather]");
    }

    @Test
    void theToolsAndChoiceOfACallReplaceTheBoundOnes() {
        Tagged model = new Tagged();
        ChatModel bound = model.bindTools(List.of(WEATHER), ToolChoice.auto());

        bound.invoke("hi", RunConfig.builder().tools(TIME).build());
        bound.invoke("hi", RunConfig.builder().toolChoice(ToolChoice.tool("get_weather")).build());

        assertThat(model.seenOptions.get(0).tools()).containsExactly(TIME);
        assertThat(model.seenOptions.get(0).toolChoice()).isEqualTo(ToolChoice.auto());
        assertThat(model.seenOptions.get(1).tools()).containsExactly(WEATHER);
        assertThat(model.seenOptions.get(1).toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
    }

    @Test
    void bindingAgainReplacesTheToolsAndTheChoice() {
        Tagged model = new Tagged();
        model.bindTools(List.of(WEATHER), ToolChoice.required()).bindTools(List.of(TIME)).invoke("hi");
        assertThat(model.seenOptions.get(0).tools()).containsExactly(TIME);
        assertThat(model.seenOptions.get(0).toolChoice()).isNull();
    }

    @Test
    void aChoiceThatCannotBeHonouredFailsWhenBoundOrCalledBeforeTheProvider() {
        Tagged model = new Tagged();
        assertThatThrownBy(() -> model.bindTools(List.of(WEATHER), ToolChoice.tool("get_time")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tool:get_time'").hasMessageContaining("[get_weather]");
        assertThatThrownBy(() -> model.bindTools(List.of(), ToolChoice.required())).hasMessageContaining("needs tools");
        assertThatThrownBy(() -> model.bindTools(List.of(WEATHER, WEATHER))).hasMessageContaining("two tools are named 'get_weather'");
        assertThatThrownBy(() -> model.bindTools(List.of(WEATHER), null)).isInstanceOf(NullPointerException.class);

        assertThatThrownBy(() -> model.invoke("hi", RunConfig.builder().toolChoice(ToolChoice.required()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'required' needs tools");
        assertThatThrownBy(() -> model.stream("hi", RunConfig.builder().tools(TIME, TIME).build()))
                .hasMessageContaining("'get_time'");
        assertThat(model.providerCalls()).isZero();
    }

    @Test
    void childRunsInheritTheToolsOfTheConfig() {
        RunConfig config = RunConfig.builder().tools(WEATHER).toolChoice(ToolChoice.none()).build();
        RunConfig child = config.childOf(new RunInfo(java.util.UUID.randomUUID(), List.of(), "p", "chain", List.of(), Map.of()));
        assertThat(child.tools()).containsExactly(WEATHER);
        assertThat(child.toolChoice()).isEqualTo(ToolChoice.none());
        assertThat(config.toString()).contains("tools=[get_weather]").contains("toolChoice=none");
        assertThat(CallOptions.from(config).withRun(null).tools()).containsExactly(WEATHER);
    }

    @Test
    void aToolMessageMayNameItsToolAndReadsBackFromJson() {
        ToolMessage plain = new ToolMessage("22 C", "call_1");
        assertThat(plain.toolName()).isNull();
        ToolMessage named = ToolMessage.answering(new ToolCall("call_1", "get_weather", Map.of("city", "Paris")), "22 C");
        assertThat(named).isEqualTo(new ToolMessage("22 C", "call_1", "get_weather"));

        assertThat(ChatJson.toJson(named)).isEqualTo("{\"type\":\"tool\",\"content\":\"22 C\",\"tool_call_id\":\"call_1\",\"name\":\"get_weather\"}");
        assertThat(ChatJson.toJson(plain)).isEqualTo("{\"type\":\"tool\",\"content\":\"22 C\",\"tool_call_id\":\"call_1\"}");
        assertThat(ChatJson.readMessage(ChatJson.toJson(named))).isEqualTo(named);
        assertThat(ChatJson.readMessage(ChatJson.toJson(plain))).isEqualTo(plain);
    }

    @Test
    void aToolMessageCannotAnswerACallWithoutId() {
        assertThatThrownBy(() -> ToolMessage.answering(new ToolCall(null, "get_weather", Map.of()), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'get_weather' has no id");
        assertThatThrownBy(() -> new ToolMessage("x", "call_1", " ")).hasMessageContaining("toolName");
    }

    @Test
    void aggregationParsesArgumentsWithThePublicParserAndKeepsBadTextAsAnInvalidCall() {
        ChunkAggregator aggregator = new ChunkAggregator()
                .add(AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(0, "c1", "get_weather", "{\"city\":")).build())
                .add(AIMessageChunk.builder().toolCallChunk(ToolCallChunk.args(0, " \"Paris\"}")).build())
                .add(AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(1, "c2", "get_time", "")).build())
                .add(AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(2, "c3", "broken", "{\"a\":1}{")).build());
        AIMessage message = aggregator.toMessage();

        assertThat(message.toolCalls()).containsExactly(new ToolCall("c1", "get_weather", Map.of("city", "Paris")),
                new ToolCall("c2", "get_time", Map.of()));
        assertThat(message.invalidToolCalls()).hasSize(1);
        InvalidToolCall invalid = message.invalidToolCalls().get(0);
        assertThat(invalid.args()).isEqualTo("{\"a\":1}{");
        assertThat(invalid.error()).startsWith("Malformed args: it is not valid JSON");
        assertThat(new ToolCall("c1", "get_weather", Map.of("city", "Paris")).argsJson()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void theProviderSeesTheToolMessageItWasSent() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("It is 22 C in Paris.");
        ToolCall call = new ToolCall("call_1", "get_weather", Map.of("city", "Paris"));
        List<Message> history = List.of(new io.github.chattck.core.message.HumanMessage("Weather in Paris?"),
                AIMessage.builder().toolCall(call).build(), ToolMessage.answering(call, "22 C"));
        model.bindTools(List.of(WEATHER)).invoke(history);
        assertThat(model.seenMessages.get(0).get(2)).isEqualTo(new ToolMessage("22 C", "call_1", "get_weather"));
    }
}
