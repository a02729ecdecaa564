package io.github.chattck.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of chat-tck's events has the shape of LangChain JS's (transcripts in {@code src/test/resources/reference},
 * ids normalised to {@code <UUID_n>}), field by field. Every place where the two differ is named below as an
 * expectation of its own: the deliberate differences of SPEC 4, and the representation differences of the
 * recorded JSON.
 */
class ReferenceTranscriptTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Added by the recording script to name the JS class (reference README), not part of LangChain's JSON. */
    private static final String RECORDER_CLASS_ANNOTATION = "_class";
    /** A JS message field for provider extras; SPEC 4's message shape has none. */
    private static final String JS_ADDITIONAL_KWARGS = "additional_kwargs";
    /** Metadata keys only LangChain adds (its integration marker and its package versions). */
    private static final Set<String> LANGCHAIN_ONLY_METADATA = Set.of("ls_integration", "versions");
    /** SPEC 1.4 requires ls_model_name; the JS fakes declare no model name, so the reference has none. */
    private static final String LS_MODEL_NAME = "ls_model_name";
    /** The models here set no provider: both references default it from the class name, JS keeping its case. */
    private static final String LS_PROVIDER = "ls_provider";

    /** Same call as the reference: tags, metadata and runName set, input a list with one human message. */
    private static final RunConfig REFERENCE_CONFIG = RunConfig.builder().tags("t-config")
            .metadata("user_key", "user_value").runName("MyRunName").build();
    private static final List<Message> REFERENCE_INPUT = List.of(new HumanMessage("hello"));

    /** Like the JS FakeListChatModel with responses ['hey you']: streams the answer one character at a time. */
    private static final class FakeListChatModel extends BaseChatModel {
        @Override
        public String name() {
            return "FakeListChatModel";
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("hey you");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            List<AIMessageChunk> chunks = new ArrayList<>();
            "hey you".chars().forEach(c -> chunks.add(AIMessageChunk.of(String.valueOf((char) c))));
            return ChunkSource.of(chunks);
        }
    }

    /** Like the JS FakeChatModel: no chunk streaming, answers with the text of the last message. */
    private static final class FakeChatModel extends BaseChatModel {
        @Override
        public String name() {
            return "FakeChatModel";
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of(messages.get(messages.size() - 1).content());
        }
    }

    // ---- the comparisons -------------------------------------------------------------------------------

    @Test
    void aStreamingRunHasTheShapeOfTheReference() throws IOException {
        ArrayNode reference = reference("events_v2_fake_list_streaming.json");
        ArrayNode ours = ours(ChatJson.toJson(new FakeListChatModel().streamEvents(ChatInput.of(REFERENCE_INPUT),
                REFERENCE_CONFIG).toList()));

        assertThat(eventNames(ours)).isEqualTo(eventNames(reference));
        for (int i = 0; i < ours.size() - 1; i++) {
            assertEventMatches(ours.get(i), reference.get(i), "event " + i);
        }
        int end = ours.size() - 1;
        assertEndOfAStreamingRunMatches(ours.get(end), reference.get(end));
    }

    @Test
    void aFallbackRunHasTheShapeOfTheReference() throws IOException {
        ArrayNode reference = reference("events_v2_fake_chat_nonstreaming.json");
        ArrayNode ours = ours(ChatJson.toJson(new FakeChatModel().streamEvents(ChatInput.of(REFERENCE_INPUT),
                REFERENCE_CONFIG).toList()));

        // SPEC 4 difference 1: the fallback emits one on_chat_model_stream with the whole message, between the
        // start and the end the reference has
        assertThat(eventNames(ours)).containsExactly("on_chat_model_start", "on_chat_model_stream", "on_chat_model_end");
        assertThat(eventNames(reference)).containsExactly("on_chat_model_start", "on_chat_model_end");
        assertEventMatches(ours.get(0), reference.get(0), "start");
        assertEventMatches(ours.get(2), reference.get(1), "end");
        JsonNode stream = ours.get(1);
        assertEventMatches(withoutData(stream), withoutData(reference.get(0)).put("event", "on_chat_model_stream"),
                "the fallback's stream event, outside its data");
        JsonNode chunk = stream.get("data").get("chunk");
        JsonNode output = ours.get(2).get("data").get("output");
        // SPEC 4 difference 2: the item is a chunk (tool_call_chunks present) that carries the whole final message
        assertThat(chunk.has("tool_call_chunks")).as("difference 2: the fallback yields a chunk").isTrue();
        assertThat(without(chunk, "tool_call_chunks")).as("the fallback chunk is the whole final message")
                .isEqualTo(output);
        assertThat(chunk.get("content").asText()).isEqualTo("hello");
    }

    @Test
    void theFallbackChunkDiffersFromTheReferenceStreamItemOnlyByTypeAndId() throws IOException {
        JsonNode reference = reference("stream_fake_chat_nonstreaming.json").get(0);
        JsonNode ours = ours(ChatJson.toJson(new FakeChatModel().stream(ChatInput.of(REFERENCE_INPUT)).toList())).get(0);

        // SPEC 4 difference 2: the reference's stream() yields the final AIMessage, ours an AIMessageChunk
        assertThat(reference.has("tool_call_chunks")).isFalse();
        assertThat(ours.get("tool_call_chunks")).isEqualTo(MAPPER.createArrayNode());
        // SPEC 4 difference 3: ids are always set; the reference sets none without a callback handler
        assertThat(reference.has("id")).isFalse();
        assertThat(ours.get("id").asText()).isEqualTo("run-<UUID_1>");
        assertThat(without(ours, "tool_call_chunks", "id")).isEqualTo(comparableMessage(reference));
    }

    @Test
    void streamedChunksDifferFromTheReferenceOnlyByTheirId() throws IOException {
        ArrayNode reference = reference("stream_fake_list_streaming.json");
        ArrayNode ours = ours(ChatJson.toJson(new FakeListChatModel().stream(ChatInput.of(REFERENCE_INPUT),
                REFERENCE_CONFIG).toList()));

        assertThat(ours).hasSameSizeAs(reference);
        for (int i = 0; i < ours.size(); i++) {
            // SPEC 4 difference 3: every chunk carries the run's id, also when no callback handler is attached
            assertThat(reference.get(i).has("id")).as("reference chunk %d has an id", i).isFalse();
            assertThat(ours.get(i).get("id").asText()).as("chunk %d id", i).isEqualTo("run-<UUID_1>");
            assertThat(without(ours.get(i), "id")).as("chunk %d", i).isEqualTo(comparableMessage(reference.get(i)));
        }
    }

    private static void assertEventMatches(JsonNode ours, JsonNode reference, String where) {
        // SPEC 4 difference 4: parent_ids is always present ([] at the root); the JS reference leaves it out
        assertThat(reference.has("parent_ids")).isFalse();
        assertThat(ours.get("parent_ids")).as("%s: parent_ids", where).isEqualTo(MAPPER.createArrayNode());
        assertThat(keys(ours)).as("%s: keys", where).isEqualTo(plus(keys(reference), "parent_ids"));
        for (String field : List.of("event", "name", "run_id", "tags")) {
            assertThat(ours.get(field)).as("%s: %s", where, field).isEqualTo(reference.get(field));
        }
        assertThat(ours.get("run_id").asText()).isEqualTo("<UUID_1>");
        assertMetadataMatches(ours.get("metadata"), reference.get("metadata"), where);
        if (reference.has("data")) {
            assertDataMatches(ours.get("data"), reference.get("data"), where);
        }
    }

    private static void assertMetadataMatches(JsonNode ours, JsonNode reference, String where) {
        Set<String> referenceKeys = keys(reference);
        // LangChain-only keys (ls_integration, versions) are not ours; ls_model_name is ours (SPEC 1.4) only
        assertThat(referenceKeys).as("%s: LangChain-only metadata keys", where).containsAll(LANGCHAIN_ONLY_METADATA);
        assertThat(keys(ours)).as("%s: metadata keys", where).doesNotContainAnyElementsOf(LANGCHAIN_ONLY_METADATA)
                .isEqualTo(plus(minus(referenceKeys, LANGCHAIN_ONLY_METADATA), LS_MODEL_NAME));
        for (String key : minus(referenceKeys, LANGCHAIN_ONLY_METADATA)) {
            JsonNode expected = reference.get(key);
            if (key.equals(LS_PROVIDER)) {
                // SPEC 1.4: the default ls_provider is lower-cased, as Python's; JS keeps the class name's case
                expected = TextNode.valueOf(expected.asText().toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(ours.get(key)).as("%s: metadata.%s", where, key).isEqualTo(expected);
        }
        assertThat(ours.get(LS_MODEL_NAME).asText()).as("%s: ls_model_name", where).isNotBlank();
    }

    private static void assertDataMatches(JsonNode ours, JsonNode reference, String where) {
        assertThat(keys(ours)).as("%s: data keys", where).isEqualTo(keys(reference));
        Iterator<String> names = reference.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode ref = reference.get(name);
            JsonNode our = ours.get(name);
            if (ref.isArray()) {
                assertThat(our.size()).as("%s: data.%s size", where, name).isEqualTo(ref.size());
                for (int i = 0; i < ref.size(); i++) {
                    assertThat(our.get(i)).as("%s: data.%s[%d]", where, name, i).isEqualTo(comparableMessage(ref.get(i)));
                }
            } else {
                assertThat(our).as("%s: data.%s", where, name).isEqualTo(comparableMessage(ref));
            }
        }
    }

    private static void assertEndOfAStreamingRunMatches(JsonNode ours, JsonNode reference) {
        JsonNode refOutput = reference.get("data").get("output");
        JsonNode ourOutput = ours.get("data").get("output");
        assertEventMatches(withoutData(ours), withoutData(reference), "end");
        assertThat(keys(ours.get("data"))).isEqualTo(keys(reference.get("data")));
        // The end's output is the final AIMessage (SPEC 4 table: "the final message"); the JS reference gives
        // the aggregated AIMessageChunk, whose only extra field is its empty tool_call_chunks
        assertThat(refOutput.get(RECORDER_CLASS_ANNOTATION).asText()).isEqualTo("AIMessageChunk");
        assertThat(refOutput.get("tool_call_chunks")).isEqualTo(MAPPER.createArrayNode());
        assertThat(ourOutput.has("tool_call_chunks")).isFalse();
        assertThat(ourOutput).isEqualTo(without(comparableMessage(refOutput), "tool_call_chunks"));
        assertThat(ourOutput.get("content").asText()).isEqualTo("hey you");
        assertThat(ourOutput.get("id").asText()).isEqualTo("run-<UUID_1>");
    }

    /**
     * A reference message as chat-tck writes it: without the recorder's class annotation and the JS-only
     * {@code additional_kwargs}; a human message also without the {@code response_metadata} JS gives every
     * message (SPEC 4's message shape has it on AI messages only).
     */
    private static JsonNode comparableMessage(JsonNode reference) {
        ObjectNode copy = without(reference, RECORDER_CLASS_ANNOTATION, JS_ADDITIONAL_KWARGS);
        if (!copy.path("type").asText().equals("ai")) {
            assertThat(copy.get("response_metadata")).isEqualTo(MAPPER.createObjectNode());
            copy.remove("response_metadata");
        }
        return copy;
    }

    // ---- loading and normalising -------------------------------------------------------------------------

    private static ArrayNode reference(String file) throws IOException {
        try (InputStream in = ReferenceTranscriptTest.class.getResourceAsStream("/reference/" + file)) {
            assertThat(in).as("resource /reference/%s", file).isNotNull();
            JsonNode normalized = MAPPER.readTree(in).get("normalized");
            return (ArrayNode) (normalized.has("items") ? normalized.get("items") : normalized);
        }
    }

    /** Our JSON with every UUID replaced by {@code <UUID_n>} in order of first appearance, as the reference. */
    private static ArrayNode ours(String json) throws IOException {
        return (ArrayNode) normalise(MAPPER.readTree(json), new HashMap<>());
    }

    private static JsonNode normalise(JsonNode node, Map<String, String> names) {
        if (node.isTextual()) {
            Matcher m = UUID.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = names.computeIfAbsent(m.group().toLowerCase(), k -> "<UUID_" + (names.size() + 1) + ">");
                m.appendReplacement(out, Matcher.quoteReplacement(name));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(e -> copy.add(normalise(e, names)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            node.properties().forEach(f -> copy.set(f.getKey(), normalise(f.getValue(), names)));
            return copy;
        }
        return node;
    }

    private static List<String> eventNames(ArrayNode events) {
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.get("event").asText()));
        return names;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> plus(Set<String> keys, String key) {
        Set<String> copy = new LinkedHashSet<>(keys);
        copy.add(key);
        return copy;
    }

    private static Set<String> minus(Set<String> keys, Set<String> removed) {
        Set<String> copy = new LinkedHashSet<>(keys);
        copy.removeAll(removed);
        return copy;
    }

    private static ObjectNode without(JsonNode node, String... fields) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    private static ObjectNode withoutData(JsonNode event) {
        return without(event, "data");
    }
}
