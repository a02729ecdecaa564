package io.github.chattck.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.BatchResult;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.Chainable;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.StrOutputParser;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.FakeListChatModel;
import io.github.chattck.fakes.ParrotFakeChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every scenario recorded from {@code @langchain/core} (by {@code src/test/reference/record.mjs}) through
 * chat-tck, projects both sides to the same lines, and compares them. Every deliberate difference is a named
 * {@link Difference} applied to the reference's lines; an undeclared difference fails the test, and so does a
 * declared one that no longer applies anywhere.
 */
class LangChainComparisonTest {
    private static final Path TRANSCRIPTS = Path.of("src/test/resources/reference/transcripts");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METADATA_KEYS = Set.of("user_key", "model_key", "ls_provider", "ls_model_type", "ls_stop");
    private static final Set<Difference> APPLIED = EnumSet.noneOf(Difference.class);

    /** The deliberate differences from the reference, each with its reason (README "Differences from LangChain"). */
    enum Difference {
        /** SPEC 4 difference 1: the stream events are exactly what stream() yields, one chunk for the fallback. */
        FALLBACK_STREAM_EVENT,
        /** SPEC 1.4: ls_stop is present only when stop sequences were given (the reference sends ls_stop: null). */
        LS_STOP_ONLY_WHEN_GIVEN,
        /** Events of one chunk come in causal order: the model's, then the parser's, then the pipeline's. */
        PIPELINE_CAUSAL_ORDER,
        /** A model's run starts when its first chunk is pulled, after the parser's run of the same pipeline. */
        PIPELINE_LAZY_MODEL_START,
        /** A nested model run reports the input it was given; the parser reports none at its end (streamed input). */
        NESTED_RUN_INPUTS
    }

    static Stream<String> scenarios() {
        return Stream.of("stream_list_fake", "events_list_fake_config", "events_fallback", "stream_fallback", "events_rich",
                "events_model_own_tags_metadata_stop", "events_pipeline", "events_pipeline_filter_includeNames",
                "events_pipeline_filter_includeTypes", "events_pipeline_filter_includeTags",
                "events_pipeline_filter_excludeNames", "events_pipeline_filter_excludeTypes",
                "events_pipeline_filter_excludeTags", "error_before_first_chunk", "error_after_two_chunks",
                "batch_max_concurrency_1", "batch_return_exceptions", "invoke_cycling");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void chatTckBehavesAsTheReferenceExceptForTheNamedDifferences(String scenario) throws IOException {
        JsonNode reference = JSON.readTree(TRANSCRIPTS.resolve(scenario + ".json").toFile()).path("result");
        List<String> expected = applyDifferences(scenario, project(reference));
        List<String> actual = project(JSON.readTree(ChatJson.toJson(replay(scenario))));

        assertThat(actual).as("chat-tck vs @langchain/core in %s", scenario).containsExactlyElementsOf(expected);
    }

    @Test
    void everyTranscriptWasRecordedWithThePinnedVersionAndEveryScenarioIsReplayed() throws IOException {
        String pinned = JSON.readTree(Path.of("src/test/reference/package.json").toFile())
                .path("dependencies").path("@langchain/core").asText();
        Set<String> recorded = new TreeSet<>();
        try (Stream<Path> files = Files.list(TRANSCRIPTS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertThat(JSON.readTree(f.toFile()).path("meta").path("core_version").asText())
                        .as("the @langchain/core version that recorded %s", f.getFileName()).isEqualTo(pinned);
                recorded.add(f.getFileName().toString().replace(".json", ""));
            }
        }
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(scenarios().toList());
    }

    @Test
    void everyDeclaredDifferenceStillApplies() throws IOException {
        for (String s : scenarios().toList()) {
            applyDifferences(s, project(JSON.readTree(TRANSCRIPTS.resolve(s + ".json").toFile()).path("result")));
        }
        assertThat(APPLIED).as("differences that apply to some scenario").containsExactlyInAnyOrder(Difference.values());
    }

    // ------------------------------------------------------------------ the differences, applied to the reference

    private static List<String> applyDifferences(String scenario, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String changed = line;
            if (changed.contains(" ls_stop=null")) {
                changed = changed.replace(" ls_stop=null", "");
                APPLIED.add(Difference.LS_STOP_ONLY_WHEN_GIVEN);
            }
            if (scenario.startsWith("events_pipeline")) {
                String head = changed.substring(0, changed.indexOf(" data:"));
                String output = changed.contains(" output=") ? changed.substring(changed.indexOf(" output=")) : "";
                String renewed = changed;
                if (changed.startsWith("on_chat_model_start ")) {
                    renewed = head + " data: input=\"hello\"";
                } else if (changed.startsWith("on_chat_model_end ")) {
                    renewed = head + " data: input=\"hello\"" + output;
                } else if (changed.startsWith("on_parser_end ")) {
                    renewed = head + " data:" + output;
                }
                if (!renewed.equals(changed)) {
                    changed = renewed;
                    APPLIED.add(Difference.NESTED_RUN_INPUTS);
                }
            }
            out.add(changed);
        }
        if (scenario.equals("events_fallback")) {
            // the fallback's one stream event carries the whole answer, just before the end
            int end = out.size() - 1;
            String endLine = out.get(end);
            String output = endLine.substring(endLine.indexOf("output=") + "output=".length());
            out.add(end, endLine.substring(0, endLine.indexOf(" data:")).replace("on_chat_model_end", "on_chat_model_stream")
                    + " data: chunk=" + output);
            APPLIED.add(Difference.FALLBACK_STREAM_EVENT);
        }
        if (scenario.startsWith("events_pipeline")) {
            reorderPipeline(out);
        }
        return out;
    }

