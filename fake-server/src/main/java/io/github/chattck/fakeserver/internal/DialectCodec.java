package io.github.chattck.fakeserver.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.fakeserver.Dialect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One provider's wire format: how its requests read and how its answers, errors and streams are written. The
 * formats are those of the providers' published API references and official SDKs (openai-java, anthropic-java,
 * the Ollama server's {@code api/types.go}); each subclass says which frames it writes.
 */
public abstract class DialectCodec {
    /**
     * The codec of a dialect.
     *
     * @param dialect the dialect
     * @return its codec (stateless, shared)
     */
    public static DialectCodec of(Dialect dialect) {
        switch (dialect) {
            case OPENAI_CHAT_COMPLETIONS: return OpenAiChatCodec.INSTANCE;
            case OPENAI_RESPONSES: return OpenAiResponsesCodec.INSTANCE;
            case ANTHROPIC_MESSAGES: return AnthropicCodec.INSTANCE;
            case OLLAMA_CHAT: return OllamaCodec.INSTANCE;
            default: throw new AssertionError(dialect);
        }
    }

    /**
     * Reads a request body.
     *
     * @param body the parsed JSON body
     * @return the neutral request
     * @throws InvalidRequestException naming the problem, answered with 400
     */
    public abstract ChatRequest parse(JsonNode body) throws InvalidRequestException;

    /**
     * The prefix of response ids the server makes ({@code chatcmpl-}, {@code resp_}, {@code msg_}).
     *
     * @return the prefix
     */
    public abstract String idPrefix();

    /**
     * The content type of a stream: SSE unless the dialect says otherwise.
     *
     * @return e.g. {@code text/event-stream; charset=utf-8}
     */
    public String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    /**
     * The header carrying the request id: OpenAI's {@code x-request-id} unless the dialect says otherwise.
     *
     * @return the header name, or null for none
     */
    public String requestIdHeader() {
        return "x-request-id";
    }

    /**
     * A streamed answer's frames.
     *
     * @param answer the answer
     * @return the frames
     */
    public abstract Frames stream(Answer answer);

    /**
     * A non-streamed answer's JSON body.
     *
     * @param answer the answer
     * @return the body
     */
    public abstract byte[] body(Answer answer);

    /**
     * An HTTP error body.
     *
     * @param status  the status
     * @param message the message
     * @param type    the error type, or null for the dialect's type for the status
     * @param param   the offending field, or null
     * @return the body
     */
    public abstract byte[] errorBody(int status, String message, String type, String param);

    /**
     * The mid-stream error frame.
     *
     * @param message  the message
     * @param type     the error type, or null for the dialect's default
     * @param sequence the number of frames before it (for dialects that number events)
     * @return the frame
     */
    public abstract byte[] errorEvent(String message, String type, int sequence);

    /**
     * A frame whose data is not valid JSON, shaped like the dialect's frames.
     *
     * @return the frame
     */
    public abstract byte[] malformedFrame();

    /**
     * The headers of a 429 besides {@code retry-after}: the provider's rate-limit headers.
     *
     * @param retryAfter when the limit resets
     * @return the headers, lower-case names
     */
    public Map<String, String> rateLimitHeaders(Duration retryAfter) {
        return Map.of();
    }

