package io.github.chattck.fakeserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each dialect's frames, streaming and not: one scripted chunk is one delta, with ids, usage and finish reasons in place. */
class DialectFramesTest extends SharedServerTest {
    private static final Turn TEXT = Turn.text("Hello big world").chunks("Hello", " big", " world").usage(7, 3)
            .responseMetadata("model_name", "scripted-model");
    private static final Turn TOOL = Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(5).usage(11, 4);
    private static final String ARGS = "{\"city\":\"Paris\"}";

    private static FakeLlmScope scope(Turn... turns) {
        return server.newScope().turns(turns);
    }

    @Test
    void openAiChatStreamsOneDeltaPerChunkThenFinishUsageAndDone() {
        FakeLlmScope llm = scope(TEXT);
        HttpResponse<String> response = Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<Wire.Event> events = Wire.sse(response.body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(Wire.Event::json).collect(Collectors.toList());
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText()).startsWith("chatcmpl-");
            assertThat(c.get("model").asText()).isEqualTo("scripted-model");
            assertThat(c.has("usage")).isTrue();
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.subList(1, 4)).extracting(c -> c.at("/choices/0/delta/content").asText())
                .containsExactly("Hello", " big", " world");
        assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(4).at("/choices/0/delta").size()).isZero();
        JsonNode usage = chunks.get(5);
        assertThat(usage.get("choices").size()).isZero();
        assertThat(usage.at("/usage/prompt_tokens").asLong()).isEqualTo(7);
        assertThat(usage.at("/usage/completion_tokens").asLong()).isEqualTo(3);
        assertThat(usage.at("/usage/total_tokens").asLong()).isEqualTo(10);
        assertThat(chunks).hasSize(6);
    }

    @Test
    void openAiChatWithoutIncludeUsageSendsNoUsageFrame() {
        FakeLlmScope llm = scope(TEXT);
        List<Wire.Event> events = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(events).hasSize(6); // role, 3 deltas, finish, [DONE]
        assertThat(events.subList(0, 5)).allSatisfy(e -> assertThat(e.json().has("usage")).isFalse());
    }

    @Test
    void openAiChatStreamsToolArgumentsInTheirFragmentsIdAndNameFirst() {
        FakeLlmScope llm = scope(TOOL);
        List<Wire.Event> events = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}}]}").body());
        assertThat(events.get(0).json().at("/choices/0/delta/content").isNull()).isTrue();
        List<JsonNode> calls = new ArrayList<>();
        for (Wire.Event e : events.subList(1, events.size() - 2)) {
            calls.add(e.json().at("/choices/0/delta/tool_calls/0"));
        }
        assertThat(calls).extracting(c -> c.at("/function/arguments").asText()).containsExactly("{\"cit", "y\":\"P", "aris\"", "}");
        assertThat(calls.get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(calls.get(0).get("type").asText()).isEqualTo("function");
        assertThat(calls.subList(1, 4)).allSatisfy(c -> {
            assertThat(c.has("id")).isFalse();
            assertThat(c.get("index").asInt()).isZero();
        });
        assertThat(events.get(events.size() - 2).json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(llm.lastRequest().toolsOffered()).containsExactly("get_weather");
    }

    @Test
    void openAiChatAnswersWholeWithoutStream() {
        FakeLlmScope llm = scope(TOOL);
        JsonNode body = Wire.json(Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}").body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo(ARGS);
        assertThat(body.at("/choices/0/message/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(11);
        assertThat(body.get("model").asText()).isEqualTo("m");
    }

    @Test
    void responsesStreamsItemsDeltasAndCompletedWithUsage() {
        FakeLlmScope llm = scope(TEXT.withToolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(8));
        List<Wire.Event> events = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/responses",
                "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}").body());
        assertThat(events).extracting(Wire.Event::event).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        assertThat(events).allSatisfy(e -> assertThat(e.json().get("type").asText()).isEqualTo(e.event()));
        assertThat(events).extracting(e -> e.json().get("sequence_number").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events.size()).boxed().collect(Collectors.toList()));
        assertThat(events.subList(4, 7)).extracting(e -> e.json().get("delta").asText()).containsExactly("Hello", " big", " world");
        assertThat(events.subList(11, 13)).extracting(e -> e.json().get("delta").asText()).containsExactly("{\"city\":", "\"Paris\"}");
        JsonNode call = events.get(10).json().get("item");
        assertThat(call.get("call_id").asText()).isEqualTo("call_1");
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        JsonNode done = events.get(15).json().get("response");
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("id").asText()).startsWith("resp_");
        assertThat(done.at("/usage/input_tokens").asLong()).isEqualTo(7);
        assertThat(done.at("/output/0/content/0/text").asText()).isEqualTo("Hello big world");
        assertThat(done.at("/output/1/arguments").asText()).isEqualTo(ARGS);
    }

    @Test
    void anthropicStreamsBlocksDeltasAndMessageDeltaWithStopReasonAndUsage() {
        FakeLlmScope llm = scope(TEXT.withToolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(8));
        List<Wire.Event> events = Wire.sse(Wire.post(llm.baseUrl() + "/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(events).extracting(Wire.Event::event).containsExactly("message_start", "ping", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        JsonNode start = events.get(0).json().get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("model").asText()).isEqualTo("scripted-model");
        assertThat(start.at("/usage/input_tokens").asLong()).isEqualTo(7);
        assertThat(events.subList(3, 6)).extracting(e -> e.json().at("/delta/text").asText()).containsExactly("Hello", " big", " world");
        JsonNode tool = events.get(7).json();
        assertThat(tool.get("index").asInt()).isEqualTo(1);
        assertThat(tool.at("/content_block/type").asText()).isEqualTo("tool_use");
        assertThat(tool.at("/content_block/id").asText()).isEqualTo("call_1");
        assertThat(events.subList(8, 10)).extracting(e -> e.json().at("/delta/partial_json").asText())
                .containsExactly("{\"city\":", "\"Paris\"}");
        JsonNode delta = events.get(11).json();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/output_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void anthropicAnswersWholeWithContentBlocks() {
        FakeLlmScope llm = scope(TOOL);
        JsonNode body = Wire.json(Wire.post(llm.baseUrl() + "/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.at("/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(body.at("/content/0/input/city").asText()).isEqualTo("Paris");
        assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(4);
    }

    @Test
    void ollamaStreamsNdjsonLinesThenDoneWithEvalCounts() {
        FakeLlmScope llm = scope(TEXT, TOOL);
        HttpResponse<String> text = Wire.post(llm.baseUrl() + "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(text.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = Wire.ndjson(text.body());
        assertThat(lines).extracting(l -> l.at("/message/content").asText()).containsExactly("Hello", " big", " world", "");
        assertThat(lines).extracting(l -> l.get("done").asBoolean()).containsExactly(false, false, false, true);
        JsonNode last = lines.get(3);
        assertThat(last.get("done_reason").asText()).isEqualTo("stop");
        assertThat(last.get("prompt_eval_count").asLong()).isEqualTo(7);
        assertThat(last.get("eval_count").asLong()).isEqualTo(3);
        assertThat(last.get("model").asText()).isEqualTo("scripted-model");

        List<JsonNode> tool = Wire.ndjson(Wire.post(llm.baseUrl() + "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(tool).hasSize(2); // Ollama sends a tool call whole, then the done line
        assertThat(tool.get(0).at("/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(tool.get(0).at("/message/tool_calls/0/function/arguments/city").asText()).isEqualTo("Paris");
        assertThat(tool.get(0).at("/message/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(llm.lastRequest().framesWritten()).isEqualTo(4); // the four fragments are four steps
    }

    @Test
    void ollamaAnswersWholeWhenStreamIsFalse() {
        FakeLlmScope llm = scope(TEXT);
        HttpResponse<String> response = Wire.post(llm.baseUrl() + "/api/chat",
                "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode body = Wire.json(response.body());
        assertThat(body.at("/message/content").asText()).isEqualTo("Hello big world");
        assertThat(body.get("done").asBoolean()).isTrue();
        assertThat(body.get("eval_count").asLong()).isEqualTo(3);
    }

    @Test
    void finishReasonLengthMapsToEachDialectsWord() {
        Turn cut = Turn.text("Hello").responseMetadata("finish_reason", "length");
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(cut).repeatLast().build());
        assertThat(Wire.json(Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"messages\":[]}").body()).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(Wire.json(Wire.post(llm.baseUrl() + "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}").body()).get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(Wire.json(Wire.post(llm.baseUrl() + "/api/chat",
                "{\"model\":\"m\",\"stream\":false}").body()).get("done_reason").asText()).isEqualTo("length");
        JsonNode response = Wire.json(Wire.post(llm.openAiBaseUrl() + "/responses", "{\"model\":\"m\",\"input\":\"x\"}").body());
        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    }

    @Test
    void aDefaultHttpClientThatOffersHttp2UpgradeIsServedOverHttp11() throws Exception {
        FakeLlmScope llm = scope(TEXT);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient(); // HTTP/2 with h2c upgrade by default
        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(llm.openAiBaseUrl() + "/chat/completions"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(Wire.json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello big world");
    }
}
