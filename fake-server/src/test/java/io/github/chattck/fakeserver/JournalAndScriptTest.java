package io.github.chattck.fakeserver;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal (what each dialect's request becomes), sequencing, rules, and the errors the server answers itself. */
class JournalAndScriptTest extends SharedServerTest {
    private static String text(HttpResponse<String> response) {
        return Wire.json(response.body()).at("/choices/0/message/content").asText();
    }

    private static HttpResponse<String> chat(FakeLlmScope llm, String user) {
        return Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]}");
    }

    @Test
    void credentialsAreRedactedAndOtherHeadersKept() {
        FakeLlmScope llm = server.newScope().turns(Turn.text("ok"));
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"messages\":[]}",
                "Authorization", "Bearer sk-secret", "x-api-key", "sk-ant-secret", "api-key", "azure-secret", "X-Trace", "t-1");
        RecordedRequest r = llm.lastRequest();
        assertThat(r.header("authorization")).isEqualTo("Bearer [redacted]");
        assertThat(r.header("x-api-key")).isEqualTo("[redacted]");
        assertThat(r.header("api-key")).isEqualTo("[redacted]");
        assertThat(r.header("X-Trace")).isEqualTo("t-1");
        assertThat(r.headers().toString()).doesNotContain("secret");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.body()).contains("\"model\":\"gpt\"");
        assertThat(r.json().get("model").asText()).isEqualTo("gpt");
    }

    @Test
    void eachDialectsConversationBecomesMessagesWithToolResults() {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(Turn.text("ok")).repeatLast().build());
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"weather?\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}]}");
        RecordedRequest openAi = llm.lastRequest();
        assertThat(openAi.messages()).hasSize(4);
        assertThat(openAi.messages().get(0)).isEqualTo(new SystemMessage("be brief"));
        assertThat(openAi.messages().get(1)).isEqualTo(new HumanMessage("weather?"));
        assertThat(((AIMessage) openAi.messages().get(2)).toolCalls().get(0).args()).isEqualTo(Map.of("city", "Paris"));
        assertThat(openAi.toolResults()).containsExactly(new ToolMessage("sunny", "call_1"));
        assertThat(openAi.lastUserMessage()).isEqualTo("weather?");

        Wire.post(llm.baseUrl() + "/v1/messages", "{\"model\":\"claude\",\"max_tokens\":9,\"system\":\"be brief\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]}]}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}");
        RecordedRequest anthropic = llm.lastRequest();
        assertThat(anthropic.toolResults()).containsExactly(new ToolMessage("sunny", "toolu_1"));
        assertThat(anthropic.lastUserMessage()).isEqualTo("weather?");
        assertThat(anthropic.toolsOffered()).containsExactly("get_weather");
        assertThat(anthropic.messages().get(0)).isEqualTo(new SystemMessage("be brief"));

        Wire.post(llm.openAiBaseUrl() + "/responses", "{\"model\":\"gpt\",\"instructions\":\"be brief\",\"input\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"weather?\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_9\",\"name\":\"get_weather\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_9\",\"output\":\"sunny\"}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\"}]}");
        RecordedRequest responses = llm.lastRequest();
        assertThat(responses.toolResults()).containsExactly(new ToolMessage("sunny", "call_9"));
        assertThat(responses.toolsOffered()).containsExactly("get_weather");
        assertThat(responses.lastUserMessage()).isEqualTo("weather?");

        Wire.post(llm.baseUrl() + "/api/chat", "{\"model\":\"llama\",\"stream\":false,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "{\"role\":\"tool\",\"tool_name\":\"get_weather\",\"content\":\"sunny\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}");
        RecordedRequest ollama = llm.lastRequest();
        assertThat(ollama.toolResults()).containsExactly(new ToolMessage("sunny", "get_weather", "get_weather"));
        assertThat(ollama.streaming()).isFalse();
        assertThat(ollama.toolsOffered()).containsExactly("get_weather");
        assertThat(llm).hasNoProblems().receivedRequests(4);
    }

    @Test
    void rulesAnswerBeforeTheSequenceWithoutTakingATurn() {
        FakeLlmScope llm = server.newScope().script(Script.builder()
                .when("ping", Turn.text("pong"))
                .whenModel("special", Turn.text("special answer"))
                .whenToolOffered("get_weather", Turn.text("tools seen"))
                .when(r -> "yes".equals(r.header("x-flag")), Turn.text("flagged"))
                .replies("first", "second").build());
        assertThat(text(chat(llm, "ping"))).isEqualTo("pong");
        assertThat(text(chat(llm, "hello"))).isEqualTo("first");
        assertThat(text(Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"special\",\"messages\":[]}"))).isEqualTo("special answer");
        assertThat(text(Wire.post(llm.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}"))).isEqualTo("tools seen");
        assertThat(text(Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}", "x-flag", "yes"))).isEqualTo("flagged");
        assertThat(text(chat(llm, "hello"))).isEqualTo("second");
    }

    @Test
    void aQueueThatRunsOutAnswersTheDialectsErrorNamingTheRequestAndItsLastUserMessage() {
        FakeLlmScope llm = server.newScope().turns(Turn.text("only"));
        chat(llm, "one");
        HttpResponse<String> second = chat(llm, "two");
        assertThat(second.statusCode()).isEqualTo(400);
        String message = Wire.json(second.body()).at("/error/message").asText();
        assertThat(message).contains("request #2").contains("\"two\"").contains("1 turn(s) in QUEUE mode");
        assertThat(llm).lastRequest().hasProblemContaining("no scripted turn left").endedAs(Ending.FAILED_BY_STATUS).hasStatus(400);

        HttpResponse<String> anthropic = Wire.post(llm.baseUrl() + "/v1/messages",
                "{\"model\":\"c\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"three\"}]}");
        assertThat(Wire.json(anthropic.body()).at("/error/message").asText()).contains("request #3").contains("\"three\"");
    }

    @Test
    void cycleAndRepeatLast() {
        FakeLlmScope cycle = server.newScope().script(Script.builder().replies("a", "b").cycle().build());
        assertThat(new String[] {text(chat(cycle, "x")), text(chat(cycle, "x")), text(chat(cycle, "x"))}).containsExactly("a", "b", "a");
        FakeLlmScope last = server.newScope().script(Script.builder().replies("a", "b").repeatLast().build());
        assertThat(new String[] {text(chat(last, "x")), text(chat(last, "x")), text(chat(last, "x"))}).containsExactly("a", "b", "b");
    }

    @Test
    void respondWithComputesTheTurnFromTheRequest() {
        FakeLlmScope llm = server.newScope().script(Script.builder().respondWith(r -> Turn.text("echo: " + r.lastUserMessage())).build());
        assertThat(text(chat(llm, "marco"))).isEqualTo("echo: marco");
    }

    @Test
    void anEmptyScopeAnswersAnErrorSayingSo() {
        FakeLlmScope llm = server.newScope();
        HttpResponse<String> response = chat(llm, "hi");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Wire.json(response.body()).at("/error/message").asText()).contains("no script");
    }

    @Test
    void scriptsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> Script.builder().build()).hasMessageContaining("empty");
        assertThatThrownBy(() -> Script.builder().turn(WireTurn.of(Turn.text("a b")).cutAfterFrames(9)).build())
                .hasMessageContaining("turn 1").hasMessageContaining("past the end");
        assertThatThrownBy(() -> WireTurn.of(Turn.text("x").hangAfterChunk(0)).cutAfterFrames(0))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> WireFault.status(200)).hasMessageContaining("400..599");
        assertThatThrownBy(() -> WireFault.cutAfterFrames(1).retryAfter(java.time.Duration.ZERO)).hasMessageContaining("status fault");
    }

    @Test
    void scriptJsonReadsTheDocumentedFormat() {
        Script script = Script.fromJson("{\"sequencing\":\"queue\",\"chunking\":\"words\",\"perChunkDelayMs\":0.5,"
                + "\"failFirstCalls\":{\"count\":1,\"fault\":{\"status\":503}},"
                + "\"turns\":[{\"text\":\"Hello world\",\"chunks\":[\"Hello\",\" world\"],\"usage\":{\"input\":5,\"output\":2},\"finishReason\":\"stop\",\"model\":\"m1\"},"
                + "{\"toolCalls\":[{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}],\"toolArgsChunkSize\":4},"
                + "{\"fault\":{\"status\":429,\"retryAfterMs\":100,\"message\":\"slow down\"}},"
                + "{\"text\":\"a b c d\",\"fault\":{\"cutAfterFrames\":2}}],"
                + "\"rules\":[{\"when\":{\"lastUserMessage\":\"ping\"},\"turn\":{\"text\":\"pong\"}}]}");
        FakeLlmScope llm = server.newScope().script(script);
        assertThat(chat(llm, "x").statusCode()).isEqualTo(503);
        assertThat(text(chat(llm, "ping"))).isEqualTo("pong");
        HttpResponse<String> first = chat(llm, "x");
        assertThat(text(first)).isEqualTo("Hello world");
        assertThat(Wire.json(first.body()).get("model").asText()).isEqualTo("m1");
        assertThat(Wire.json(chat(llm, "x").body()).at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        HttpResponse<String> limited = chat(llm, "x");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("100");

        assertThatThrownBy(() -> Script.fromJson("{\"turns\":[{\"txt\":\"typo\"}]}"))
                .hasMessageContaining("turns[0]").hasMessageContaining("unknown field \"txt\"");
        assertThatThrownBy(() -> Script.fromJson("{\"turns\":[{\"text\":\"ab\",\"chunks\":[\"a\"]}]}"))
                .hasMessageContaining("turns[0]").hasMessageContaining("add up");
        assertThatThrownBy(() -> Script.fromJson("{\"sequencing\":\"random\",\"turns\":[]}")).hasMessageContaining("random");
        assertThatThrownBy(() -> Script.fromJson("[1")).hasMessageContaining("not JSON");
    }

    @Test
    void theReadmesScriptExampleIsValidAndPlays() throws Exception {
        // the example of docs/fake-server.md (DocumentationTest checks that the guide shows this file's text)
        Script script = Script.fromJson(java.nio.file.Path.of(getClass().getResource("/readme-script.json").toURI()));
        FakeLlmScope llm = server.newScope().script(script);
        assertThat(chat(llm, "x").statusCode()).isEqualTo(503);
        assertThat(text(chat(llm, "ping"))).isEqualTo("pong");
        HttpResponse<String> first = chat(llm, "x");
        assertThat(Wire.json(first.body()).get("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(Wire.json(first.body()).get("system_fingerprint").asText()).isEqualTo("fp_1");
        assertThat(Wire.json(chat(llm, "x").body()).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(text(chat(llm, "x"))).isEqualTo("slow");
        HttpResponse<String> limited = chat(llm, "x");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-should-retry")).hasValue("true");
        assertThat(Wire.json(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void scopesAreIsolatedUnderParallelUse() throws Exception {
        int n = 8;
        java.util.List<FakeLlmScope> scopes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            scopes.add(server.newScope().script(Script.builder().replies("scope " + i).repeatLast().build()));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < 10; k++) {
                        if (!text(chat(scopes.get(id), "from " + id)).equals("scope " + id)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < n; i++) {
            int id = i;
            assertThat(scopes.get(i).requests()).hasSize(10).allSatisfy(r -> assertThat(r.lastUserMessage()).isEqualTo("from " + id));
        }
    }

    @Test
    void aClosedScopeAnswers404() {
        FakeLlmScope llm = server.newScope().turns(Turn.text("x"));
        String url = llm.openAiBaseUrl();
        llm.close();
        HttpResponse<String> response = Wire.post(url + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Wire.json(response.body()).at("/error/message").asText()).contains("no scope named");
    }

    @Test
    void eachDialectsStopSequencesAreJournaled() {
        FakeLlmScope llm = server.newScope().script(Script.builder().turn(Turn.text("ok")).repeatLast().build());
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"stop\":[\"END\",\"STOP\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(llm.lastRequest().stopSequences()).containsExactly("END", "STOP");
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"stop\":\"END\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(llm.lastRequest().stopSequences()).containsExactly("END");
        Wire.post(llm.baseUrl() + "/v1/messages", "{\"model\":\"claude\",\"max_tokens\":9,\"stop_sequences\":[\"END\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(llm.lastRequest().stopSequences()).containsExactly("END");
        Wire.post(llm.baseUrl() + "/api/chat", "{\"model\":\"llama\",\"stream\":false,\"options\":{\"stop\":[\"END\"]},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(llm.lastRequest().stopSequences()).containsExactly("END");
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(llm.lastRequest().stopSequences()).isEmpty();

        HttpResponse<String> bad = Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"stop\":[1],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(llm.lastRequest().problem()).contains("'stop[0]'").contains("a number");
    }

    @Test
    void theJournalTimesEachFrameAndTheEnd() throws Exception {
        FakeLlmScope llm = server.newScope().turns(Turn.text("a b c").chunks("a", " b", " c")
                .perChunkDelay(java.time.Duration.ofMillis(20)));
        long before = System.nanoTime();
        Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        long after = System.nanoTime();
        RecordedRequest r = llm.lastRequest();
        assertThat(r.awaitEnding(java.time.Duration.ofSeconds(5))).isEqualTo(Ending.COMPLETED);
        java.util.List<Long> sent = r.frameSentNanos();
        assertThat(sent).hasSize(3).isSorted();
        assertThat(r.receivedNanos()).isBetween(before, sent.get(0));
        assertThat(sent.get(2) - sent.get(0)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(40).toNanos());
        assertThat(r.endedNanos()).isBetween(sent.get(2), after);
    }

    @Test
    void frameTimesReadWhileTheAnswerIsWrittenAreAlwaysComplete() throws Exception {
        String[] pieces = new String[20_000];
        java.util.Arrays.fill(pieces, "x");
        FakeLlmScope llm = server.newScope().turns(Turn.text("x".repeat(pieces.length)).chunks(pieces));
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Wire.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        while (llm.requestCount() == 0) {
            Thread.onSpinWait();
        }
        RecordedRequest r = llm.lastRequest();
        int snapshots = 0;
        do {
            // a snapshot taken while frames are written holds written times only (a slot too many would read 0)
            java.util.List<Long> sent = r.frameSentNanos();
            assertThat(sent).isSorted().allSatisfy(t -> assertThat(t - r.receivedNanos()).isNotNegative());
            assertThat(sent.size()).isLessThanOrEqualTo(r.framesWritten());
            snapshots++;
        } while (r.ending() == null);
        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(r.frameSentNanos()).hasSize(pieces.length).isSorted();
        assertThat(snapshots).isPositive();
    }
}
