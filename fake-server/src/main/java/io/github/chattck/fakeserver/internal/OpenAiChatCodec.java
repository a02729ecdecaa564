package io.github.chattck.fakeserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}). A stream is {@code data:} frames of
 * {@code chat.completion.chunk} objects: a first frame with {@code delta.role}, one frame per scripted chunk
 * ({@code delta.content}, or {@code delta.tool_calls[]} with index, and id, type and name on a call's first
 * fragment), a frame with the {@code finish_reason} and an empty delta, the usage frame ({@code choices: []}) when
 * {@code stream_options.include_usage} is true (then every other frame has {@code "usage": null}), and
 * {@code data: [DONE]}. Errors are {@code {"error": {"message", "type", "param", "code"}}}, mid-stream too.
 */
final class OpenAiChatCodec extends DialectCodec {
    static final OpenAiChatCodec INSTANCE = new OpenAiChatCodec();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private OpenAiChatCodec() {
    }

    @Override
    public ChatRequest parse(JsonNode body) throws InvalidRequestException {
        String model = string(body, "model", "model", true);
        JsonNode messages = arrayField(body, "messages", "messages", true);
        boolean stream = bool(body, "stream", false, "stream");
        JsonNode options = body.get("stream_options");
        boolean includeUsage = options != null && options.isObject() && bool(options, "include_usage", false, "stream_options.include_usage");
        List<Message> conversation = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            conversation.add(message(messages.get(i), "messages[" + i + "]"));
        }
        List<String> tools = toolNames(arrayField(body, "tools", "tools", false));
        tools.addAll(toolNames(arrayField(body, "functions", "functions", false)));
        return new ChatRequest(model, stream, includeUsage, conversation, tools, stopSequences(body.get("stop"), "stop"));
    }

    private static Message message(JsonNode m, String where) throws InvalidRequestException {
        if (!m.isObject()) {
            throw new InvalidRequestException("Invalid type for '" + where + "': expected an object.", where);
        }
        String role = string(m, "role", where + ".role", true);
        switch (role) {
            case "system":
            case "developer":
                return new SystemMessage(text(m.get("content")));
            case "user":
                return new HumanMessage(text(m.get("content")));
            case "assistant": {
                List<String[]> calls = new ArrayList<>();
                for (JsonNode call : arrayField(m, "tool_calls", where + ".tool_calls", false)) {
                    JsonNode function = call.path("function");
                    calls.add(new String[] {call.path("id").asText(null), function.path("name").asText(null),
                            function.path("arguments").asText(null)});
                }
                return aiMessage(text(m.get("content")), calls);
            }
            case "tool":
                return new ToolMessage(text(m.get("content")), string(m, "tool_call_id", where + ".tool_call_id", true));
            case "function":
                return new ToolMessage(text(m.get("content")), string(m, "name", where + ".name", true));
            default:
                throw new InvalidRequestException("Invalid value: '" + role + "'. Supported values are: 'system', "
                        + "'assistant', 'user', 'function', 'tool', and 'developer'.", where + ".role");
        }
    }

    @Override
    public String idPrefix() {
        return "chatcmpl-";
    }

    @Override
    public Frames stream(Answer answer) {
        List<byte[]> prologue = new ArrayList<>(1);
        ObjectNode roleDelta = object().put("role", "assistant");
        boolean toolsFirst = answer.message().content().isEmpty() && !answer.message().toolCalls().isEmpty();
        if (toolsFirst) {
            roleDelta.putNull("content");
        } else {
            roleDelta.put("content", "");
        }
        roleDelta.putNull("refusal");
        prologue.add(sse(null, chunk(answer, roleDelta, null)));
        List<AIMessageChunk> chunks = answer.chunks();
        SseTemplate texts = textChunks(answer);
        // rendered as they are sent: the client reads the first frames while the server renders the next
        List<List<byte[]>> steps = Frames.onDemand(chunks.size(), k -> List.of(step(answer, chunks.get(k), texts)));
        List<byte[]> epilogue = new ArrayList<>(3);
        epilogue.add(sse(null, chunk(answer, object(), answer.finishReason())));
        if (answer.includeUsage()) {
            ObjectNode last = header(answer, "chat.completion.chunk");
            last.putArray("choices");
            last.set("usage", usage(answer.usage()));
            epilogue.add(sse(null, last));
        }
        epilogue.add(DONE);
        return new Frames(prologue, steps, epilogue);
    }

    private static byte[] step(Answer answer, AIMessageChunk c, SseTemplate texts) {
        if (c.toolCallChunks().isEmpty()) {
            return texts.with(c.content());
        }
        ObjectNode delta = object();
        ArrayNode calls = delta.putArray("tool_calls");
        for (ToolCallChunk t : c.toolCallChunks()) {
            ObjectNode call = calls.addObject().put("index", t.index());
            if (t.id() != null) {
                call.put("id", t.id()).put("type", "function");
            }
            ObjectNode function = call.putObject("function");
            if (t.name() != null) {
                function.put("name", t.name());
            }
            function.put("arguments", t.args() == null ? "" : t.args());
        }
        return sse(null, chunk(answer, delta, null));
    }

    /**
     * The text chunk frames of an answer: the same bytes as {@link #chunk} with a {@code {"content": text}} delta, the
     * rest of the frame written once (a long answer has a thousand of them).
     *
     * @param answer the answer
     * @return the template; its string value is the text
     */
    static SseTemplate textChunks(Answer answer) {
        return sseTemplate((g, text) -> {
            g.writeStartObject();
            g.writeStringField("id", answer.id());
            g.writeStringField("object", "chat.completion.chunk");
            g.writeNumberField("created", answer.createdEpochSeconds());
            g.writeStringField("model", answer.model());
            String fingerprint = answer.metadata("system_fingerprint");
            if (fingerprint != null) {
                g.writeStringField("system_fingerprint", fingerprint);
            } else {
                g.writeNullField("system_fingerprint");
            }
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            g.writeFieldName("content");
            text.here();
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeNullField("finish_reason");
            g.writeEndObject();
            g.writeEndArray();
            if (answer.includeUsage()) {
                g.writeNullField("usage");
            }
            g.writeEndObject();
        });
    }

    /**
     * One text chunk frame, as {@link #stream} writes it.
     *
     * @param answer the answer
     * @param text   the text
     * @return the frame
     */
    static byte[] textChunk(Answer answer, String text) {
        return textChunks(answer).with(text);
    }

    /**
     * The same text chunk frame built as a tree, as every other frame is: what {@link #textChunk} must equal.
     *
     * @param answer the answer
     * @param text   the text
     * @return the frame
     */
    static byte[] textChunkAsTree(Answer answer, String text) {
        return sse(null, chunk(answer, object().put("content", text), null));
    }

    private static ObjectNode chunk(Answer answer, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header(answer, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (answer.includeUsage()) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode header(Answer answer, String object) {
        ObjectNode node = object().put("id", answer.id()).put("object", object).put("created", answer.createdEpochSeconds())
                .put("model", answer.model());
        String fingerprint = answer.metadata("system_fingerprint");
        if (fingerprint != null) {
            node.put("system_fingerprint", fingerprint);
        } else {
            node.putNull("system_fingerprint");
        }
        return node;
    }

    @Override
    public byte[] body(Answer answer) {
        ObjectNode body = header(answer, "chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        List<ToolCall> calls = answer.message().toolCalls();
        if (answer.message().content().isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", answer.message().content());
        }
        message.putNull("refusal");
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (ToolCall call : calls) {
                ObjectNode c = toolCalls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.argsJson());
            }
        }
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finishReason());
        body.set("usage", usage(answer.usage()));
        return bytes(body);
    }

    static ObjectNode usage(UsageMetadata usage) {
        ObjectNode node = object().put("prompt_tokens", usage.inputTokens()).put("completion_tokens", usage.outputTokens())
                .put("total_tokens", usage.totalTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", detail(usage.inputTokenDetails(), "cache_read"))
                .put("audio_tokens", detail(usage.inputTokenDetails(), "audio"));
        node.putObject("completion_tokens_details").put("reasoning_tokens", detail(usage.outputTokenDetails(), "reasoning"))
                .put("audio_tokens", detail(usage.outputTokenDetails(), "audio"))
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return node;
    }

    @Override
    public byte[] errorBody(int status, String message, String type, String param) {
        return bytes(error(status, message, type, param));
    }

    static ObjectNode error(int status, String message, String type, String param) {
        ObjectNode body = object();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type != null ? type : errorType(status));
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        String code = errorCode(status);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return body;
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static String errorCode(int status) {
        switch (status) {
            case 401: return "invalid_api_key";
            case 404: return "model_not_found";
            case 429: return "rate_limit_exceeded";
            default: return null;
        }
    }

    @Override
    public byte[] errorEvent(String message, String type, int sequence) {
        return sse(null, error(500, message, type, null));
    }

    @Override
    public byte[] malformedFrame() {
        return "data: {\"id\":\"chatcmpl-malformed\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":\n\n"
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> rateLimitHeaders(Duration retryAfter) {
        return openAiRateLimitHeaders(retryAfter);
    }

    static Map<String, String> openAiRateLimitHeaders(Duration retryAfter) {
        Map<String, String> h = headers();
        h.put("x-ratelimit-limit-requests", "60");
        h.put("x-ratelimit-remaining-requests", "0");
        h.put("x-ratelimit-reset-requests", goDuration(retryAfter));
        h.put("x-ratelimit-limit-tokens", "150000");
        h.put("x-ratelimit-remaining-tokens", "150000");
        h.put("x-ratelimit-reset-tokens", "0s");
        return h;
    }

    /** OpenAI writes reset times as Go durations: {@code 1s}, {@code 20ms}, {@code 6m0s}. */
    private static String goDuration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = d.toMinutes();
        double seconds = (millis - minutes * 60_000) / 1000.0;
        String s = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return minutes > 0 ? minutes + "m" + s + "s" : s + "s";
    }

    @Override
    public boolean sendsRetryAfterMillis() {
        return true;
    }
}
