package com.example;

import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.junit.FakeLlmBaseUrl;
import io.github.chattck.fakeserver.junit.FakeLlmServerExtension;
import io.github.chattck.fakeserver.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class PlainHttpClientTest {
    @RegisterExtension
    static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.withScript(
            Script.builder().when("ping", Turn.text("pong")).build());   // every test starts with this script

    @Test
    void readsOllamaNdjson(@FakeLlmBaseUrl String baseUrl) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/chat")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}")).build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(response.body().collect(Collectors.toList()))
                .hasSize(2)
                .first().asString().contains("\"content\":\"pong\"").contains("\"done\":false");
        assertThat(fakeLlm.scope()).lastRequest().hasModel("llama3.2").isStreaming();
    }
}
