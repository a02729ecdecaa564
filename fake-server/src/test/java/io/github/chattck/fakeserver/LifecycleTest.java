package io.github.chattck.fakeserver;

import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting and stopping: loopback and a free port by default; a stop ends requests in flight and frees the port. */
class LifecycleTest {

    @Test
    void listensOnLoopbackAndAFreePortByDefault() {
        try (FakeLlmServer server = FakeLlmServer.start(Script.of(Turn.text("x")))) {
            assertThat(server.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(server.port()).isPositive();
            assertThat(server.openAiBaseUrl()).isEqualTo(server.baseUrl() + "/v1");
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void stoppingWithRequestsInFlightEndsThemAtOnceAndFreesThePort() throws Exception {
        FakeLlmServer server = FakeLlmServer.start(Script.builder()
                .turn(WireTurn.of(Turn.text("a b c")).stallAfterFrames(1)).repeatLast().build());
        int port = server.port();
        String url = server.openAiBaseUrl() + "/chat/completions";
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[]}";
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> Wire.post(url, body));
        CompletableFuture<?> second = CompletableFuture.runAsync(() -> Wire.post(url, body));
        while (server.requestCount() < 2) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(server.requests()).extracting(RecordedRequest::ending).containsOnly(Ending.STOPPED_BY_SERVER);
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket(URI.create(url).getHost(), port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        server.close(); // idempotent
    }

    @Test
    void aClosedServerCannotRestart() {
        FakeLlmServer server = FakeLlmServer.builder().build();
        assertThat(server.isRunning()).isFalse();
        server.start();
        server.start(); // idempotent while running
        server.close();
        assertThatThrownBy(server::start).hasMessageContaining("closed");
    }

    @Test
    void aTakenPortIsReportedByNumber() {
        try (FakeLlmServer first = FakeLlmServer.builder().start()) {
            assertThatThrownBy(() -> FakeLlmServer.builder().port(first.port()).start())
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(":" + first.port());
        }
    }

    @Test
    void keepAliveConnectionsServeRequestAfterRequest() {
        try (FakeLlmServer server = FakeLlmServer.start(Script.builder().replies("a").repeatLast().build())) {
            for (int i = 0; i < 20; i++) {
                assertThat(Wire.post(server.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(200);
            }
            assertThat(server.requests()).hasSize(20).extracting(SharedServerTest::ended).containsOnly(Ending.COMPLETED);
            assertThat(server.reset().requestCount()).isZero();
        }
    }
}
