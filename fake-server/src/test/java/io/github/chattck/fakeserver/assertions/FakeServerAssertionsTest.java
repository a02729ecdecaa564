package io.github.chattck.fakeserver.assertions;

import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.Script;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.github.chattck.fakeserver.assertions.FakeServerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each assertion can fail, with a message naming what was expected and what the journal holds. */
class FakeServerAssertionsTest {

    @Test
    void assertionsPassOnTheTruthAndFailWithTheJournalOtherwise() throws Exception {
        try (FakeLlmServer server = FakeLlmServer.start(Script.builder().replies("ok").build())) {
            assertThatThrownBy(() -> assertThat(server).lastRequest()).hasMessageContaining("received none");
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/chat/completions"))
                    .header("x-trace", "t1").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(server).receivedRequests(1).hasNoProblems().lastRequest().hasModel("gpt").hasLastUserMessage("hi")
                    .isNotStreaming().offersTools("f").hasHeader("x-trace", "t1").hasJsonAt("/stream", false)
                    .hasPath("/v1/chat/completions").endedAs(Ending.COMPLETED).hasStatus(200).afterFrames(1);

            assertThatThrownBy(() -> assertThat(server).receivedRequests(2)).hasMessageContaining("to have received 2 request(s) but it received 1")
                    .hasMessageContaining("request #1");
            assertThatThrownBy(() -> assertThat(server).lastRequest().hasModel("other")).hasMessageContaining("\"other\"").hasMessageContaining("\"gpt\"");
            assertThatThrownBy(() -> assertThat(server).lastRequest().hasLastUserMessage("bye")).hasMessageContaining("\"hi\"");
            assertThatThrownBy(() -> assertThat(server).lastRequest().isStreaming()).hasMessageContaining("to ask for a stream");
            assertThatThrownBy(() -> assertThat(server).lastRequest().offersTools("g")).hasMessageContaining("[f]");
            assertThatThrownBy(() -> assertThat(server).lastRequest().hasToolResult("call_1", "x")).hasMessageContaining("tool results were []");
            assertThatThrownBy(() -> assertThat(server).lastRequest().hasJsonAt("/model", "x")).hasMessageContaining("\"gpt\"");
            assertThatThrownBy(() -> assertThat(server).lastRequest().endedAs(Ending.CUT_BY_SCRIPT)).hasMessageContaining("ended COMPLETED");
            assertThatThrownBy(() -> assertThat(server).lastRequest().wasAbandonedByClient()).hasMessageContaining("ABANDONED_BY_CLIENT");
            assertThatThrownBy(() -> assertThat(server).lastRequest().afterFrames(3)).hasMessageContaining("but 1 were written");
            assertThatThrownBy(() -> assertThat(server).lastRequest().hasProblemContaining("x")).hasMessageContaining("problem was none");
            assertThatThrownBy(() -> assertThat(server).request(5)).hasMessageContaining("request #5");

            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt\",\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThatThrownBy(() -> assertThat(server).hasNoProblems()).hasMessageContaining("refused 1").hasMessageContaining("no scripted turn left");
        }
    }

    @Test
    void endingAssertionsWaitABoundedTime() {
        try (FakeLlmServer server = FakeLlmServer.start(Script.builder().turn(Turn.text("slow").firstChunkDelay(Duration.ofSeconds(30))).build())) {
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt\",\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception ignored) {
                    // the server's close ends it
                }
            });
            while (server.requestCount() == 0) {
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> assertThat(server).lastRequest().within(Duration.ofMillis(100)).endedAs(Ending.COMPLETED))
                    .hasMessageContaining("still in flight after PT0.1S");
        }
    }
}