    /**
     * Whether this dialect's SDKs read {@code retry-after-ms}.
     *
     * @return true for OpenAI and Anthropic
     */
    public boolean sendsRetryAfterMillis() {
        return false;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * Serializes a JSON value.
     *
     * @param node the value
     * @return UTF-8 bytes
     */
    protected static byte[] bytes(JsonNode node) {
        FrameWriter writer = FRAME_WRITER.get();
        try {
            return writer.write(node);
        } catch (IOException e) {
            FRAME_WRITER.remove(); // a generator that failed is not written to again
            throw new IllegalStateException("cannot write a frame: " + e.getMessage(), e);
        }
    }

    /**
     * One generator per server thread, writing frame after frame into one buffer: a long answer renders a thousand
     * frames, and a generator made per frame costs a fifth of the rendering.
     */
    private static final ThreadLocal<FrameWriter> FRAME_WRITER = ThreadLocal.withInitial(FrameWriter::new);

    /** A reusable generator and its buffer. */
    private static final class FrameWriter {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private final JsonGenerator generator;

        FrameWriter() {
            try {
                generator = JsonTrees.FACTORY.createGenerator(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null); // frames are separate documents: nothing between them
        }

        byte[] write(JsonNode node) throws IOException {
            buffer.reset();
            JsonTrees.write(generator, node);
            generator.flush();
            return buffer.toByteArray();
        }

        SseTemplate sseTemplate(Templated frame) throws IOException {
            buffer.reset();
            buffer.write(DATA_PREFIX);
            int[] hole = {-1};
            frame.writeTo(generator, () -> {
                if (hole[0] >= 0) {
                    throw new IllegalStateException("a frame template has one string value left open, not two");
                }
                generator.writeString("");
                generator.flush();
                hole[0] = buffer.size();
            });
            generator.flush();
            buffer.write('\n');
            buffer.write('\n');
            byte[] whole = buffer.toByteArray();
            int end = hole[0];
            if (end < 2 || whole[end - 2] != '"' || whole[end - 1] != '"') {
                throw new IllegalStateException("a frame template must write its string value once");
            }
            // the generator wrote the empty string as its two quotes: the bytes before them and after them
            return new SseTemplate(Arrays.copyOf(whole, end - 2), Arrays.copyOfRange(whole, end, whole.length));
        }

        byte[] fill(SseTemplate template, String value) throws IOException {
            buffer.reset();
            buffer.write(template.before);
            generator.writeString(value); // a root value: quoted and escaped as the same value inside the frame
            generator.flush();
            buffer.write(template.after);
            return buffer.toByteArray();
        }
    }

    /** Where a template's string value goes: {@link Templated#writeTo} calls it once, in place of writing the value. */
    @FunctionalInterface
    protected interface Hole {
        /**
         * Marks the string value here.
         *
         * @throws IOException if writing fails
         */
        void here() throws IOException;
    }

    /** A JSON value with one string value left open, written straight to a generator. */
    @FunctionalInterface
    protected interface Templated {
        /**
         * Writes the value, calling {@code hole} where the string value goes.
         *
         * @param g    the generator
         * @param hole marks the string value
         * @throws IOException if writing fails
         */
        void writeTo(JsonGenerator g, Hole hole) throws IOException;
    }

    /**
     * A {@code data:}-only SSE frame that differs from frame to frame in one string value only (a text delta): the
     * generator writes the rest once, and each frame is those bytes around the value, which the generator quotes and
     * escapes as it would inside the frame. A long answer has a thousand such frames, and writing each whole cost
     * most of the server's time per frame.
     */
    protected static final class SseTemplate {
        private final byte[] before;
        private final byte[] after;

        private SseTemplate(byte[] before, byte[] after) {
            this.before = before;
            this.after = after;
        }

        /**
         * The frame with this string value.
         *
         * @param value the value
         * @return the frame
         */
        public byte[] with(String value) {
            FrameWriter writer = FRAME_WRITER.get();
            try {
                return writer.fill(this, value);
            } catch (IOException e) {
                FRAME_WRITER.remove();
                throw new IllegalStateException("cannot write a frame: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The template of a {@code data:}-only SSE frame whose one open string value varies: see {@link SseTemplate}.
     *
     * @param frame writes the value, marking the open string
     * @return the template
     */
    protected static SseTemplate sseTemplate(Templated frame) {
        FrameWriter writer = FRAME_WRITER.get();
        try {
            return writer.sseTemplate(frame);
        } catch (IOException e) {
            FRAME_WRITER.remove();
            throw new IllegalStateException("cannot write a frame: " + e.getMessage(), e);
        }
    }

    private static final byte[] DATA_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);

    /**
     * An SSE frame with an {@code event:} line.
     *
     * @param event the event name, or null for a {@code data:}-only frame
     * @param data  the data
     * @return the frame
     */
    protected static byte[] sse(String event, JsonNode data) {
        return sse(event, bytes(data));
    }

    /**
     * An SSE frame from raw data bytes.
     *
     * @param event the event name, or null
     * @param data  the data (one line)
     * @return the frame
     */
    protected static byte[] sse(String event, byte[] data) {
        byte[] head = ((event == null ? "" : "event: " + event + "\n") + "data: ").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(data, 0, frame, head.length, data.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /**
     * A new JSON object.
     *
     * @return the object
     */
    protected static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A new JSON array.
     *
     * @return the array
     */
    protected static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /**
     * A field that must be a string.
     *
     * @param node     the object
     * @param field    the field
     * @param where    its path, for the message
     * @param required whether absence is an error
     * @return the string, or null when absent and not required
     * @throws InvalidRequestException naming the field
     */
    protected static String string(JsonNode node, String field, String where, boolean required) throws InvalidRequestException {
        JsonNode value = present(node, field, where, required, JsonNode::isTextual, "a string");
        return value == null ? null : value.asText();
    }

    /**
     * A field that must be an array when present.
     *
     * @param node     the object
     * @param field    the field
     * @param where    its path
     * @param required whether absence is an error
     * @return the array, or an empty one when absent and not required
     * @throws InvalidRequestException naming the field
     */
    protected static JsonNode arrayField(JsonNode node, String field, String where, boolean required) throws InvalidRequestException {
        JsonNode value = present(node, field, where, required, JsonNode::isArray, "an array");
        return value == null ? array() : value;
    }

    private static JsonNode present(JsonNode node, String field, String where, boolean required,
                                    java.util.function.Predicate<JsonNode> wellTyped, String type) throws InvalidRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidRequestException("Missing required parameter: '" + where + "'.", where);
            }
            return null;
        }
        if (!wellTyped.test(value)) {
            throw new InvalidRequestException("Invalid type for '" + where + "': expected " + type + ", but got "
                    + kind(value) + " instead.", where);
        }
        return value;
    }

    /**
     * A boolean field.
     *
     * @param node     the object
     * @param field    the field
     * @param fallback when absent or null
     * @param where    its path
     * @return the value
     * @throws InvalidRequestException if present and not a boolean
     */
    protected static boolean bool(JsonNode node, String field, boolean fallback, String where) throws InvalidRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException("Invalid type for '" + where + "': expected a boolean, but got "
                    + kind(value) + " instead.", where);
        }
        return value.booleanValue();
    }

    /**
     * The text of a content field: a string, or the {@code text} of an array's parts, joined.
     *
     * @param content the content node (string, array of parts, or null)
     * @return the text, empty for none
     */
    protected static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    text.append(part.asText());
                } else if (part.has("text") && part.get("text").isTextual()) {
                    text.append(part.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    /**
     * An AI message from text and tool calls whose arguments are JSON text.
     *
     * @param text  the text
     * @param calls id, name and arguments text of each call
     * @return the message
     */
    protected static AIMessage aiMessage(String text, List<String[]> calls) {
        AIMessage.Builder message = AIMessage.builder().content(text);
        for (String[] call : calls) {
            try {
                Map<String, Object> args = call[2] == null || call[2].isBlank() ? Map.of() : Json.parseObject(call[2]);
                message.toolCall(new ToolCall(call[0], call[1] == null ? "" : call[1], args));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                message.invalidToolCall(new InvalidToolCall(call[0], call[1], call[2], e.getMessage()));
            }
        }
        return message.build();
    }

    /**
     * A tool result; a missing id (a client that sends none) is kept as the empty string, so the journal still
     * shows the result.
     *
     * @param content the result's text
     * @param id      the call id (or Ollama's tool name), may be null
     * @return the message
     */
    protected static ToolMessage toolResult(String content, String id) {
        return new ToolMessage(content, id == null ? "" : id);
    }

    /**
     * Tool names from a tools array: {@code name} or {@code function.name} of each entry.
     *
     * @param tools the array
     * @return the names
     */
    protected static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : tools) {
            JsonNode name = tool.has("function") ? tool.get("function").get("name") : tool.get("name");
            if (name != null && name.isTextual()) {
                names.add(name.asText());
            }
        }
        return names;
    }

    /**
     * The stop sequences of a request: a string or an array of strings (absent or null: none).
     *
     * @param stop  the field's value, may be null
     * @param where the field's name, for the error
     * @return the sequences, in order
     * @throws InvalidRequestException if it is neither a string nor an array of strings
     */
    protected static List<String> stopSequences(JsonNode stop, String where) throws InvalidRequestException {
        List<String> sequences = new ArrayList<>();
        if (stop == null || stop.isNull() || stop.isMissingNode()) {
            return sequences;
        }
        if (stop.isTextual()) {
            sequences.add(stop.asText());
            return sequences;
        }
        if (!stop.isArray()) {
            throw new InvalidRequestException("Invalid type for '" + where + "': expected a string or an array of strings,"
                    + " but got " + kind(stop) + " instead.", where);
        }
        for (int i = 0; i < stop.size(); i++) {
            JsonNode s = stop.get(i);
            if (!s.isTextual()) {
                throw new InvalidRequestException("Invalid type for '" + where + "[" + i + "]': expected a string, but got "
                        + kind(s) + " instead.", where + "[" + i + "]");
            }
            sequences.add(s.asText());
        }
        return sequences;
    }

    /**
     * The usage detail of a kind, or 0.
     *
     * @param details the details map, may be null
     * @param key     the kind
     * @return the count
     */
    protected static long detail(Map<String, Long> details, String key) {
        Long value = details == null ? null : details.get(key);
        return value == null ? 0 : value;
    }

    /**
     * A tool call's arguments as a JSON value.
     *
     * @param call the call
     * @return the arguments object
     */
    protected static JsonNode argsNode(ToolCall call) {
        return Json.plainMapper().valueToTree(call.args());
    }

    /**
     * Ordered header map.
     *
     * @return a new map
     */
    protected static Map<String, String> headers() {
        return new LinkedHashMap<>();
    }

    /**
     * An RFC 3339 instant, as Anthropic's rate-limit headers give it.
     *
     * @param after from now
     * @return the instant
     */
    protected static String instantAfter(Duration after) {
        return Instant.now().plus(after).toString();
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
