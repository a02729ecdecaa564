package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
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
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 8: a LangChain4j model under chat-tck loses nothing that LangChain4j exposes. */
class LangChain4jChatModelTest {
    private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string", "description", "the city",
                    "minLength", 1)), "required", List.of("city")));
    // an empty "properties" object LangChain4j drops (the schemas are equivalent): this one has none
    private static final ToolDefinition TIME = ToolDefinition.of("get_time", "", Map.of("type", "object"));

    @Test
    void everyMessageKindCrossesBothWaysUnchanged() {
        ScriptedChatModel script = ScriptedChatModel.builder().replies("done").build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);
        // an invalid call as chat-tck parses it: LangChain4j keeps the raw arguments, and the error is derived again
        AIMessage withInvalidCall = new AIMessageChunk("Looking.", List.of(
                new ToolCallChunk(0, "call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCallChunk(1, "call_2", "get_weather", "{\"city\": Rome")), null, null, null).toMessage();
        assertThat(withInvalidCall.invalidToolCalls()).hasSize(1);
        List<Message> history = List.of(
                new SystemMessage("Be brief."),
                new HumanMessage("Weather in Paris and Rome?"),
                withInvalidCall,
                new ToolMessage("sunny", "call_1", "get_weather"),
                new ToolMessage("no such city", "call_2"), // no name: LangChain4j gets it from the call it answers
                new HumanMessage("Thanks"));

        LangChain4jChatModel.of(langChain4j, langChain4j).invoke(history);

        List<ChatMessage> sent = langChain4j.lastRequest().messages();
        assertThat(sent).extracting(m -> m.type().name())
                .containsExactly("SYSTEM", "USER", "AI", "TOOL_EXECUTION_RESULT", "TOOL_EXECUTION_RESULT", "USER");
        AiMessage ai = (AiMessage) sent.get(2);
        assertThat(ai.text()).isEqualTo("Looking.");
        assertThat(ai.toolExecutionRequests()).containsExactly(
                ToolExecutionRequest.builder().id("call_1").name("get_weather").arguments("{\"city\":\"Paris\"}").build(),
                ToolExecutionRequest.builder().id("call_2").name("get_weather").arguments("{\"city\": Rome").build());
        assertThat((ToolExecutionResultMessage) sent.get(3))
                .isEqualTo(ToolExecutionResultMessage.from("call_1", "get_weather", "sunny"));
        assertThat((ToolExecutionResultMessage) sent.get(4))
                .isEqualTo(ToolExecutionResultMessage.from("call_2", "get_weather", "no such city"));

        // and back: the scripted model received the history as given, but for the name LangChain4j filled in
        List<Message> received = script.lastCall().messages();
        assertThat(received.subList(0, 2)).isEqualTo(history.subList(0, 2));
        assertThat(received.get(2)).isEqualTo(history.get(2));
        assertThat(received.get(3)).isEqualTo(history.get(3));
        assertThat(received.get(4)).isEqualTo(new ToolMessage("no such city", "call_2", "get_weather"));
        assertThat(received.get(5)).isEqualTo(history.get(5));
    }

    @Test
    void stopSequencesOptionsAndToolsReachTheRequestAndComeBack() {
        ScriptedChatModel script = ScriptedChatModel.builder().replies("ok").cycle().build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);
        LangChain4jChatModel model = LangChain4jChatModel.of(langChain4j, langChain4j);
        RunConfig config = RunConfig.builder().stop("END", "STOP").option("temperature", 0.3).option("max_tokens", 50)
                .tools(WEATHER, TIME).toolChoice(ToolChoice.required()).build();

        model.invoke("hi", config);

        ChatRequestParameters sent = langChain4j.lastRequest().parameters();
        assertThat(sent.stopSequences()).containsExactly("END", "STOP");
        assertThat(sent.temperature()).isEqualTo(0.3);
        assertThat(sent.maxOutputTokens()).isEqualTo(50);
        assertThat(sent.toolChoice()).isEqualTo(dev.langchain4j.model.chat.request.ToolChoice.REQUIRED);
        assertThat(sent.toolSpecifications()).extracting(s -> s.name()).containsExactly("get_weather", "get_time");
        assertThat(sent.toolSpecifications().get(1).description()).isNull();

        var call = script.lastCall();
        assertThat(call.tools()).as("the schema, keywords LangChain4j has no type for included, survives both ways")
                .containsExactly(WEATHER, TIME);
        assertThat(call.toolChoice()).isEqualTo(ToolChoice.required());
        assertThat(call.options().stop()).containsExactly("END", "STOP");
        assertThat(call.options().options()).containsEntry("temperature", 0.3).containsEntry("max_tokens", 50);
    }

    @Test
    void aNamedToolChoiceIsRequiredWithThatToolAlone() {
        LangChain4jFake langChain4j = LangChain4jFake.of(ScriptedChatModel.builder().replies("ok").build());

        LangChain4jChatModel.of(langChain4j, null).invoke("hi",
                RunConfig.builder().tools(WEATHER, TIME).toolChoice(ToolChoice.tool("get_time")).build());

        ChatRequestParameters sent = langChain4j.lastRequest().parameters();
        assertThat(sent.toolChoice()).isEqualTo(dev.langchain4j.model.chat.request.ToolChoice.REQUIRED);
        assertThat(sent.toolSpecifications()).extracting(s -> s.name()).containsExactly("get_time");
    }

    @Test
    void anOptionLangChain4jCannotCarryFailsNamingIt() {
        LangChain4jFake langChain4j = LangChain4jFake.of(ScriptedChatModel.builder().replies("ok").build());
        LangChain4jChatModel model = LangChain4jChatModel.of(langChain4j, langChain4j);

        assertThatThrownBy(() -> model.invoke("hi", RunConfig.builder().option("seed", 7).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'seed'").hasMessageContaining("top_p");
        assertThatThrownBy(() -> model.invoke("hi", RunConfig.builder().option("temperature", "hot").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hot");
        assertThat(langChain4j.requests()).isEmpty();
    }

    @Test
    void toolCallArgumentsStreamAsLangChain4jDeliversThem() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(3)).build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);

        List<AIMessageChunk> chunks = LangChain4jChatModel.of(langChain4j, langChain4j).stream("weather?").toList();

        List<ToolCallChunk> fragments = chunks.stream().flatMap(c -> c.toolCallChunks().stream()).toList();
        String args = "{\"city\":\"Paris\"}";
        assertThat(fragments).hasSize((args.length() + 2) / 3);
        assertThat(fragments).allSatisfy(f -> {
            assertThat(f.index()).isZero();
            assertThat(f.name()).isEqualTo("get_weather");
            assertThat(f.id()).isEqualTo(fragments.get(0).id()).isNotNull();
        });
        assertThat(String.join("", fragments.stream().map(ToolCallChunk::args).toList())).isEqualTo(args);
        AIMessage answer = chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().toMessage();
        assertThat(answer.toolCalls()).extracting(ToolCall::args).containsExactly(Map.of("city", "Paris"));
        assertThat(answer.responseMetadata()).containsEntry("finish_reason", "tool_execution");
    }

    @Test
    void usageFinishReasonAndIdComeWithTheAnswer() {
        ScriptedChatModel script = ScriptedChatModel.builder().modelName("m-1").cycle()
                .turn(Turn.text("Hello there").id("resp-1").usage(3, 4).responseMetadata("finish_reason", "length")
                        .responseMetadata("model_name", "m-1"))
                .build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);
        LangChain4jChatModel model = LangChain4jChatModel.of(langChain4j, langChain4j);

        AIMessage invoked = model.invoke("hi");
        List<AIMessageChunk> chunks = model.stream("hi").toList();

        assertThat(invoked.id()).isEqualTo("resp-1");
        assertThat(invoked.usageMetadata()).isEqualTo(UsageMetadata.of(3, 4));
        assertThat(invoked.responseMetadata()).containsEntry("finish_reason", "length").containsEntry("model_name", "m-1");
        AIMessageChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.content()).as("the late chunk carries no content").isEmpty();
        assertThat(last.usageMetadata()).isEqualTo(UsageMetadata.of(3, 4));
        assertThat(last.responseMetadata()).containsEntry("finish_reason", "length").containsEntry("model_name", "m-1");
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usageMetadata()).isNull());
    }

    @Test
    void closingTheStreamCancelsTheRequestThroughTheStreamingHandle() {
        StubStreamingModel provider = StubStreamingModel.endless();
        RunStream<AIMessageChunk> stream = LangChain4jChatModel.of(null, provider).stream("go");
        Iterator<AIMessageChunk> chunks = stream.iterator();
        assertThat(chunks.next().content()).isEqualTo("t0 ");

        stream.close();

        StubStreamingModel.await(provider.handle.cancelledLatch, "the StreamingHandle to be cancelled");
        StubStreamingModel.await(provider.finished, "the provider to stop");
        assertThat(provider.partialsSent.get()).as("the provider stopped long before its 100,000 tokens")
                .isLessThan(1_000);
    }

    @Test
    void aCloseBeforeTheFirstCallbackCancelsAtThatCallback() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StubStreamingModel provider = new StubStreamingModel((model, handler) -> {
            StubStreamingModel.await(release, "the test to release the first token");
            model.partial(handler, "late");
            model.partial(handler, "later");
        });
        RunStream<AIMessageChunk> stream = LangChain4jChatModel.of(null, provider).stream("go");
        Thread consumer = new Thread(() -> stream.iterator().hasNext()); // the first pull starts the request
        consumer.start();
        long deadline = System.nanoTime() + StubStreamingModel.PATIENCE.toNanos();
        while (provider.request == null) {
            assertThat(System.nanoTime()).as("the request reached the provider in time").isLessThan(deadline);
            Thread.onSpinWait();
        }

        stream.close();
        consumer.join();
        release.countDown();

        StubStreamingModel.await(provider.handle.cancelledLatch, "the cancel at the first callback");
        StubStreamingModel.await(provider.finished, "the provider to end");
    }

    @Test
    void aStreamingFailureReachesTheCallerUnchangedAfterTheChunksBeforeIt() {
        IllegalStateException rateLimited = new IllegalStateException("429 rate limited");
        StubStreamingModel provider = new StubStreamingModel((model, handler) -> {
            model.partial(handler, "Hel");
            handler.onError(rateLimited);
        });
        RunStream<AIMessageChunk> stream = LangChain4jChatModel.of(null, provider).stream("go");
        Iterator<AIMessageChunk> chunks = stream.iterator();

        assertThat(chunks.next().content()).isEqualTo("Hel");
        assertThatThrownBy(chunks::hasNext).isSameAs(rateLimited);
    }

    @Test
    void aCheckedFailureKeepsTheOriginalAsCause() {
        IOException reset = new IOException("connection reset");
        StubStreamingModel provider = new StubStreamingModel((model, handler) -> handler.onError(reset));

        assertThatThrownBy(() -> LangChain4jChatModel.of(null, provider).stream("go").toList())
                .isInstanceOf(ChatModelException.class).hasCause(reset);
    }

    @Test
    void aBlockingFailureReachesTheCallerUnchanged() {
        IllegalArgumentException invalidKey = new IllegalArgumentException("401 invalid api key");
        dev.langchain4j.model.chat.ChatModel failing = new dev.langchain4j.model.chat.ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw invalidKey;
            }
        };

        assertThatThrownBy(() -> LangChain4jChatModel.of(failing, null).invoke("hi")).isSameAs(invalidKey);
    }

    @Test
    void whatAProviderGivesOnlyAtTheEndIsNotLost() {
        ChatResponse whole = ChatResponse.builder()
                .aiMessage(AiMessage.from("It is sunny.", List.of(ToolExecutionRequest.builder().id("c1")
                        .name("get_weather").arguments("{\"city\":\"Paris\"}").build())))
                .id("resp-9").tokenUsage(new TokenUsage(5, 6)).finishReason(FinishReason.TOOL_EXECUTION).build();
        StubStreamingModel provider = new StubStreamingModel((model, handler) -> handler.onCompleteResponse(whole));

        List<AIMessageChunk> chunks = LangChain4jChatModel.of(null, provider).stream("go").toList();
        AIMessage answer = chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().toMessage();

        assertThat(answer.content()).isEqualTo("It is sunny.");
        assertThat(answer.toolCalls()).containsExactly(new ToolCall("c1", "get_weather", Map.of("city", "Paris")));
        assertThat(answer.usageMetadata()).isEqualTo(UsageMetadata.of(5, 6));
        assertThat(answer.responseMetadata()).containsEntry("finish_reason", "tool_execution");
        // without a blocking model, invoke aggregates the stream
        assertThat(LangChain4jChatModel.of(null, provider).invoke("go").content()).isEqualTo("It is sunny.");
    }

    @Test
    void lsParametersComeFromTheLangChain4jModel() {
        StubStreamingModel provider = StubStreamingModel.endless();
        provider.provider = ModelProvider.OPEN_AI;
        provider.defaults = ChatRequestParameters.builder().modelName("gpt-x").temperature(0.2).maxOutputTokens(99).build();

        var ls = LangChain4jChatModel.of(null, provider).lsParams(io.github.chattck.core.CallOptions.NONE);

        assertThat(ls.provider()).isEqualTo("openai");
        assertThat(ls.modelName()).isEqualTo("gpt-x");
        assertThat(ls.temperature()).isEqualTo(0.2);
        assertThat(ls.maxTokens()).isEqualTo(99);
        assertThatThrownBy(() -> LangChain4jChatModel.of(null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither");
    }

    @Test
    void aUserMessageWithImagesHasNoChatTckFormAndSaysSo() {
        LangChain4jFake langChain4j = LangChain4jFake.of(ScriptedChatModel.builder().replies("ok").build());
        UserMessage withImage = UserMessage.from(dev.langchain4j.data.message.TextContent.from("look"),
                dev.langchain4j.data.message.ImageContent.from("https://example.invalid/cat.png"));

        assertThatThrownBy(() -> langChain4j.chat(withImage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IMAGE");
    }
}
