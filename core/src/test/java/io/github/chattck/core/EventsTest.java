package io.github.chattck.core;

import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 4: streamEvents v2 ordering, payloads, filters and composition. */
class EventsTest {

    private static final class Named extends TestModels.Streaming {
        Named() {
            super("hey", " you");
        }

        @Override
        public String name() {
            return "Named";
        }

        @Override
        public List<String> tags() {
            return List.of("model-tag");
        }
    }

    private static List<StreamEvent> events(Chainable<ChatInput, ?, ?> chainable, EventFilter filter) {
        return chainable.streamEvents(ChatInput.of("hi"), RunConfig.defaults(), filter).toList();
    }

    @Test
    void oneStartThenTheChunksThenOneEndAllWithOneRunId() {
        Named model = new Named();
        UUID runId = UUID.randomUUID();

        List<StreamEvent> events = model.streamEvents("hi", RunConfig.builder().runId(runId).build()).toList();
        List<AIMessageChunk> chunks = model.stream("hi", RunConfig.builder().runId(runId).build()).toList();

        assertThat(events).extracting(StreamEvent::event).containsExactly("on_chat_model_start",
                "on_chat_model_stream", "on_chat_model_stream", "on_chat_model_end");
        assertThat(events).extracting(StreamEvent::runId).containsOnly(runId);
        assertThat(events).extracting(StreamEvent::parentIds).containsOnly(List.of());
        assertThat(events.subList(1, 3)).extracting(e -> e.data().get("chunk")).containsExactlyElementsOf(chunks);
        AIMessage output = (AIMessage) events.get(3).data().get("output");
        assertThat(output.content()).isEqualTo("hey you");
        assertThat(output.id()).isEqualTo("run-" + runId);
        assertThat(events.get(3).data()).as("no input at the root's end").containsOnlyKeys("output");
    }

    @Test
    void theStartEventCarriesExactlyTheInputTheCallerPassed() {
        Named model = new Named();
        List<Message> conversation = List.of(new SystemMessage("be brief"), new HumanMessage("hi"));

        StreamEvent fromString = model.streamEvents("hi").toList().get(0);
        StreamEvent fromList = model.streamEvents(ChatInput.of(conversation)).toList().get(0);

        assertThat(fromString.data()).containsOnlyKeys("input");
        assertThat(fromString.data().get("input")).isEqualTo("hi");
        assertThat(fromList.data().get("input")).isEqualTo(conversation);
    }

    @Test
    void streamEventsItemsAreExactlyWhatTheStreamYields() {
        Named model = new Named();
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();

        List<StreamEvent> events = model.streamEvents("hi", RunConfig.builder().runId(runId).listener(listener).build())
                .toList();

        assertThat(events).filteredOn(e -> e.phase().equals("stream")).extracting(e -> e.data().get("chunk"))
                .containsExactlyElementsOf(listener.chunks());
        assertThat(listener.calls()).as("the caller's own listener still sees the run")
                .containsExactly("start chat_model", "chunk chat_model", "chunk chat_model", "end chat_model");
    }

    @Test
    void includeAndExcludeFiltersApplyToTheRootRun() {
        Named model = new Named();

        assertThat(events(model, EventFilter.builder().includeNames("Named").build())).hasSize(4);
        assertThat(events(model, EventFilter.builder().includeNames("Other").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().includeTypes("chat_model").build())).hasSize(4);
        assertThat(events(model, EventFilter.builder().includeTypes("chain").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().includeTags("model-tag").build())).hasSize(4);
        assertThat(events(model, EventFilter.builder().includeTags("nope").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().excludeNames("Named").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().excludeTypes("chat_model").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().excludeTags("model-tag").build())).isEmpty();
        assertThat(events(model, EventFilter.builder().excludeTags("nope").build())).hasSize(4);
        assertThat(events(model, EventFilter.builder().includeNames("Named").excludeTags("model-tag").build()))
                .as("excludes win over includes").isEmpty();
        assertThat(events(model, EventFilter.builder().includeNames("Other").includeTags("model-tag").build()))
                .as("one matching include is enough").hasSize(4);
    }

    @Test
    void filtersMatchTheRunNameAndTheConfigTags() {
        Named model = new Named();
        RunConfig config = RunConfig.builder().runName("MyRun").tags("cfg").build();

        assertThat(model.streamEvents("hi", config, EventFilter.builder().includeNames("MyRun").build()).toList())
                .hasSize(4);
        assertThat(model.streamEvents("hi", config, EventFilter.builder().includeNames("Named").build()).toList())
                .as("the run name replaces the model's name").isEmpty();
        assertThat(model.streamEvents("hi", config, EventFilter.builder().includeTags("cfg").build()).toList())
                .hasSize(4);
    }

    @Test
    void filtersSelectRunsInsideAPipeline() {
        Pipeline<ChatInput, String, String> pipeline = new Named().pipe(StrOutputParser.create());

        assertThat(events(pipeline, EventFilter.builder().includeTypes("chat_model").build()))
                .extracting(StreamEvent::event).containsExactly("on_chat_model_start", "on_chat_model_stream",
                        "on_chat_model_stream", "on_chat_model_end");
        assertThat(events(pipeline, EventFilter.builder().excludeTypes("chat_model", "parser").build()))
                .extracting(StreamEvent::event).containsExactly("on_chain_start", "on_chain_stream",
                        "on_chain_stream", "on_chain_end");
        assertThat(events(pipeline, EventFilter.builder().includeNames("StrOutputParser").build()))
                .extracting(StreamEvent::runType).containsOnly("parser");
    }

