package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 4 (0.2): any step in a pipeline: plain functions, models and parsers, in sequences of any length. */
class PipelineStepsTest {

    /** Streams "hi", " ", "there" whatever it is asked, recording its input. */
    private static final class Model extends TestModels.Streaming {
        Model() {
            super("hi", " ", "there");
        }

        @Override
        public String name() {
            return "Model";
        }

        @Override
        public List<String> tags() {
            return List.of("t-model");
        }
    }

    private static final FunctionStep<ChatInput, ChatInput> SHOUT = FunctionStep.of("shout",
            in -> ChatInput.of(((String) in.raw()).toUpperCase()));

    private static Pipeline<ChatInput, String, String> fourSteps(Model model) {
        return SHOUT.pipe(model).pipe(StrOutputParser.create()).pipe("format", text -> "<" + text + ">");
    }

    private static List<String> lines(List<StreamEvent> events) {
        List<String> out = new ArrayList<>();
        for (StreamEvent e : events) {
            out.add(e.event() + " " + e.name() + " " + e.tags());
        }
        return out;
    }

    @Test
    void aFunctionStepIsARunOfItsOwn() {
        RecordingListener listener = new RecordingListener();
        FunctionStep<String, Integer> length = FunctionStep.of(String::length);

        assertThat(length.invoke("four", RunConfig.builder().listener(listener).build())).isEqualTo(4);
        assertThat(length.name()).isEqualTo("RunnableLambda");
        assertThat(listener.calls()).containsExactly("start chain", "end chain");
        assertThat(listener.inputs()).containsExactly("four");
        assertThat(listener.outputs()).containsExactly(4);

        List<StreamEvent> events = length.streamEvents("four", RunConfig.builder().runName("len").build()).toList();
        assertThat(lines(events)).containsExactly("on_chain_start len []", "on_chain_stream len []", "on_chain_end len []");
        assertThat(events.get(1).data()).containsEntry("chunk", 4);
        assertThat(events.get(2).data()).containsOnlyKeys("output").containsEntry("output", 4);
        assertThat(length.batch(List.of("a", "bb"))).containsExactly(1, 2);
    }

    @Test
    void aFunctionThatFailsOrReturnsNullFailsItsRun() {
        RecordingListener listener = new RecordingListener();
        FunctionStep<String, String> failing = FunctionStep.of("failing", s -> {
            throw new IllegalStateException("no " + s);
        });
        FunctionStep<String, String> empty = FunctionStep.of("empty", s -> null);

        assertThatThrownBy(() -> failing.invoke("way", RunConfig.builder().listener(listener).build())).hasMessage("no way");
        assertThatThrownBy(() -> empty.stream("x", RunConfig.builder().listener(listener).build()).toList())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("function step 'empty' returned null");
        assertThat(listener.calls()).containsExactly("start chain", "error chain", "start chain", "error chain");
        assertThatThrownBy(() -> FunctionStep.of(" ", s -> s)).hasMessageContaining("non-blank name");
    }

    @Test
    void aFourStepPipelineInvokesEachStepInOrderUnderItsOwnRun() {
        Model model = new Model();
        RecordingListener listener = new RecordingListener();

        String out = fourSteps(model).invoke(ChatInput.of("hello"), RunConfig.builder().tags("outer").listener(listener).build());

        assertThat(out).isEqualTo("<hi there>");
        assertThat(model.seenOptions).hasSize(1);
        assertThat(listener.calls()).containsExactly("start chain", "start chain", "end chain", "start chat_model",
                "end chat_model", "start parser", "end parser", "start chain", "end chain", "end chain");
        UUID pipelineId = listener.infos().get(0).runId();
        assertThat(listener.infos()).extracting(RunInfo::name).containsExactly("RunnableSequence", "shout", "Model",
                "StrOutputParser", "format");
        assertThat(listener.infos()).extracting(RunInfo::tags).containsExactly(List.of("outer"),
                List.of("seq:step:1", "outer"), List.of("seq:step:2", "outer", "t-model"), List.of("seq:step:3", "outer"),
                List.of("seq:step:4", "outer"));
        assertThat(listener.infos().subList(1, 5)).extracting(RunInfo::parentIds).containsOnly(List.of(pipelineId));
        // listeners get the values as they are: the ChatInputs of the pipeline and its first step, the raw input of
        // the model (SPEC 1.4: exactly what the caller passed), the model's answer, the parsed text
        assertThat(listener.inputs()).containsExactly(ChatInput.of("hello"), ChatInput.of("hello"), "HELLO",
                listener.outputs().get(1), "hi there");
        assertThat(listener.outputs().get(1)).isInstanceOf(AIMessage.class);
    }

