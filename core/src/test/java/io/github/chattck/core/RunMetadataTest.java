package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** SPEC 1.3 ids, SPEC 1.4 ls parameters, SPEC 4 names, tags and metadata order. */
class RunMetadataTest {

    /** A described model: provider, model name, temperature, max tokens, own tags and metadata. */
    private static class Described extends TestModels.Streaming {
        Described(List<AIMessageChunk> chunks) {
            super(chunks);
        }

        Described() {
            this(TestModels.chunks("a", "b"));
        }

        @Override
        public String name() {
            return "Described";
        }

        @Override
        protected String providerName() {
            return "acme";
        }

        @Override
        protected String modelName() {
            return "acme-large";
        }

        @Override
        protected Double temperature() {
            return 0.3;
        }

        @Override
        protected Integer maxTokens() {
            return 256;
        }

        @Override
        public List<String> tags() {
            return List.of("m1", "m2");
        }

        @Override
        public Map<String, Object> metadata() {
            return Map.of("model_key", "model_value");
        }
    }

    @Test
    void withoutAProviderIdEveryChunkAndTheFinalMessageCarryRunDashRunId() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        Described model = new Described();

        List<AIMessageChunk> chunks = model.stream("x", RunConfig.builder().runId(runId).listener(listener).build())
                .toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsOnly("run-" + runId).hasSize(2);
        assertThat(((AIMessage) listener.outputs().get(0)).id()).isEqualTo("run-" + runId);
        assertThat(model.invoke("x", RunConfig.builder().runId(runId).build()).id()).isEqualTo("run-" + runId);
    }

    @Test
    void eachChunkKeepsItsOwnProviderIdAndTheFinalMessageTheFirst() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        Described model = new Described(List.of(
                AIMessageChunk.builder().content("a").id("provider-1").build(),
                AIMessageChunk.of("b"),
                AIMessageChunk.builder().content("c").id("provider-2").build()));

        List<AIMessageChunk> chunks = model.stream("x", RunConfig.builder().runId(runId).listener(listener).build()).toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsExactly("provider-1", "run-" + runId, "provider-2");
        assertThat(((AIMessage) listener.outputs().get(0)).id()).isEqualTo("provider-1");
    }

    @Test
    void aProviderIdThatArrivesOnALaterChunkBeatsTheRunId() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        Described model = new Described(List.of(
                AIMessageChunk.of("Hel"),
                AIMessageChunk.builder().content("lo").id("chatcmpl-42").build(),
                AIMessageChunk.builder().responseMetadata("finish_reason", "stop").id("chatcmpl-42").build()));
        RunConfig config = RunConfig.builder().runId(runId).listener(listener).build();

        List<AIMessageChunk> chunks = model.stream("x", config).toList();
        List<StreamEvent> events = model.streamEvents("x", RunConfig.builder().runId(runId).build()).toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsExactly("run-" + runId, "chatcmpl-42", "chatcmpl-42");
        assertThat(((AIMessage) listener.outputs().get(0)).id()).isEqualTo("chatcmpl-42");
        assertThat(((AIMessage) events.get(events.size() - 1).data().get("output")).id()).isEqualTo("chatcmpl-42");
        assertThat(model.invoke("x", config).id()).as("invoke says what the stream's aggregate says").isEqualTo("chatcmpl-42");
    }

    @Test
    void aProviderIdOnTheAnswerOfGenerateIsKept() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly(AIMessage.builder().content("a").id("gen-1").build());

        assertThat(model.invoke("x").id()).isEqualTo("gen-1");
        assertThat(model.stream("x").toList()).extracting(AIMessageChunk::id).containsExactly("gen-1");
    }

    @Test
    void eventsFromOneStreamShareTheChunkId() {
        UUID runId = UUID.randomUUID();

        List<StreamEvent> events = new Described().streamEvents("x", RunConfig.builder().runId(runId).build()).toList();

        assertThat(events).filteredOn(e -> e.phase().equals("stream"))
                .extracting(e -> ((AIMessageChunk) e.data().get("chunk")).id()).containsOnly("run-" + runId);
    }

    /** A provider that gives its chunks the run's message id itself, as an adapter mapping a provider's frames can. */
    private static final class StampsItsOwnChunks extends TestModels.Streaming {
        final List<AIMessageChunk> made = new ArrayList<>();

        StampsItsOwnChunks() {
            super(List.of());
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            String id = runMessageId(options);
            made.add(AIMessageChunk.builder().content("a").id(id).build());
            made.add(AIMessageChunk.builder().content("b").id("provider-1").build());
            return ChunkSource.of(List.copyOf(made));
        }
    }

    @Test
    void aChunkThatAlreadyCarriesTheRunMessageIdIsPassedOnAsItIs() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        StampsItsOwnChunks model = new StampsItsOwnChunks();

        List<AIMessageChunk> chunks = model.stream("x", RunConfig.builder().runId(runId).listener(listener).build())
                .toList();

        assertThat(chunks).extracting(AIMessageChunk::id).containsExactly("run-" + runId, "provider-1");
        assertThat(chunks.get(0)).as("no copy to stamp the id it already has").isSameAs(model.made.get(0));
        assertThat(((AIMessage) listener.outputs().get(0)).id()).as("a provider id still beats the run id")
                .isEqualTo("provider-1");
        assertThat(BaseChatModel.runMessageId(CallOptions.NONE)).as("options outside a run").isNull();
    }

    @Test
    void lsParametersHaveTheSpecKeysAndLsStopOnlyWithStopSequences() {
        Described model = new Described();

        Map<String, Object> withoutStop = model.lsParams(CallOptions.NONE).toMetadata();
        Map<String, Object> withStop = model.lsParams(new CallOptions(List.of("END", "\n\n"), Map.of())).toMetadata();

        assertThat(withoutStop).containsExactly(Map.entry("ls_provider", "acme"), Map.entry("ls_model_name", "acme-large"),
                Map.entry("ls_model_type", "chat"), Map.entry("ls_temperature", 0.3), Map.entry("ls_max_tokens", 256));
        assertThat(withStop).containsEntry("ls_stop", List.of("END", "\n\n"))
                .containsOnlyKeys("ls_provider", "ls_model_name", "ls_model_type", "ls_temperature", "ls_max_tokens",
                        "ls_stop");
    }

    @Test
    void absentTemperatureAndMaxTokensAreLeftOutAndNamesDefaultToTheModelName() {
        TestModels.GenerateOnly model = new TestModels.GenerateOnly("a");

        assertThat(model.lsParams(CallOptions.NONE).toMetadata()).containsExactly(
                Map.entry("ls_provider", "generateonly"), Map.entry("ls_model_name", "GenerateOnly"),
                Map.entry("ls_model_type", "chat"));
    }

    /** A model that names no provider, named as providers name their classes. */
    static final class ChatAcme extends TestModels.GenerateOnly {
        ChatAcme() {
            super("a");
        }
    }

    @Test
    void theDefaultProviderIsTheNameWithoutALeadingChatLowerCased() {
        assertThat(new ChatAcme().lsParams(CallOptions.NONE).provider()).isEqualTo("acme");
        assertThat(new TestModels.GenerateOnly("a") {
            @Override
            public String name() {
                return "Chat";
            }
        }.lsParams(CallOptions.NONE).provider()).as("nothing left after Chat: the name itself").isEqualTo("chat");
        assertThat(new TestModels.GenerateOnly("a") {
            @Override
            public String name() {
                return "AcmeChatModel";
            }
        }.lsParams(CallOptions.NONE).provider()).isEqualTo("acmechatmodel");
    }

    @Test
    void stopSequencesReachTheProviderAndTheEventMetadata() {
        Described model = new Described();
        RunConfig config = RunConfig.builder().stop("END").option("seed", 7).build();

        List<StreamEvent> events = model.streamEvents("x", config).toList();

        assertThat(model.seenOptions).extracting(CallOptions::stop, CallOptions::options)
                .containsExactly(tuple(List.of("END"), Map.of("seed", 7)));
        assertThat(model.seenOptions.get(0).run().runId()).as("the run the provider is told about").isEqualTo(events.get(0).runId());
        assertThat(events).extracting(e -> e.metadata().get("ls_stop")).containsOnly(List.of("END"));
        assertThat(model.streamEvents("x").toList()).allSatisfy(e -> assertThat(e.metadata()).doesNotContainKey("ls_stop"));
    }

    @Test
    void metadataIsTheConfigsThenTheLsParametersThenTheModelsOwn() {
        RunConfig config = RunConfig.builder().metadata("user_key", "user_value").metadata("second", 2).build();

        List<StreamEvent> events = new Described().streamEvents("x", config).toList();

        for (StreamEvent e : events) {
            assertThat(List.copyOf(e.metadata().keySet())).as("metadata keys of %s", e.event()).containsExactly(
                    "user_key", "second", "ls_provider", "ls_model_name", "ls_model_type", "ls_temperature",
                    "ls_max_tokens", "model_key");
            assertThat(e.metadata()).containsEntry("user_key", "user_value").containsEntry("second", 2)
                    .containsEntry("model_key", "model_value");
        }
    }

    @Test
    void tagsAreTheConfigsThenTheModelsOwn() {
        RecordingListener listener = new RecordingListener();
        RunConfig config = RunConfig.builder().tags("c1", "c2").listener(listener).build();

        List<StreamEvent> events = new Described().streamEvents("x", config).toList();

        assertThat(events).extracting(StreamEvent::tags).containsOnly(List.of("c1", "c2", "m1", "m2"));
        assertThat(listener.infos()).extracting(RunInfo::tags).containsOnly(List.of("c1", "c2", "m1", "m2"));
    }

    @Test
    void theRunNameReplacesTheModelsNameInEventsAndListeners() {
        RecordingListener listener = new RecordingListener();

        List<StreamEvent> named = new Described().streamEvents("x",
                RunConfig.builder().runName("MyRunName").listener(listener).build()).toList();
        List<StreamEvent> unnamed = new Described().streamEvents("x").toList();

        assertThat(named).extracting(StreamEvent::name).containsOnly("MyRunName");
        assertThat(listener.infos()).extracting(RunInfo::name).containsOnly("MyRunName");
        assertThat(unnamed).extracting(StreamEvent::name).containsOnly("Described");
    }

    @Test
    void theRunIdOfTheConfigIsTheRunsIdAndFreshIdsDifferOtherwise() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();

        new Described().invoke("x", RunConfig.builder().runId(runId).listener(listener).build());
        new Described().invoke("x", RunConfig.builder().listener(listener).build());
        new Described().invoke("x", RunConfig.builder().listener(listener).build());

        List<UUID> ids = listener.infos().stream().map(RunInfo::runId).toList();
        assertThat(ids.get(0)).isEqualTo(runId);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(listener.infos()).extracting(RunInfo::runType).containsOnly("chat_model");
        assertThat(listener.infos()).extracting(RunInfo::parentIds).containsOnly(List.of());
    }

    @Test
    void invokeReportsTheCallersInputToListeners() {
        RecordingListener listener = new RecordingListener();

        new Described().invoke("hello there", RunConfig.builder().listener(listener).build());

        assertThat(listener.inputs()).containsExactly("hello there");
        assertThat(listener.calls()).containsExactly("start chat_model", "end chat_model");
    }
}
