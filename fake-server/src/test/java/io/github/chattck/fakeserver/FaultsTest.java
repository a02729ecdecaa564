package io.github.chattck.fakeserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP-level faults: statuses with each dialect's error body, cuts, stalls, malformed frames, error events, delays. */
class FaultsTest extends SharedServerTest {
    private static final String CHAT = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"m\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Turn FOUR = Turn.text("a b!").chunks("a", " ", "b", "!").usage(1, 4);

    @Test
    void a429CarriesTheDialectsErrorBodyRetryAfterAndRateLimitHeaders() {
        FakeLlmScope llm = server.newScope().script(Script.builder()
                .turn(WireTurn.failing(WireFault.status(429).retryAfter(Duration.ofMillis(1500)))).repeatLast().build());
        HttpResponse<String> openAi = Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT);
        assertThat(openAi.statusCode()).isEqualTo(429);
        assertThat(openAi.headers().firstValue("retry-after")).hasValue("2");
        assertThat(openAi.headers().firstValue("retry-after-ms")).hasValue("1500");
        assertThat(openAi.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(openAi.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1.5s");
        JsonNode error = Wire.json(openAi.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("Rate limit");

        HttpResponse<String> anthropic = Wire.post(llm.baseUrl() + "/v1/messages", MESSAGES);
        assertThat(anthropic.statusCode()).isEqualTo(429);
        assertThat(anthropic.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        assertThat(anthropic.headers().firstValue("request-id")).isPresent();
        JsonNode body = Wire.json(anthropic.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");

        HttpResponse<String> ollama = Wire.post(llm.baseUrl() + "/api/chat", "{\"model\":\"m\"}");
        assertThat(ollama.statusCode()).isEqualTo(429);
        assertThat(ollama.headers().firstValue("retry-after")).hasValue("2");
        assertThat(ollama.headers().firstValue("retry-after-ms")).isEmpty();
        assertThat(Wire.json(ollama.body()).get("error").asText()).contains("Rate limit");
        assertThat(llm.requests()).allSatisfy(r -> {
            assertThat(ended(r)).isEqualTo(Ending.FAILED_BY_STATUS);
            assertThat(r.status()).isEqualTo(429);
        });
    }

    @Test
    void eachStatusGetsTheDialectsErrorType() {
        int[] statuses = {400, 401, 404, 500, 503, 529};
        String[] anthropic = {"invalid_request_error", "authentication_error", "not_found_error", "api_error", "api_error", "overloaded_error"};
        String[] openAi = {"invalid_request_error", "invalid_request_error", "invalid_request_error", "server_error", "server_error", "server_error"};
        for (int i = 0; i < statuses.length; i++) {
            FakeLlmScope llm = server.newScope().script(Script.builder().turn(WireTurn.status(statuses[i])).repeatLast().build());
            HttpResponse<String> a = Wire.post(llm.baseUrl() + "/v1/messages", MESSAGES);
            assertThat(a.statusCode()).isEqualTo(statuses[i]);
            assertThat(Wire.json(a.body()).at("/error/type").asText()).as("anthropic %d", statuses[i]).isEqualTo(anthropic[i]);
            HttpResponse<String> o = Wire.post(llm.openAiBaseUrl() + "/responses", "{\"model\":\"m\",\"input\":\"x\"}");
            assertThat(o.statusCode()).isEqualTo(statuses[i]);
            assertThat(Wire.json(o.body()).at("/error/type").asText()).as("openai %d", statuses[i]).isEqualTo(openAi[i]);
        }
    }

    @Test
    void failFirstCallsThenSucceedWithoutTakingATurn() {
        FakeLlmScope llm = server.newScope().script(Script.builder().failFirstCalls(2, WireFault.status(503))
                .turn(Turn.text("finally")).build());
        assertThat(Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(503);
        assertThat(Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(503);
        HttpResponse<String> third = Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(Wire.json(third.body()).at("/choices/0/message/content").asText()).isEqualTo("finally");
    }

    @Test
    void aCutAfterKFramesEndsTheConnectionWithoutTerminalFrameOrLastChunk() throws Exception {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(WireTurn.of(FOUR).cutAfterFrames(2)).build());
        try (Wire.Raw raw = new Wire.Raw(llm.baseUrl(), "/v1/chat/completions", CHAT)) {
            String text = raw.readToEnd();
            assertThat(text).contains("\"content\":\"a\"").contains("\"content\":\" \"").doesNotContain("\"content\":\"b\"")
                    .doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        }
        RecordedRequest r = llm.lastRequest();
        assertThat(r.awaitEnding(Duration.ofSeconds(5))).isEqualTo(Ending.CUT_BY_SCRIPT);
        assertThat(r.framesWritten()).isEqualTo(2);
    }

    @Test
    void aJdkClientReadingACutStreamFails() {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(WireTurn.of(FOUR).cutAfterFrames(1)).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wire.post(llm.baseUrl() + "/v1/messages", MESSAGES))
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aStallIsSeenAbandonedWhenTheClientGoesAway() throws Exception {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(WireTurn.of(FOUR).stallAfterFrames(1)).build());
        try (Wire.Raw raw = new Wire.Raw(llm.baseUrl(), "/v1/messages", MESSAGES)) {
            raw.readUntil("\"text\":\"a\"");
            assertThat(llm.lastRequest().awaitEnding(Duration.ofMillis(200))).as("still stalled while the client waits").isNull();
        }
        long closed = System.nanoTime();
        RecordedRequest r = llm.lastRequest();
        assertThat(r.awaitEnding(Duration.ofSeconds(5))).isEqualTo(Ending.ABANDONED_BY_CLIENT);
        assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(2));
        assertThat(r.framesWritten()).isEqualTo(1);
    }

    @Test
    void aClientLeavingDuringTheDelayBetweenFramesIsSeenAbandoned() throws Exception {
        FakeLlmScope llm = server.newScope().turns(FOUR.perChunkDelay(Duration.ofSeconds(30)));
        try (Wire.Raw raw = new Wire.Raw(llm.baseUrl(), "/api/chat", "{\"model\":\"m\",\"messages\":[]}")) {
            raw.readUntil("\"content\":\"a\"");
        }
        RecordedRequest r = llm.lastRequest();
        assertThat(r.awaitEnding(Duration.ofSeconds(5))).isEqualTo(Ending.ABANDONED_BY_CLIENT);
        assertThat(r.framesWritten()).isEqualTo(1);
    }

    @Test
    void aClientLeavingBeforeTheFirstByteIsSeenAbandoned() throws Exception {
        FakeLlmScope llm = server.newScope().turns(FOUR.firstChunkDelay(Duration.ofSeconds(30)));
        Wire.Raw client = new Wire.Raw(llm.baseUrl(), "/v1/chat/completions", CHAT);
        try (client) { // leaves as soon as the server has the request, before the first byte
            while (llm.requestCount() == 0) {
                Thread.onSpinWait();
            }
        }
        RecordedRequest r = llm.lastRequest();
        assertThat(r.awaitEnding(Duration.ofSeconds(5))).isEqualTo(Ending.ABANDONED_BY_CLIENT);
        assertThat(r.framesWritten()).isZero();
        assertThat(r.status()).isZero();
    }

    @Test
    void delaysAreRealTimeBeforeTheFirstByteAndBetweenFrames() {
        FakeLlmScope llm = server.newScope().turns(FOUR.firstChunkDelay(Duration.ofMillis(120)).perChunkDelay(Duration.ofMillis(40)));
        long start = System.nanoTime();
        HttpResponse<String> response = Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(120 + 3 * 40)); // lower bound only: no timing race
    }

    @Test
    void aMalformedFrameIsSentAndTheStreamGoesOn() {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(WireTurn.of(FOUR).malformedFrameAfter(2)).build());
        String body = Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT).body();
        List<Wire.Event> events = Wire.sse(body);
        assertThat(events.get(3).data()).endsWith("\"delta\":"); // after the role frame and two deltas
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.get(3).json()).isInstanceOf(RuntimeException.class);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        assertThat(ended(llm.lastRequest())).isEqualTo(Ending.COMPLETED);
    }

    @Test
    void midStreamErrorEventsInEachDialect() throws Exception {
        FakeLlmScope llm = server.newScope().script(Script.builder()
                .turn(WireTurn.of(FOUR).errorEventAfterFrames(2, "the model broke")).repeatLast().build());
        List<Wire.Event> openAi = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT).body());
        assertThat(openAi).hasSize(4);
        assertThat(openAi.get(3).json().at("/error/message").asText()).isEqualTo("the model broke");
        assertThat(openAi).noneMatch(e -> e.data().equals("[DONE]"));

        List<Wire.Event> anthropic = Wire.sse(Wire.post(llm.baseUrl() + "/v1/messages", MESSAGES).body());
        Wire.Event error = anthropic.get(anthropic.size() - 1);
        assertThat(error.event()).isEqualTo("error");
        assertThat(error.json().at("/error/message").asText()).isEqualTo("the model broke");
        assertThat(error.json().get("type").asText()).isEqualTo("error");

        List<Wire.Event> responses = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/responses",
                "{\"model\":\"m\",\"stream\":true,\"input\":\"x\"}").body());
        Wire.Event last = responses.get(responses.size() - 1);
        assertThat(last.event()).isEqualTo("error");
        assertThat(last.json().get("sequence_number").asInt()).isEqualTo(responses.size() - 1);

        List<JsonNode> ollama = Wire.ndjson(Wire.post(llm.baseUrl() + "/api/chat", "{\"model\":\"m\"}").body());
        assertThat(ollama.get(ollama.size() - 1).get("error").asText()).isEqualTo("the model broke");
        assertThat(llm.requests()).extracting(SharedServerTest::ended).containsOnly(Ending.FAILED_MID_STREAM);
        assertThat(llm.requests()).extracting(RecordedRequest::framesWritten).containsOnly(2);
    }

    @Test
    void aFakesFaultOnTheTurnPlaysAtTheHttpLevel() {
        FakeLlmScope llm = server.newScope().turns(
                FOUR.failAfterChunk(3, () -> new IllegalStateException("scripted failure")),
                FOUR.failBeforeFirstChunk(() -> new IllegalStateException("refused")));
        List<Wire.Event> events = Wire.sse(Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT).body());
        assertThat(events.get(events.size() - 1).json().at("/error/message").asText()).isEqualTo("scripted failure");
        HttpResponse<String> second = Wire.post(llm.openAiBaseUrl() + "/chat/completions", CHAT);
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(Wire.json(second.body()).at("/error/message").asText()).isEqualTo("refused");
    }

    @Test
    void nonStreamingFaultsApplyToTheWholeBody() {
        FakeLlmScope llm = server.newScope().turns(FOUR);
        llm.script(Script.builder().turn(WireTurn.of(FOUR).errorEventAfterFrames(1, "boom")).turn(WireTurn.of(FOUR).malformedFrameAfter(0)).build());
        HttpResponse<String> error = Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(Wire.json(error.body()).at("/error/message").asText()).isEqualTo("boom");
        HttpResponse<String> malformed = Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertThat(malformed.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wire.json(malformed.body())).isInstanceOf(RuntimeException.class);
    }
}