    @Test
    void aPipelineRunEnclosesTheModelRunWhoseParentIdsNameIt() {
        Named model = new Named();
        Pipeline<ChatInput, String, String> pipeline = model.pipe(StrOutputParser.create());
        UUID chainId = UUID.randomUUID();

        List<StreamEvent> events = pipeline.streamEvents(ChatInput.of("hi"),
                RunConfig.builder().runId(chainId).tags("cfg").build()).toList();

        assertThat(events).extracting(StreamEvent::event).containsExactly(
                "on_chain_start",
                "on_parser_start", // the parser's run opens with the pipeline's stream (SPEC 4 leaves this order open)
                "on_chat_model_start",
                "on_chat_model_stream", "on_parser_stream", "on_chain_stream",
                "on_chat_model_stream", "on_parser_stream", "on_chain_stream",
                "on_chat_model_end",
                "on_parser_end",
                "on_chain_end");
        StreamEvent chainStart = events.get(0);
        assertThat(chainStart.runId()).isEqualTo(chainId);
        assertThat(chainStart.name()).isEqualTo("RunnableSequence");
        assertThat(chainStart.parentIds()).isEmpty();
        assertThat(chainStart.data().get("input")).isEqualTo("hi");
        for (StreamEvent e : events) {
            if (!e.runType().equals("chain")) {
                assertThat(e.parentIds()).as("parent_ids of %s", e.event()).containsExactly(chainId);
                assertThat(e.runId()).as("run id of %s", e.event()).isNotEqualTo(chainId);
            } else {
                assertThat(e.runId()).isEqualTo(chainId);
            }
        }
        // steps are tagged seq:step:n before the inherited config tags, as both LangChain references order them
        assertThat(events).filteredOn(e -> e.runType().equals("chat_model")).extracting(StreamEvent::tags)
                .containsOnly(List.of("seq:step:1", "cfg", "model-tag"));
        assertThat(events).filteredOn(e -> e.runType().equals("parser")).extracting(StreamEvent::tags)
                .containsOnly(List.of("seq:step:2", "cfg"));
        assertThat(chainStart.tags()).containsExactly("cfg");
        assertThat(events).filteredOn(e -> e.event().equals("on_chain_stream"))
                .extracting(e -> e.data().get("chunk")).containsExactly("hey", " you");
        assertThat(events.get(events.size() - 1).data().get("output")).isEqualTo("hey you");
        StreamEvent modelEnd = events.get(9);
        assertThat(modelEnd.data()).as("below the root the end event repeats the input").containsKeys("input", "output");
        assertThat(modelEnd.data().get("input")).isEqualTo("hi");
    }

    @Test
    void aPipelineStreamsAndInvokesTheParsedText() {
        Pipeline<ChatInput, String, String> pipeline = new Named().pipe(StrOutputParser.create());

        assertThat(pipeline.stream(ChatInput.of("hi")).toList()).containsExactly("hey", " you");
        assertThat(pipeline.invoke(ChatInput.of("hi"))).isEqualTo("hey you");
    }

    /** A parser that has nothing to say about some chunks: it passes on only words, not spaces. */
    private static final class WordsOnly implements OutputParser<AIMessage, AIMessageChunk, String> {
        @Override
        public String name() {
            return "WordsOnly";
        }

        @Override
        public String parse(AIMessage output) {
            return output.content().trim();
        }

        @Override
        public String parseChunk(AIMessageChunk chunk) {
            return chunk.content().isBlank() ? null : chunk.content();
        }
    }

    @Test
    void aChunkTheParserSkipsDoesNotEndThePipelinesStream() {
        RecordingListener listener = new RecordingListener();
        Pipeline<ChatInput, String, String> pipeline = new TestModels.Streaming("hey", " ", "you", " ").pipe(new WordsOnly());

        List<String> items = pipeline.stream(ChatInput.of("hi"), RunConfig.builder().listener(listener).build()).toList();

        assertThat(items).containsExactly("hey", "you");
        assertThat(listener.calls()).filteredOn(c -> c.startsWith("end")).containsExactlyInAnyOrder(
                "end chat_model", "end parser", "end chain");
        assertThat(listener.outputs()).last().isEqualTo("hey you");
    }

    @Test
    void aPipelineInvokeReportsChildRunsToListeners() {
        RecordingListener listener = new RecordingListener();
        Pipeline<ChatInput, String, String> pipeline = new Named().pipe(StrOutputParser.create());

        pipeline.invoke(ChatInput.of("hi"), RunConfig.builder().listener(listener).build());

        assertThat(listener.calls()).containsExactly("start chain", "start chat_model", "end chat_model",
                "start parser", "end parser", "end chain");
        UUID chainId = listener.infos().get(0).runId();
        assertThat(listener.infos().subList(1, 3)).extracting(RunInfo::parentIds).containsOnly(List.of(chainId));
    }
}
