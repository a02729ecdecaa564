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
import io.github.chattck.core.message.UsageMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages ({@code POST /v1/messages}). A stream is SSE events with {@code event:} lines:
 * {@code message_start} (the message with empty content and the input usage), {@code ping}, then per content block
 * {@code content_block_start} ({@code text} or {@code tool_use} with id and name), one {@code content_block_delta}
 * per scripted chunk ({@code text_delta}, or {@code input_json_delta} with the arguments fragment) and
 * {@code content_block_stop}; then {@code message_delta} (the {@code stop_reason} and the output usage) and
 * {@code message_stop}. Errors are {@code {"type": "error", "error": {"type", "message"}}}, mid-stream as
 * {@code event: error}.
 */
final class AnthropicCodec extends DialectCodec {
    static final AnthropicCodec INSTANCE = new AnthropicCodec();

    private AnthropicCodec() {
    }

    @Override
    public ChatRequest parse(JsonNode body) throws InvalidRequestException {
        String model = string(body, "model", "model", true);
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw new InvalidRequestException("max_tokens: Field required", "max_tokens");
        }
        if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber()) {
            throw new InvalidRequestException("max_tokens: Input should be a valid integer", "max_tokens");
        }
        JsonNode messages = arrayField(body, "messages", "messages", true);
        boolean stream = bool(body, "stream", false, "stream");
        List<Message> conversation = new ArrayList<>();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            conversation.add(new SystemMessage(text(system)));
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages." + i, conversation);
        }
        return new ChatRequest(model, stream, false, conversation, toolNames(arrayField(body, "tools", "tools", false)),
                stopSequences(body.get("stop_sequences"), "stop_sequences"));
    }

    private static void message(JsonNode m, String where, List<Message> into) throws InvalidRequestException {
        if (!m.isObject()) {
            throw new InvalidRequestException(where + ": Input should be a valid dictionary", where);
        }
        String role = string(m, "role", where + ".role", true);
        JsonNode content = m.get("content");
        if (content == null) {
            throw new InvalidRequestException(where + ".content: Field required", where + ".content");
        }
        StringBuilder text = new StringBuilder();
        List<String[]> calls = new ArrayList<>();
        if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode block : content) {
                String type = block.path("type").asText("");
                switch (type) {
                    case "text":
                        text.append(block.path("text").asText(""));
                        break;
                    case "tool_result":
                        into.add(toolResult(text(block.get("content")), block.path("tool_use_id").asText(null)));
                        break;
                    case "tool_use":
                        calls.add(new String[] {block.path("id").asText(null), block.path("name").asText(null),
                                block.has("input") ? block.get("input").toString() : "{}"});
                        break;
                    default:
                        break; // images, documents, thinking: not part of the chat text
                }
            }
        } else {
            throw new InvalidRequestException(where + ".content: Input should be a valid string or list", where + ".content");
        }
        switch (role) {
            case "user":
                if (text.length() > 0 || content.isTextual()) {
                    into.add(new HumanMessage(text.toString()));
                }
                break;
            case "assistant":
                into.add(aiMessage(text.toString(), calls));
                break;
            default:
                throw new InvalidRequestException(where + ".role: Input should be 'user' or 'assistant'", where + ".role");
        }
    }

    @Override
    public String idPrefix() {
        return "msg_";
    }

    @Override
    public String requestIdHeader() {
        return "request-id";
    }

    @Override
    public Frames stream(Answer answer) {
        List<byte[]> prologue = new ArrayList<>(2);
        ObjectNode start = message(answer, array());
        start.putNull("stop_reason");
        start.putNull("stop_sequence");
        start.set("usage", usage(UsageMetadata.of(answer.usage().inputTokens(), 0), answer.usage()));
        prologue.add(sse("message_start", object().put("type", "message_start").set("message", start)));
        prologue.add(sse("ping", object().put("type", "ping")));
        List<List<byte[]>> steps = new ArrayList<>(answer.chunks().size());
        int index = -1;
        boolean toolBlock = false;
        for (AIMessageChunk c : answer.chunks()) {
            List<byte[]> step = new ArrayList<>(3);
            if (c.toolCallChunks().isEmpty()) {
                if (index < 0 || toolBlock) {
                    if (index >= 0) {
                        step.add(blockStop(index));
                    }
                    index++;
                    toolBlock = false;
                    step.add(sse("content_block_start", object().put("type", "content_block_start").put("index", index)
                            .set("content_block", object().put("type", "text").put("text", ""))));
                }
                step.add(delta(index, object().put("type", "text_delta").put("text", c.content())));
            } else {
                for (ToolCallChunk t : c.toolCallChunks()) {
                    if (t.id() != null || t.name() != null || index < 0 || !toolBlock) {
                        if (index >= 0) {
                            step.add(blockStop(index));
                        }
                        index++;
                        toolBlock = true;
                        ObjectNode block = object().put("type", "tool_use").put("id", t.id()).put("name", t.name());
                        block.putObject("input");
                        step.add(sse("content_block_start", object().put("type", "content_block_start").put("index", index)
                                .set("content_block", block)));
                    }
                    step.add(delta(index, object().put("type", "input_json_delta").put("partial_json", t.args() == null ? "" : t.args())));
                }
            }
            steps.add(step);
        }
        List<byte[]> epilogue = new ArrayList<>(3);
        if (index >= 0) {
            epilogue.add(blockStop(index));
        }
        ObjectNode messageDelta = object().put("type", "message_delta");
        ObjectNode delta = messageDelta.putObject("delta").put("stop_reason", stopReason(answer));
        delta.putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", answer.usage().outputTokens());
        epilogue.add(sse("message_delta", messageDelta));
        epilogue.add(sse("message_stop", object().put("type", "message_stop")));
        return new Frames(prologue, steps, epilogue);
    }

    private static byte[] blockStop(int index) {
        return sse("content_block_stop", object().put("type", "content_block_stop").put("index", index));
    }

    private static byte[] delta(int index, ObjectNode delta) {
        return sse("content_block_delta", object().put("type", "content_block_delta").put("index", index).set("delta", delta));
    }

    private static ObjectNode message(Answer answer, ArrayNode content) {
        ObjectNode message = object().put("id", answer.id()).put("type", "message").put("role", "assistant")
                .put("model", answer.model());
        message.set("content", content);
        return message;
    }

    private static ObjectNode usage(UsageMetadata usage, UsageMetadata scripted) {
        return object().put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", detail(scripted.inputTokenDetails(), "cache_creation"))
                .put("cache_read_input_tokens", detail(scripted.inputTokenDetails(), "cache_read"))
                .put("output_tokens", usage.outputTokens())
                .put("service_tier", "standard");
    }

    private static String stopReason(Answer answer) {
        String scripted = answer.metadata("stop_reason");
        if (scripted != null) {
            return scripted;
        }
        switch (answer.finishReason()) {
            case "length": return "max_tokens";
            case "tool_calls": return "tool_use";
            case "content_filter": return "refusal";
            default: return "end_turn";
        }
    }

    @Override
    public byte[] body(Answer answer) {
        ArrayNode content = array();
        String text = answer.message().content();
        List<ToolCall> calls = answer.message().toolCalls();
        if (!text.isEmpty() || calls.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (ToolCall call : calls) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name()).set("input", argsNode(call));
        }
        ObjectNode message = message(answer, content).put("stop_reason", stopReason(answer));
        message.putNull("stop_sequence");
        message.set("usage", usage(answer.usage(), answer.usage()));
        return bytes(message);
    }

    @Override
    public byte[] errorBody(int status, String message, String type, String param) {
        ObjectNode body = error(message, type != null ? type : errorType(status));
        return bytes(body);
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode body = object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body;
    }

    private static String errorType(int status) {
        switch (status) {
            case 400: return "invalid_request_error";
            case 401: return "authentication_error";
            case 402: return "billing_error";
            case 403: return "permission_error";
            case 404: return "not_found_error";
            case 413: return "request_too_large";
            case 429: return "rate_limit_error";
            case 504: return "timeout_error";
            case 529: return "overloaded_error";
            default: return status >= 500 ? "api_error" : "invalid_request_error";
        }
    }

    @Override
    public byte[] errorEvent(String message, String type, int sequence) {
        return sse("error", error(message, type != null ? type : "api_error"));
    }

    @Override
    public byte[] malformedFrame() {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":\n\n"
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> rateLimitHeaders(Duration retryAfter) {
        Map<String, String> h = headers();
        String reset = instantAfter(retryAfter);
        String[][] limits = {{"requests", "50", "0"}, {"tokens", "100000", "100000"}, {"input-tokens", "80000", "80000"},
                {"output-tokens", "20000", "20000"}};
        for (String[] limit : limits) {
            h.put("anthropic-ratelimit-" + limit[0] + "-limit", limit[1]);
            h.put("anthropic-ratelimit-" + limit[0] + "-remaining", limit[2]);
            h.put("anthropic-ratelimit-" + limit[0] + "-reset", reset);
        }
        return h;
    }

    @Override
    public boolean sendsRetryAfterMillis() {
        return true;
    }
}
