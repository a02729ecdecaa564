package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.chattck.core.tool.ToolDefinition;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakes.VirtualClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 8: a scripted model as a LangChain4j model behaves as LangChain4j's own providers do, and records the calls. */
class LangChain4jFakeTest {

    /** Writes every callback as a line, and opens a latch at the end (complete or error). */
    private static final class RecordingHandler implements StreamingChatResponseHandler {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile ChatResponse response;
        volatile Throwable error;
        volatile boolean cancelAtFirstText;

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            events.add("text " + partial.text());
            if (cancelAtFirstText) {
                context.streamingHandle().cancel();
                done.countDown();
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
            events.add("tool " + call.index() + " " + call.id() + " " + call.name() + " " + call.partialArguments());
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            events.add("complete tool " + call.index() + " " + call.toolExecutionRequest().arguments());
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            events.add("complete");
            response = completeResponse;
            done.countDown();
        }

        @Override
        public void onError(Throwable e) {
            events.add("error " + e.getMessage());
            error = e;
            done.countDown();
        }

        void await() {
            StubStreamingModel.await(done, "the end of the stream");
        }
    }

    @Test
    void aBlockingCallAnswersWithTheTurnAndIsRecorded() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("Hi!").withToolCall("get_weather", Map.of("city", "Paris")).usage(3, 4)
                        .responseMetadata("finish_reason", "tool_calls").responseMetadata("model_name", "fake-1"))
                .build();
        LangChain4jFake model = LangChain4jFake.of(script);

        ChatResponse response = model.chat(UserMessage.from("weather?"));

        assertThat(response.aiMessage().text()).isEqualTo("Hi!");
        assertThat(response.aiMessage().toolExecutionRequests()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("get_weather");
            assertThat(r.arguments()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(r.id()).isNotBlank();
        });
        assertThat(response.tokenUsage()).isEqualTo(new TokenUsage(3, 4, 7));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.modelName()).isEqualTo("fake-1");
        assertThat(response.id()).as("no id was scripted: chat-tck's run id is not passed off as the provider's").isNull();
        assertThat(model.requests()).singleElement().satisfies(r ->
                assertThat(r.messages()).containsExactly(UserMessage.from("weather?")));
        assertThat(script.lastCall().lastHumanMessage()).isEqualTo("weather?");
    }

    @Test
    void aStreamPlaysTheCallbacksOfALangChain4jProvider() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("Let me check.").chunkedBy(Chunking.explicit(List.of("Let me", " check.")))
                        .withToolCall("get_weather", Map.of("city", "Rome")).toolArgsChunkSize(6).id("resp-7").usage(5, 6))
                .build();
        RecordingHandler handler = new RecordingHandler();

        LangChain4jFake.of(script).chat(ChatRequest.builder().messages(UserMessage.from("weather?")).build(), handler);
        handler.await();

        String id = handler.response.aiMessage().toolExecutionRequests().get(0).id();
        assertThat(handler.events).containsExactly(
                "text Let me", "text  check.",
                "tool 0 " + id + " get_weather {\"city",
                "tool 0 " + id + " get_weather \":\"Rom",
                "tool 0 " + id + " get_weather e\"}",
                "complete tool 0 {\"city\":\"Rome\"}",
                "complete");
        assertThat(handler.response.id()).isEqualTo("resp-7");
        assertThat(handler.response.tokenUsage()).isEqualTo(new TokenUsage(5, 6, 11));
        assertThat(handler.response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(handler.response.aiMessage().text()).isEqualTo("Let me check.");
    }

    @Test
    void aFaultMidStreamReachesOnErrorUnchangedAfterTheChunksBeforeIt() {
        IOException reset = new IOException("connection reset");
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("one two three").failAfterChunk(2, () -> reset)).build();
        RecordingHandler handler = new RecordingHandler();

        LangChain4jFake.of(script).chat("go", handler);
        handler.await();

        assertThat(handler.events).containsExactly("text one", "text  ", "error connection reset");
        assertThat(handler.error).isSameAs(reset);
    }

    @Test
    void theStreamingHandleCancelsTheScriptAndNoCallbackFollows() throws Exception {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("a b c d e f g h").perChunkDelay(Duration.ofMillis(1))).build();
        RecordingHandler handler = new RecordingHandler();
        handler.cancelAtFirstText = true;
        ExecutorService executor = Executors.newSingleThreadExecutor();

        LangChain4jFake.of(script, executor).chat("go", handler);
        handler.await();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("the delivery ended").isTrue();

        assertThat(handler.events).containsExactly("text a");
    }

    @Test
    void delaysAreTheScriptsOnItsClock() {
        VirtualClock clock = new VirtualClock();
        ScriptedChatModel script = ScriptedChatModel.builder().clock(clock)
                .turn(Turn.text("a b").firstChunkDelay(Duration.ofSeconds(2)).perChunkDelay(Duration.ofMillis(300)))
                .build();
        RecordingHandler handler = new RecordingHandler();

        LangChain4jFake.of(script, Runnable::run).chat("go", handler);

        assertThat(handler.events).containsExactly("text a", "text  ", "text b", "complete");
        assertThat(script.lastCall().chunkTimes()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(2300),
                Duration.ofMillis(2600));
    }

    @Test
    void toolsOfferedByLangChain4jReachTheScriptAsToolDefinitions() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .whenToolOffered("get_weather", Turn.toolCall("get_weather", Map.of("city", "Oslo")))
                .replies("no tool offered").build();
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("The weather")
                .parameters(JsonObjectSchema.builder().addStringProperty("city", "the city").required("city").build())
                .build();
        LangChain4jFake model = LangChain4jFake.of(script);

        ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("weather?"))
                .toolSpecifications(weather).build());

        assertThat(response.aiMessage().toolExecutionRequests()).singleElement()
                .satisfies(r -> assertThat(r.arguments()).isEqualTo("{\"city\":\"Oslo\"}"));
        assertThat(script.lastCall().tools()).containsExactly(ToolDefinition.of("get_weather", "The weather",
                Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string", "description", "the city")),
                        "required", List.of("city"))));
        assertThat(model.lastRequest().toolSpecifications()).containsExactly(weather);
    }
}
