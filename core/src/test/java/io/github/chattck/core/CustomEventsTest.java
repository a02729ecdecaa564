package io.github.chattck.core;

import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 4 (0.2): custom events dispatched by a provider, a step function or a listener, in order, filtered. */
class CustomEventsTest {

    /** Dispatches "progress" before answering, through the run it is given. */
    private static final class Progressing extends BaseChatModel {
        @Override
        public String name() {
            return "Progressing";
        }

        @Override
        public List<String> tags() {
            return List.of("t-model");
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            options.run().dispatchCustomEvent("progress", Map.of("pct", 50));
            return AIMessage.of("done");
        }
    }

    /** Pushes its chunks from a thread of its own, dispatching a custom event from there before each. */
    private static final class PushingProgress extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return ChunkSource.produceOnThread(sink -> {
                for (String piece : List.of("a", "b")) {
                    options.run().dispatchCustomEvent("before", Map.of("piece", piece,
                            "thread", Thread.currentThread().getName()));
                    sink.next(AIMessageChunk.of(piece));
                }
            });
        }
    }

    private static List<String> lines(List<StreamEvent> events) {
        List<String> out = new ArrayList<>();
        for (StreamEvent e : events) {
            out.add(e.event() + " " + e.name() + (e.event().equals(StreamEvent.ON_CUSTOM_EVENT) ? " " + e.data() : ""));
        }
        return out;
    }

    @Test
    void aProviderDispatchesIntoItsRunAndTheEventComesInOrderWithTheRunsIdTagsAndMetadata() {
        UUID runId = UUID.randomUUID();
        List<StreamEvent> events = new Progressing().streamEvents("hi", RunConfig.builder().runId(runId).tags("outer")
                .metadata("user_key", "v").build()).toList();

        assertThat(lines(events)).containsExactly("on_chat_model_start Progressing",
                "on_custom_event progress {pct=50}", "on_chat_model_stream Progressing", "on_chat_model_end Progressing");
        StreamEvent custom = events.get(1);
        assertThat(custom.runId()).isEqualTo(runId);
        assertThat(custom.tags()).containsExactly("outer", "t-model");
        assertThat(custom.metadata()).containsEntry("user_key", "v").containsEntry("ls_provider", "progressing");
        assertThat(custom.parentIds()).isEmpty();
        assertThat(custom.runType()).isEqualTo("custom");
    }

    @Test
    void aProviderOnItsOwnThreadDispatchesThroughTheSameHandle() {
        List<StreamEvent> events = new PushingProgress().streamEvents("hi").toList();
        List<String> lines = new ArrayList<>();
        for (StreamEvent e : events) {
            Object chunk = e.data().get("chunk");
            lines.add(e.event() + " " + (chunk != null ? ((AIMessageChunk) chunk).content() : e.data().getOrDefault("piece", "")));
        }

        // delivered when dispatched: before the chunk pushed after it, and possibly before chunks still waiting in
        // the bounded hand-off (the provider's thread runs ahead of the consumer by at most its capacity)
        assertThat(lines).startsWith("on_chat_model_start ").endsWith("on_chat_model_end ").hasSize(6)
                .containsSubsequence("on_custom_event a", "on_chat_model_stream a", "on_chat_model_stream b")
                .containsSubsequence("on_custom_event a", "on_custom_event b", "on_chat_model_stream b");
        assertThat(events.get(1).data().get("thread")).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void noEventFromAnotherThreadIsLostOrReorderedWhileTheConsumerPullsChunks() {
        int pieces = 2_000;
        BaseChatModel racing = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                throw new UnsupportedOperationException("streams only");
            }

            @Override
            protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                return ChunkSource.produceOnThread(sink -> {
                    for (int i = 0; i < pieces; i++) {
                        options.run().dispatchCustomEvent("before", Map.of("i", i));
                        sink.next(AIMessageChunk.of(i + " "));
                    }
                });
            }
        };
        for (int run = 0; run < 20; run++) {
            List<Integer> custom = new ArrayList<>();
            int chunks = 0;
            for (StreamEvent e : racing.streamEvents("go").toList()) {
                if (e.event().equals(StreamEvent.ON_CUSTOM_EVENT)) {
                    custom.add((Integer) e.data().get("i"));
                } else if (e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM)) {
                    // the custom event dispatched before a chunk is never taken after it
                    assertThat(custom).as("custom events before chunk %d of run %d", chunks, run).hasSizeGreaterThan(chunks);
                    chunks++;
                }
            }
            assertThat(chunks).isEqualTo(pieces);
            assertThat(custom).as("run %d", run).hasSize(pieces).isSorted();
        }
    }

    @Test
    void aStepFunctionAndAListenerDispatchIntoTheirRuns() {
        FunctionStep<ChatInput, ChatInput> step = FunctionStep.withRun("prepare", (in, run) -> {
            run.dispatchCustomEvent("prepared", Map.of("step", run.name()));
            return in;
        });
        RunListener onEveryChunk = new RunListener() {
            @Override
            public void onChunk(RunInfo run, Object chunk) {
                if (run.runType().equals("chat_model")) {
                    run.dispatchCustomEvent("seen", Map.of("chunk", ((AIMessageChunk) chunk).content()));
                }
            }
        };

        List<StreamEvent> events = step.pipe(new TestModels.Streaming("x", "y"))
                .streamEvents(ChatInput.of("hi"), RunConfig.builder().listener(onEveryChunk).build()).toList();

        assertThat(lines(events)).containsExactly("on_chain_start RunnableSequence", "on_chain_start prepare",
                "on_custom_event prepared {step=prepare}", "on_chain_stream prepare", "on_chain_end prepare",
                "on_chat_model_start Streaming", "on_custom_event seen {chunk=x}", "on_chat_model_stream Streaming",
                "on_chain_stream RunnableSequence", "on_custom_event seen {chunk=y}", "on_chat_model_stream Streaming",
                "on_chain_stream RunnableSequence", "on_chat_model_end Streaming", "on_chain_end RunnableSequence");
        UUID pipelineId = events.get(0).runId();
        assertThat(events.get(2).runId()).isEqualTo(events.get(1).runId());
        assertThat(events.get(2).tags()).containsExactly("seq:step:1");
        assertThat(events.get(2).parentIds()).containsExactly(pipelineId);
        assertThat(events.get(6).runId()).isEqualTo(events.get(5).runId());
    }

    @Test
    void filtersTreatACustomEventAsAnEventOfItsRun() {
        FunctionStep<ChatInput, ChatInput> step = FunctionStep.withRun((in, run) -> {
            run.dispatchCustomEvent("progress", Map.of("step", 1));
            return in;
        });
        Chainable<ChatInput, AIMessage, AIMessageChunk> pipeline = step.pipe(new Progressing());

        assertThat(lines(pipeline.streamEvents(ChatInput.of("hi"), RunConfig.defaults(),
                EventFilter.builder().includeTypes("chat_model").build()).toList()))
                .containsExactly("on_chat_model_start Progressing", "on_custom_event progress {pct=50}",
                        "on_chat_model_stream Progressing", "on_chat_model_end Progressing");
        assertThat(lines(pipeline.streamEvents(ChatInput.of("hi"), RunConfig.defaults(),
                EventFilter.builder().excludeTags("t-model").build()).toList()))
                .contains("on_custom_event progress {step=1}").doesNotContain("on_custom_event progress {pct=50}");
        assertThat(pipeline.streamEvents(ChatInput.of("hi"), RunConfig.defaults(),
                EventFilter.builder().includeNames("progress").build()).toList())
                .as("include by name matches run names, not event names, as in LangChain").isEmpty();
    }

    @Test
    void listenersGetCustomEventsAndAThrowingOneDoesNotBreakTheCall() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        RunListener throwing = new RunListener() {
            @Override
            public void onCustomEvent(RunInfo run, String eventName, Map<String, Object> payload) {
                throw new IllegalStateException("listener bug");
            }
        };
        RunListener recording = new RunListener() {
            @Override
            public void onCustomEvent(RunInfo run, String eventName, Map<String, Object> payload) {
                seen.add(run.name() + ":" + eventName + ":" + payload);
            }
        };

        AIMessage answer = new Progressing().invoke("hi", RunConfig.builder().listener(throwing).listener(recording).build());

        assertThat(answer.content()).isEqualTo("done");
        assertThat(seen).containsExactly("Progressing:progress:{pct=50}");
    }

    @Test
    void aDispatchAfterTheEndGoesNowhereAndSaysSo() {
        RunInfo[] captured = new RunInfo[1];
        new TestModels.GenerateOnly("a") {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                captured[0] = options.run();
                return super.generate(messages, options);
            }
        }.invoke("hi");

        assertThat(captured[0].dispatchCustomEvent("late", Map.of())).isFalse();
    }

    @Test
    void aHandMadeRunInfoCannotDispatchAndBadEventsAreRejected() {
        RunInfo handMade = new RunInfo(UUID.randomUUID(), List.of(), "x", "chat_model", List.of(), Map.of());
        assertThatThrownBy(() -> handMade.dispatchCustomEvent("e", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("built by hand");
        assertThatThrownBy(() -> handMade.dispatchCustomEvent(" ", Map.of())).hasMessageContaining("non-blank name");
        assertThatThrownBy(() -> handMade.dispatchCustomEvent("e", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("payload of custom event 'e'");
        assertThat(handMade).isEqualTo(new RunInfo(handMade.runId(), List.of(), "x", "chat_model", List.of(), Map.of(),
                (run, name, payload) -> true)).hasSameHashCodeAs(new RunInfo(handMade.runId(), List.of(), "x",
                "chat_model", List.of(), Map.of()));
    }

    @Test
    void aCustomEventSerializesToTheReferenceShapeAndReadsBackWithItsPayloadPlain() {
        StreamEvent event = new Progressing().streamEvents("hi").toList().get(1);
        StreamEvent typed = new StreamEvent(StreamEvent.ON_CUSTOM_EVENT, "typed", event.runId(), List.of(), List.of(),
                Map.of(), Map.of("type", "human", "content", "not a message"));

        String json = ChatJson.toJson(event);
        assertThat(json).startsWith("{\"event\":\"on_custom_event\",\"name\":\"progress\",\"run_id\":\"" + event.runId())
                .endsWith("\"data\":{\"pct\":50}}");
        assertThat(ChatJson.readEvent(json)).isEqualTo(event);
        assertThat(ChatJson.readEvent(ChatJson.toJson(typed))).isEqualTo(typed);
    }
}
