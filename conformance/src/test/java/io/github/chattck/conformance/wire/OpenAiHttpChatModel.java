package io.github.chattck.conformance.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.core.tool.ToolArguments;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, correct provider for OpenAI Chat Completions on the JDK's {@link HttpClient}, as a provider author would
 * write one: the kit's known-good reference over the wire (it passes every rule it declares, the WIRE rules
 * included), and the original of the broken variants in {@link WireMutants}, each of which overrides one of the
 * protected steps below. Streams are read line by line on the consumer's thread (a pull-style {@link ChunkSource});
 * closing one closes the response body, which the JDK client answers by closing the connection.
 */
public class OpenAiHttpChatModel extends BaseChatModel {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The client. */
    protected final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final String model;

    /**
     * A model asking for {@code gpt-4o-mini} at a fake-server endpoint, on the subject's shared client.
     *
     * @param endpoint where the kit's fake server answers
     */
    public OpenAiHttpChatModel(io.github.chattck.conformance.Endpoint endpoint) {
        this(OpenAiHttpSubject.HTTP, endpoint.openAiBaseUrl(), endpoint.apiKey(), "gpt-4o-mini");
    }

    /**
     * A model on a shared client.
     *
     * @param http    the client
     * @param baseUrl the API's base URL, ending in {@code /v1}
     * @param apiKey  the bearer token
     * @param model   the model to ask for
     */
    public OpenAiHttpChatModel(HttpClient http, String baseUrl, String apiKey, String model) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.model = model;
    }

    @Override
    protected String providerName() {
        return "openai";
    }

    @Override
    protected String modelName() {
        return model;
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
        try (InputStream in = send(request(messages, options, false)).body()) {
            return answer(JSON.readTree(in));
        }
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
        return frames(send(request(messages, options, true)).body());
    }

    /** The chunks of a streamed body, read as the consumer pulls them. */
    protected ChunkSource frames(InputStream body) {
        return new SseChunks(body);
    }

    /** Sends a request; a status other than 2xx fails with the API's error message. */
    protected HttpResponse<InputStream> send(ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String error;
            try (InputStream in = response.body()) {
                error = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new OpenAiHttpException(response.statusCode(), errorMessage(error));
        }
        return response;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            return message.isTextual() ? message.asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    /** The request body. */
    protected ObjectNode request(List<Message> messages, CallOptions options, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode wire = body.putArray("messages");
        for (Message m : messages) {
            wire.add(message(m));
        }
        if (stream) {
            body.put("stream", true);
            if (asksForUsage()) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            options.stop().forEach(stop::add);
        }
        if (!options.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : options.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                        .put("name", tool.name()).put("description", tool.description());
                function.set("parameters", JSON.valueToTree(tool.parameters()));
            }
            ToolChoice choice = options.toolChoice();
            if (choice != null) {
                if (choice.mode() == ToolChoice.Mode.TOOL) {
                    body.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.toolName());
                } else {
                    body.put("tool_choice", choice.mode().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return body;
    }

    /** Whether a streaming request asks for the usage frame. */
    protected boolean asksForUsage() {
        return true;
    }

    /** One message in the API's shape. */
    protected ObjectNode message(Message m) {
        ObjectNode out = JSON.createObjectNode();
        if (m instanceof SystemMessage) {
            return out.put("role", "system").put("content", m.content());
        }
        if (m instanceof HumanMessage) {
            return out.put("role", "user").put("content", m.content());
        }
        if (m instanceof ToolMessage) {
            return out.put("role", "tool").put("tool_call_id", ((ToolMessage) m).toolCallId()).put("content", m.content());
        }
        AIMessage ai = (AIMessage) m;
        out.put("role", "assistant");
        if (ai.content().isEmpty() && !ai.toolCalls().isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", ai.content());
        }
        if (!ai.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : ai.toolCalls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", ToolArguments.toJson(call.args()));
            }
        }
        return out;
    }

    /** A whole answer. */
    protected AIMessage answer(JsonNode json) {
        JsonNode choice = json.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ToolCallChunk> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            calls.add(new ToolCallChunk(i, call.path("id").asText(null), call.path("function").path("name").asText(null),
                    call.path("function").path("arguments").asText("")));
        }
        return new AIMessageChunk(message.path("content").asText(""), calls, usage(json.path("usage")),
                metadata(json, choice), responseId(json)).toMessage();
    }

    /** The message id: the response's id. */
    protected String responseId(JsonNode json) {
        return json.path("id").asText(null);
    }

    private static Map<String, Object> metadata(JsonNode json, JsonNode choice) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (choice.path("finish_reason").isTextual()) {
            metadata.put("finish_reason", choice.path("finish_reason").asText());
            metadata.put("model_name", json.path("model").asText());
        }
        return metadata;
    }

    static UsageMetadata usage(JsonNode usage) {
        return usage.isObject() ? UsageMetadata.of(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong())
                : null;
    }

    /** One {@code chat.completion.chunk} as a chunk, or null for a frame that carries nothing (the role delta). */
    protected AIMessageChunk chunk(JsonNode frame) {
        String content = "";
        List<ToolCallChunk> calls = new ArrayList<>();
        Map<String, Object> metadata = Map.of();
        JsonNode choice = frame.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            content = delta.path("content").asText("");
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                calls.add(new ToolCallChunk(call.path("index").asInt(), call.path("id").asText(null),
                        function.path("name").asText(null), function.path("arguments").asText("")));
            }
            metadata = metadata(frame, choice);
        }
        UsageMetadata usage = usage(frame.path("usage"));
        if (content.isEmpty() && calls.isEmpty() && usage == null && metadata.isEmpty()) {
            return null;
        }
        return new AIMessageChunk(content, calls, usage, metadata, responseId(frame));
    }

    /** What the stream yields at {@code data: [DONE]}: nothing more. */
    protected AIMessageChunk done() {
        return null;
    }

    /** What the stream does when the body ends without {@code data: [DONE]}. */
    protected AIMessageChunk endedWithoutDone() throws IOException {
        throw new IOException("the stream ended before data: [DONE]: the connection was cut");
    }

    /** What the stream does with an error frame: fails with its message. */
    protected AIMessageChunk errorFrame(JsonNode frame) {
        throw new OpenAiHttpException(0, frame.path("error").path("message").asText(frame.toString()));
    }

    /** Releases a stream's body, early or at its end. */
    protected void release(InputStream body) throws IOException {
        body.close();
    }

    /** The SSE frames of one streamed answer, read on the consumer's thread. */
    private final class SseChunks implements ChunkSource {
        private final InputStream body;
        private final BufferedReader lines;
        private boolean done;

        SseChunks(InputStream body) {
            this.body = body;
            this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        @Override
        public AIMessageChunk next() throws Exception {
            while (!done) {
                String line = lines.readLine();
                if (line == null) {
                    done = true;
                    return endedWithoutDone();
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    return done();
                }
                JsonNode frame = JSON.readTree(data);
                AIMessageChunk chunk = frame.has("error") ? errorFrame(frame) : chunk(frame);
                if (chunk != null) {
                    return chunk;
                }
            }
            return null;
        }

        @Override
        public void close() {
            try {
                release(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A failure the API reported: an error status, or an error frame (status 0). */
    public static final class OpenAiHttpException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        OpenAiHttpException(int status, String message) {
            super(status == 0 ? message : "HTTP " + status + ": " + message);
            this.status = status;
        }

        /**
         * The HTTP status, 0 for an error frame in a stream.
         *
         * @return the status
         */
        public int status() {
            return status;
        }
    }
}
