package io.github.chattck.core.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.chattck.core.internal.Checks;
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

import java.io.IOException;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Jackson serialization of events and messages to LangChain's snake_case JSON shape (SPEC 4), so that a Java
 * transcript and a LangChain transcript can be compared, and back.
 * <ul>
 *   <li>event: {@code {event, name, run_id, parent_ids, tags, metadata, data}};</li>
 *   <li>AI message: {@code {type:"ai", content, id, tool_calls, invalid_tool_calls, usage_metadata, response_metadata}};</li>
 *   <li>AI message chunk: the same plus {@code tool_call_chunks}, with empty {@code tool_calls} and
 *       {@code invalid_tool_calls} (a chunk carries fragments; parsed calls exist on the aggregate);</li>
 *   <li>other messages: {@code {type, content}} ({@code tool_call_id}, and {@code name} when known, for tool
 *       messages);</li>
 *   <li>absent {@code id} and {@code usage_metadata} are left out.</li>
 * </ul>
 * When reading, an object with {@code tool_call_chunks} is a chunk; data values that are strings stay strings
 * and arrays are read as message lists; the data of {@code on_custom_event} is read as plain JSON.
 */
public final class ChatJson {
    private static final ObjectMapper MAPPER = createMapper();

    private ChatJson() {
    }

    /**
     * A mapper that knows the shapes above; shared and thread-safe, do not reconfigure it (use
     * {@link ObjectMapper#copy()} for that).
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes an event, a message, a chunk, or a list or map of them, as compact JSON.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value, e);
        }
    }

    /**
     * Reads one event.
     *
     * @param json the event's JSON
     * @return the event
     */
    public static StreamEvent readEvent(String json) {
        return read(Checks.notNull(json, "json"), StreamEvent.class);
    }

