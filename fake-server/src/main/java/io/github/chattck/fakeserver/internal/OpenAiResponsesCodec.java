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
 * OpenAI Responses ({@code POST /v1/responses}). A stream is SSE events with {@code event:} lines and a
 * {@code sequence_number}: {@code response.created}, {@code response.in_progress}, then per output item
 * {@code response.output_item.added}; a message item adds {@code response.content_part.added}, one
 * {@code response.output_text.delta} per scripted chunk, and closes with {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done}; a function call item streams one
 * {@code response.function_call_arguments.delta} per fragment and closes with
 * {@code response.function_call_arguments.done} and {@code response.output_item.done}; last
 * {@code response.completed} (or {@code response.incomplete} for a {@code length} finish) with the usage.
 * Mid-stream errors are {@code event: error}.
 */
final class OpenAiResponsesCodec extends DialectCodec {
    static final OpenAiResponsesCodec INSTANCE = new OpenAiResponsesCodec();

    private OpenAiResponsesCodec() {
    }

    @Override
    public ChatRequest parse(JsonNode body) throws InvalidRequestException {
        String model = string(body, "model", "model", true);
        boolean stream = bool(body, "stream", false, "stream");
        List<Message> conversation = new ArrayList<>();
        String instructions = string(body, "instructions", "instructions", false);
        if (instructions != null) {
            conversation.add(new SystemMessage(instructions));
        }
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            conversation.add(new HumanMessage(input.asText()));
        } else if (input != null && !input.isNull()) {
            JsonNode items = arrayField(body, "input", "input", false);
            for (int i = 0; i < items.size(); i++) {
                Message m = item(items.get(i), "input[" + i + "]");
                if (m != null) {
                    conversation.add(m);
                }
            }
        }
        // the Responses API has no stop sequences
        return new ChatRequest(model, stream, false, conversation, toolNames(arrayField(body, "tools", "tools", false)),
                List.of());
    }

    private static Message item(JsonNode item, String where) throws InvalidRequestException {
        if (!item.isObject()) {
            throw new InvalidRequestException("Invalid type for '" + where + "': expected an object.", where);
        }
        String type = item.path("type").asText("message");
        switch (type) {
            case "message": {
                String role = string(item, "role", where + ".role", true);
                String text = text(item.get("content"));
                switch (role) {
                    case "user": return new HumanMessage(text);
                    case "system":
                    case "developer": return new SystemMessage(text);
                    case "assistant": return aiMessage(text, List.of());
                    default:
                        throw new InvalidRequestException("Invalid value: '" + role + "'. Supported values are: "
                                + "'user', 'assistant', 'system', and 'developer'.", where + ".role");
                }
            }
            case "function_call":
                return aiMessage("", List.<String[]>of(new String[] {string(item, "call_id", where + ".call_id", true),
                        string(item, "name", where + ".name", true), string(item, "arguments", where + ".arguments", true)}));
            case "function_call_output":
                return toolResult(text(item.get("output")), string(item, "call_id", where + ".call_id", true));
            default:
                return null; // reasoning, item references, built-in tool calls: not part of the chat
        }
    }

    @Override
    public String idPrefix() {
        return "resp_";
    }

    @Override
    public Frames stream(Answer answer) {
        Events events = new Events();
        List<byte[]> prologue = new ArrayList<>(2);
        prologue.add(events.frame("response.created", object().set("response", response(answer, "in_progress", array(), false))));
        prologue.add(events.frame("response.in_progress", object().set("response", response(answer, "in_progress", array(), false))));
        ArrayNode output = array();
        Item open = null;
        List<List<byte[]>> steps = new ArrayList<>(answer.chunks().size());
        int itemCounter = 0;
        for (AIMessageChunk c : answer.chunks()) {
            List<byte[]> step = new ArrayList<>(4);
            if (c.toolCallChunks().isEmpty()) {
                if (open == null || open.function) {
                    closeItem(open, events, step, output);
                    open = new Item(false, output.size(), "msg_" + answer.id() + "_" + (++itemCounter), null, null);
                    step.add(events.frame("response.output_item.added", object().put("output_index", open.outputIndex)
                            .set("item", open.node("in_progress"))));
                    step.add(events.frame("response.content_part.added", itemEvent(open).put("content_index", 0)
                            .set("part", textPart(""))));
                }
                open.text.append(c.content());
                step.add(events.frame("response.output_text.delta", itemEvent(open).put("content_index", 0)
                        .put("delta", c.content()).set("logprobs", array())));
            } else {
                for (ToolCallChunk t : c.toolCallChunks()) {
                    if (t.id() != null || t.name() != null || open == null || !open.function) {
                        closeItem(open, events, step, output);
                        open = new Item(true, output.size(), "fc_" + answer.id() + "_" + (++itemCounter), t.id(), t.name());
                        step.add(events.frame("response.output_item.added", object().put("output_index", open.outputIndex)
                                .set("item", open.node("in_progress"))));
                    }
                    String fragment = t.args() == null ? "" : t.args();
                    open.text.append(fragment);
                    step.add(events.frame("response.function_call_arguments.delta", itemEvent(open).put("delta", fragment)));
                }
            }
            steps.add(step);
        }
        List<byte[]> epilogue = new ArrayList<>(4);
        closeItem(open, events, epilogue, output);
        boolean incomplete = "length".equals(answer.finishReason());
        epilogue.add(events.frame(incomplete ? "response.incomplete" : "response.completed",
                object().set("response", response(answer, incomplete ? "incomplete" : "completed", output, true))));
        return new Frames(prologue, steps, epilogue);
    }

    private static void closeItem(Item item, Events events, List<byte[]> into, ArrayNode output) {
        if (item == null) {
            return;
        }
        if (item.function) {
            into.add(events.frame("response.function_call_arguments.done", itemEvent(item).put("name", item.name)
                    .put("arguments", item.text.toString())));
        } else {
            into.add(events.frame("response.output_text.done", itemEvent(item).put("content_index", 0)
                    .put("text", item.text.toString()).set("logprobs", array())));
            into.add(events.frame("response.content_part.done", itemEvent(item).put("content_index", 0)
                    .set("part", textPart(item.text.toString()))));
        }
        ObjectNode done = item.node("completed");
        into.add(events.frame("response.output_item.done", object().put("output_index", item.outputIndex).set("item", done)));
        output.add(done);
    }

    private static ObjectNode itemEvent(Item item) {
        return object().put("item_id", item.id).put("output_index", item.outputIndex);
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    private static ObjectNode response(Answer answer, String status, ArrayNode output, boolean withUsage) {
        ObjectNode r = object().put("id", answer.id()).put("object", "response").put("created_at", answer.createdEpochSeconds())
                .put("status", status).put("background", false);
        r.putNull("error");
        if ("incomplete".equals(status)) {
            r.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            r.putNull("incomplete_details");
        }
        r.putNull("instructions");
        r.putNull("max_output_tokens");
        r.put("model", answer.model());
        r.set("output", output);
        r.put("parallel_tool_calls", true);
        r.putNull("previous_response_id");
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("store", true);
        r.put("temperature", 1.0);
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.put("top_p", 1.0);
        r.put("truncation", "disabled");
        if (withUsage) {
            r.set("usage", usage(answer.usage()));
        } else {
            r.putNull("usage");
        }
        r.putNull("user");
        r.putObject("metadata");
        return r;
    }

    private static ObjectNode usage(UsageMetadata usage) {
        ObjectNode node = object().put("input_tokens", usage.inputTokens());
        node.putObject("input_tokens_details").put("cached_tokens", detail(usage.inputTokenDetails(), "cache_read"))
                .put("cache_write_tokens", detail(usage.inputTokenDetails(), "cache_creation"));
        node.put("output_tokens", usage.outputTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", detail(usage.outputTokenDetails(), "reasoning"));
        return node.put("total_tokens", usage.totalTokens());
    }

    @Override
    public byte[] body(Answer answer) {
        ArrayNode output = array();
        String text = answer.message().content();
        List<ToolCall> calls = answer.message().toolCalls();
        int n = 0;
        if (!text.isEmpty() || calls.isEmpty()) {
            Item message = new Item(false, 0, "msg_" + answer.id() + "_" + (++n), null, null);
            message.text.append(text);
            output.add(message.node("completed"));
        }
        for (ToolCall call : calls) {
            Item function = new Item(true, output.size(), "fc_" + answer.id() + "_" + (++n), call.id(), call.name());
            function.text.append(call.argsJson());
            output.add(function.node("completed"));
        }
        boolean incomplete = "length".equals(answer.finishReason());
        return bytes(response(answer, incomplete ? "incomplete" : "completed", output, true));
    }

    @Override
    public byte[] errorBody(int status, String message, String type, String param) {
        return bytes(OpenAiChatCodec.error(status, message, type, param));
    }

    @Override
    public byte[] errorEvent(String message, String type, int sequence) {
        ObjectNode error = object().put("type", "error").put("code", type != null ? type : "server_error").put("message", message);
        error.putNull("param");
        error.put("sequence_number", sequence);
        return sse("error", error);
    }

    @Override
    public byte[] malformedFrame() {
        return "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\n\n"
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> rateLimitHeaders(Duration retryAfter) {
        return OpenAiChatCodec.openAiRateLimitHeaders(retryAfter);
    }

    @Override
    public boolean sendsRetryAfterMillis() {
        return true;
    }

    /** Numbers events in order. */
    private static final class Events {
        private int sequence;

        byte[] frame(String type, ObjectNode data) {
            ObjectNode event = object().put("type", type);
            event.setAll(data);
            event.put("sequence_number", sequence++);
            return sse(type, event);
        }
    }

    /** An output item being streamed. */
    private static final class Item {
        final boolean function;
        final int outputIndex;
        final String id;
        final String callId;
        final String name;
        final StringBuilder text = new StringBuilder();

        Item(boolean function, int outputIndex, String id, String callId, String name) {
            this.function = function;
            this.outputIndex = outputIndex;
            this.id = id;
            this.callId = callId;
            this.name = name;
        }

        ObjectNode node(String status) {
            ObjectNode node = object();
            if (function) {
                return node.put("type", "function_call").put("id", id).put("call_id", callId).put("name", name)
                        .put("arguments", "completed".equals(status) ? text.toString() : "").put("status", status);
            }
            node.put("type", "message").put("id", id).put("status", status).put("role", "assistant");
            ArrayNode content = node.putArray("content");
            if ("completed".equals(status)) {
                content.add(textPart(text.toString()));
            }
            return node;
        }
    }
}
