package io.github.chattck.fakeserver.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama chat ({@code POST /api/chat}; streams unless {@code "stream": false}). A stream is NDJSON: one line per
 * scripted chunk ({@code {"model", "created_at", "message": {"role": "assistant", "content"}, "done": false}}),
 * then a last line with {@code "done": true}, {@code done_reason} and the eval counts and durations (zero counts
 * omitted, as Ollama's {@code omitempty} does). Ollama has no argument fragments: a tool call goes whole
 * ({@code message.tool_calls[]} with {@code id} and {@code function.index}, {@code name}, {@code arguments} as an
 * object) on the line of its last scripted fragment; its earlier fragments are empty steps. Errors are
 * {@code {"error": "..."}}, mid-stream as such a line.
 */
final class OllamaCodec extends DialectCodec {
    static final OllamaCodec INSTANCE = new OllamaCodec();

    private OllamaCodec() {
    }

    @Override
    public ChatRequest parse(JsonNode body) throws InvalidRequestException {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isEmpty()) {
            throw new InvalidRequestException("model is required", "model");
        }
        boolean stream = bool(body, "stream", true, "stream");
        JsonNode messages = arrayField(body, "messages", "messages", false);
        List<Message> conversation = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw new InvalidRequestException(where + " is not an object", where);
            }
            String role = string(m, "role", where + ".role", true).toLowerCase(java.util.Locale.ROOT);
            String content = m.path("content").asText("");
            switch (role) {
                case "system":
                    conversation.add(new SystemMessage(content));
                    break;
                case "user":
                    conversation.add(new HumanMessage(content));
                    break;
                case "assistant": {
                    List<String[]> calls = new ArrayList<>();
                    for (JsonNode call : arrayField(m, "tool_calls", where + ".tool_calls", false)) {
                        JsonNode function = call.path("function");
                        JsonNode args = function.get("arguments");
                        calls.add(new String[] {call.path("id").asText(null), function.path("name").asText(null),
                                args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString()});
                    }
                    conversation.add(aiMessage(content, calls));
                    break;
                }
                case "tool": {
                    String id = m.path("tool_call_id").asText(null);
                    String name = m.path("tool_name").asText(null);
                    // Ollama's own clients name the tool rather than the call: the name stands in for a missing id
                    conversation.add(new ToolMessage(content, id != null ? id : name != null ? name : "", name));
                    break;
                }
                default:
                    throw new InvalidRequestException("invalid role: " + role, where + ".role");
            }
        }
        return new ChatRequest(model.asText(), stream, false, conversation, toolNames(arrayField(body, "tools", "tools", false)),
                stopSequences(body.path("options").get("stop"), "options.stop"));
    }

    @Override
    public String idPrefix() {
        return "ollama-";
    }

    @Override
    public String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    public String requestIdHeader() {
        return null;
    }

    @Override
    public Frames stream(Answer answer) {
        List<AIMessageChunk> chunks = answer.chunks();
        List<List<byte[]>> steps = new ArrayList<>(chunks.size());
        StringBuilder args = new StringBuilder();
        ToolCallChunk first = null;
        for (int i = 0; i < chunks.size(); i++) {
            AIMessageChunk c = chunks.get(i);
            if (c.toolCallChunks().isEmpty()) {
                steps.add(List.of(line(line(answer, message(c.content()), false))));
                continue;
            }
            ToolCallChunk t = c.toolCallChunks().get(0);
            if (t.id() != null || t.name() != null || first == null) {
                first = t;
                args.setLength(0);
            }
            args.append(t.args() == null ? "" : t.args());
            if (!continues(chunks, i + 1, t.index())) {
                ObjectNode message = message("");
                toolCall(message.putArray("tool_calls"), first.id(), first.index(), first.name(), args.toString());
                steps.add(List.of(line(line(answer, message, false))));
            } else {
                steps.add(List.of());
            }
        }
        return new Frames(List.of(), steps, List.of(line(last(answer, message("")))));
    }

    private static boolean continues(List<AIMessageChunk> chunks, int next, int index) {
        if (next >= chunks.size() || chunks.get(next).toolCallChunks().isEmpty()) {
            return false;
        }
        ToolCallChunk t = chunks.get(next).toolCallChunks().get(0);
        return t.id() == null && t.name() == null && t.index() == index;
    }

    private static void toolCall(ArrayNode into, String id, int index, String name, String argsJson) {
        ObjectNode call = into.addObject();
        if (id != null) {
            call.put("id", id);
        }
        ObjectNode function = call.putObject("function").put("index", index).put("name", name);
        try {
            function.set("arguments", Json.plainMapper().readTree(argsJson.isEmpty() ? "{}" : argsJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the tool call " + name + " has arguments that are not JSON: " + argsJson, e);
        }
    }

    private static ObjectNode message(String content) {
        return object().put("role", "assistant").put("content", content);
    }

    private static ObjectNode line(Answer answer, ObjectNode message, boolean done) {
        ObjectNode line = object().put("model", answer.model()).put("created_at", Instant.now().toString());
        line.set("message", message);
        return line.put("done", done);
    }

    private static ObjectNode last(Answer answer, ObjectNode message) {
        ObjectNode last = line(answer, message, true);
        String reason = answer.metadata("done_reason");
        if (reason == null) {
            reason = "length".equals(answer.finishReason()) ? "length" : "stop";
        }
        last.put("done_reason", reason);
        long in = answer.usage().inputTokens();
        long out = answer.usage().outputTokens();
        // durations: Ollama reports nanoseconds; the fake spends none generating, so it reports 1 ns per token
        last.put("total_duration", Math.max(1, in + out));
        if (in > 0) {
            last.put("prompt_eval_count", in).put("prompt_eval_duration", in);
        }
        if (out > 0) {
            last.put("eval_count", out).put("eval_duration", out);
        }
        return last;
    }

    private static byte[] line(ObjectNode node) {
        byte[] json = bytes(node);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    @Override
    public byte[] body(Answer answer) {
        ObjectNode message = message(answer.message().content());
        List<ToolCall> calls = answer.message().toolCalls();
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                toolCall(toolCalls, calls.get(i).id(), i, calls.get(i).name(), calls.get(i).argsJson());
            }
        }
        return bytes(last(answer, message));
    }

    @Override
    public byte[] errorBody(int status, String message, String type, String param) {
        return bytes(object().put("error", message));
    }

    @Override
    public byte[] errorEvent(String message, String type, int sequence) {
        return line(object().put("error", message));
    }

    @Override
    public byte[] malformedFrame() {
        return "{\"model\":\"malformed\",\"message\":{\"role\":\"assistant\",\"content\":\n".getBytes(StandardCharsets.UTF_8);
    }
}