    @Test
    void aFourStepPipelineStreamsThroughTheParserAndGivesTheFormatterTheWholeText() {
        List<StreamEvent> events = fourSteps(new Model()).streamEvents(ChatInput.of("hello"),
                RunConfig.builder().tags("outer").build()).toList();

        assertThat(lines(events)).containsExactly(
                "on_chain_start RunnableSequence [outer]",
                "on_chain_start shout [seq:step:1, outer]",
                "on_chain_stream shout [seq:step:1, outer]",
                "on_chain_end shout [seq:step:1, outer]",
                "on_parser_start StrOutputParser [seq:step:3, outer]",
                "on_chat_model_start Model [seq:step:2, outer, t-model]",
                "on_chat_model_stream Model [seq:step:2, outer, t-model]",
                "on_parser_stream StrOutputParser [seq:step:3, outer]",
                "on_chat_model_stream Model [seq:step:2, outer, t-model]",
                "on_parser_stream StrOutputParser [seq:step:3, outer]",
                "on_chat_model_stream Model [seq:step:2, outer, t-model]",
                "on_parser_stream StrOutputParser [seq:step:3, outer]",
                "on_chat_model_end Model [seq:step:2, outer, t-model]",
                "on_parser_end StrOutputParser [seq:step:3, outer]",
                "on_chain_start format [seq:step:4, outer]",
                "on_chain_stream format [seq:step:4, outer]",
                "on_chain_stream RunnableSequence [outer]",
                "on_chain_end format [seq:step:4, outer]",
                "on_chain_end RunnableSequence [outer]");
        assertThat(events.get(1).data()).containsEntry("input", "hello");
        assertThat(events.get(3).data()).containsEntry("input", "hello").containsEntry("output", "HELLO");
        assertThat(events.get(5).data()).containsEntry("input", "HELLO");
        assertThat(events.get(14).data()).containsEntry("input", "hi there");
        assertThat(events.get(16).data()).containsEntry("chunk", "<hi there>");
        assertThat(events.get(18).data()).containsEntry("output", "<hi there>");
        UUID pipelineId = events.get(0).runId();
        assertThat(events).filteredOn(e -> !e.name().equals("RunnableSequence")).extracting(StreamEvent::parentIds)
                .containsOnly(List.of(pipelineId));
    }

    @Test
    void aPipelineThatEndsInTheModelStreamsItsChunksAndEndsWithItsMessage() {
        Pipeline<ChatInput, AIMessage, AIMessageChunk> pipeline = SHOUT.pipe(new Model());

        List<AIMessageChunk> chunks = pipeline.stream(ChatInput.of("hello")).toList();
        List<StreamEvent> events = pipeline.streamEvents(ChatInput.of("hello")).toList();

        assertThat(chunks).extracting(AIMessageChunk::content).containsExactly("hi", " ", "there");
        assertThat(pipeline.invoke(ChatInput.of("hello")).content()).isEqualTo("hi there");
        StreamEvent end = events.get(events.size() - 1);
        assertThat(end.event()).isEqualTo("on_chain_end");
        assertThat(((AIMessage) end.data().get("output")).content()).isEqualTo("hi there");
        assertThat(events).filteredOn(e -> e.event().equals("on_chain_stream") && e.name().equals("RunnableSequence"))
                .hasSize(3);
    }

    @Test
    void pipingAPipelineMakesOneLongerPipeline() {
        Pipeline<ChatInput, String, String> twoSteps = new Model().pipe(StrOutputParser.create());
        Pipeline<ChatInput, String, String> all = SHOUT.pipe(twoSteps).pipe(String::trim);

        assertThat(all.stepNames()).containsExactly("shout", "Model", "StrOutputParser", "RunnableLambda");
        List<StreamEvent> events = all.streamEvents(ChatInput.of("x")).toList();
        assertThat(events).filteredOn(e -> e.event().equals("on_chain_start")).extracting(StreamEvent::name)
                .containsExactly("RunnableSequence", "shout", "RunnableLambda");
        assertThat(all.invoke(ChatInput.of("x"))).isEqualTo("hi there");
    }

