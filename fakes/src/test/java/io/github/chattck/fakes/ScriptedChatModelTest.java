package io.github.chattck.fakes;

import io.github.chattck.core.BatchResult;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.RunTimeoutException;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.github.chattck.fakes.assertions.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ScriptedChatModelTest {

    private static List<String> contents(List<AIMessageChunk> chunks) {
        List<String> out = new ArrayList<>();
        chunks.forEach(c -> out.add(c.content()));
        return out;
    }

    @Test
    void theFluentScriptReadsAsItPlays() {
        VirtualClock clock = new VirtualClock();
        ScriptedChatModel model = ScriptedChatModel.builder().clock(clock)
                .turn(Turn.text("Hello world").chunkedBy(Chunking.words()).perChunkDelay(Duration.ofMillis(5)))
                .turn(Turn.text("This answer breaks off").failAfterChunk(2, () -> new IOException("connection reset")))
                .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")))
                .build();

        assertThat(contents(model.stream("hi").toList())).containsExactly("Hello", " ", "world");

        List<String> seen = new ArrayList<>();
        Throwable failure = catchThrowable(() -> model.stream("again").forEach(c -> seen.add(c.content())));
        assertThat(seen).containsExactly("This", " ");
        assertThat(failure).hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("connection reset");

        AIMessage toolAnswer = model.invoke("weather?");
        assertThat(toolAnswer.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", Map.of("city", "Paris")));
        assertThat(model).wasCalledTimes(3).lastHumanMessageIs("weather?");
    }

    @Test
    void aQueueThatRunsOutFailsNamingTheCallAndTheLastHumanMessage() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("only").build();
        model.invoke("first");

        assertThatThrownBy(() -> model.invoke("second question"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call #2")
                .hasMessageContaining("\"second question\"")
                .hasMessageContaining("1 turn(s) in QUEUE mode");
    }

    @Test
    void cycleStartsOverAndRepeatLastKeepsTheLastTurn() {
        ScriptedChatModel cycling = ScriptedChatModel.builder().replies("one", "two").cycle().build();
        ScriptedChatModel repeating = ScriptedChatModel.builder().replies("one", "two").repeatLast().build();

        assertThat(List.of(cycling.invoke("a"), cycling.invoke("b"), cycling.invoke("c")))
                .extracting(AIMessage::content).containsExactly("one", "two", "one");
        assertThat(List.of(repeating.invoke("a"), repeating.invoke("b"), repeating.invoke("c")))
                .extracting(AIMessage::content).containsExactly("one", "two", "two");
    }

    @Test
    void matchingRulesAnswerBeforeTheSequenceWithoutTakingATurn() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .when("ping", Turn.text("pong"))
                .when(call -> call.messages().get(0) instanceof SystemMessage, Turn.text("with system"))
                .replies("from the queue")
                .build();

        assertThat(model.invoke("ping").content()).isEqualTo("pong");
        assertThat(model.invoke(List.of(new SystemMessage("be brief"), new HumanMessage("x"))).content())
                .isEqualTo("with system");
        assertThat(model.invoke("anything").content()).isEqualTo("from the queue");
    }

    @Test
    void failTheFirstCallsThenSucceed() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("ok").repeatLast()
                .failFirstCalls(2, () -> new IllegalStateException("rate limited")).build();

        assertThatThrownBy(() -> model.invoke("a")).hasMessage("rate limited");
        assertThatThrownBy(() -> model.stream("b").toList()).hasMessage("rate limited");
        assertThat(model.invoke("c").content()).isEqualTo("ok");
    }

    @Test
    void failBeforeTheFirstChunkDeliversNothing() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("never").failBeforeFirstChunk(() -> new IllegalStateException("down"))).build();
        List<AIMessageChunk> seen = new ArrayList<>();

        assertThatThrownBy(() -> model.stream("x").forEach(seen::add)).hasMessage("down");
        assertThat(seen).isEmpty();
    }

    @Test
    void aHangIsEndedByTheRunTimeout() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("a b c").hangAfterChunk(1)).turn(Turn.text("x").hangAfterChunk(0)).build();
        RunConfig config = RunConfig.builder().timeout(Duration.ofMillis(200)).build();
        List<String> seen = new ArrayList<>();

        assertThatThrownBy(() -> model.stream("x", config).forEach(c -> seen.add(c.content())))
                .isInstanceOf(RunTimeoutException.class);
        assertThat(seen).containsExactly("a");
        assertThatThrownBy(() -> model.invoke("y", config)).isInstanceOf(RunTimeoutException.class);
    }

    @Test
    void aHangIsEndedByClosingTheStream() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.builder().turn(Turn.text("a b").hangAfterChunk(1)).build();
        RunStream<AIMessageChunk> stream = model.stream("x");
        Iterator<AIMessageChunk> it = stream.iterator();
        assertThat(it.next().content()).isEqualTo("a");
        Thread closer = new Thread(stream::close);
        closer.start();
        assertThat(it.hasNext()).as("after close, the hanging stream ends").isFalse();
        closer.join();
    }

    @Test
    void virtualClockProvesTheDelaysAreApplied() {
        VirtualClock clock = new VirtualClock();
        ScriptedChatModel model = ScriptedChatModel.builder().clock(clock)
                .turn(Turn.text("a b").firstChunkDelay(Duration.ofMillis(100)).perChunkDelay(Duration.ofMillis(7)))
                .build();

        assertThat(model.stream("x").toList()).hasSize(3);

        assertThat(model.lastCall().chunkTimes())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(107), Duration.ofMillis(114));
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(7), Duration.ofMillis(7));
    }

    @Test
    void modelDefaultsApplyToTurnsThatSetNone() {
        VirtualClock clock = new VirtualClock();
        ScriptedChatModel model = ScriptedChatModel.builder().clock(clock).chunking(Chunking.fixedSize(2))
                .perChunkDelay(Duration.ofMillis(3)).replies("abcde").build();

        assertThat(contents(model.stream("x").toList())).containsExactly("ab", "cd", "e");
        assertThat(model.lastCall().chunkTimes()).containsExactly(Duration.ZERO, Duration.ofMillis(3), Duration.ofMillis(6));
    }

    @Test
    void toolArgFragmentsNeverCutACharacterOutsideTheBmp() {
        String robot = "\uD83E\uDD16";
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.toolCall("say", Map.of("text", robot + robot + robot)).toolArgsChunkSize(1)).build();

        List<String> fragments = new ArrayList<>();
        model.stream("x").toList().forEach(c -> c.toolCallChunks().forEach(t -> fragments.add(t.args())));

        assertThat(fragments).contains(robot).allSatisfy(f -> assertThat(f.codePointCount(0, f.length())).isEqualTo(1));
        assertThat(String.join("", fragments)).isEqualTo("{\"text\":\"" + robot + robot + robot + "\"}");
    }

    @Test
    void toolCallsStreamAsFragmentsThatAggregateToTheCall() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("Let me check.").withToolCall("add", Map.of("a", 1, "b", 2)).toolArgsChunkSize(4)
                        .usage(7, 5).responseMetadata("finish_reason", "tool_calls"))
                .repeatLast().build();

        List<AIMessageChunk> chunks = model.stream("x").toList();
        List<ToolCallChunk> fragments = new ArrayList<>();
        chunks.forEach(c -> fragments.addAll(c.toolCallChunks()));

        assertThat(fragments).hasSizeGreaterThan(2).allSatisfy(f -> assertThat(f.index()).isZero());
        assertThat(fragments.get(0).id()).isEqualTo("call_1");
        assertThat(fragments.get(0).name()).isEqualTo("add");
        assertThat(fragments.subList(1, fragments.size())).allSatisfy(f -> assertThat(f.name()).isNull());
        assertThat(chunks).filteredOn(c -> c.usageMetadata() != null).hasSize(1);
        assertThat(chunks.get(chunks.size() - 1).usageMetadata()).isEqualTo(UsageMetadata.of(7, 5));

        AIMessage aggregate = chunks.stream().reduce(AIMessageChunk::concat).orElseThrow().toMessage();
        AIMessage invoked = model.invoke("x");
        assertThat(aggregate.content()).isEqualTo(invoked.content()).isEqualTo("Let me check.");
        assertThat(aggregate.toolCalls()).isEqualTo(invoked.toolCalls());
        assertThat(aggregate.usageMetadata()).isEqualTo(invoked.usageMetadata());
        assertThat(aggregate.responseMetadata()).containsEntry("finish_reason", "tool_calls");
    }

    @Test
    void stopSequencesCutTheAnswerAndAreRecorded() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("one two STOP three").repeatLast().build();
        RunConfig config = RunConfig.builder().stop("STOP").build();

        assertThat(model.invoke("x", config).content()).isEqualTo("one two ");
        assertThat(String.join("", contents(model.stream("x", config).toList()))).isEqualTo("one two ");
        assertThat(model).lastCallHadStop("STOP");
    }

    @Test
    void recordsMessagesOptionsAndTheRunConfig() {
        ScriptedChatModel model = ScriptedChatModel.builder().replies("ok").repeatLast().build();
        RunConfig config = RunConfig.builder().tags("checkout").metadata("user", "u1").runName("Pay").build();

        model.invoke(List.of(new SystemMessage("sys"), new HumanMessage("hi")), config);
        List<StreamEvent> events = model.streamEvents("there", config).toList();

        assertThat(model).wasCalledTimes(2).lastHumanMessageIs("there").lastCallTaggedWith("checkout");
        RecordedCall first = model.calls().get(0);
        assertThat(first.messages()).containsExactly(new SystemMessage("sys"), new HumanMessage("hi"));
        assertThat(first.streamed()).isFalse();
        assertThat(first.run().name()).isEqualTo("Pay");
        assertThat(first.run().metadata()).containsEntry("user", "u1");
        assertThat(model.lastCall().streamed()).isTrue();
        assertThat(model.lastCall().run().runId()).isEqualTo(events.get(0).runId());
    }

    @Test
    void nameLsParamsTagsAndMetadataAreSettable() {
        ScriptedChatModel model = ScriptedChatModel.builder().name("Acme").provider("acme").modelName("acme-1")
                .temperature(0.3).maxTokens(64).tags("fake").metadata("team", "search").replies("ok").build();

        StreamEvent start = model.streamEvents("x").toList().get(0);

        assertThat(start.name()).isEqualTo("Acme");
        assertThat(start.tags()).containsExactly("fake");
        assertThat(start.metadata()).containsEntry("ls_provider", "acme").containsEntry("ls_model_name", "acme-1")
                .containsEntry("ls_temperature", 0.3).containsEntry("ls_max_tokens", 64).containsEntry("team", "search");
    }

    @Test
    void streamingOffUsesTheSingleChunkFallback() {
        ScriptedChatModel model = ScriptedChatModel.builder().streaming(false).replies("a whole answer").build();

        List<AIMessageChunk> chunks = model.stream("x").toList();

        assertThat(chunks).singleElement().extracting(AIMessageChunk::content).isEqualTo("a whole answer");
        assertThat(model.lastCall().streamed()).isFalse();
    }

    @Test
    void idsAreDeterministic() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.toolCall("a", Map.of()).withToolCall("b", Map.of("x", true)))
                .turn(Turn.text("with id").id("msg-1")).build();

        assertThat(model.invoke("x").toolCalls()).extracting(ToolCall::id).containsExactly("call_1", "call_2");
        assertThat(model.stream("y").toList()).extracting(AIMessageChunk::id).containsOnly("msg-1");
    }

    @Test
    void batchGetsOneTurnPerInputInQueueOrderWithExceptionsInTheirSlots() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .replies("r1").turn(Turn.text("bad").failBeforeFirstChunk(() -> new IllegalStateException("slot 2")))
                .replies("r3").build();

        List<BatchResult<AIMessage>> results = model.batchReturningExceptions(
                List.of(ChatInput.of("a"), ChatInput.of("b"), ChatInput.of("c")),
                RunConfig.builder().maxConcurrency(1).build());

        assertThat(results.get(0).value().content()).isEqualTo("r1");
        assertThat(results.get(1).error()).hasMessage("slot 2");
        assertThat(results.get(2).value().content()).isEqualTo("r3");
    }

    @Test
    void aTurnCanDispatchCustomEventsBeforeItsFirstChunk() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("ok go").dispatching("progress", Map.of("pct", 10)).dispatching("progress", Map.of("pct", 20)))
                .repeatLast().build();

        List<StreamEvent> events = model.streamEvents("hi").toList();
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.event() + (e.event().equals(StreamEvent.ON_CUSTOM_EVENT) ? " " + e.data() : "")));

        assertThat(names).containsExactly("on_chat_model_start", "on_custom_event {pct=10}", "on_custom_event {pct=20}",
                "on_chat_model_stream", "on_chat_model_stream", "on_chat_model_stream", "on_chat_model_end");
        List<String> seen = new ArrayList<>();
        model.invoke("hi", RunConfig.builder().listener(new io.github.chattck.core.RunListener() {
            @Override
            public void onCustomEvent(io.github.chattck.core.RunInfo run, String name, Map<String, Object> payload) {
                seen.add(name + payload);
            }
        }).build());
        assertThat(seen).containsExactly("progress{pct=10}", "progress{pct=20}");
        assertThatThrownBy(() -> Turn.text("x").dispatching("", Map.of())).hasMessageContaining("non-blank name");
    }
}