    private static void reorderPipeline(List<String> lines) {
        // per chunk the reference emits the parser's and the pipeline's stream events before the model's (which
        // closes each chunk's group); ours follow cause: the model's first, then the others in the same order
        List<String> reordered = new ArrayList<>();
        List<String> group = new ArrayList<>();
        for (String line : lines) {
            boolean streamEvent = line.startsWith("on_parser_stream") || line.startsWith("on_chain_stream");
            if (streamEvent) {
                group.add(line);
            } else if (line.startsWith("on_chat_model_stream")) {
                if (!group.isEmpty()) {
                    APPLIED.add(Difference.PIPELINE_CAUSAL_ORDER);
                }
                reordered.add(line);
                reordered.addAll(group);
                group.clear();
            } else {
                reordered.addAll(group);
                group.clear();
                reordered.add(line);
            }
        }
        reordered.addAll(group);
        lines.clear();
        lines.addAll(reordered);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("on_chat_model_start") && lines.get(i + 1).startsWith("on_parser_start")) {
                lines.add(i, lines.remove(i + 1));
                APPLIED.add(Difference.PIPELINE_LAZY_MODEL_START);
                break;
            }
        }
    }

    // ------------------------------------------------------------------ projection, the same for both sides

    private static List<String> project(JsonNode result) {
        List<String> lines = new ArrayList<>();
        if (result.isArray()) {
            result.forEach(item -> lines.add(value(item)));
        } else if (result.has("items")) {
            projectItems(result, lines);
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> part = it.next();
                lines.add("[" + part.getKey() + "]");
                projectItems(part.getValue(), lines);
            }
        }
        return lines;
    }

    private static void projectItems(JsonNode node, List<String> lines) {
        for (JsonNode item : node.path("items")) {
            lines.add(item.has("event") ? event(item) : value(item));
        }
        if (node.hasNonNull("error")) {
            lines.add("error: " + node.path("error").path("message").asText());
        }
    }

    private static String event(JsonNode e) {
        StringBuilder sb = new StringBuilder(e.path("event").asText()).append(' ').append(e.path("name").asText())
                .append(" tags=").append(e.path("tags"));
        for (String key : sortedKeys(e.path("metadata"))) {
            if (METADATA_KEYS.contains(key)) {
                sb.append(' ').append(key).append('=').append(e.path("metadata").path(key));
            }
        }
        sb.append(" data:");
        for (String key : sortedKeys(e.path("data"))) {
            sb.append(' ').append(key).append('=').append(value(e.path("data").path(key)));
        }
        return sb.toString();
    }

    private static String value(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.has("_error") || (v.has("message") && !v.has("content"))) {
            return "error(" + v.path("message").asText() + ")";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(m -> parts.add(value(m)));
            return parts.toString();
        }
        if (!v.has("content")) {
            return v.toString();
        }
        StringBuilder sb = new StringBuilder(v.path("type").asText()).append("(\"").append(v.path("content").asText()).append('"');
        if (!v.path("tool_calls").isEmpty() && !v.has("tool_call_chunks")) {
            v.path("tool_calls").forEach(c -> sb.append(" call ").append(c.path("name").asText()).append(c.path("args")));
        }
        if (v.has("tool_call_chunks") && !v.path("tool_call_chunks").isEmpty() && !v.path("tool_calls").isEmpty()
                && v.path("tool_calls").get(0).path("args").size() > 0 && v.path("tool_call_chunks").size() == 1
                && v.path("tool_call_chunks").get(0).path("args").asText().endsWith("}")
                && v.path("tool_call_chunks").get(0).path("args").asText().startsWith("{")) {
            v.path("tool_calls").forEach(c -> sb.append(" call ").append(c.path("name").asText()).append(c.path("args")));
        } else {
            v.path("tool_call_chunks").forEach(c -> sb.append(" fragment ").append(c.path("index").asInt()).append(' ')
                    .append(c.path("id").asText("-")).append(' ').append(c.path("name").asText("-")).append(' ')
                    .append(c.path("args").asText()));
        }
        JsonNode usage = v.path("usage_metadata");
        if (!usage.isMissingNode() && !usage.isNull()) {
            sb.append(" usage ").append(usage.path("input_tokens").asLong()).append('/').append(usage.path("output_tokens").asLong())
                    .append('/').append(usage.path("total_tokens").asLong());
        }
        return sb.append(')').toString();
    }

    private static Set<String> sortedKeys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    // ------------------------------------------------------------------ the same scenarios through chat-tck

    private static final ChatInput HELLO = ChatInput.of("hello");

    private static Object replay(String scenario) {
        RunConfig config = RunConfig.builder().tags("t-config").metadata("user_key", "user_value").runName("MyRunName").build();
        switch (scenario) {
            case "stream_list_fake":
                return items(() -> FakeListChatModel.of("hey you").stream(HELLO));
            case "events_list_fake_config":
                return items(() -> FakeListChatModel.of("hey you").streamEvents(HELLO, config));
            case "events_fallback":
                return items(() -> echoWithoutStreaming().streamEvents(HELLO));
            case "stream_fallback":
                return items(() -> echoWithoutStreaming().stream(HELLO));
            case "events_rich":
                return items(() -> new RichStreamingModel().streamEvents(HELLO));
            case "events_model_own_tags_metadata_stop":
                return items(() -> FakeListChatModel.builder("ok").tags("t-model").metadata("model_key", "model_value").build()
                        .streamEvents(HELLO, RunConfig.builder().tags("t-config").stop("STOP").build()));
            case "events_pipeline":
                return items(() -> pipeline().streamEvents(HELLO));
            case "error_before_first_chunk":
                return twoParts(failing("FakeListChatModel", Turn.text("x").failBeforeFirstChunk(() -> new IllegalStateException("fake list failure"))));
            case "error_after_two_chunks":
                return twoParts(failing("FailsAfterTwo", Turn.text("ab").failAfterChunk(2, () -> new IllegalStateException("failed after two chunks"))));
            case "batch_max_concurrency_1":
                return FakeListChatModel.of("r1", "r2", "r3").batch(List.of(ChatInput.of("a"), ChatInput.of("b"), ChatInput.of("c")),
                        RunConfig.builder().maxConcurrency(1).build());
            case "batch_return_exceptions": {
                ScriptedChatModel model = ParrotFakeChatModel.builder().name("FailsOnFail")
                        .when("fail", Turn.text("").failBeforeFirstChunk(() -> new IllegalStateException("failed on purpose"))).build();
                List<Object> out = new ArrayList<>();
                for (BatchResult<AIMessage> r : model.batchReturningExceptions(
                        List.of(ChatInput.of("a"), ChatInput.of("fail"), ChatInput.of("b")), RunConfig.defaults())) {
                    out.add(r.isSuccess() ? r.value() : Map.of("_error", r.error().getClass().getSimpleName(), "message", r.error().getMessage()));
                }
                return out;
            }
            case "invoke_cycling": {
                ChatModel model = FakeListChatModel.of("one", "two");
                return List.of(model.invoke("a"), model.invoke("b"), model.invoke("c"));
            }
            default:
                if (scenario.startsWith("events_pipeline_filter_")) {
                    return items(() -> pipeline().streamEvents(HELLO, RunConfig.defaults(), filter(scenario.substring("events_pipeline_filter_".length()))));
                }
                throw new IllegalArgumentException("no replay for scenario " + scenario);
        }
    }

    private static EventFilter filter(String name) {
        EventFilter.Builder b = EventFilter.builder();
        switch (name) {
            case "includeNames": return b.includeNames("FakeListChatModel").build();
            case "includeTypes": return b.includeTypes("chat_model").build();
            case "includeTags": return b.includeTags("t-model").build();
            case "excludeNames": return b.excludeNames("StrOutputParser", "StringOutputParser").build();
            case "excludeTypes": return b.excludeTypes("chain").build();
            case "excludeTags": return b.excludeTags("t-model").build();
            default: throw new IllegalArgumentException(name);
        }
    }

    private static Chainable<ChatInput, String, String> pipeline() {
        return FakeListChatModel.builder("hi").tags("t-model").build().pipe(StrOutputParser.create());
    }

    private static ScriptedChatModel echoWithoutStreaming() {
        return ParrotFakeChatModel.builder().name("FakeChatModel").provider("FakeChatModel").streaming(false).build();
    }

    private static ScriptedChatModel failing(String name, Turn turn) {
        return ScriptedChatModel.builder().name(name).provider(name).chunking(Chunking.perCodePoint()).turn(turn).repeatLast().build();
    }

    private static Map<String, Object> twoParts(ScriptedChatModel model) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("stream", items(() -> model.stream(HELLO)));
        parts.put("streamEvents", items(() -> model.streamEvents(HELLO)));
        return parts;
    }

    /** Items then the error, as the recorder writes them. */
    private static Map<String, Object> items(Supplier<? extends RunStream<?>> stream) {
        List<Object> items = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        try (RunStream<?> s = stream.get()) {
            for (Object item : s) {
                items.add(item);
            }
        } catch (RuntimeException e) {
            out.put("error", Map.of("_error", e.getClass().getSimpleName(), "message", e.getMessage()));
        }
        out.put("items", items);
        return out;
    }

    /** The recorder's RichStreamingModel: text, two tool-call fragments, usage, finish metadata. */
    static final class RichStreamingModel extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return ChunkSource.of(List.of(
                    AIMessageChunk.builder().content("Hi").responseMetadata("model_name", "rich-1").usage(UsageMetadata.of(7, 0)).build(),
                    AIMessageChunk.builder().content(" there").toolCallChunk(new ToolCallChunk(0, "call_1", "add", "{\"a\":")).build(),
                    AIMessageChunk.builder().toolCallChunk(ToolCallChunk.args(0, " 1, \"b\": 2}")).build(),
                    AIMessageChunk.builder().responseMetadata("finish_reason", "tool_calls").usage(UsageMetadata.of(0, 5)).build()));
        }
    }
}
