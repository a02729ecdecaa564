package io.github.chattck.fakeserver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line: serves a JSON script until stopped, then prints the journal. */
class FakeServerMainTest {

    @Test
    void servesTheScriptFileAndPrintsTheJournalWhenStopped(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("script.json");
        Files.writeString(script, "{\"turns\":[{\"text\":\"Hello from the command line\",\"usage\":{\"input\":3,\"output\":5}}]}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> FakeServerMain.run(
                new String[] {"--script", script.toString(), "--port", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        Matcher m = listening.matcher("");
        for (int i = 0; i < 500 && !m.find(); i++) {
            Thread.sleep(10);
            m = listening.matcher(out.toString(StandardCharsets.UTF_8));
        }
        String url = m.group(1);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("Hello from the command line").contains("\"eval_count\":5");
        stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopped; 1 request(s)").contains("request #1 (POST /api/chat")
                .contains("ended COMPLETED");
    }

    @Test
    void badCommandLinesAndScriptsAreNamed(@TempDir Path dir) throws Exception {
        assertThat(run("--port", "x")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"turns\":[{\"txt\":\"typo\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(FakeServerMain.run(new String[] {"--script", bad.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.json").contains("unknown field \"txt\"");
        assertThat(run("--help")).isZero();
        assertThatThrownBy(() -> FakeServerOptions.parse("--script")).hasMessage("--script needs a value");
        assertThatThrownBy(() -> FakeServerOptions.parse("--script", "s.json", "--port", "70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> FakeServerOptions.parse("--verbose")).hasMessageContaining("'--verbose'");
        assertThat(FakeServerOptions.parse("--script", "s.json", "--host", "127.0.0.1", "--port", "8080").port()).isEqualTo(8080);
    }

    private static int run(String... args) {
        return FakeServerMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                new CountDownLatch(0));
    }
}