    @Test
    void closingAPipelineMidwayEndsEveryRunThatWasGoingOn() {
        RecordingListener listener = new RecordingListener();
        Model model = new Model();
        RunStream<String> stream = fourSteps(model).pipe(FunctionStep.of("never", s -> s))
                .stream(ChatInput.of("hello"), RunConfig.builder().listener(listener).build());
        Pipeline<ChatInput, String, String> parsed = SHOUT.pipe(model).pipe(StrOutputParser.create());
        RunStream<String> parsedStream = parsed.stream(ChatInput.of("hello"), RunConfig.builder().listener(listener).build());

        Iterator<String> it = parsedStream.iterator();
        assertThat(it.next()).isEqualTo("hi");
        parsedStream.close();
        stream.close(); // never pulled: nothing started, nothing to end

        assertThat(listener.calls()).containsExactly("start chain", "start chain", "chunk chain", "end chain", "start parser",
                "start chat_model", "chunk chat_model", "chunk parser", "chunk chain", "error chat_model",
                "error parser", "error chain");
        assertThat(listener.errors()).allSatisfy(e -> assertThat(e).isInstanceOf(CancellationException.class));
    }

    @Test
    void aFailingStepFailsThePipelineAfterWhatWasDelivered() {
        RecordingListener listener = new RecordingListener();
        Pipeline<ChatInput, String, String> pipeline = SHOUT.pipe(new Model()).pipe(StrOutputParser.create())
                .pipe("explode", s -> {
                    throw new IllegalStateException("cannot format " + s);
                });

        assertThatThrownBy(() -> pipeline.stream(ChatInput.of("hello"), RunConfig.builder().listener(listener).build())
                .toList()).hasMessage("cannot format hi there");
        assertThat(listener.calls()).endsWith("end parser", "start chain", "error chain", "error chain");
    }

    @Test
    void theReadmeExampleRuns() {
        ChatModel model = new Model();
        Pipeline<String, String, String> chain = FunctionStep.<String, ChatInput>withRun("prompt", (topic, run) -> {
                    run.dispatchCustomEvent("progress", java.util.Map.of("step", "prompt"));
                    return ChatInput.of("Tell me about " + topic);
                })
                .pipe(model)
                .pipe(StrOutputParser.create())
                .pipe("format", text -> "<" + text + ">");
        List<String> answers = chain.batch(List.of("cats", "dogs"),
                List.of(RunConfig.builder().tags("cats").build(), RunConfig.builder().tags("dogs").build()));

        assertThat(answers).containsExactly("<hi there>", "<hi there>");
        assertThat(chain.streamEvents("cats").toList()).extracting(StreamEvent::event).contains("on_custom_event");
    }

    /** Yields one chunk, then blocks until it is closed. */
    private static final class BlockingSource implements ChunkSource {
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        private boolean first = true;

        @Override
        public AIMessageChunk next() throws InterruptedException {
            if (first) {
                first = false;
                return AIMessageChunk.of("one");
            }
            blocked.countDown();
            closed.await();
            return null;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void closingFromAnotherThreadWhileAStepBlocksEndsTheConsumersPullQuietly() throws Exception {
        for (int round = 0; round < 20; round++) {
            BlockingSource source = new BlockingSource();
            RecordingListener listener = new RecordingListener();
            RunStream<String> stream = SHOUT.pipe(new TestModels.WithSource(() -> source)).pipe(StrOutputParser.create())
                    .stream(ChatInput.of("hello"), RunConfig.builder().listener(listener).build());
            Iterator<String> it = stream.iterator();
            assertThat(it.next()).isEqualTo("one");
            java.util.concurrent.CompletableFuture<Boolean> pull = java.util.concurrent.CompletableFuture.supplyAsync(it::hasNext);
            TestModels.await(source.blocked, "the consumer to block in the model's source");

            stream.close();

            assertThat(pull.get(TestModels.PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
            assertThat(listener.calls()).filteredOn(c -> c.startsWith("error") || c.startsWith("end"))
                    .containsExactlyInAnyOrder("end chain", "error chat_model", "error parser", "error chain");
            assertThat(listener.errors()).allSatisfy(e -> assertThat(e).isInstanceOf(CancellationException.class));
        }
    }
}
