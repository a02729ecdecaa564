package io.github.chattck.springai;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 8: a scripted model as a Spring AI model streams as Spring AI's providers do, honours demand, records prompts. */
class SpringAiFakeTest {

    @Test
    void aCallAnswersWithTheTurnAndIsRecorded() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("Hi!").withToolCall("get_weather", Map.of("city", "Paris")).usage(3, 4)
                        .responseMetadata("finish_reason", "tool_calls").responseMetadata("model_name", "fake-1"))
                .build();
        SpringAiFake model = SpringAiFake.of(script);

        ChatResponse response = model.call(new Prompt("weather?"));

        AssistantMessage output = response.getResult().getOutput();
        assertThat(output.getText()).isEqualTo("Hi!");
        assertThat(output.getToolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(response.getMetadata().getUsage()).isEqualTo(new DefaultUsage(3, 4, 7));
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("tool_calls");
        assertThat(response.getMetadata().getModel()).isEqualTo("fake-1");
        assertThat(response.getMetadata().getId()).as("chat-tck's run id is not passed off as the provider's")
                .doesNotStartWith("run-");
        assertThat(model.prompts()).singleElement().satisfies(p ->
                assertThat(p.getInstructions()).containsExactly(new UserMessage("weather?")));
        assertThat(script.lastCall().lastHumanMessage()).isEqualTo("weather?");
    }

    @Test
    void aStreamSendsTextAsItComesToolCallsWholeAndTheUsageTotal() {
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("Let me check.").chunkedBy(Chunking.explicit(List.of("Let me", " check.")))
                        .withToolCall("get_weather", Map.of("city", "Rome")).toolArgsChunkSize(4).id("resp-7")
                        .usage(5, 6).responseMetadata("finish_reason", "tool_calls"))
                .build();

        List<ChatResponse> responses = SpringAiFake.of(script).stream(new Prompt("weather?")).collectList().block();

        assertThat(responses).extracting(r -> r.getResult().getOutput().getText())
                .containsExactly("Let me", " check.", "");
        assertThat(responses.get(2).getResult().getOutput().getToolCalls()).singleElement()
                .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"city\":\"Rome\"}"));
        assertThat(responses.get(2).getMetadata().getUsage()).isEqualTo(new DefaultUsage(5, 6, 11));
        assertThat(responses.get(2).getResult().getMetadata().getFinishReason()).isEqualTo("tool_calls");
        assertThat(responses).allSatisfy(r -> assertThat(r.getMetadata().getId()).isEqualTo("resp-7"));
    }

    @Test
    void theFluxIsColdAndHonoursDemand() {
        ScriptedChatModel script = ScriptedChatModel.builder().chunking(Chunking.perCodePoint())
                .turn(Turn.text("x".repeat(100))).cycle().build();
        SpringAiFake model = SpringAiFake.of(script, Runnable::run); // synchronous: a request returns when its work is done
        List<String> received = new CopyOnWriteArrayList<>();
        var flux = model.stream(new Prompt("go"));
        assertThat(script.callCount()).as("nothing runs before a subscription").isZero();

        flux.subscribe(new BaseSubscriber<ChatResponse>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(ChatResponse value) {
                received.add(value.getResult().getOutput().getText());
            }
        });

        assertThat(received).containsExactly("x");
        assertThat(script.lastCall().chunkTimes()).as("the script is played one request at a time, a few ahead at most")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(flux.collectList().block()).as("a second subscription is a new call").hasSize(100);
        assertThat(script.callCount()).isEqualTo(2);
    }

    @Test
    void aCancelClosesTheScriptsStream() {
        AtomicInteger closed = new AtomicInteger();
        BaseChatModel endless = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                throw new AssertionError("streams only");
            }

            @Override
            protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                return new ChunkSource() {
                    @Override
                    public AIMessageChunk next() {
                        return AIMessageChunk.of("t");
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                    }
                };
            }
        };

        List<ChatResponse> first = SpringAiFake.of(endless, Runnable::run).stream(new Prompt("go")).take(3)
                .collectList().block();

        assertThat(first).hasSize(3);
        assertThat(closed).as("take(3) cancels, and the cancel closes the chat-tck stream").hasValue(1);
    }

    @Test
    void aScriptedFaultIsTheFluxsErrorUnchangedAfterTheResponsesBeforeIt() {
        IOException reset = new IOException("connection reset");
        ScriptedChatModel script = ScriptedChatModel.builder()
                .turn(Turn.text("one two three").failAfterChunk(2, () -> reset)).build();
        List<String> seen = new CopyOnWriteArrayList<>();

        AtomicReference<Throwable> error = new AtomicReference<>();

        SpringAiFake.of(script).stream(new Prompt("go")).doOnNext(r -> seen.add(r.getResult().getOutput().getText()))
                .onErrorResume(e -> {
                    error.set(e);
                    return Flux.empty();
                }).blockLast();

        assertThat(error.get()).isSameAs(reset);
        assertThat(seen).containsExactly("one", " ");
    }
}
