package io.github.chattck.fakeserver;

import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests the server cannot take: 400 (or 404, 405) with the dialect's error body naming the problem, journaled. */
class BadInputTest {
    private static FakeLlmServer server;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(Script.builder().turn(Turn.text("never")).repeatLast().build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unparseableJsonGets400InTheDialectsShapeAndIsJournaled() {
        HttpResponse<String> openAi = Wire.post(server.openAiBaseUrl() + "/chat/completions", "{\"model\": \"m\", \"messages\": [");
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(Wire.json(openAi.body()).at("/error/message").asText()).contains("could not parse the JSON body")
                .contains("line 1");
        assertThat(Wire.json(openAi.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(server).lastRequest().hasProblemContaining("could not parse").endedAs(Ending.FAILED_BY_STATUS);
        assertThat(server.lastRequest().body()).isEqualTo("{\"model\": \"m\", \"messages\": [");
        assertThat(server.lastRequest().json()).isNull();

        HttpResponse<String> anthropic = Wire.post(server.baseUrl() + "/v1/messages", "not json");
        assertThat(Wire.json(anthropic.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> ollama = Wire.post(server.baseUrl() + "/api/chat", "[1,2]");
        assertThat(ollama.statusCode()).isEqualTo(400);
        assertThat(Wire.json(ollama.body()).get("error").asText()).contains("expected a JSON object");
    }

    @Test
    void missingOrBadFieldsAreNamed() {
        HttpResponse<String> noModel = Wire.post(server.openAiBaseUrl() + "/chat/completions", "{\"messages\":[]}");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(Wire.json(noModel.body()).at("/error/param").asText()).isEqualTo("model");
        HttpResponse<String> badRole = Wire.post(server.openAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}");
        assertThat(Wire.json(badRole.body()).at("/error/message").asText()).contains("'robot'");
        assertThat(Wire.json(badRole.body()).at("/error/param").asText()).isEqualTo("messages[0].role");
        HttpResponse<String> noMaxTokens = Wire.post(server.baseUrl() + "/v1/messages", "{\"model\":\"c\",\"messages\":[]}");
        assertThat(Wire.json(noMaxTokens.body()).at("/error/message").asText()).isEqualTo("max_tokens: Field required");
        HttpResponse<String> streamNotBoolean = Wire.post(server.baseUrl() + "/api/chat", "{\"model\":\"l\",\"stream\":\"yes\"}");
        assertThat(Wire.json(streamNotBoolean.body()).get("error").asText()).contains("'stream'");
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        HttpResponse<String> unknown = Wire.post(server.baseUrl() + "/v1/completions", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Wire.json(unknown.body()).at("/error/message").asText()).contains("/v1/chat/completions");
        HttpResponse<String> get = Wire.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                URI.create(server.openAiBaseUrl() + "/chat/completions")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(server).lastRequest().hasProblemContaining("takes POST");
    }

    @Test
    void notHttpGets400AndTheConnectionCloses() throws Exception {
        URI uri = URI.create(server.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("not an HTTP/1.x request line");
        }
    }

    @Test
    void chunkedRequestBodiesAreRead() throws Exception {
        URI uri = URI.create(server.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"chunked\"}]}";
            String half = json.substring(0, 20);
            String rest = json.substring(20);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("never");
        }
        assertThat(server.lastRequest().lastUserMessage()).isEqualTo("chunked");
    }
}
