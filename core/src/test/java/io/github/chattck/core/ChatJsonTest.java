package io.github.chattck.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 4: events and messages serialize to the snake_case shape and read back equal. */
class ChatJsonTest {

    private static final AIMessage RICH = AIMessage.builder()
            .content("calling")
            .toolCall(new ToolCall("call_1", "search", Map.of("q", "java", "limit", 3)))
            .invalidToolCall(new InvalidToolCall("call_2", "broken", "{\"q\": ", "Malformed args"))
            .usage(new UsageMetadata(10, 4, 14, Map.of("cache_read", 2L), null))
            .responseMetadata("finish_reason", "tool_calls")
            .responseMetadata("nested", Map.of("a", List.of(1, 2)))
            .id("msg-1")
            .build();

    private static JsonNode tree(Object value) throws Exception {
        return ChatJson.mapper().readTree(ChatJson.toJson(value));
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void anAiMessageHasTheSpecShape() throws Exception {
        JsonNode json = tree(RICH);

        assertThat(keys(json)).containsExactlyInAnyOrder("type", "content", "id", "tool_calls", "invalid_tool_calls",
                "usage_metadata", "response_metadata");
        assertThat(json.get("type").asText()).isEqualTo("ai");
        assertThat(json.get("content").asText()).isEqualTo("calling");
        assertThat(json.get("id").asText()).isEqualTo("msg-1");
        JsonNode call = json.get("tool_calls").get(0);
        assertThat(keys(call)).containsExactlyInAnyOrder("type", "id", "name", "args");
        assertThat(call.get("type").asText()).isEqualTo("tool_call");
        assertThat(call.get("args").get("limit").asInt()).isEqualTo(3);
        JsonNode invalid = json.get("invalid_tool_calls").get(0);
        assertThat(keys(invalid)).containsExactlyInAnyOrder("type", "id", "name", "args", "error");
        assertThat(invalid.get("args").asText()).isEqualTo("{\"q\": ");
        assertThat(keys(json.get("usage_metadata"))).containsExactly("input_tokens", "output_tokens", "total_tokens",
                "input_token_details");
        assertThat(json.get("usage_metadata").get("input_token_details").get("cache_read").asLong()).isEqualTo(2);
        assertThat(json.get("response_metadata").get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void aChunkAddsToolCallChunksAndLeavesOutAbsentIdAndUsage() throws Exception {
        AIMessageChunk chunk = AIMessageChunk.builder().content("x")
                .toolCallChunk(new ToolCallChunk(0, null, "search", "{\"q\""))
                .build();

        JsonNode json = tree(chunk);

        assertThat(keys(json)).containsExactlyInAnyOrder("type", "content", "tool_calls", "tool_call_chunks",
                "invalid_tool_calls", "response_metadata");
        assertThat(json.get("tool_calls").size()).isZero();
        JsonNode fragment = json.get("tool_call_chunks").get(0);
        assertThat(keys(fragment)).containsExactlyInAnyOrder("type", "index", "name", "args");
        assertThat(fragment.get("type").asText()).isEqualTo("tool_call_chunk");
    }

    @Test
    void otherMessagesHaveTypeAndContent() throws Exception {
        assertThat(keys(tree(new HumanMessage("hi")))).containsExactly("type", "content");
        assertThat(tree(new HumanMessage("hi")).get("type").asText()).isEqualTo("human");
        assertThat(tree(new SystemMessage("be brief")).get("type").asText()).isEqualTo("system");
        JsonNode tool = tree(new ToolMessage("42", "call_1"));
        assertThat(keys(tool)).containsExactly("type", "content", "tool_call_id");
    }

    @Test
    void everyMessageKindReadsBackEqual() {
        List<Message> messages = List.of(new SystemMessage("s"), new HumanMessage("h"), new ToolMessage("t", "call_1"),
                RICH, AIMessage.of("plain"));
        for (Message m : messages) {
            assertThat(ChatJson.readMessage(ChatJson.toJson(m))).as("round trip of %s", m).isEqualTo(m);
        }
        AIMessageChunk chunk = RICH.toChunk();
        assertThat(ChatJson.readChunk(ChatJson.toJson(chunk))).isEqualTo(chunk);
    }

    @Test
    void anEventHasExactlyTheSnakeCaseKeys() throws Exception {
        UUID runId = UUID.randomUUID();
        List<StreamEvent> events = new TestModels.Streaming("a").streamEvents("x",
                RunConfig.builder().runId(runId).build()).toList();

        for (StreamEvent e : events) {
            JsonNode json = tree(e);
            assertThat(keys(json)).containsExactly("event", "name", "run_id", "parent_ids", "tags", "metadata", "data");
            assertThat(json.get("run_id").asText()).isEqualTo(runId.toString());
            assertThat(json.get("parent_ids").isArray()).isTrue();
        }
    }

    @Test
    void theEventsOfAStreamingRunReadBackEqual() {
        TestModels.Streaming model = new TestModels.Streaming(List.of(
                AIMessageChunk.builder().content("Let me ").responseMetadata("model_name", "m").build(),
                AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(0, "call_1", "search", "{\"q\":"))
                        .build(),
                AIMessageChunk.builder().toolCallChunk(ToolCallChunk.args(0, "\"java\"}"))
                        .usage(UsageMetadata.of(5, 3)).responseMetadata("finish_reason", "tool_calls").build()));
        RunConfig config = RunConfig.builder().tags("t").metadata("user_key", "v").metadata("n", 1.5).stop("END")
                .runName("Run").build();

        List<StreamEvent> fromString = model.streamEvents("hello", config).toList();
        List<StreamEvent> fromMessages = model.streamEvents(ChatInput.of(new SystemMessage("s"), new HumanMessage("h")),
                config).toList();

        assertThat(ChatJson.readEvents(ChatJson.toJson(fromString))).isEqualTo(fromString);
        assertThat(ChatJson.readEvents(ChatJson.toJson(fromMessages))).isEqualTo(fromMessages);
        for (StreamEvent e : fromString) {
            assertThat(ChatJson.readEvent(ChatJson.toJson(e))).isEqualTo(e);
        }
    }

    @Test
    void theEventsOfAPipelineReadBackEqual() {
        List<StreamEvent> events = new TestModels.Streaming("a", "b").pipe(StrOutputParser.create())
                .streamEvents(ChatInput.of("x")).toList();

        assertThat(ChatJson.readEvents(ChatJson.toJson(events))).isEqualTo(events);
    }

    @Test
    void badJsonIsAClearIllegalArgumentException() {
        assertThatThrownBy(() -> ChatJson.readEvents("{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("array");
        assertThatThrownBy(() -> ChatJson.readEvents("[{\"event\": \"x\"}]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing field");
        assertThatThrownBy(() -> ChatJson.readMessage("{\"type\": \"alien\", \"content\": \"\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alien");
        assertThatThrownBy(() -> ChatJson.readEvents("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
