package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 1.1: a provider that only generates streams exactly one chunk holding the whole message. */
class FallbackTest {

    private static final AIMessage RICH = AIMessage.builder()
            .content("It is sunny in Paris.")
            .toolCall(new ToolCall("call_1", "weather", Map.of("city", "Paris", "days", 2)))
            .usage(new UsageMetadata(12, 7, 19, Map.of("cache_read", 4L), Map.of("reasoning", 2L)))
            .responseMetadata("finish_reason", "stop")
            .responseMetadata("model_name", "m-1")
            .id("msg-42")
            .build();

    @Test
    void streamYieldsExactlyOneChunkWithTheWholeMessage() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(RICH);

        List<AIMessageChunk> chunks = model.stream("weather?").toList();

        assertThat(chunks).hasSize(1);
        AIMessageChunk chunk = chunks.get(0);
        assertThat(chunk.content()).isEqualTo("It is sunny in Paris.");
        assertThat(chunk.toolCallChunks()).containsExactly(
                new ToolCallChunk(0, "call_1", "weather", RICH.toolCalls().get(0).argsJson()));
        assertThat(chunk.usageMetadata()).isEqualTo(RICH.usageMetadata());
        assertThat(chunk.responseMetadata()).isEqualTo(Map.of("finish_reason", "stop", "model_name", "m-1"));
        assertThat(chunk.id()).isEqualTo("msg-42");
        assertThat(chunk.toMessage()).isEqualTo(RICH);
        assertThat(model.generateCalls).hasValue(1);
    }

    @Test
    void streamEventsHaveExactlyOneStreamEventWithTheWholeMessage() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(RICH);
        UUID runId = UUID.randomUUID();

        List<StreamEvent> events = model.streamEvents("weather?", RunConfig.builder().runId(runId).build()).toList();

        assertThat(events).extracting(StreamEvent::event).containsExactly(
                "on_chat_model_start", "on_chat_model_stream", "on_chat_model_end");
        assertThat(events.get(1).data()).containsOnlyKeys("chunk");
        assertThat(events.get(1).data().get("chunk")).isEqualTo(RICH.toChunk());
        assertThat(events.get(2).data()).containsOnlyKeys("output");
        assertThat(events.get(2).data().get("output")).isEqualTo(RICH);
        assertThat(events).extracting(StreamEvent::runId).containsOnly(runId);
        assertThat(model.generateCalls).hasValue(1);
    }

    @Test
    void theFallbackChunkIsWhatListenersSeeAndTheEndIsItsAggregate() {
        RecordingListener listener = new RecordingListener();
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(RICH);

        List<AIMessageChunk> chunks = model.stream("weather?", RunConfig.builder().listener(listener).build()).toList();

        assertThat(listener.calls()).containsExactly("start chat_model", "chunk chat_model", "end chat_model");
        assertThat(listener.chunks()).containsExactlyElementsOf(chunks);
        assertThat(listener.outputs()).containsExactly(RICH);
    }

    @Test
    void theEndOfAFallbackStreamIsTheGeneratedMessageEvenWithInvalidToolCalls() {
        AIMessage withInvalid = AIMessage.builder()
                .content("")
                .invalidToolCall(new InvalidToolCall("call_0", "broken", "{\"city\": ", "provider: truncated JSON"))
                .toolCall(new ToolCall("call_1", "weather", Map.of("city", "Oslo")))
                .id("msg-7")
                .build();
        RecordingListener listener = new RecordingListener();
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(withInvalid);

        List<AIMessageChunk> chunks = model.stream("x", RunConfig.builder().listener(listener).build()).toList();
        List<StreamEvent> events = model.streamEvents("x").toList();

        assertThat(chunks).hasSize(1);
        assertThat(listener.outputs()).as("the end of the run").containsExactly(withInvalid);
        assertThat(events.get(2).data().get("output")).isEqualTo(withInvalid);
        assertThat(model.invoke("x")).isEqualTo(withInvalid);
    }

    @Test
    void theFallbackDoesNotSplitTheText() {
        String longText = "word ".repeat(500);
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(longText);

        assertThat(model.stream("x").toList()).extracting(AIMessageChunk::content).containsExactly(longText);
    }

    @Test
    void withoutProviderIdTheChunkAndTheEndCarryTheRunId() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("hello");

        List<AIMessageChunk> chunks = model.stream("x", RunConfig.builder().runId(runId).listener(listener).build())
                .toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsExactly("run-" + runId);
        assertThat(listener.outputs()).extracting(o -> ((AIMessage) o).id()).containsExactly("run-" + runId);
    }

    @Test
    void disablingStreamingOnTheInstanceUsesTheFallback() {
        TestModels.Streaming model = new TestModels.Streaming("he", "llo") {
            @Override
            public boolean isStreamingDisabled() {
                return true;
            }
        };

        List<AIMessageChunk> chunks = model.stream("x").toList();

        assertThat(chunks).extracting(AIMessageChunk::content).containsExactly("hello");
        assertThat(model.streamCalls).hasValue(0);
        assertThat(model.generateCalls).hasValue(1);
    }

    @Test
    void invokeOnAGenerateOnlyProviderCallsGenerateOnceAndReturnsItsMessage() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(RICH);

        assertThat(model.invoke("weather?")).isEqualTo(RICH);
        assertThat(model.generateCalls).hasValue(1);
    }
}