    /**
     * Reads a JSON array of events.
     *
     * @param json the array's JSON
     * @return the events
     */
    public static List<StreamEvent> readEvents(String json) {
        try {
            JsonNode array = MAPPER.readTree(Checks.notNull(json, "json"));
            Checks.argument(array.isArray(), "expected a JSON array of events but got %s", array.getNodeType());
            List<StreamEvent> events = new ArrayList<>(array.size());
            for (JsonNode node : array) {
                events.add(eventFrom(node));
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads one message (any of the four kinds).
     *
     * @param json the message's JSON
     * @return the message
     */
    public static Message readMessage(String json) {
        return read(Checks.notNull(json, "json"), Message.class);
    }

    /**
     * Reads one chunk.
     *
     * @param json the chunk's JSON
     * @return the chunk
     */
    public static AIMessageChunk readChunk(String json) {
        return read(Checks.notNull(json, "json"), AIMessageChunk.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read a " + type.getSimpleName() + " from JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper createMapper() {
        SimpleModule module = new SimpleModule("chat-tck");
        module.addSerializer(StreamEvent.class, new StdSerializer<>(StreamEvent.class) {
            @Override
            public void serialize(StreamEvent e, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField("event", e.event());
                g.writeStringField("name", e.name());
                g.writeStringField("run_id", e.runId().toString());
                g.writeArrayFieldStart("parent_ids");
                for (UUID id : e.parentIds()) {
                    g.writeString(id.toString());
                }
                g.writeEndArray();
                p.defaultSerializeField("tags", e.tags(), g);
                p.defaultSerializeField("metadata", e.metadata(), g);
                p.defaultSerializeField("data", e.data(), g);
                g.writeEndObject();
            }
        });
        module.addSerializer(AIMessage.class, new StdSerializer<>(AIMessage.class) {
            @Override
            public void serialize(AIMessage m, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField("type", "ai");
                g.writeStringField("content", m.content());
                if (m.id() != null) {
                    g.writeStringField("id", m.id());
                }
                g.writeArrayFieldStart("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    writeToolCall(c, g, p);
                }
                g.writeEndArray();
                writeInvalidToolCalls(m.invalidToolCalls(), g);
                writeUsageAndMetadata(m.usageMetadata(), m.responseMetadata(), g, p);
                g.writeEndObject();
            }
        });
        module.addSerializer(AIMessageChunk.class, new StdSerializer<>(AIMessageChunk.class) {
            @Override
            public void serialize(AIMessageChunk c, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField("type", "ai");
                g.writeStringField("content", c.content());
                if (c.id() != null) {
                    g.writeStringField("id", c.id());
                }
                g.writeArrayFieldStart("tool_calls");
                g.writeEndArray();
                g.writeArrayFieldStart("tool_call_chunks");
                for (ToolCallChunk t : c.toolCallChunks()) {
                    g.writeStartObject();
                    g.writeStringField("type", "tool_call_chunk");
                    g.writeNumberField("index", t.index());
                    if (t.id() != null) {
                        g.writeStringField("id", t.id());
                    }
                    if (t.name() != null) {
                        g.writeStringField("name", t.name());
                    }
                    g.writeStringField("args", t.args());
                    g.writeEndObject();
                }
                g.writeEndArray();
                writeInvalidToolCalls(List.of(), g);
                writeUsageAndMetadata(c.usageMetadata(), c.responseMetadata(), g, p);
                g.writeEndObject();
            }
        });
        StdSerializer<Message> plainMessage = new StdSerializer<>(Message.class) {
            @Override
            public void serialize(Message m, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField("type", m.type());
                g.writeStringField("content", m.content());
                if (m instanceof ToolMessage) {
                    ToolMessage tool = (ToolMessage) m;
                    g.writeStringField("tool_call_id", tool.toolCallId());
                    if (tool.toolName() != null) {
                        g.writeStringField("name", tool.toolName());
                    }
                }
                g.writeEndObject();
            }
        };
        module.addSerializer(HumanMessage.class, narrow(plainMessage, HumanMessage.class));
        module.addSerializer(SystemMessage.class, narrow(plainMessage, SystemMessage.class));
        module.addSerializer(ToolMessage.class, narrow(plainMessage, ToolMessage.class));

        module.addDeserializer(StreamEvent.class, new StdDeserializer<>(StreamEvent.class) {
            @Override
            public StreamEvent deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                return eventFrom(parser.readValueAsTree());
            }
        });
        module.addDeserializer(Message.class, new StdDeserializer<>(Message.class) {
            @Override
            public Message deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                Object value = messageFrom(parser.readValueAsTree());
                if (!(value instanceof Message)) {
                    throw new IllegalArgumentException("expected a message but got a chunk: " + value);
                }
                return (Message) value;
            }
        });
        module.addDeserializer(AIMessageChunk.class, new StdDeserializer<>(AIMessageChunk.class) {
            @Override
            public AIMessageChunk deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                Object value = messageFrom(parser.readValueAsTree());
                if (!(value instanceof AIMessageChunk)) {
                    throw new IllegalArgumentException("expected a chunk (with tool_call_chunks) but got: " + value);
                }
                return (AIMessageChunk) value;
            }
        });
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(module);
        return mapper;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> StdSerializer<T> narrow(StdSerializer<Message> serializer, Class<T> type) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                serializer.serialize(value, g, p);
            }
        };
    }

