package io.github.chattck.springai;

import io.github.chattck.core.ChatModelException;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;
import io.github.chattck.fakes.ScriptedChatModel;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 8: a Spring AI model under chat-tck loses nothing that Spring AI exposes, and its Flux is read with bounded demand. */
class SpringAiChatModelTest {
    private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string", "minLength", 1)),
                    "required", List.of("city")));
    private static final ToolDefinition TIME = ToolDefinition.of("get_time", "");

    /** A Spring AI model written by hand: its stream is what the test makes from the prompt. */
    private static final class StubModel implements org.springframework.ai.chat.model.ChatModel {
        private final Function<Prompt, Flux<ChatResponse>> stream;
        volatile Prompt prompt;

        StubModel(Function<Prompt, Flux<ChatResponse>> stream) {
            this.stream = stream;
        }

        @Override
        public ChatResponse call(Prompt p) {
            prompt = p;
            return stream.apply(p).blockLast();
        }

        @Override
        public Flux<ChatResponse> stream(Prompt p) {
            prompt = p;
            return stream.apply(p);
        }

        @Override
        public ChatOptions getOptions() {
            return ChatOptions.builder().model("stub-1").temperature(0.5).maxTokens(64).build();
        }
    }

    private static ChatResponse response(String text, List<AssistantMessage.ToolCall> calls, DefaultUsage usage,
                                         String finishReason) {
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().id("resp-1").model("stub-1");
        if (usage != null) {
            metadata.usage(usage);
        }
        return new ChatResponse(List.of(new Generation(AssistantMessage.builder().content(text).toolCalls(calls).build(),
                ChatGenerationMetadata.builder().finishReason(finishReason).build())), metadata.build());
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("waiting for " + what).isTrue();
    }

    @Test
    void everyMessageKindCrossesBothWaysUnchanged() {
        ScriptedChatModel script = ScriptedChatModel.builder().replies("done").build();
        SpringAiFake spring = SpringAiFake.of(script);
        List<Message> history = List.of(
                new SystemMessage("Be brief."),
                new HumanMessage("Weather in Paris and Rome?"),
                AIMessage.builder().content("Looking.")
                        .toolCall(new ToolCall("call_1", "get_weather", Map.of("city", "Paris")))
                        .toolCall(new ToolCall("call_2", "get_weather", Map.of("city", "Rome"))).build(),
                new ToolMessage("sunny", "call_1", "get_weather"),
                new ToolMessage("rainy", "call_2"), // no name: Spring AI gets it from the call it answers
                new HumanMessage("Thanks"));

        SpringAiChatModel.of(spring).invoke(history);

        List<org.springframework.ai.chat.messages.Message> sent = spring.lastPrompt().getInstructions();
        assertThat(sent).extracting(m -> m.getMessageType().name())
                .containsExactly("SYSTEM", "USER", "ASSISTANT", "TOOL", "USER");
        assertThat(((AssistantMessage) sent.get(2)).getToolCalls()).containsExactly(
                new AssistantMessage.ToolCall("call_1", "function", "get_weather", "{\"city\":\"Paris\"}"),
                new AssistantMessage.ToolCall("call_2", "function", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(((ToolResponseMessage) sent.get(3)).getResponses()).as("one turn's results are one Spring AI message")
                .containsExactly(new ToolResponseMessage.ToolResponse("call_1", "get_weather", "sunny"),
                        new ToolResponseMessage.ToolResponse("call_2", "get_weather", "rainy"));

        List<Message> received = script.lastCall().messages();
        assertThat(received.subList(0, 4)).isEqualTo(history.subList(0, 4));
        assertThat(received.get(4)).isEqualTo(new ToolMessage("rainy", "call_2", "get_weather"));
        assertThat(received.get(5)).isEqualTo(history.get(5));
    }

    @Test
    void stopSequencesOptionsAndToolsReachThePromptAndComeBack() {
        ScriptedChatModel script = ScriptedChatModel.builder().replies("ok").build();
        SpringAiFake spring = SpringAiFake.of(script);

        SpringAiChatModel.of(spring).invoke("hi", RunConfig.builder().stop("END").option("temperature", 0.3)
                .option("max_tokens", 50).tools(WEATHER, TIME).build());

        ToolCallingChatOptions sent = (ToolCallingChatOptions) spring.lastPrompt().getOptions();
        assertThat(sent.getStopSequences()).containsExactly("END");
        assertThat(sent.getTemperature()).isEqualTo(0.3);
        assertThat(sent.getMaxTokens()).isEqualTo(50);
        assertThat(sent.getToolCallbacks()).extracting(c -> c.getToolDefinition().name())
                .containsExactly("get_weather", "get_time");
        assertThatThrownBy(() -> sent.getToolCallbacks().get(0).call("{}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("caller");
        var call = script.lastCall();
        assertThat(call.tools()).containsExactly(WEATHER, TIME);
        assertThat(call.options().stop()).containsExactly("END");
        assertThat(call.options().options()).containsEntry("temperature", 0.3).containsEntry("max_tokens", 50);
    }

    @Test
    void thePromptsOptionsStartFromTheModelsOwnAsChatClientsDo() {
        StubModel stub = new StubModel(p -> Flux.just(response("ok", List.of(), null, "stop")));

        SpringAiChatModel.of(stub).invoke("hi", RunConfig.builder().stop("END").option("max_tokens", 8).build());

        // a Spring AI 2.0 model takes the prompt's options whole, in its own type, without merging its defaults in
        ChatOptions sent = stub.prompt.getOptions();
        assertThat(sent.getClass()).isEqualTo(stub.getOptions().getClass());
        assertThat(sent.getModel()).isEqualTo("stub-1");
        assertThat(sent.getTemperature()).isEqualTo(0.5);
        assertThat(sent.getMaxTokens()).isEqualTo(8);
        assertThat(sent.getStopSequences()).containsExactly("END");
        assertThatThrownBy(() -> SpringAiChatModel.of(stub).invoke("hi", RunConfig.builder().tools(WEATHER).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no tools");
    }

    @Test
    void aToolChoiceSpringAiCannotCarryIsRefusedAndNoneOffersNoTools() {
        SpringAiFake spring = SpringAiFake.of(ScriptedChatModel.builder().replies("ok").cycle().build());
        SpringAiChatModel model = SpringAiChatModel.of(spring);

        assertThatThrownBy(() -> model.invoke("hi", RunConfig.builder().tools(WEATHER).toolChoice(ToolChoice.required())
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no portable Spring AI form");
        model.invoke("hi", RunConfig.builder().tools(WEATHER).toolChoice(ToolChoice.none()).build());
        assertThat(((ToolCallingChatOptions) spring.lastPrompt().getOptions()).getToolCallbacks()).isNullOrEmpty();
        assertThatThrownBy(() -> model.invoke("hi", RunConfig.builder().option("seed", 1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'seed'");
    }

    @Test
    void aStreamedToolCallArrivesWholeAsSpringAiDeliversIt() {
        StubModel stub = new StubModel(p -> Flux.just(
                response("Let me check.", List.of(), null, null),
                response("", List.of(new AssistantMessage.ToolCall("c1", "function", "get_weather", "{\"city\":\"Oslo\"}")),
                        null, null),
                response("", List.of(new AssistantMessage.ToolCall("c2", "function", "get_time", "{}")), null, "TOOL_CALLS")));

        List<AIMessageChunk> chunks = SpringAiChatModel.of(stub).stream("weather?").toList();

        List<ToolCallChunk> fragments = chunks.stream().flatMap(c -> c.toolCallChunks().stream()).toList();
        assertThat(fragments).containsExactly(new ToolCallChunk(0, "c1", "get_weather", "{\"city\":\"Oslo\"}"),
                new ToolCallChunk(1, "c2", "get_time", "{}"));
        AIMessage answer = chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().toMessage();
        assertThat(answer.toolCalls()).hasSize(2);
        assertThat(answer.responseMetadata()).containsEntry("finish_reason", "TOOL_CALLS").containsEntry("model_name", "stub-1");
        assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo("resp-1"));
    }

    @Test
    void aStreamedFrameWithoutAnIdCarriesTheRunsAndOneWithAnIdKeepsIt() {
        ChatResponse withoutId = new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("Hel").build())));
        ChatResponse withId = new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("lo").build())),
                ChatResponseMetadata.builder().id("resp-7").build());
        StubModel stub = new StubModel(p -> Flux.just(withoutId, withId, withoutId));
        UUID runId = UUID.randomUUID();

        List<AIMessageChunk> chunks = SpringAiChatModel.of(stub).stream("go", RunConfig.builder().runId(runId).build())
                .toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsExactly("run-" + runId, "resp-7", "run-" + runId);
        assertThat(chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().id())
                .as("the provider's id beats the run's").isEqualTo("resp-7");
    }

    @Test
    void aReportedZeroCacheCountIsKeptWhenStreamedAsInvokeKeepsIt() {
        StubModel stub = new StubModel(p -> Flux.just(
                response("a", List.of(), new DefaultUsage(16, 0, 16, null, 0L, null), null),
                response("", List.of(), new DefaultUsage(16, 10, 26, null, 0L, null), "STOP")));

        AIMessage streamed = SpringAiChatModel.of(stub).stream("go").toList().stream().reduce(AIMessageChunk::concat)
                .orElseThrow().toMessage();

        UsageMetadata expected = new UsageMetadata(16, 10, 26, Map.of("cache_read", 0L), null);
        assertThat(streamed.usageMetadata()).isEqualTo(expected);
        assertThat(SpringAiChatModel.of(stub).invoke("go").usageMetadata()).isEqualTo(expected);
    }

    @Test
    void runningUsageTotalsBecomeIncrementsThatSumToTheTotal() {
        StubModel stub = new StubModel(p -> Flux.just(
                response("a", List.of(), new DefaultUsage(10, 0, 10), null), // the prompt is counted first
                response("b", List.of(), new DefaultUsage(0, 0, 0), null),    // nothing known: zero is "unknown"
                response("c", List.of(), new DefaultUsage(10, 2, 12, null, 4L, null), null),
                response("", List.of(), new DefaultUsage(10, 5, 15, null, 4L, null), "STOP")));

        List<AIMessageChunk> chunks = SpringAiChatModel.of(stub).stream("go").toList();

        assertThat(chunks).extracting(AIMessageChunk::usageMetadata).containsExactly(
                new UsageMetadata(10, 0, 10, null, null), null,
                new UsageMetadata(0, 2, 2, Map.of("cache_read", 4L), null),
                new UsageMetadata(0, 3, 3, null, null));
        AIMessage answer = chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().toMessage();
        assertThat(answer.usageMetadata()).isEqualTo(new UsageMetadata(10, 5, 15, Map.of("cache_read", 4L), null));
        // invoke reads the same numbers from call()
        assertThat(SpringAiChatModel.of(stub).invoke("go").usageMetadata())
                .isEqualTo(new UsageMetadata(10, 5, 15, Map.of("cache_read", 4L), null));
    }

    @Test
    void theFluxIsReadWithBoundedDemandAndCancelledOnClose() throws Exception {
        List<Long> requests = new CopyOnWriteArrayList<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        StubModel stub = new StubModel(p -> Flux.range(0, 1_000_000).map(i -> response("t" + i, List.of(), null, null))
                .doOnRequest(requests::add).doOnCancel(cancelled::countDown));
        RunStream<AIMessageChunk> stream = SpringAiChatModel.of(stub).stream("go");
        Iterator<AIMessageChunk> chunks = stream.iterator();
        for (int i = 0; i < 10; i++) {
            assertThat(chunks.next().content()).isEqualTo("t" + i);
        }

        stream.close();

        await(cancelled, "the subscription to be cancelled");
        assertThat(requests).as("never request(Long.MAX_VALUE): the bound, then one per chunk taken")
                .doesNotContain(Long.MAX_VALUE).first().isEqualTo(32L);
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(32 + 10);
    }

    @Test
    void errorsReachTheCallerUnchanged() {
        IllegalStateException rateLimited = new IllegalStateException("429 rate limited");
        IOException reset = new IOException("connection reset");
        StubModel failing = new StubModel(p -> Flux.concat(Flux.just(response("Hel", List.of(), null, null)),
                Flux.error(rateLimited)));
        StubModel checked = new StubModel(p -> Flux.error(reset));

        Iterator<AIMessageChunk> chunks = SpringAiChatModel.of(failing).stream("go").iterator();
        assertThat(chunks.next().content()).isEqualTo("Hel");
        assertThatThrownBy(chunks::hasNext).isSameAs(rateLimited);
        assertThatThrownBy(() -> SpringAiChatModel.of(failing).invoke("go")).isSameAs(rateLimited);
        assertThatThrownBy(() -> SpringAiChatModel.of(checked).stream("go").toList())
                .isInstanceOf(ChatModelException.class).hasCause(reset);
    }

    @Test
    void aModelThatDoesNotStreamGetsTheFallbackAndLsParametersComeFromItsOptions() {
        org.springframework.ai.chat.model.ChatModel callOnly = p -> response("whole answer", List.of(),
                new DefaultUsage(1, 2), "STOP");
        SpringAiChatModel model = SpringAiChatModel.builder().model(callOnly).provider("acme").build();

        List<AIMessageChunk> chunks = model.stream("hi").toList();

        assertThat(chunks).singleElement().satisfies(c -> assertThat(c.content()).isEqualTo("whole answer"));
        var ls = SpringAiChatModel.of(new StubModel(p -> Flux.empty())).lsParams(io.github.chattck.core.CallOptions.NONE);
        assertThat(ls.modelName()).isEqualTo("stub-1");
        assertThat(ls.temperature()).isEqualTo(0.5);
        assertThat(ls.maxTokens()).isEqualTo(64);
        assertThat(model.lsParams(io.github.chattck.core.CallOptions.NONE).provider()).isEqualTo("acme");
    }
}