    private static void writeToolCall(ToolCall c, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "tool_call");
        if (c.id() != null) {
            g.writeStringField("id", c.id());
        }
        g.writeStringField("name", c.name());
        p.defaultSerializeField("args", c.args(), g);
        g.writeEndObject();
    }

    private static void writeInvalidToolCalls(List<InvalidToolCall> calls, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("invalid_tool_calls");
        for (InvalidToolCall c : calls) {
            g.writeStartObject();
            g.writeStringField("type", "invalid_tool_call");
            if (c.id() != null) {
                g.writeStringField("id", c.id());
            }
            if (c.name() != null) {
                g.writeStringField("name", c.name());
            }
            g.writeStringField("args", c.args());
            g.writeStringField("error", c.error());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeUsageAndMetadata(UsageMetadata usage, Map<String, Object> metadata, JsonGenerator g,
                                              SerializerProvider p) throws IOException {
        if (usage != null) {
            g.writeObjectFieldStart("usage_metadata");
            g.writeNumberField("input_tokens", usage.inputTokens());
            g.writeNumberField("output_tokens", usage.outputTokens());
            g.writeNumberField("total_tokens", usage.totalTokens());
            if (usage.inputTokenDetails() != null) {
                p.defaultSerializeField("input_token_details", usage.inputTokenDetails(), g);
            }
            if (usage.outputTokenDetails() != null) {
                p.defaultSerializeField("output_token_details", usage.outputTokenDetails(), g);
            }
            g.writeEndObject();
        }
        p.defaultSerializeField("response_metadata", metadata, g);
    }

    private static StreamEvent eventFrom(JsonNode node) {
        Checks.argument(node != null && node.isObject(), "expected an event object but got %s", node);
        List<UUID> parents = new ArrayList<>();
        for (JsonNode id : required(node, "parent_ids")) {
            parents.add(UUID.fromString(id.asText()));
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : required(node, "tags")) {
            tags.add(tag.asText());
        }
        String event = required(node, "event").asText();
        Map<String, Object> data;
        if (StreamEvent.ON_CUSTOM_EVENT.equals(event)) {
            data = plain(required(node, "data")); // a payload is plain JSON, never read as messages
        } else {
            data = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : required(node, "data").properties()) {
                data.put(f.getKey(), dataValue(f.getValue()));
            }
        }
        return new StreamEvent(event, required(node, "name").asText(),
                UUID.fromString(required(node, "run_id").asText()), parents, tags,
                plain(required(node, "metadata")), data);
    }

    private static Object dataValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<Object> messages = new ArrayList<>(value.size());
            for (JsonNode m : value) {
                messages.add(messageFrom(m));
            }
            return messages;
        }
        if (value.isObject() && value.has("type")) {
            return messageFrom(value);
        }
        return MAPPER.convertValue(value, Object.class);
    }

    private static Object messageFrom(JsonNode node) {
        Checks.argument(node != null && node.isObject(), "expected a message object but got %s", node);
        String type = required(node, "type").asText();
        String content = required(node, "content").asText();
        switch (type) {
            case "human":
                return new HumanMessage(content);
            case "system":
                return new SystemMessage(content);
            case "tool":
                return new ToolMessage(content, required(node, "tool_call_id").asText(), textOrNull(node, "name"));
            case "ai":
                return node.has("tool_call_chunks") ? chunkFrom(node, content) : aiMessageFrom(node, content);
            default:
                throw new IllegalArgumentException("unknown message type '" + type + "' in " + node);
        }
    }

    private static AIMessage aiMessageFrom(JsonNode node, String content) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : node.path("tool_calls")) {
            calls.add(new ToolCall(textOrNull(c, "id"), required(c, "name").asText(), plain(c.path("args"))));
        }
        return new AIMessage(content, calls, invalidFrom(node), usageFrom(node.get("usage_metadata")),
                plain(node.path("response_metadata")), textOrNull(node, "id"));
    }

    private static AIMessageChunk chunkFrom(JsonNode node, String content) {
        List<ToolCallChunk> chunks = new ArrayList<>();
        for (JsonNode c : node.path("tool_call_chunks")) {
            chunks.add(new ToolCallChunk(required(c, "index").asInt(), textOrNull(c, "id"), textOrNull(c, "name"),
                    textOrNull(c, "args")));
        }
        return new AIMessageChunk(content, chunks, usageFrom(node.get("usage_metadata")),
                plain(node.path("response_metadata")), textOrNull(node, "id"));
    }

    private static List<InvalidToolCall> invalidFrom(JsonNode node) {
        List<InvalidToolCall> invalid = new ArrayList<>();
        for (JsonNode c : node.path("invalid_tool_calls")) {
            invalid.add(new InvalidToolCall(textOrNull(c, "id"), textOrNull(c, "name"), textOrNull(c, "args"),
                    textOrNull(c, "error")));
        }
        return invalid;
    }

    private static UsageMetadata usageFrom(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new UsageMetadata(node.path("input_tokens").asLong(), node.path("output_tokens").asLong(),
                node.path("total_tokens").asLong(), details(node.get("input_token_details")),
                details(node.get("output_token_details")));
    }

    private static Map<String, Long> details(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, Long> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        return MAPPER.convertValue(node, LinkedHashMap.class);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "' in " + node);
        }
        return value;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

}
